// Ticket export: JSON Lines, one object per finding, for Jira, ServiceNow or GitHub issues
// (docs/ticketing.md has the jq one-liners). `dedup_key` is the stable finding id: a ticket system
// that searches for it before creating a ticket never files the same finding twice. Suppressed
// findings are exported with status "suppressed", so an importer can close or skip them. With a
// baseline, a finding that is gone is "resolved" only when this scan re-evaluated it (src/triage/triage.hpp
// reevaluation_gap); otherwise it is "not_reevaluated", which never closes a ticket.

#include "reports/reporter.hpp"
#include "src/util/ad.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace kerbready::reports {

void
write_tickets(const Report& report, std::ostream& out, const OutputOptions& /*options*/)
{
  using nlohmann::ordered_json;
  const auto started = util::format_iso8601(report.metadata.started_at);
  std::size_t rank = 0;
  for (const auto& f : report.findings) {
    const auto* s = report.triage.suppression_of(f.id);
    const auto change = report.triage.change_of(f.id);
    auto subject = util::to_valid_utf8(util::sanitize(f.subject, 160));
    ordered_json j;
    j["dedup_key"] = f.id;
    j["title"] = fmt::format("[kerbready] {}: {} ({})", util::to_upper(name_of(f.severity)), subject, f.check_id);
    j["description"] = util::to_valid_utf8(finding_markdown(report, f));
    j["severity"] = name_of(f.severity);
    j["priority"] = f.priority;
    j["rank"] = ++rank;
    auto labels =
      ordered_json::array({"kerbready", fmt::format("kerbready-{}", util::to_lower(f.check_id)),
                           fmt::format("cause-{}", name_of(f.cause)), fmt::format("severity-{}", name_of(f.severity))});
    if (f.tier0) {
      labels.push_back("tier0");
    }
    if (change == Change::added) {
      labels.push_back("new");
    }
    j["labels"] = std::move(labels);
    j["check_id"] = f.check_id;
    j["cause"] = name_of(f.cause);
    j["domain"] = util::to_valid_utf8(finding_domain(report, f));
    j["subject"] = util::to_valid_utf8(f.subject);
    j["status"] = s != nullptr ? "suppressed" : "open";
    if (change) {
      j["change"] = name_of(*change);
    }
    if (s != nullptr) {
      j["suppression"] = {{"reason", util::to_valid_utf8(s->rule.reason)},
                          {"owner", util::to_valid_utf8(s->rule.owner)},
                          {"expires", s->rule.expires}};
    }
    j["scan_started_at"] = started;
    j["scan_complete"] = report.complete();
    out << j.dump() << '\n';
  }
  // With a baseline, findings that are gone get a line too: "resolved" when this scan proves it
  // (their tickets can be closed), "not_reevaluated" when it did not look (their tickets stay open).
  if (!report.triage.baseline) {
    return;
  }
  for (const auto& e : report.triage.baseline->diff.entries) {
    if (e.change != Change::resolved && e.change != Change::not_reevaluated) {
      continue;
    }
    const auto& f = e.finding;
    const auto subject = util::to_valid_utf8(util::sanitize(f.subject, 160));
    ordered_json j;
    j["dedup_key"] = util::to_valid_utf8(f.id);
    // From the baseline file: sanitized like directory text.
    const auto check_id = util::to_valid_utf8(util::sanitize(f.check_id, 80));
    j["title"] = fmt::format("[kerbready] {}: {} ({})", util::to_upper(name_of(f.severity)), subject, check_id);
    if (e.change == Change::resolved) {
      j["description"] = fmt::format("Resolved: the scan of {} re-evaluated this and no longer finds it ({} was "
                                     "evaluated over every domain it affects).",
                                     started, check_id);
    } else {
      // Only fixed words: the reason's detail may name a domain, which is directory text.
      j["description"] = fmt::format("Not re-evaluated: the scan of {} does not report this, but it did not look "
                                     "(reason: {}). Keep the ticket open.",
                                     started, e.gap ? name_of(e.gap->reason) : std::string_view("unknown"));
    }
    j["severity"] = name_of(f.severity);
    j["labels"] = ordered_json::array({"kerbready", fmt::format("kerbready-{}", util::to_lower(check_id))});
    j["check_id"] = util::to_valid_utf8(f.check_id);
    j["subject"] = util::to_valid_utf8(f.subject);
    j["status"] = name_of(e.change);
    j["change"] = name_of(e.change);
    if (e.gap) {
      j["reason"] = name_of(e.gap->reason);
    }
    j["scan_started_at"] = started;
    j["scan_complete"] = report.complete();
    out << j.dump() << '\n';
  }
}

} // namespace kerbready::reports
