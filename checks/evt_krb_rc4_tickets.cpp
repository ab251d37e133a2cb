// EVT-KRB-RC4-TICKETS: reported by the events join (src/events/join.hpp) from 4769 events whose
// TicketEncryptionType is RC4 (0x17/0x18): the KDC still encrypts service tickets for the account
// with its RC4 key. The extended fields added to 4768/4769 in January 2025 (SessionKeyEncryptionType,
// ClientAdvertizedEncryptionTypes, ServiceAvailableKeys; see the 4769 page on Microsoft Learn) say
// why. When a directory encryption finding (ENC-*) is about the same account, the tickets become
// evidence on it and no finding of this check is made.

#include "src/model/check.hpp"

namespace kerbready::checks {
namespace {

const CheckRegistrar k_registrar{{
  .id = "EVT-KRB-RC4-TICKETS",
  .title = "Accounts still given RC4 service tickets",
  .severity = Severity::medium,
  .cause = FallbackCause::weak_crypto,
  .description = "4769 successes with an RC4 ticket (TicketEncryptionType 0x17/0x18) by service account, with the "
                 "session key etype, the client's advertised etypes and the account's keys when the event has them. "
                 "Evidence on the account's ENC-* finding when there is one.",
  .remediation = "Reset the account's password so that it has AES keys, and set msDS-SupportedEncryptionTypes to "
                 "AES (0x18) once its clients advertise AES.",
  .needs = 0,
  .kind = CheckKind::events,
}};

} // namespace
} // namespace kerbready::checks
