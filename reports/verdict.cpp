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
  // The runner's verdicts (src/report.cpp compute_verdicts), recomputed so that suppressions count,
  // in the vocabulary of the HTML, Markdown and metrics outputs: ready_with_caveats is at_risk when
  // a medium finding is among the caveats and ready when only low ones are.
  std::vector<DomainVerdict> out;
  for (const auto& v : compute_verdicts(report)) {
    std::string verdict(name_of(v.readiness));
    if (v.readiness == Readiness::ready_with_caveats) {
      verdict = v.medium_findings > 0 ? "at_risk" : "ready";
    }
    out.push_back(DomainVerdict{v.domain, verdict, v.reason});
  }
  return out;
}

} // namespace kerbready::reports
