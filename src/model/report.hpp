#pragma once

// The result of a scan, as every reporter sees it: metadata, per-check status and findings in
// priority order.

#include "src/model/check.hpp"
#include "src/model/snapshot.hpp"
#include "src/model/triage_types.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace kerbready {

// 1.2: verdicts[].prerequisites and top_fixes; 1.3: scan.reference_time(_source),
// scan.completeness_verifiable, scan.unverifiable_inputs and baseline.not_reevaluated; 1.4: readiness
// directory_ready_no_traffic_evidence, verdicts[].evidence and verdicts[].unexplained_ntlm
inline constexpr std::string_view k_report_schema_version = "1.4";

enum class CheckStatus { evaluated, not_evaluated };

struct CheckResult
{
  const Check* check = nullptr;
  CheckStatus status = CheckStatus::evaluated;
  std::string reason; // why it was not evaluated
  std::size_t findings = 0;
  unsigned missing = 0; // DataSet bits it needed and the input lacked
};

// Inputs a snapshot may leave out: a SYSVOL copy (scan --sysvol; a live scan cannot read SYSVOL
// over LDAP at all) and the DNS application partitions (often not part of an LDIF export). Checks
// that miss only these are "not evaluated" and make the verdict "unknown", but do not make the scan
// incomplete (exit 3): nothing that was asked for went unread. A live scan that fails to read a DNS
// partition records a diagnostic, which does make it incomplete.
inline constexpr unsigned k_optional_data_sets =
  static_cast<unsigned>(DataSet::sysvol) | static_cast<unsigned>(DataSet::dns);

struct ScanMetadata
{
  std::string tool_version;
  std::string source;              // "snapshot" or "ldap"
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
  Severity fail_on = Severity::high;             // count_: --fail-on none
  // The time ages are measured against (Unix seconds) and where it came from: "option"
  // (--reference-time), "snapshot" (the collection time a snapshot records), "source_date_epoch"
  // or "clock" (a live scan, or a snapshot that records no time).
  std::int64_t reference_time = 0;
  std::string reference_time_source = "clock";
  // false when a snapshot file carries no kerbready header and end marker, so nothing proves it
  // is whole (`unverifiable_inputs` names them): its findings never prove a fix, and a baseline
  // comparison resolves nothing (src/triage/triage.hpp).
  bool completeness_verifiable = true;
  std::vector<std::string> unverifiable_inputs;
};

// "Is this domain ready to block NTLM?"
enum class Readiness {
  ready,                     // everything evaluated, no findings above info, events over enough days show no
                             // NTLM beyond the tolerance (VerdictPolicy)
  ready_with_caveats,        // the same, but medium/low findings affect it
  not_ready,                 // a finding at high or above affects it, or NTLM no finding explains is above the
                             // tolerance
  unknown,                   // no blocking finding, but checks it needs were not evaluated or the scan is partial
  ready_no_traffic_evidence, // the directory shows nothing blocking, but no audit events (or events
                             // over fewer than VerdictPolicy::min_event_days days) say what still uses NTLM
};

// Stable lowercase name: "ready", "ready_with_caveats", "not_ready", "unknown",
// "directory_ready_no_traffic_evidence".
[[nodiscard]] std::string_view name_of(Readiness readiness);

// The thresholds the verdict applies to audit events (scan options; docs/events.md, "The verdict").
struct VerdictPolicy
{
  // NTLM no finding explains is tolerated while it stays at or below both limits: events per day
  // covered, and a share of all authentication events (NTLM + Kerberos).
  std::uint64_t unexplained_ntlm_max_per_day = 100;
  double unexplained_ntlm_max_share = 0.01;
  // "ready" needs events from at least this many distinct (UTC) days.
  unsigned min_event_days = 14;
};

// NTLM to one target that no finding explains (EVT-NTLM-UNEXPLAINED), as the verdict weighs it.
struct UnexplainedNtlm
{
  std::string domain; // the scanned domain the target's DNS name is in; empty: cannot tell
  std::string target; // as the events wrote it ("(no target)" when they name none)
  std::uint64_t count = 0;
  std::vector<std::pair<std::string, std::uint64_t>> accounts; // top accounts, most events first
  std::vector<std::pair<std::string, std::uint64_t>> clients;
  std::vector<std::pair<std::string, std::uint64_t>> reasons; // "8 (no SPN)"-style 4020-series reasons
};

// A service account the KDC named in KDCSVC events 201-209 (KB5073381): refused RC4 tickets for
// it, or audited that it will once RC4 is disabled by default.
struct KdcRc4Account
{
  std::string domain;  // the account's domain (lowercase); empty when the snapshot does not hold it
  std::string account; // as the events wrote it
  bool refused = false;
  std::uint64_t events = 0;
};

// Authentication events of one UTC day, as the events summary counted them (the HTML report's
// per-day chart).
struct TrafficDay
{
  std::string day; // YYYY-MM-DD (UTC)
  std::uint64_t ntlm = 0;
  std::uint64_t kerberos = 0; // Kerberos service tickets (4769) and Kerberos logons (4624)
  std::uint64_t ntlm_v1 = 0;  // NTLMv1 and LM
};

