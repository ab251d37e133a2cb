// Readiness verdicts and the small per-finding helpers the reporters share.

#include "reports/reporter.hpp"

#include <fmt/format.h>

#include <map>

namespace kerbready::reports {

std::string
finding_domain(const Report& report, const Finding& finding)
{
  for (const auto& a : finding.affected) {
    if (!a.domain.empty()) {
      return a.domain;
    }
  }
  return report.metadata.forest_root;
}

std::string
finding_title(const Finding& finding)
{
  const auto* check = find_check(finding.check_id);
  return check != nullptr ? std::string(check->title) : finding.check_id;
}

std::vector<DomainVerdict>
domain_verdicts(const Report& report)
{
  // When the runner computes verdicts (Report::verdicts), return those here instead.
  std::vector<std::string> domains = report.metadata.domains;
  if (domains.empty()) {
    domains.push_back(report.metadata.forest_root);
  }
  struct Counts
  {
    std::size_t blocking = 0;
    std::size_t medium = 0;
  };
  std::map<std::string, Counts> counts;
  for (const auto& f : report.findings) {
    if (report.triage.is_suppressed(f.id)) {
      continue;
    }
    auto& c = counts[finding_domain(report, f)];
    if (f.severity <= Severity::high) {
      ++c.blocking;
    } else if (f.severity == Severity::medium) {
      ++c.medium;
    }
  }
  std::vector<DomainVerdict> out;
  for (const auto& d : domains) {
    const auto c = counts[d];
    DomainVerdict v{d, "ready", "no critical, high or medium finding"};
    if (!report.complete()) {
      v = {d, "unknown", "the scan is incomplete: findings may be missing"};
    } else if (c.blocking > 0) {
      v = {d, "not_ready", fmt::format("{} critical or high findings make clients fall back to NTLM", c.blocking)};
    } else if (c.medium > 0) {
      v = {d, "at_risk", fmt::format("{} medium findings", c.medium)};
    }
    out.push_back(std::move(v));
  }
  return out;
}

} // namespace kerbready::reports
