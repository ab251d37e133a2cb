// GPO-NTLM-LMCOMPAT: LmCompatibilityLevel ("Network security: LAN Manager authentication level")
// that allows LM or NTLMv1: below 3 anywhere, below 5 on domain controllers.
//
// The level means two things (Microsoft Learn, "Network security: LAN Manager authentication
// level", Possible values): what a machine sends as a client (0-2 send LM/NTLMv1 responses,
// 3-5 NTLMv2 only) and what a domain controller accepts (0-3 accept LM, NTLM and NTLMv2; 4
// refuses LM but accepts NTLM(v1); only 5 refuses LM and NTLMv1). LM/NTLMv1 responses are
// crackable and relayable; Microsoft's NTLM guidance says to address NTLMv1 before blocking NTLM.
// So: levels 0-2 in force anywhere are high (clients send them, DCs accept them); levels 3-4 in
// force for domain controllers, and the Windows default (3) where no GPO sets the value for them,
// are medium (DCs still accept NTLMv1 from any client that sends it).
//
// Read from the SYSVOL copy (scan --sysvol); without it the check is "not evaluated", never "no
// findings" (PingCastle #255). With GPO links in the snapshot (gPLink/gPOptions,
// src/ad/gpo_links.hpp) the effective value is evaluated per scope: domain members (the domain root),
// domain controllers, and each OU with its own links; the evidence names the winning GPO and link.
// Without link data (older snapshots) each GPO that sets a level below 3 is reported, and the
// finding says links were not evaluated; which GPO reaches the DCs cannot be told then, so DCs at
// 3-4 or the default are not reported.
//
// Not reported: level 5 anywhere; levels 3-4 outside the domain controllers scope; members where
// no GPO sets the value (the default, 3, sends NTLMv2 only).

#include "src/ad/gpo.hpp"
#include "src/ad/gpo_links.hpp"
#include "src/model/check.hpp"

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

constexpr const char* k_fix =
  "Set \"Network security: LAN Manager authentication level\" to \"Send NTLMv2 response only. Refuse LM & NTLM\" "
  "(5), after finding NTLMv1 users in the DCs' 4624/4776 events (Server 2025 DCs: NTLMv1 audit events).";

std::vector<Finding>
find_weak_lm_compat(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& in_force : values_in_force(snapshot, gpo_value::lm_compatibility_level)) {
    const auto level = registry_dword(*in_force.value);
    const bool dcs = in_force.links_evaluated && in_force.scope.kind == ScopeKind::domain_controllers;
    if (!level || *level >= (dcs ? 5u : 3u)) {
      continue;
    }
    const auto& policy = *in_force.policy;
    Finding f;
    f.key = in_force.key;
    if (dcs && *level >= 3) {
      f.severity = Severity::medium;
      f.subject = fmt::format("LmCompatibilityLevel for {}", in_force.scope.label);
      f.summary = fmt::format("LmCompatibilityLevel {} is in force for {}: they accept NTLMv1{} responses from "
                              "clients; only level 5 refuses them",
                              *level, in_force.scope.label, *level == 3 ? " and LM" : "");
      f.affected.push_back(AffectedObject{in_force.scope.dn, {}, in_force.scope.domain});
      f.tier0 = true;
    } else if (in_force.links_evaluated) {
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
    f.remediation = k_fix;
    findings.push_back(std::move(f));
  }
  // Domain controllers where no GPO sets the value: the Windows default, 3, accepts LM and NTLMv1.
  const std::string path(gpo_value::lm_compatibility_level);
  for (const auto& domain : snapshot.domains) {
    if (!gpo_links_known(snapshot, domain.dns_name)) {
      continue;
    }
    for (const auto& scope : gpo_scopes(snapshot, domain)) {
      if (scope.kind != ScopeKind::domain_controllers ||
          effective_value(gpos_applying_to(snapshot, scope.dn), path).value != nullptr) {
        continue;
      }
      Finding f;
      f.key = scope_key(scope);
      f.severity = Severity::medium;
      f.subject = fmt::format("LmCompatibilityLevel for {}", scope.label);
      f.summary = fmt::format("No GPO in force sets LmCompatibilityLevel for {}: the Windows default, 3, accepts LM "
                              "and NTLMv1 responses from clients; only level 5 refuses them",
                              scope.label);
      f.affected.push_back(AffectedObject{scope.dn, {}, scope.domain});
      f.tier0 = true;
      f.evidence.push_back(
        Evidence{fmt::format("{} for {}", path, scope.dn), "not set by any GPO in force (default 3)"});
      f.remediation = k_fix;
      findings.push_back(std::move(f));
    }
  }
  return findings;
}

// The directory attributes behind the snapshot fields this check reads, directly or through
// src/ad helpers (Check::reads).
constexpr AttributeRead k_reads[] = {
  {DirectoryObject::domain, "gPLink"},
  {DirectoryObject::domain, "gPOptions"},
  {DirectoryObject::organizational_unit, "gPLink"},
  {DirectoryObject::organizational_unit, "gPOptions"},
  {DirectoryObject::gpo, "displayName"},
  {DirectoryObject::gpo, "flags"},
  {DirectoryObject::cross_ref, "dnsRoot"},
  {DirectoryObject::cross_ref, "nETBIOSName"},
  {DirectoryObject::site, "gPLink"},
};

const CheckRegistrar k_registrar{{
  .id = "GPO-NTLM-LMCOMPAT",
  .title = "LM/NTLMv1 allowed (LmCompatibilityLevel < 3, or < 5 on DCs)",
  .severity = Severity::high,
  .cause = FallbackCause::app_config,
  .description = "LmCompatibilityLevel 0–2 in force anywhere lets clients send LM or NTLMv1 responses (high); levels "
                 "3–4 or the default (3) on domain controllers let them accept NTLMv1 (medium; only 5 refuses it). "
                 "Read from SYSVOL (scan --sysvol); evaluated per scope (domain members, DCs, OUs with links) from "
                 "gPLink.",
  .remediation = "Set LAN Manager authentication level to 5 (NTLMv2 only, refuse LM & NTLM).",
  .needs = DataSet::domain | DataSet::sysvol,
  .find = find_weak_lm_compat,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
