#pragma once

// The result of a scan, as every reporter sees it: metadata, per-check status and findings in
// priority order.

#include "src/check.hpp"
#include "src/snapshot.hpp"
#include "src/triage.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace kerbready {

inline constexpr std::string_view k_report_schema_version = "1.1";

enum class CheckStatus { evaluated, not_evaluated };

struct CheckResult
{
  const Check* check = nullptr;
  CheckStatus status = CheckStatus::evaluated;
  std::string reason; // why it was not evaluated
  std::size_t findings = 0;
};

struct ScanMetadata
{
  std::string tool_version;
  std::string source; // "snapshot" or "ldap"
  std::vector<std::string> inputs; // snapshot files, or the DC URI
  std::int64_t started_at = 0;     // Unix seconds
  std::int64_t duration_ms = 0;
  std::vector<std::string> domains;
  std::string forest_root;
  std::uint64_t objects_read = 0;
  std::map<std::string, std::uint64_t> objects_per_partition;
  unsigned data_sets = 0;
  bool spn_mappings_from_directory = false;
  std::map<std::string, std::string> collection; // DC, bind method, security layer, TLS settings…
  Severity fail_on = Severity::high; // count_: --fail-on none
};

struct Report
{
  ScanMetadata metadata;
  std::vector<CheckResult> checks;
  std::vector<Finding> findings; // sorted: priority desc, then check id, then subject
  std::vector<Diagnostic> diagnostics;
  Triage triage; // baseline comparison and suppressions (src/triage.hpp); empty unless asked for

  // A scan is complete when every check ran and nothing was left undecoded or unread.
  [[nodiscard]] bool complete() const;
  // Return the number of findings with `severity`.
  [[nodiscard]] std::size_t count(Severity severity) const;
  // Return the number of findings with `cause`.
  [[nodiscard]] std::size_t count(FallbackCause cause) const;
  // Return whether any finding that is not suppressed is at or above `threshold`.
  [[nodiscard]] bool has_findings_at_or_above(Severity threshold) const;
};

// Run every registered check (or those in `only`, when not empty) over `snapshot`. Fills ids,
// defaults and priorities, and sorts the findings.
[[nodiscard]] Report run_checks(const Snapshot& snapshot, const std::vector<std::string>& only = {});

} // namespace kerbready
