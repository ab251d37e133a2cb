#pragma once

// The data of triage: an earlier report as read back, the comparison with it (new, unchanged,
// resolved or not re-evaluated, keyed on the stable finding id) and suppressions (accepted
// exceptions with a reason, an owner and an expiry date). Data and pure helpers only, so that the
// report (src/model/report.hpp) can hold a Triage without depending on triage's logic (triage.hpp),
// which depends on the report.

#include "src/model/check.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kerbready {

// A finding as read back from an earlier JSON report (or taken from the current one).
struct StoredFinding
{
  std::string id;
  std::string check_id;
  std::string title;
  Severity severity = Severity::info;
  std::string cause;
  std::string subject;
  std::string summary;
  std::vector<std::string> domains; // DNS names of the affected objects' domains; empty: forest-wide
  std::vector<std::string> objects; // normalised DNs of the affected objects
  bool suppressed = false;
};

// The parts of a JSON report that a comparison needs.
struct StoredReport
{
  std::string path;       // where it was read from; empty for the current scan
  std::string started_at; // ISO 8601, as in the report
  bool complete = true;
  // False when nothing proves the input was read to its end (a plain LDIF export without
  // kerbready's header and trailer): such a scan cannot resolve anything.
  bool completeness_verifiable = true;
  unsigned data_sets = 0;   // DataSet bits that were read
  bool events_read = false; // audit events were joined (the EVT-* checks ran)
  std::string forest_root;
  std::vector<std::string> domains;          // DNS names of the domains that were read
  std::vector<std::string> evaluated_checks; // ids of the checks that ran
  std::vector<StoredFinding> findings;       // in report order
  // Per domain, the readiness as written (verdicts[].domain and .readiness); entries with another
  // readiness name are left out.
  std::vector<std::pair<std::string, std::string>> verdicts;
};

// How a finding changed between two reports. JSON names: "new", "unchanged", "resolved",
// "not_reevaluated".
enum class Change {
  added,
  unchanged,
  resolved,        // gone, and the newer scan proves it: see reevaluation_gap()
  not_reevaluated, // gone from the newer report, but that scan did not look at it
  count_
};

[[nodiscard]] std::string_view name_of(Change change);

// Why a finding that is missing from a newer report is not resolved. JSON names:
// "scan_incomplete", "completeness_not_verifiable", "check_not_run", "data_set_not_read",
// "domain_not_read", "folded_into_stale_group".
enum class GapReason {
  scan_incomplete,
  completeness_not_verifiable,
  check_not_run, // excluded with --check, or not evaluated for a reason other than a missing input
  data_set_not_read,
  domain_not_read,
  folded_into_stale_group, // its objects went stale: grouped off the verdict, not fixed
  count_
};

[[nodiscard]] std::string_view name_of(GapReason reason);

struct ReevaluationGap
{
  GapReason reason = GapReason::scan_incomplete;
  std::string detail; // one sentence for people, e.g. "SYSVOL was not read (scan --sysvol DIR)"
};

struct DiffEntry
{
  StoredFinding finding; // from the newer report, or from the older one when resolved or not re-evaluated
  Change change = Change::unchanged;
  std::optional<ReevaluationGap> gap; // set when `change` is not_reevaluated
};

struct ReportDiff
{
  // new, then resolved, then not re-evaluated, then unchanged; each in report order
  std::vector<DiffEntry> entries;

  [[nodiscard]] std::size_t count(Change change) const;
  // Return whether a new finding that is not suppressed is at or above `threshold`.
  [[nodiscard]] bool has_new_at_or_above(Severity threshold) const;
};

// One accepted exception, as read from a suppressions file. A finding matches when every selector
// that is set matches: `finding_id` exactly, `check_id` exactly, `subject` as a case-insensitive
// glob (`*` any run of characters, `?` one character).
struct Suppression
{
  std::string finding_id;
  std::string check_id;
  std::string subject;
  std::string reason;
  std::string owner;
  std::string expires;          // YYYY-MM-DD; the suppression holds through that day (UTC)
  std::int64_t expires_day = 0; // days since 1970-01-01
  std::string origin;           // "FILE:LINE", for messages

  [[nodiscard]] bool matches(const Finding& finding) const;
};

enum class SuppressionState { active, expired, unmatched };

[[nodiscard]] std::string_view name_of(SuppressionState state);

struct SuppressionResult
{
  Suppression rule;
  SuppressionState state = SuppressionState::unmatched;
  std::size_t matched = 0; // findings it matches (an expired rule still counts them)
};

// What a baseline comparison and the suppressions say about a scan. Empty unless --baseline or
// --suppressions was given; reporters show only what is there.
struct Triage
{
  struct Baseline
  {
    std::string path;
    std::string started_at;
    bool complete = true;
    ReportDiff diff;
    std::vector<StoredFinding> findings; // the baseline's own findings, for trends
  };

  std::optional<Baseline> baseline;
  std::optional<std::string> suppressions_path;
  std::vector<SuppressionResult> suppressions;
  std::map<std::string, Change> change_by_id;           // finding id -> new or unchanged
  std::map<std::string, std::size_t> suppression_by_id; // finding id -> index in `suppressions`

  // Return the change of the finding with `id`, when a baseline was given.
  [[nodiscard]] std::optional<Change> change_of(const std::string& id) const;
  // Return the suppression that silences the finding with `id`, or nullptr.
  [[nodiscard]] const SuppressionResult* suppression_of(const std::string& id) const;
  [[nodiscard]] bool is_suppressed(const std::string& id) const { return suppression_of(id) != nullptr; }
  [[nodiscard]] std::size_t suppressed_count() const { return suppression_by_id.size(); }
};

// What a scan was asked to triage against (scan --baseline, --suppressions), read before the scan.
struct TriageInputs
{
  std::optional<StoredReport> baseline;
  std::optional<std::vector<Suppression>> suppressions;
  std::string suppressions_path;
};

// Return whether `text` matches the glob `pattern` (`*`, `?`), ignoring ASCII case.
[[nodiscard]] bool glob_match(std::string_view pattern, std::string_view text);

} // namespace kerbready
