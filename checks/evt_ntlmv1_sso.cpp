// EVT-NTLMV1-SSO: reported by the events join (src/events/join.hpp) from events 4024 and 4025 of
// Microsoft-Windows-NTLM/Operational (Windows 11 24H2, Windows Server 2025; KB5066470, "Upcoming
// changes to NTLMv1"). They record the use of NTLMv1-derived credentials for single sign-on (for
// example MS-CHAPv2 on a domain-joined machine): 4024 audits it (BlockNtlmv1SSO = 0), 4025 records
// that it was refused (BlockNtlmv1SSO = 1, the default from the enforcement date). Credential Guard
// devices log neither. A finding is high when a refusal was logged (it already broke), medium when
// only audits were.

#include "src/model/check.hpp"

namespace kerbready::checks {
namespace {

const CheckRegistrar k_registrar{{
  .id = "EVT-NTLMV1-SSO",
  .title = "NTLMv1-derived credentials used for single sign-on",
  .severity = Severity::medium,
  .cause = FallbackCause::weak_crypto,
  .description = "Events 4024 (audit) and 4025 (refused under BlockNtlmv1SSO) of the NTLM Operational log, by "
                 "client (KB5066470): an application derives NTLMv1 credentials for single sign-on (MS-CHAPv2 and "
                 "the like). High when a 4025 shows it was already refused.",
  .remediation = "Move the application off NTLMv1-derived credentials (for VPN/Wi-Fi, PEAP-MSCHAPv2 to EAP-TLS or "
                 "another certificate-based method), or enable Credential Guard on the client; keep BlockNtlmv1SSO "
                 "in audit (0) only until then.",
  .needs = 0,
  .kind = CheckKind::events,
}};

} // namespace
} // namespace kerbready::checks
