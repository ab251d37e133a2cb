// EVT-NTLM-UNEXPLAINED: reported by the events join (src/events/join.hpp), which classifies each NTLM target of
// the audit events into exactly one EVT-* check, or matches it to a directory finding. This file
// declares the check (title, description, default severity and fix) so that list-checks,
// docs/checks.md, suppressions and every report know it like any other check.

#include "src/model/check.hpp"

namespace kerbready::checks {
namespace {

const CheckRegistrar k_registrar{{
  .id = "EVT-NTLM-UNEXPLAINED",
  .title = "NTLM traffic with no directory explanation",
  .severity = Severity::low,
  .cause = FallbackCause::app_config,
  .description = "NTLM to a target whose SPN exists once and that no directory finding covers: the application "
                 "probably asks for NTLM itself (or the events lack the target name). Investigate the process.",
  .remediation = "Look at the client processes in the events (8001/4020 ProcessName) and their configuration "
                 "(hard-coded NTLM, wrong SPN in a connection string, Negotiate disabled).",
  .needs = 0,
  .kind = CheckKind::events,
}};

} // namespace
} // namespace kerbready::checks
