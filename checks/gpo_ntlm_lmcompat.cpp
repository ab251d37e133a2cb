// GPO-NTLM-LMCOMPAT: GPOs that set LmCompatibilityLevel below 3 ("Network security: LAN Manager
// authentication level" allowing LM or NTLMv1 responses).
//
// Levels 0–2 let clients send LM/NTLMv1 responses, which are crackable and relayable; Microsoft's
// NTLM guidance says to address NTLMv1 before blocking NTLM at all. Read from the SYSVOL copy
// (scan --sysvol); without it the check is "not evaluated", never "no findings" (PingCastle #255).
// With GPO links in the snapshot (gPLink/gPOptions, src/gpo_links.hpp) the effective value is
// evaluated per scope: domain members (the domain root), domain controllers, and each OU with its
// own links; the evidence names the winning GPO and link. Without link data (older snapshots) each
// GPO that sets a weak value is reported, and the finding says links were not evaluated. High.
//
// Not reported: levels 3–5, GPOs that do not set the value (the OS default, 3 on current Windows).

#include "src/check.hpp"
#include "src/gpo.hpp"
#include "src/gpo_links.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

const char*
level_meaning(std::uint32_t level)
{
  switch (level) {
  case 0:
    return "send LM and NTLM responses";
  case 1:
    return "send LM and NTLM, NTLMv2 session security if negotiated";
  case 2:
    return "send NTLM response only";
  default:
    return "NTLMv2 or stricter";
  }
}

std::vector<Finding>
find_weak_lm_compat(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& in_force : values_in_force(snapshot, gpo_value::lm_compatibility_level)) {
    const auto level = registry_dword(*in_force.value);
    if (!level || *level >= 3) {
      continue;
    }
    const auto& policy = *in_force.policy;
    Finding f;
    f.key = in_force.key;
    if (in_force.links_evaluated) {
      f.subject = fmt::format("LmCompatibilityLevel for {}", in_force.scope.label);
      f.summary = fmt::format("LmCompatibilityLevel {} ({}) is in force for {}: LM/NTLMv1 responses are allowed there",
                              *level, level_meaning(*level), in_force.scope.label);
      f.affected.push_back(AffectedObject{in_force.scope.dn, {}, in_force.scope.domain});
      f.tier0 = in_force.scope.kind == ScopeKind::domain_controllers;
    } else {
      f.subject = gpo_label(policy);
      f.summary = fmt::format("GPO {} sets LmCompatibilityLevel {} ({}): LM/NTLMv1 responses are allowed wherever it "
                              "applies ({})",
                              f.subject, *level, level_meaning(*level), k_links_not_evaluated);
      f.affected = gpo_affected(policy);
    }
    f.evidence.push_back(Evidence{fmt::format("{} in {}", in_force.value->path, source_file(policy, *in_force.value)),
                                  in_force.value->data});
    f.evidence.push_back(Evidence{"winning GPO", in_force.source});
    f.remediation = "Set \"Network security: LAN Manager authentication level\" to \"Send NTLMv2 response only. Refuse "
                    "LM & NTLM\" (5), after finding NTLMv1 users in the DCs' 4624/4776 events (Server 2025 DCs: "
                    "NTLMv1 audit events).";
    findings.push_back(std::move(f));
  }
  return findings;
}

const CheckRegistrar k_registrar{{
  .id = "GPO-NTLM-LMCOMPAT",
  .title = "GPO allows LM/NTLMv1 (LmCompatibilityLevel < 3)",
  .severity = Severity::high,
  .cause = FallbackCause::app_config,
  .description = "A GPO's security template sets LmCompatibilityLevel 0–2, allowing LM or NTLMv1 responses. Read from "
                 "SYSVOL (scan --sysvol); evaluated per scope (domain members, DCs, OUs with links) from gPLink.",
  .remediation = "Set LAN Manager authentication level to 5 (NTLMv2 only, refuse LM & NTLM).",
  .needs = DataSet::domain | DataSet::sysvol,
  .find = find_weak_lm_compat,
}};

} // namespace
} // namespace kerbready::checks
