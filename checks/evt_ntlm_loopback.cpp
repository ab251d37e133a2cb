// EVT-NTLM-LOOPBACK: reported by the events join (src/events/join.hpp), which classifies each NTLM target of
// the audit events into exactly one EVT-* check, or matches it to a directory finding. This file
// declares the check (title, description, default severity and fix) so that list-checks,
// docs/checks.md, suppressions and every report know it like any other check.

#include "src/model/check.hpp"

namespace kerbready::checks {
namespace {

const CheckRegistrar k_registrar{{
  .id = "EVT-NTLM-LOOPBACK",
  .title = "Loopback or RPC endpoint-mapper NTLM",
  .severity = Severity::low,
  .cause = FallbackCause::app_config,
  .description = "NTLM from a machine to itself (loopback, client = server) or to the RPC endpoint mapper. "
                 "Usually harmless, but it breaks when inbound NTLM is denied for all accounts.",
  .remediation = "Leave loopback out of blocking policies ('Deny all domain accounts' rather than 'Deny all "
                 "accounts'); for RPC EPM, disable the RPC endpoint-mapper client authentication policies.",
  .needs = 0,
  .kind = CheckKind::events,
}};

} // namespace
} // namespace kerbready::checks
