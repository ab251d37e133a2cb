#pragma once

// The scan pipeline: one request, one call, one report. Reading the inputs (snapshot files or a
// live DC, event files, KDC answers, triage files) is the caller's; everything that turns them
// into a judged report is here, in this order:
//
//   1. checks        run_check_stage: every directory and relate_findings check over the snapshot
//   2. events join   events::join_events: observed NTLM joined to the findings, EVT-* findings
//   3. probe join    probe::join_probe: findings the KDC confirms or contradicts
//   4. finalize      finalize_report: relate steps, the one sort, triage, the verdicts once
//
// Stages 1-3 enrich the report and never sort or judge. Pure: no I/O, no network library.

#include "src/ad/stale.hpp"
#include "src/events/summary.hpp"
#include "src/model/report.hpp"
#include "src/model/snapshot.hpp"
#include "src/model/triage_types.hpp"
#include "src/probe/probe.hpp"

#include <string>
#include <vector>

namespace kerbready::scan {

struct ScanRequest
{
  std::vector<std::string> only;                                    // --check; empty: every check
  const events::EventSummary* events = nullptr;                     // --events, read
  const std::vector<collect::ProbeResult>* probe_results = nullptr; // --probe or --probe-results
  const TriageInputs* triage = nullptr;                             // --baseline, --suppressions
  VerdictPolicy policy;
  unsigned stale_days = k_default_stale_days; // --stale-days (src/ad/stale.hpp); 0: never
  unsigned threads = 0;                       // --parallel: threads for the checks; 0: as many as the machine has
  // What the caller knows of the scan (tool version, source, inputs, start and reference time,
  // collection details, --fail-on). The checks stage adds what the snapshot says (domains, counts,
  // data sets), the joins add their "events"/"probe" collection lines.
  ScanMetadata metadata;
};

// Run the pipeline over `snapshot` (its reference_time already set) and return the judged report.
[[nodiscard]] Report run_scan(const Snapshot& snapshot, const ScanRequest& request);

// The one finalize step, after every stage: run the relate_findings checks, sort the findings
// (sort_findings), apply `triage` when given (suppressions, then the baseline comparison, which
// lists findings in report order), and compute the verdicts once.
void finalize_report(Report& report, const TriageInputs* triage);

} // namespace kerbready::scan

namespace kerbready {

// The checks stage then finalize_report with no triage: a directory-only scan, for tests and tools.
[[nodiscard]] Report run_checks(const Snapshot& snapshot, const std::vector<std::string>& only = {},
                                unsigned stale_days = k_default_stale_days, unsigned threads = 0);

} // namespace kerbready