// What the audit events given to the scan cover (filled by the events join).
struct TrafficEvidence
{
  bool present = false; // events were joined
  std::uint64_t ntlm = 0;
  std::uint64_t kerberos = 0;
  std::int64_t first_seen = 0;
  std::int64_t last_seen = 0;
  std::size_t days = 0;                                     // distinct UTC days with events
  std::vector<std::pair<std::string, std::uint64_t>> hosts; // computers that logged them, most first
  std::size_t host_count = 0;
  std::map<std::uint32_t, std::uint64_t> event_ids; // events read, by id
  std::vector<UnexplainedNtlm> unexplained;
  std::vector<KdcRc4Account> kdc_rc4; // KDCSVC 201-209, one per account
  std::vector<TrafficDay> per_day;    // every day with events, oldest first
};

struct DomainVerdict
{
  std::string domain; // DNS name
  Readiness readiness = Readiness::unknown;
  std::vector<FallbackCause> blocking_causes; // causes of the high/critical findings, in enum order
  std::vector<std::string> blocking_checks;   // their check ids, sorted
  std::size_t blocking_findings = 0;          // findings at high or above affecting the domain
  std::size_t caveat_findings = 0;            // medium and low findings affecting the domain
  std::size_t medium_findings = 0;            // of which medium
  std::vector<std::string> not_evaluated;     // ids of checks that could not run
  std::string reason;                         // one sentence: why this verdict
  // Ids of the findings at high or above affecting the domain (the blocking prerequisites still
  // open), most urgent first.
  std::vector<std::string> prerequisites;
  // Ids of the findings to fix first (at most k_top_fixes, most urgent first; see compute_verdicts).
  std::vector<std::string> top_fixes;
  // The kinds of evidence the verdict had: "directory", "sysvol", "events", "kdc_probe".
  std::vector<std::string> evidence;
  // With events: NTLM events no finding explains that concern this domain (its targets, or
  // targets of no known domain), their share of all authentication events, whether that is above
  // the tolerance, and where they come from (most events first, at most k_top_sources each).
  std::uint64_t unexplained_ntlm = 0;
  double unexplained_share = 0;
  bool unexplained_blocks = false;
  std::vector<std::pair<std::string, std::uint64_t>> top_accounts;
  std::vector<std::pair<std::string, std::uint64_t>> top_clients;
  std::vector<std::pair<std::string, std::uint64_t>> top_targets;
  std::vector<std::pair<std::string, std::uint64_t>> top_reasons;
  // Audit evidence that cannot exist, or may not, for this domain: one sentence per check that
  // declares Check::silenced_evidence and found it turned off here or could not be evaluated. The
  // reason ends with them.
  std::vector<std::string> evidence_gaps;
};

inline constexpr std::size_t k_top_sources = 5;

// How many fixes a verdict lists.
inline constexpr std::size_t k_top_fixes = 10;
inline constexpr std::size_t k_top_fixes_per_check = 2;

// One scan on the HTML report's time line: an archived JSON report, or this scan.
struct HistoryPoint
{
  std::string started_at; // ISO 8601 UTC (YYYY-MM-DDTHH:MM:SSZ)
  std::string source;     // the archived file's name; empty for this scan
  bool complete = true;
  std::array<std::size_t, static_cast<std::size_t>(Severity::count_)> findings{}; // not suppressed
  // Per domain, the readiness as the JSON report names it (name_of(Readiness)), sorted by domain.
  std::vector<std::pair<std::string, std::string>> verdicts;
};

// The archived reports the HTML report draws the burn-down and verdict history from (scan --archive
// or --history). Empty (`present` false) unless asked for.
struct History
{
  bool present = false;
  std::string dir;
  std::vector<HistoryPoint> points; // oldest first; this scan last
  std::vector<std::string> skipped; // one line per archived file not read: "<file>: <why>" (not sanitised)
  std::size_t not_read = 0;         // the oldest reports beyond k_max_history_reports, not read
};

inline constexpr std::size_t k_max_history_reports = 400;

struct Report
{
  ScanMetadata metadata;
  std::vector<CheckResult> checks;
  std::vector<Finding> findings; // once finalized: sort_findings order
  std::vector<Diagnostic> diagnostics;
  std::vector<DomainVerdict> verdicts; // one per domain in the snapshot, sorted by name
  bool checks_subset = false;          // only the checks named with --check were run
  Triage triage; // baseline comparison and suppressions (src/triage/triage.hpp); empty unless asked for
  VerdictPolicy policy;
  TrafficEvidence traffic; // empty unless events were joined
  bool probed = false;     // KDC answers (scan --probe, --probe-results) were joined
  History history;         // archived reports for the HTML report's time line; empty unless asked for

  // A scan is complete when nothing was left undecoded or unread and every check ran, except those
  // that lack only an optional input (k_optional_data_sets).
  [[nodiscard]] bool complete() const;
  // Return the number of findings with `severity`.
  [[nodiscard]] std::size_t count(Severity severity) const;
  // Return the number of findings with `cause`.
  [[nodiscard]] std::size_t count(FallbackCause cause) const;
  // Return whether any finding that is not suppressed is at or above `threshold`.
  [[nodiscard]] bool has_findings_at_or_above(Severity threshold) const;
};

// Fill what `snapshot` says about itself into `metadata`: objects read, data sets, domains, forest
// root, sPNMappings, and whether its completeness can be verified.
void describe_snapshot(const Snapshot& snapshot, ScanMetadata& metadata);

// The findings order every output shows: priority, highest first, then check id, then key.
void sort_findings(std::vector<Finding>& findings);

} // namespace kerbready
