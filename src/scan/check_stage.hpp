#pragma once

// The checks stage of the scan (src/scan/scan.hpp): the directory and relate_findings checks over a
// snapshot, with ids, priorities and stale grouping.

#include "src/ad/stale.hpp"
#include "src/model/report.hpp"

#include <string>
#include <vector>

namespace kerbready {

// The scan's stages (src/scan/scan.hpp) each enrich one Report and never sort or judge;
// scan::finalize_report is the one step that does.
//
// The checks stage: run every directory and relate_findings check (or those in `only`, when not
// empty) over `snapshot`, filling ids, defaults and priorities. Findings are in check order.
// Findings about accounts stale for `stale_days` (0: never) are grouped per check (src/ad/stale.hpp).
// The checks run on `threads` threads (0: default_threads()); the report is the same for any number.
[[nodiscard]] Report run_check_stage(const Snapshot& snapshot, const std::vector<std::string>& only = {},
                                     unsigned stale_days = k_default_stale_days, unsigned threads = 0);

// The number of threads a scan uses when not told: the machine's hardware threads, at most 8.
[[nodiscard]] unsigned default_threads();

} // namespace kerbready
