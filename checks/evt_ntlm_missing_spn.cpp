// EVT-NTLM-MISSING-SPN: reported by the events join (src/events/join.hpp), which classifies each NTLM target of
// the audit events into exactly one EVT-* check, or matches it to a directory finding. This file
// declares the check (title, description, default severity and fix) so that list-checks,
// docs/checks.md, suppressions and every report know it like any other check.

#include "src/model/check.hpp"

namespace kerbready::checks {
namespace {

const CheckRegistrar k_registrar{{
  .id = "EVT-NTLM-MISSING-SPN",
  .title = "NTLM to a name no account holds an SPN for",
  .severity = Severity::high,
  .cause = FallbackCause::spn,
  .description = "Clients asked for a service ticket for this SPN or name (NTLM audit 8001/4020 TargetName, or a "
                 "4769 failure with KDC_ERR_S_PRINCIPAL_UNKNOWN) and no account holds it, even through sPNMappings: "
                 "the KDC cannot issue a ticket and Negotiate falls back to NTLM. A name the directory does not know "
                 "at all is an alias (DNS CNAME, load balancer): cause ip_or_alias.",
  .remediation = "Register the SPN on the account that runs the service (setspn -S), or make clients use the "
                 "server's real name.",
  .needs = 0,
  .kind = CheckKind::events,
  .kdc_confirms_refusal = true,
}};

} // namespace
} // namespace kerbready::checks
