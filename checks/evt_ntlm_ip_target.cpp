// EVT-NTLM-IP-TARGET: reported by the events join (src/events/join.hpp), which classifies each NTLM target of
// the audit events into exactly one EVT-* check, or matches it to a directory finding. This file
// declares the check (title, description, default severity and fix) so that list-checks,
// docs/checks.md, suppressions and every report know it like any other check.

#include "src/model/check.hpp"

namespace kerbready::checks {
namespace {

const CheckRegistrar k_registrar{{
  .id = "EVT-NTLM-IP-TARGET",
  .title = "NTLM to a server addressed by IP",
  .severity = Severity::medium,
  .cause = FallbackCause::ip_or_alias,
  .description = "Clients reached a server by IP address; Windows does not ask for a Kerberos ticket for an IP "
                 "target unless TryIPSPN is set and an IP SPN exists.",
  .remediation = "Make clients use the DNS name; where IP access must stay, register the IP SPN and set TryIPSPN.",
  .needs = 0,
  .kind = CheckKind::events,
}};

} // namespace
} // namespace kerbready::checks
