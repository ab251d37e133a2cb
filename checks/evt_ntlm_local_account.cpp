// EVT-NTLM-LOCAL-ACCOUNT: reported by the events join (src/events/join.hpp), which classifies each NTLM target of
// the audit events into exactly one EVT-* check, or matches it to a directory finding. This file
// declares the check (title, description, default severity and fix) so that list-checks,
// docs/checks.md, suppressions and every report know it like any other check.

#include "src/model/check.hpp"

namespace kerbready::checks {
namespace {

const CheckRegistrar k_registrar{{
  .id = "EVT-NTLM-LOCAL-ACCOUNT",
  .title = "NTLM with local accounts",
  .severity = Severity::medium,
  .cause = FallbackCause::local_account,
  .description = "Logons with local (SAM) accounts (8002/4002, 4624 where the account's domain is the machine "
                 "itself): local accounts can only use NTLM.",
  .remediation = "Replace local-account access with domain accounts (or LAPS-managed admin access through a "
                 "domain identity); block inbound NTLM for local accounts where nothing needs it.",
  .needs = 0,
  .kind = CheckKind::events,
}};

} // namespace
} // namespace kerbready::checks
