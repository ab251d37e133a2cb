#include "src/model/report.hpp"

#include <algorithm>

namespace kerbready {

std::string_view
name_of(Readiness readiness)
{
  switch (readiness) {
  case Readiness::ready:
    return "ready";
  case Readiness::ready_with_caveats:
    return "ready_with_caveats";
  case Readiness::not_ready:
    return "not_ready";
  case Readiness::unknown:
    return "unknown";
  case Readiness::ready_no_traffic_evidence:
    return "directory_ready_no_traffic_evidence";
  }
  return "unknown";
}

bool
Report::complete() const
{
  return diagnostics.empty() && std::all_of(checks.begin(), checks.end(), [](const CheckResult& r) {
           return r.status == CheckStatus::evaluated || (r.missing & ~k_optional_data_sets) == 0;
         });
}

std::size_t
Report::count(Severity severity) const
{
  return static_cast<std::size_t>(
    std::count_if(findings.begin(), findings.end(), [&](const Finding& f) { return f.severity == severity; }));
}

std::size_t
Report::count(FallbackCause cause) const
{
  return static_cast<std::size_t>(
    std::count_if(findings.begin(), findings.end(), [&](const Finding& f) { return f.cause == cause; }));
}

bool
Report::has_findings_at_or_above(Severity threshold) const
{
  return std::any_of(findings.begin(), findings.end(),
                     [&](const Finding& f) { return f.severity <= threshold && !triage.is_suppressed(f.id); });
}

void
describe_snapshot(const Snapshot& snapshot, ScanMetadata& metadata)
{
  metadata.objects_read = snapshot.objects_read;
  metadata.objects_per_partition = snapshot.objects_per_partition;
  metadata.data_sets = snapshot.data_sets;
  metadata.forest_root = snapshot.configuration.forest_root;
  metadata.spn_mappings_from_directory = snapshot.configuration.spn_mappings_present;
  metadata.domains.clear();
  for (const auto& domain : snapshot.domains) {
    metadata.domains.push_back(domain.dns_name);
  }
  metadata.completeness_verifiable = snapshot.unverifiable_inputs.empty();
  metadata.unverifiable_inputs = snapshot.unverifiable_inputs;
}

void
sort_findings(std::vector<Finding>& findings)
{
  std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    if (a.priority != b.priority) {
      return a.priority > b.priority;
    }
    if (a.check_id != b.check_id) {
      return a.check_id < b.check_id;
    }
    return a.key < b.key;
  });
}

} // namespace kerbready
