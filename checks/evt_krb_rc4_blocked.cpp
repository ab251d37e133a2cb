// EVT-KRB-RC4-BLOCKED: reported by the events join (src/events/join.hpp) from the KDCSVC
// enforcement events of the System log on domain controllers (KB5073381, CVE-2026-20833): 203/204
// and 208/209, the blocked twins of 201/202 and 206/207. The KDC refused a service ticket because
// it would have needed RC4: that authentication already fails (and Negotiate may fall back to
// NTLM). High, as something broke.

#include "src/model/check.hpp"

namespace kerbready::checks {
namespace {

const CheckRegistrar k_registrar{{
  .id = "EVT-KRB-RC4-BLOCKED",
  .title = "KDC refused RC4 tickets",
  .severity = Severity::high,
  .cause = FallbackCause::weak_crypto,
  .description = "KDCSVC events 203, 204, 208 and 209 (KB5073381, CVE-2026-20833) by service account: the KDC "
                 "refused a ticket that needed RC4, so the authentication failed or fell back.",
  .remediation = "Give the account AES keys (reset its password) and update clients that advertise only RC4; as "
                 "a stopgap while the rollback exists, allow RC4 for that account alone through its "
                 "msDS-SupportedEncryptionTypes.",
  .needs = 0,
  .kind = CheckKind::events,
}};

} // namespace
} // namespace kerbready::checks
