#pragma once

// What a check is and what it finds. Every check in checks/ declares one `CheckRegistrar` at file
// scope; the registry (src/model/check_registry.cpp) collects them at start-up and rejects duplicate ids.

#include "src/model/directory_object.hpp"
#include "src/model/snapshot.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kerbready {

enum class Severity { critical, high, medium, low, info, count_ };

// Why a finding makes Windows fall back from Kerberos to NTLM (seed: the causes of NTLM fallback).
enum class FallbackCause {
  dc_connectivity,
  spn,
  ip_or_alias,
  weak_crypto,
  trust,
  app_config,
  local_account,
  dfs,
  count_
};

// Stable lowercase names, used in JSON, CLI options and docs.
[[nodiscard]] std::string_view name_of(Severity severity);
[[nodiscard]] std::string_view name_of(FallbackCause cause);
// One-line human description of `cause`.
[[nodiscard]] std::string_view describe(FallbackCause cause);
// Return the base priority of a finding with `severity` (critical 400 … info 0); privilege and
// observed traffic add to it.
[[nodiscard]] int severity_weight(Severity severity);
// Parse a severity name ("high"); count_ when unknown.
[[nodiscard]] Severity parse_severity(std::string_view name);

struct AffectedObject
{
  std::string dn;
  std::string sam_account_name;
  std::string domain;
};

struct Evidence
{
  std::string name;  // e.g. "servicePrincipalName on CN=svc_web,…"
  std::string value; // the attribute value that proves it
};

// Traffic seen in audit events that a finding explains (filled by the events join, src/events/join.hpp).
struct Observed
{
  std::uint64_t count = 0;     // NTLM authentication events
  std::uint64_t clients = 0;   // distinct clients
  std::int64_t first_seen = 0; // Unix seconds; 0 when the events carried no time
  std::int64_t last_seen = 0;
  std::vector<std::string> top_clients; // most frequent first, at most a few
};

struct Finding
{
  std::string check_id;                        // filled by the runner
  std::string id;                              // stable id, filled by the runner from check_id and key
  Severity severity = Severity::count_;        // count_: the check's default
  FallbackCause cause = FallbackCause::count_; // count_: the check's default
  std::string subject;                         // what the finding is about, e.g. the SPN; shown to people
  std::string key;                             // canonical subject for the id; empty: lowercase `subject`
  std::string summary;                         // one sentence specific to this finding
  std::vector<AffectedObject> affected;
  std::vector<Evidence> evidence;
  std::string remediation;          // concrete steps/commands; empty: the check's default
  int priority = 0;                 // filled by the runner: higher is more urgent
  bool tier0 = false;               // filled by the runner: a DC or Tier-0 object is affected
  std::optional<Observed> observed; // NTLM seen in audit events for this finding (scan --events)
};

using FindFn = std::vector<Finding> (*)(const Snapshot&);
// A relate step sees every finding of the scan (after the events and probe joins) and may edit or
// drop its own check's findings (those whose check_id is its id); it must not touch the others.
using RelateFn = void (*)(std::vector<Finding>& findings);

// Where a check's findings come from.
enum class CheckKind {
  directory,       // `find` over the snapshot (the runner calls it)
  events,          // the events join (src/events/join.hpp) reports under it; no `find`
  relate_findings, // `find` over the snapshot, then `relate` over every finding of the scan
};

struct Check
{
  std::string_view id; // stable forever: reports and tickets key on it
  std::string_view title;
  Severity severity;                                       // default severity of its findings
  FallbackCause cause;                                     // default fallback cause
  std::string_view description;                            // what it detects and why clients fall back to NTLM
  std::string_view remediation;                            // default fix
  unsigned needs = static_cast<unsigned>(DataSet::domain); // DataSet bits it cannot do without
  FindFn find = nullptr;
  CheckKind kind = CheckKind::directory;
  RelateFn relate = nullptr; // CheckKind::relate_findings only
  // Its findings predict that the KDC refuses a ticket (KDC_ERR_S_PRINCIPAL_UNKNOWN or
  // KDC_ERR_PRINCIPAL_NOT_UNIQUE) for the names they are about, so a KDC answer of "ok" contradicts
  // them (src/probe/join.hpp).
  bool kdc_confirms_refusal = false;
  // The directory attributes its findings depend on, directly or through src/ad helpers, per kind
  // of object (src/model/directory_object.hpp). A live scan requests the union of every check's
  // list (src/live/plan/search_plan.hpp), so an attribute left out here reads as absent on a live
  // scan. Each must be one the snapshot decoder knows (src/input/decoded_attributes.hpp). Empty for
  // events checks, which read audit events, not the directory.
  std::span<const AttributeRead> reads = {};
  // The audit evidence that cannot exist where this check has a finding (a policy turned it off),
  // e.g. "the enhanced NTLM events 4020-4033". Empty for most checks. The verdict names it when the
  // check found it off for a domain, or could not be evaluated (src/scan/verdict.hpp).
  std::string_view silenced_evidence = {};
};

// Registers a copy of `check` in the global registry when constructed at namespace scope.
class CheckRegistrar
{
public:
  explicit CheckRegistrar(const Check& check);
};

// Return every registered check, sorted by id. Throws Fatal on duplicate ids, on a check without
// the functions its kind needs, and on a directory check that declares no attribute it reads (or
// an events check that declares one).
[[nodiscard]] const std::vector<const Check*>& all_checks();

// Return the registered check with `id`, or nullptr.
[[nodiscard]] const Check* find_check(std::string_view id);

// Return the registered checks of `kind`, sorted by id.
[[nodiscard]] std::vector<const Check*> checks_of_kind(CheckKind kind);

// Return the registered check with `id`; throws Fatal (internal error) when there is none. For
// code that reports under a check it knows exists (the events join).
[[nodiscard]] const Check& required_check(std::string_view id);

// Return whether one of the objects of `f` is in `domain` (DNS name, case-insensitive); nullopt
// when none of them names a domain.
[[nodiscard]] std::optional<bool> names_domain(const Finding& f, std::string_view domain);

// Return the stable finding id for `check_id` and the canonical subject `key`:
// "<CHECK-ID>-<16 hex digits of FNV-1a-64 over '<CHECK-ID>\n<key>'>".
[[nodiscard]] std::string make_finding_id(std::string_view check_id, std::string_view key);

// Return an AffectedObject describing `account`.
[[nodiscard]] AffectedObject affected(const Account& account);

} // namespace kerbready
