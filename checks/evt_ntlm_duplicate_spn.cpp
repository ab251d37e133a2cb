// EVT-NTLM-DUPLICATE-SPN: reported by the events join (src/events/join.hpp), which classifies each NTLM target of
// the audit events into exactly one EVT-* check, or matches it to a directory finding. This file
// declares the check (title, description, default severity and fix) so that list-checks,
// docs/checks.md, suppressions and every report know it like any other check.

#include "src/model/check.hpp"

namespace kerbready::checks {
namespace {

const CheckRegistrar k_registrar{{
  .id = "EVT-NTLM-DUPLICATE-SPN",
  .title = "NTLM to an SPN held by several accounts",
  .severity = Severity::high,
  .cause = FallbackCause::spn,
  .description = "NTLM was used towards an SPN that two or more accounts hold (KDC_ERR_PRINCIPAL_NOT_UNIQUE).",
  .remediation = "Keep the SPN on the account the service runs as and remove it elsewhere (setspn -D).",
  .needs = 0,
  .kind = CheckKind::events,
  .kdc_confirms_refusal = true,
}};

} // namespace
} // namespace kerbready::checks
