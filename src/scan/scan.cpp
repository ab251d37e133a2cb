#include "src/scan/scan.hpp"

#include "src/events/join.hpp"
#include "src/probe/join.hpp"
#include "src/scan/check_stage.hpp"
#include "src/scan/verdict.hpp"
#include "src/triage/triage.hpp"

namespace kerbready::scan {

Report
run_scan(const Snapshot& snapshot, const ScanRequest& request)
{
  auto report = run_check_stage(snapshot, request.only, request.stale_days, request.threads);
  // What the caller knows of the scan, plus what the snapshot says about itself.
  report.metadata = request.metadata;
  describe_snapshot(snapshot, report.metadata);
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
run_checks(const Snapshot& snapshot, const std::vector<std::string>& only, unsigned stale_days, unsigned threads)
{
  auto report = run_check_stage(snapshot, only, stale_days, threads);
  scan::finalize_report(report, nullptr);
  return report;
}

} // namespace kerbready
