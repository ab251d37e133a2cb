// EVT-KRB-RC4-AUDIT: reported by the events join (src/events/join.hpp) from the KDCSVC audit events
// of the System log on domain controllers (KB5073381, CVE-2026-20833): 201/202 (the service has no
// msDS-SupportedEncryptionTypes and the client advertises only RC4, or the account has no AES
// keys) and 206/207 (the service accepts only AES but the client does not advertise it, or the
// account has no AES keys). Tickets for these accounts still rely on RC4 and will be refused once
// the KDC's default becomes AES-only. 205 (DefaultDomainSupportedEncTypes enables RC4 explicitly on
// a DC) is reported here too, at low, against the DC.

#include "src/model/check.hpp"

namespace kerbready::checks {
namespace {

const CheckRegistrar k_registrar{{
  .id = "EVT-KRB-RC4-AUDIT",
  .title = "KDC audit: RC4 tickets that break when RC4 goes",
  .severity = Severity::medium,
  .cause = FallbackCause::weak_crypto,
  .description = "KDCSVC events 201, 202, 206 and 207 (KB5073381, CVE-2026-20833) by service account: the KDC "
                 "issued a ticket that depends on RC4 and will refuse it in the enforcement phase; 205 by DC (low).",
  .remediation = "Give the account AES keys (reset its password once the domain functional level is 2008 or "
                 "later) and make sure its clients advertise AES; set msDS-SupportedEncryptionTypes explicitly only "
                 "where RC4 must stay for now.",
  .needs = 0,
  .kind = CheckKind::events,
}};

} // namespace
} // namespace kerbready::checks
