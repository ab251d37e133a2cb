// EVT-NTLM-TRUST: reported by the events join (src/events/join.hpp), which classifies each NTLM target of
// the audit events into exactly one EVT-* check, or matches it to a directory finding. This file
// declares the check (title, description, default severity and fix) so that list-checks,
// docs/checks.md, suppressions and every report know it like any other check.

#include "src/model/check.hpp"

namespace kerbready::checks {
namespace {

const CheckRegistrar k_registrar{{
  .id = "EVT-NTLM-TRUST",
  .title = "Cross-domain NTLM",
  .severity = Severity::medium,
  .cause = FallbackCause::trust,
  .description = "NTLM pass-through from a trusted domain (8006/4006, 4030/4031): typical of external trusts and "
                 "of clients without line of sight to the other domain's KDCs.",
  .remediation = "Prefer forest trusts with AES over external trusts, and make the resource domain's KDCs "
                 "reachable (or use KDC proxy) for the clients.",
  .needs = 0,
  .kind = CheckKind::events,
}};

} // namespace
} // namespace kerbready::checks
