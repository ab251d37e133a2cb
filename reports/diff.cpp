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
  return fmt::format("{} ({}{}{})", util::sanitize(r.path, 300), util::sanitize(r.started_at, 40),
                     r.complete ? "" : ", INCOMPLETE",
                     r.completeness_verifiable ? "" : ", COMPLETENESS NOT VERIFIABLE");
}

ordered_json
side_json(const StoredReport& r)
{
  return {{"file", util::to_valid_utf8(r.path)},
          {"started_at", util::to_valid_utf8(r.started_at)},
          {"complete", r.complete},
          {"completeness_verifiable", r.completeness_verifiable},
          {"findings", r.findings.size()}};
}

ordered_json
finding_json(const DiffEntry& e)
{
  const auto& f = e.finding;
  ordered_json j;
  j["id"] = util::to_valid_utf8(f.id);
  j["change"] = name_of(e.change);
  j["check_id"] = util::to_valid_utf8(f.check_id);
  j["title"] = util::to_valid_utf8(f.title);
  j["severity"] = name_of(f.severity);
  j["cause"] = util::to_valid_utf8(f.cause);
  j["subject"] = util::to_valid_utf8(f.subject);
  j["suppressed"] = f.suppressed;
  if (e.gap) {
    j["reason"] = name_of(e.gap->reason);
    j["reason_detail"] = util::to_valid_utf8(e.gap->detail);
  }
  return j;
}

std::string_view
heading(Change change)
{
  switch (change) {
  case Change::added:
    return "New";
  case Change::resolved:
    return "Resolved (the newer scan re-evaluated them)";
  case Change::not_reevaluated:
    return "Not re-evaluated (missing, but the newer scan did not look: keep their tickets open)";
  default:
    return "Unchanged";
  }
}

} // namespace

void
write_diff_text(const StoredReport& before, const StoredReport& after, const ReportDiff& diff, std::ostream& out)
{
  out << fmt::format("Before: {}\nAfter:  {}\n", describe(before), describe(after));
  out << fmt::format("Changes: {} new, {} resolved, {} not re-evaluated, {} unchanged\n", diff.count(Change::added),
                     diff.count(Change::resolved), diff.count(Change::not_reevaluated), diff.count(Change::unchanged));
  if (!before.complete) {
    out << "Warning: the older report is incomplete, so findings may look new without having changed.\n";
  }
  if (!after.complete || !after.completeness_verifiable) {
    out << "Warning: the newer report is incomplete or its completeness cannot be verified: it resolves nothing.\n";
  }
  for (const auto change : {Change::added, Change::resolved, Change::not_reevaluated, Change::unchanged}) {
    if (diff.count(change) == 0) {
      continue;
    }
    out << fmt::format("\n{}\n", heading(change));
    for (const auto& e : diff.entries) {
      if (e.change != change) {
        continue;
      }
      const auto& f = e.finding;
      out << fmt::format("  {:<9} {:<8} {}  {}  {}{}\n", util::to_upper(name_of(change)),
                         util::to_upper(name_of(f.severity)), util::sanitize(f.check_id, 80),
                         util::sanitize(f.subject, 300), util::sanitize(f.id, 100),
                         f.suppressed ? "  (suppressed)" : "");
      if (e.gap) {
        out << fmt::format("            {}: {}\n", name_of(e.gap->reason), util::sanitize(e.gap->detail, 300));
      }
    }
  }
}

void
write_diff_json(const StoredReport& before, const StoredReport& after, const ReportDiff& diff, std::ostream& out)
{
  ordered_json doc;
  doc["schema_version"] = "1.1";
  doc["tool"] = {{"name", "kerbready"}, {"document", "diff"}};
  doc["before"] = side_json(before);
  doc["after"] = side_json(after);
  doc["counts"] = {{"new", diff.count(Change::added)},
                   {"resolved", diff.count(Change::resolved)},
                   {"not_reevaluated", diff.count(Change::not_reevaluated)},
                   {"unchanged", diff.count(Change::unchanged)},
                   {"unverified", diff.count(Change::not_reevaluated)}};
  doc["findings"] = ordered_json::array();
  for (const auto& e : diff.entries) {
    doc["findings"].push_back(finding_json(e));
  }
  // Deprecated (schema 1.1): the not re-evaluated findings again, without "change".
  doc["unverified"] = ordered_json::array();
  for (const auto& e : diff.entries) {
    if (e.change == Change::not_reevaluated) {
      doc["unverified"].push_back(finding_json(e));
      doc["unverified"].back().erase("change");
    }
  }
  out << doc.dump(2) << "\n";
}

} // namespace kerbready::reports
