// GPO-NTLMV1-SSO-BLOCK: BlockNtlmv1SSO (HKLM\SYSTEM\CurrentControlSet\Control\Lsa\MSV1_0, REG_DWORD)
// set by a GPO (security template, Registry.pol or Group Policy Preferences). KB5066470, "Upcoming
// changes to NTLMv1 in Windows 11, version 24H2 and Windows Server 2025" (support.microsoft.com/
// topic/c0554217-cdbc-420f-b47c-e02b2db49b2e): 0 = Audit (event 4024 when NTLMv1-derived
// credentials are generated for single sign-on, the authentication goes on), 1 = Enforce (event
// 4025, the request is blocked). It applies only where Credential Guard is off; Microsoft moves the
// default to Enforce in a later phase of the rollout.
//
// NTLMv1-derived credentials are what MS-CHAPv2 uses in a domain: PEAP-MS-CHAPv2 / EAP-MSCHAPv2
// Wi-Fi, wired 802.1X and VPN that sign in with the Windows logon (the KB's own example). Enforce
// breaks that sign-on on 24H2 / Server 2025 machines; the way out is certificate-based EAP-TLS or
// PEAP-TLS, which NPS supports (see NPS-MSCHAPV2). Enforce: medium, it breaks a sign-on path now.
// Audit: low, listed so the 4024 events are collected before the default changes.
//
// Not reported: the value left unset (the device then follows the rollout default, which the
// directory cannot tell); values other than 0 and 1 are listed as undocumented (low).

#include "src/ad/gpo.hpp"
#include "src/ad/gpo_links.hpp"
#include "src/model/check.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_ntlmv1_sso_block(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& in_force : values_in_force(snapshot, gpo_value::block_ntlmv1_sso)) {
    const auto v = registry_dword(*in_force.value);
    if (!v) {
      continue;
    }
    const auto name = registry_value_name(gpo_value::block_ntlmv1_sso);
    const auto& policy = *in_force.policy;
    Finding f;
    f.key = fmt::format("{}|{}", in_force.key, util::to_lower(name));
    const auto where = in_force.links_evaluated ? fmt::format("for {}", in_force.scope.label)
                                                : fmt::format("in GPO {}", gpo_label(policy));
    f.subject = fmt::format("{} {}", name, where);
    std::string meaning;
    if (*v == 1) {
      meaning = "Enforce: single sign-on with NTLMv1-derived credentials is blocked (event 4025) on Windows 11 24H2 "
                "and Server 2025 without Credential Guard, so MS-CHAPv2 sign-on with the Windows logon "
                "(PEAP-MS-CHAPv2 / EAP-MSCHAPv2 Wi-Fi, 802.1X, VPN) fails there";
    } else if (*v == 0) {
      f.severity = Severity::low;
      meaning = "Audit: event 4024 lists every NTLMv1-derived sign-on (MS-CHAPv2 with the Windows logon) that "
                "Enforce will block; collect them before the default changes";
    } else {
      f.severity = Severity::low;
      meaning = "a value KB5066470 does not document (0 = Audit, 1 = Enforce)";
    }
    f.summary = fmt::format("{} = {} is in force {}: {}{}", name, *v, where, meaning,
                            in_force.links_evaluated ? std::string() : fmt::format(" ({})", k_links_not_evaluated));
    if (in_force.links_evaluated) {
      f.affected.push_back(AffectedObject{in_force.scope.dn, {}, in_force.scope.domain});
    } else {
      f.affected = gpo_affected(policy);
    }
    f.evidence.push_back(Evidence{fmt::format("{} in {}", in_force.value->path, source_file(policy, *in_force.value)),
                                  util::sanitize(in_force.value->data, 200)});
    f.evidence.push_back(Evidence{"winning GPO", in_force.source});
    findings.push_back(std::move(f));
  }
  return findings;
}

const CheckRegistrar k_registrar{{
  .id = "GPO-NTLMV1-SSO-BLOCK",
  .title = "BlockNtlmv1SSO: NTLMv1-derived single sign-on (MS-CHAPv2) audited or blocked",
  .severity = Severity::medium,
  .cause = FallbackCause::app_config,
  .description = "A GPO sets BlockNtlmv1SSO (KB5066470). Enforce (1) blocks single sign-on with NTLMv1-derived "
                 "credentials on Windows 11 24H2 / Server 2025 without Credential Guard: MS-CHAPv2 Wi-Fi, 802.1X "
                 "and VPN sign-on with the Windows logon fails. Audit (0) logs event 4024 for each such use.",
  .remediation = "Move PEAP-MS-CHAPv2 / EAP-MSCHAPv2 networks to certificate-based EAP-TLS or PEAP-TLS, collect the "
                 "4024 events in Audit mode to find the rest, then Enforce (or enable Credential Guard).",
  .needs = DataSet::domain | DataSet::sysvol,
  .find = find_ntlmv1_sso_block,
  .reads = k_value_in_force_reads,
}};

} // namespace
} // namespace kerbready::checks
