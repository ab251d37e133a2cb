// EVT-NTLM-V1: reported by the events join (src/events/join.hpp), which classifies each NTLM target of
// the audit events into exactly one EVT-* check, or matches it to a directory finding. This file
// declares the check (title, description, default severity and fix) so that list-checks,
// docs/checks.md, suppressions and every report know it like any other check.

#include "src/model/check.hpp"

namespace kerbready::checks {
namespace {

const CheckRegistrar k_registrar{{
  .id = "EVT-NTLM-V1",
  .title = "NTLMv1 or LM in use",
  .severity = Severity::high,
  .cause = FallbackCause::weak_crypto,
  .description = "Logons negotiated NTLMv1 or LM (4624 LmPackageName, 4024/4025, enhanced events): crackable "
                 "responses, relayable and a precondition for credential theft.",
  .remediation = "Set LmCompatibilityLevel to 5 on clients and servers (Network security: LAN Manager "
                 "authentication level = Send NTLMv2 response only. Refuse LM & NTLM) after fixing the "
                 "listed clients.",
  .needs = 0,
  .kind = CheckKind::events,
}};

} // namespace
} // namespace kerbready::checks
