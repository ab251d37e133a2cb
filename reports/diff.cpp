#include "reports/diff.hpp"

#include "src/util/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace kerbready::reports {

namespace {

using nlohmann::ordered_json;

std::string
describe(const StoredReport& r)
{
  return fmt::format("{} ({}{})", util::sanitize(r.path, 300), util::sanitize(r.started_at, 40),
                     r.complete ? "" : ", INCOMPLETE");
}

ordered_json
side_json(const StoredReport& r)
{
  return {{"file", util::to_valid_utf8(r.path)},
          {"started_at", util::to_valid_utf8(r.started_at)},
          {"complete", r.complete},
          {"findings", r.findings.size()}};
}

ordered_json
finding_json(const StoredFinding& f, Change change)
{
  ordered_json j;
  j["id"] = util::to_valid_utf8(f.id);
  j["change"] = name_of(change);
  j["check_id"] = util::to_valid_utf8(f.check_id);
  j["title"] = util::to_valid_utf8(f.title);
  j["severity"] = name_of(f.severity);
  j["cause"] = util::to_valid_utf8(f.cause);
  j["subject"] = util::to_valid_utf8(f.subject);
  j["suppressed"] = f.suppressed;
  return j;
}

} // namespace

void
write_diff_text(const StoredReport& before, const StoredReport& after, const ReportDiff& diff, std::ostream& out)
{
  out << fmt::format("Before: {}\nAfter:  {}\n", describe(before), describe(after));
  out << fmt::format("Changes: {} new, {} resolved, {} unchanged", diff.count(Change::added),
                     diff.count(Change::resolved), diff.count(Change::unchanged));
  if (!diff.unverified.empty()) {
    out << fmt::format(", {} not re-checked (their check did not run)", diff.unverified.size());
  }
  out << "\n";
  if (!before.complete || !after.complete) {
    out << "Warning: a report is incomplete, so findings may look new or resolved without having changed.\n";
  }
  for (const auto change : {Change::added, Change::resolved, Change::unchanged}) {
    if (diff.count(change) == 0) {
      continue;
    }
    out << fmt::format("\n{}\n", change == Change::added      ? "New"
                                 : change == Change::resolved ? "Resolved"
                                                              : "Unchanged");
    for (const auto& e : diff.entries) {
      if (e.change != change) {
        continue;
      }
      const auto& f = e.finding;
      out << fmt::format("  {:<9} {:<8} {}  {}  {}{}\n", util::to_upper(name_of(change)), util::to_upper(name_of(f.severity)),
                         util::sanitize(f.check_id, 80), util::sanitize(f.subject, 300), util::sanitize(f.id, 100),
                         f.suppressed ? "  (suppressed)" : "");
    }
  }
}

void
write_diff_json(const StoredReport& before, const StoredReport& after, const ReportDiff& diff, std::ostream& out)
{
  ordered_json doc;
  doc["schema_version"] = "1.0";
  doc["tool"] = {{"name", "kerbready"}, {"document", "diff"}};
  doc["before"] = side_json(before);
  doc["after"] = side_json(after);
  doc["counts"] = {{"new", diff.count(Change::added)},
                   {"resolved", diff.count(Change::resolved)},
                   {"unchanged", diff.count(Change::unchanged)},
                   {"unverified", diff.unverified.size()}};
  doc["findings"] = ordered_json::array();
  for (const auto& e : diff.entries) {
    doc["findings"].push_back(finding_json(e.finding, e.change));
  }
  doc["unverified"] = ordered_json::array();
  for (const auto& f : diff.unverified) {
    doc["unverified"].push_back(finding_json(f, Change::unchanged));
    doc["unverified"].back().erase("change");
  }
  out << doc.dump(2) << "\n";
}

} // namespace kerbready::reports
