// EVT-NTLM-DC-CONNECTIVITY: reported by the events join (src/events/join.hpp). A domain member that
// authenticates with NTLM to domain controllers, or whose 4020-series events give reason 9 ("no line
// of sight to a domain controller", KB5064479), and for which no Kerberos event of the input names
// it or its addresses, is most likely unable to reach a KDC (firewall, site/subnet mapping, DNS SRV
// records), so Negotiate falls back to NTLM.
//
// Deliberately conservative: it never fires when the same client has Kerberos events in the input,
// nor for a client with no address in the events (4768/4769 name clients by address only), nor
// when the DCs it used NTLM with logged no Kerberos events at all (their logs may simply be
// missing). Each finding states its confidence: high with reason 9 and Kerberos events to compare
// with, medium otherwise.

#include "src/model/check.hpp"

namespace kerbready::checks {
namespace {

const CheckRegistrar k_registrar{{
  .id = "EVT-NTLM-DC-CONNECTIVITY",
  .title = "NTLM from members that show no Kerberos",
  .severity = Severity::medium,
  .cause = FallbackCause::dc_connectivity,
  .description = "A domain member used NTLM to domain controllers (or its 4020-series events give reason 9, no "
                 "line of sight to a DC; KB5064479) and no Kerberos event in the input names it or its addresses: it "
                 "probably cannot reach a KDC. Never reported for a client with Kerberos events; the finding states "
                 "how sure it is.",
  .remediation = "From the client, check that it finds and reaches a KDC: nltest /dsgetdc:<domain> /kdc, the "
                 "_kerberos._tcp SRV records of its site, TCP/UDP 88 to the DCs, and the AD site and subnet that "
                 "covers its address; then confirm with klist that it obtains tickets.",
  .needs = 0,
  .kind = CheckKind::events,
}};

} // namespace
} // namespace kerbready::checks
