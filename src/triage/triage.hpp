#pragma once

// Triage of a scan's findings for scheduled runs (the data is in src/model/triage_types.hpp): applying
// suppressions and the baseline comparison to a report. Pure; reading the files is in
// src/triage/stored_report.hpp and src/triage/suppressions.hpp. Depends on the report, never the
// reverse.

#include "src/model/report.hpp"
#include "src/model/triage_types.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace kerbready {

// Return the DataSet bits the findings of check `check_id` cannot do without: the registered
// check's `needs`; nothing for an unknown check.
[[nodiscard]] unsigned data_sets_needed(std::string_view check_id);

// Return whether `check_id` is one of the audit-event pseudo-checks (EVT-*), whose findings exist
// only when events were read.
[[nodiscard]] bool is_event_check(std::string_view check_id);

// Return why `finding` (of an earlier report) being absent from `after` proves nothing, or nothing
// when its absence means it is resolved. It is resolved only when `after` is complete, its
// completeness was verifiable, the finding's check was evaluated, the data sets and events it
// needs were read, and every domain it affects was read (a finding without a domain affects the
// whole forest: every domain of `before` must have been read). The first unmet condition, in
// that order, is the reason.
[[nodiscard]] std::optional<ReevaluationGap> reevaluation_gap(const StoredFinding& finding, const StoredReport& before,
                                                              const StoredReport& after);

// Compare `after` with `before` by finding id. A finding of `before` missing from `after` is
// resolved only when reevaluation_gap() finds nothing and it was not folded into a stale group of
// `after` (a group of its check, src/ad/stale.hpp, that lists every one of its objects: the objects
// went unused, the cause was not fixed; reason folded_into_stale_group); otherwise it is not
// re-evaluated, and a ticket for it stays open. A finding whose objects were deleted is resolved.
[[nodiscard]] ReportDiff diff_reports(const StoredReport& before, const StoredReport& after);

// Return `report` in the form an earlier report is read back in.
[[nodiscard]] StoredReport to_stored(const Report& report);

// Compare `report` with `baseline` (read from `baseline.path`) and record the outcome in
// `report.triage`. Call after apply_suppressions(), so that suppressed new findings do not gate.
void apply_baseline(Report& report, const StoredReport& baseline);

// Match `rules` (read from `path`) against `report`'s findings on the day `today` (days since
// 1970-01-01) and record the outcome in `report.triage`. The first rule in file order that matches
// and has not expired suppresses a finding.
void apply_suppressions(Report& report, std::vector<Suppression> rules, const std::string& path, std::int64_t today);

// Apply `inputs` to `report`: suppressions (on the day report.metadata.started_at falls on, UTC),
// then the baseline comparison. Needs the findings sorted and the metadata filled.
void apply_triage(Report& report, const TriageInputs& inputs);

// Return the number of days since 1970-01-01 for "YYYY-MM-DD", or nothing when it is not a valid
// calendar date.
[[nodiscard]] std::optional<std::int64_t> parse_date(std::string_view date);

} // namespace kerbready
