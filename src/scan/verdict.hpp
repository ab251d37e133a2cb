#pragma once

// The per-domain "ready to block NTLM?" verdict and the relate step, run once by
// scan::finalize_report over the whole report.

#include "src/model/report.hpp"

#include <vector>

namespace kerbready {

// Return the verdict of every domain in `report.metadata.domains` (the forest root when none):
// not_ready when an unsuppressed finding at high or above affects it (a finding that names no
// domain is forest-wide configuration and counts against the forest root only) or when NTLM no
// finding explains is above the tolerance of report.policy; unknown when checks were not
// evaluated, only a subset ran or the scan has diagnostics; ready_no_traffic_evidence without
// events over at least policy.min_event_days days; ready_with_caveats with medium/low findings,
// ready otherwise. Its top fixes are the
// unsuppressed findings above info affecting the domain in priority order, at most
// k_top_fixes_per_check of one check before every other check had its turn (ten duplicate-SPN
// findings are one kind of work; the list should show the ten that matter). finalize_report fills
// Report::verdicts with it, once, after triage.
[[nodiscard]] std::vector<DomainVerdict> compute_verdicts(const Report& report);

// Run the relate step of every evaluated relate_findings check over all of `report`'s findings
// and recount their findings.
void relate_findings(Report& report);

} // namespace kerbready
