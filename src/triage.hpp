#pragma once

// Triage of a scan's findings for scheduled runs: the comparison with an earlier report (new,
// unchanged, resolved, keyed on the stable finding id) and suppressions (accepted exceptions with a
// reason, an owner and an expiry date). Everything here is pure: reading the files is in
// reports/stored_report.hpp and reports/suppressions.hpp.

#include "src/check.hpp"

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
  bool suppressed = false;
};

// The parts of a JSON report that a comparison needs.
struct StoredReport
{
  std::string path;       // where it was read from; empty for the current scan
  std::string started_at; // ISO 8601, as in the report
  bool complete = true;
  std::vector<std::string> evaluated_checks; // ids of the checks that ran
  std::vector<StoredFinding> findings;       // in report order
};

// How a finding changed between two reports. JSON names: "new", "unchanged", "resolved".
enum class Change { added, unchanged, resolved, count_ };

[[nodiscard]] std::string_view name_of(Change change);

struct DiffEntry
{
  StoredFinding finding; // from the newer report, or from the older one when resolved
  Change change = Change::unchanged;
};

struct ReportDiff
{
  std::vector<DiffEntry> entries; // new, then resolved, then unchanged; each in report order
  // Findings of the older report whose check did not run in the newer one: neither resolved nor
  // unchanged, since nothing was looked at.
  std::vector<StoredFinding> unverified;

  [[nodiscard]] std::size_t count(Change change) const;
  // Return whether a new finding that is not suppressed is at or above `threshold`.
  [[nodiscard]] bool has_new_at_or_above(Severity threshold) const;
};

// Compare `after` with `before` by finding id. A finding of `before` is resolved only when its
// check was evaluated in `after`; otherwise it is listed as unverified.
[[nodiscard]] ReportDiff diff_reports(const StoredReport& before, const StoredReport& after);

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

struct Report;

// Return `report` in the form an earlier report is read back in.
[[nodiscard]] StoredReport to_stored(const Report& report);

// Compare `report` with `baseline` (read from `baseline.path`) and record the outcome in
// `report.triage`. Call after apply_suppressions(), so that suppressed new findings do not gate.
void apply_baseline(Report& report, const StoredReport& baseline);

// Match `rules` (read from `path`) against `report`'s findings on the day `today` (days since
// 1970-01-01) and record the outcome in `report.triage`. The first rule in file order that matches
// and has not expired suppresses a finding.
void apply_suppressions(Report& report, std::vector<Suppression> rules, const std::string& path, std::int64_t today);

// Return whether `text` matches the glob `pattern` (`*`, `?`), ignoring ASCII case.
[[nodiscard]] bool glob_match(std::string_view pattern, std::string_view text);

// Return the number of days since 1970-01-01 for "YYYY-MM-DD", or nothing when it is not a valid
// calendar date.
[[nodiscard]] std::optional<std::int64_t> parse_date(std::string_view date);

} // namespace kerbready
