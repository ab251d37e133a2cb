// EVT-KRB-ETYPE: reported by the events join (src/events/join.hpp), which classifies each NTLM target of
// the audit events into exactly one EVT-* check, or matches it to a directory finding. This file
// declares the check (title, description, default severity and fix) so that list-checks,
// docs/checks.md, suppressions and every report know it like any other check.

#include "src/model/check.hpp"

namespace kerbready::checks {
namespace {

const CheckRegistrar k_registrar{{
  .id = "EVT-KRB-ETYPE",
  .title = "Kerberos tickets refused for lack of a common encryption type",
  .severity = Severity::medium,
  .cause = FallbackCause::weak_crypto,
  .description = "4769 failed with KDC_ERR_ETYPE_NOTSUPP (0xE): the KDC, the client and the service account share "
                 "no encryption type, and the client falls back to NTLM.",
  .remediation = "Align msDS-SupportedEncryptionTypes on the service account with what clients offer (AES), and "
                 "reset the account's password so AES keys exist.",
  .needs = 0,
  .kind = CheckKind::events,
}};

} // namespace
} // namespace kerbready::checks
