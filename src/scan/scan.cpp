#include "src/scan/scan.hpp"

#include "src/events/join.hpp"
#include "src/probe/join.hpp"
#include "src/triage/triage.hpp"

namespace kerbready::scan {

Report
run_scan(const Snapshot& snapshot, const ScanRequest& request)
{
  auto report = run_check_stage(snapshot, request.only);
  // The metadata the snapshot gave the checks stage, under what the caller knows.
  const auto from_snapshot = report.metadata;
  report.metadata = request.metadata;
  auto& m = report.metadata;
  m.objects_read = from_snapshot.objects_read;
  m.objects_per_partition = from_snapshot.objects_per_partition;
  m.data_sets = from_snapshot.data_sets;
  m.forest_root = from_snapshot.forest_root;
  m.spn_mappings_from_directory = from_snapshot.spn_mappings_from_directory;
  m.domains = from_snapshot.domains;
  m.completeness_verifiable = snapshot.unverifiable_inputs.empty();
  m.unverifiable_inputs = snapshot.unverifiable_inputs;
  report.policy = request.policy;

  if (request.events != nullptr) {
    report = events::join_events(std::move(report), snapshot, *request.events);
  }
  if (request.probe_results != nullptr) {
    report = probe::join_probe(std::move(report), snapshot, *request.probe_results);
    report.probed = true;
  }
  finalize_report(report, request.triage);
  return report;
}

void
finalize_report(Report& report, const TriageInputs* triage)
{
  relate_findings(report);
  sort_findings(report.findings);
  if (triage != nullptr) {
    apply_triage(report, *triage);
  }
  report.verdicts = compute_verdicts(report);
}

} // namespace kerbready::scan

namespace kerbready {

Report
run_checks(const Snapshot& snapshot, const std::vector<std::string>& only)
{
  auto report = run_check_stage(snapshot, only);
  scan::finalize_report(report, nullptr);
  return report;
}

} // namespace kerbready
