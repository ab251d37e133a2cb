// GPO-NTLM-AUDIT-OFF: NTLM auditing that no GPO enables: AuditNTLMInDomain on DCs (events 8004–
// 8006), AuditReceivingNTLMTraffic on servers (8002/8003), and outgoing auditing
// (RestrictSendingNTLMTraffic = 1, "audit all": 8001).
//
// Without these events nobody can see which clients, servers and applications still use NTLM, so
// blocking it is a guess (Microsoft's NTLM-retirement guidance starts with exactly these three
// settings). One finding per domain and setting when no GPO of the SYSVOL copy enables it, or a GPO
// sets it to 0. Medium. With GPO links in the snapshot (src/ad/gpo_links.hpp) the value in force is
// evaluated where it matters: AuditNTLMInDomain for the Domain Controllers OU, the other two for the
// domain root (all members; OU GPOs that enable them for part of the members are named in the
// evidence). Without link data a GPO enabling auditing but linked nowhere still counts as enabling
// it (so this check can miss, but not invent, a gap), and the finding says so.
//
// Not reported: settings some GPO enables; domains with no GPO in the SYSVOL copy (their policy is
// unknown: the copy is another domain's SYSVOL).

#include "src/ad/gpo.hpp"
#include "src/ad/gpo_links.hpp"
#include "src/model/check.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kerbready::checks {
namespace {

struct AuditSetting
{
  std::string_view path;
  std::uint32_t recommended;
  const char* what;
  const char* policy_name;
};

constexpr AuditSetting k_settings[] = {
  {gpo_value::audit_ntlm_in_domain, 7, "NTLM authentication in the domain is not audited on DCs (events 8004-8006)",
   "Network security: Restrict NTLM: Audit NTLM authentication in this domain = Enable all (DCs)"},
  {gpo_value::audit_receiving_ntlm, 2, "incoming NTLM traffic is not audited on servers (events 8002/8003)",
   "Network security: Restrict NTLM: Audit Incoming NTLM Traffic = Enable auditing for all accounts"},
  {gpo_value::restrict_sending_ntlm, 1, "outgoing NTLM traffic is not audited on clients (event 8001)",
   "Network security: Restrict NTLM: Outgoing NTLM traffic to remote servers = Audit all"},
};

// With links: a finding when the value in force for the scope that reads it is unset or 0.
void
find_linked_gaps(const Snapshot& snapshot, const Domain& domain, std::vector<Finding>& findings)
{
  const auto scopes = gpo_scopes(snapshot, domain);
  const GpoLinkIndex index(snapshot);
  for (const auto& setting : k_settings) {
    const auto kind =
      setting.path == gpo_value::audit_ntlm_in_domain ? ScopeKind::domain_controllers : ScopeKind::domain_members;
    const auto scope = std::find_if(scopes.begin(), scopes.end(), [&](const GpoScope& s) { return s.kind == kind; });
    if (scope == scopes.end()) {
      continue;
    }
    const auto applied = index.gpos_applying_to(scope->dn);
    const auto eff = effective_value(applied, setting.path);
    const auto v = eff.value != nullptr ? registry_dword(*eff.value) : std::nullopt;
    if (v && *v != 0) {
      continue;
    }
    Finding f;
    const auto name = registry_value_name(setting.path);
    f.subject = fmt::format("{} in {}", name, domain.dns_name);
    f.key = util::to_lower(fmt::format("{}|{}", domain.dns_name, name));
    f.summary = fmt::format("In {}, {}: {} for {}", domain.dns_name, setting.what,
                            eff.value == nullptr ? "no GPO linked there enables it" : "the GPO in force sets it to 0",
                            scope->label);
    f.affected.push_back(AffectedObject{domain.dn, domain.netbios_name, domain.dns_name});
    if (eff.value != nullptr) {
      f.evidence.push_back(Evidence{describe(*eff.source), eff.value->data});
    }
    // OUs whose own GPOs enable it cover part of the members only.
    if (kind == ScopeKind::domain_members) {
      for (const auto& ou : scopes) {
        if (ou.kind != ScopeKind::ou) {
          continue;
        }
        const auto ou_applied = index.gpos_applying_to(ou.dn);
        const auto ou_eff = effective_value(ou_applied, setting.path);
        const auto ou_v = ou_eff.value != nullptr ? registry_dword(*ou_eff.value) : std::nullopt;
        if (ou_v && *ou_v != 0) {
          f.evidence.push_back(Evidence{fmt::format("enabled for {} only, by {}", ou.label, describe(*ou_eff.source)),
                                        ou_eff.value->data});
        }
      }
    }
    f.remediation = fmt::format("Enable \"{}\" ({}={}) in a GPO linked to the {}, and collect the "
                                "Microsoft-Windows-NTLM/Operational log.",
                                setting.policy_name, name, setting.recommended,
                                kind == ScopeKind::domain_controllers ? "Domain Controllers OU" : "domain");
    findings.push_back(std::move(f));
  }
}

std::vector<Finding>
find_audit_gaps(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& domain : snapshot.domains) {
    if (gpo_links_known(snapshot, domain.dns_name)) {
      find_linked_gaps(snapshot, domain, findings);
      continue;
    }
    // A domain none of whose GPOs is in the SYSVOL copy (another domain's SYSVOL was given): its
    // policy is unknown, not "auditing off". GPOs whose container was not read count for every domain.
    const auto& policies = snapshot.gpo_policies;
    const bool in_copy = std::any_of(policies.begin(), policies.end(), [&](const GpoPolicy& p) {
      return p.domain.empty() || util::iequals(p.domain, domain.dns_name);
    });
    if (!in_copy) {
      continue;
    }
    for (const auto& setting : k_settings) {
      bool enabled = false;
      std::vector<Evidence> zeros;
      for (const auto& policy : snapshot.gpo_policies) {
        if (!policy.domain.empty() && !util::iequals(policy.domain, domain.dns_name)) {
          continue;
        }
        const auto* value = find_registry_value(policy, setting.path);
        const auto v = value != nullptr ? registry_dword(*value) : std::nullopt;
        if (!v) {
          continue;
        }
        // Outgoing: 1 audits, 2 denies (and logs 4001); both mean NTLM use is visible.
        if (*v != 0) {
          enabled = true;
        } else {
          zeros.push_back(Evidence{fmt::format("{} in {}", value->path, gpo_label(policy)), "0"});
        }
      }
      if (enabled) {
        continue;
      }
      Finding f;
      const auto name = registry_value_name(setting.path);
      f.subject = fmt::format("{} in {}", name, domain.dns_name);
      f.key = util::to_lower(fmt::format("{}|{}", domain.dns_name, name));
      f.summary = fmt::format("In {}, {}: {} ({})", domain.dns_name, setting.what,
                              zeros.empty() ? "no GPO in the SYSVOL copy enables it" : "a GPO sets it to 0",
                              k_links_not_evaluated);
      f.affected.push_back(AffectedObject{domain.dn, domain.netbios_name, domain.dns_name});
      f.evidence = std::move(zeros);
      f.remediation = fmt::format("Enable \"{}\" ({}={}) in a GPO linked to the systems concerned, and collect the "
                                  "Microsoft-Windows-NTLM/Operational log.",
                                  setting.policy_name, name, setting.recommended);
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
  .id = "GPO-NTLM-AUDIT-OFF",
  .title = "NTLM auditing not enabled by any GPO",
  .severity = Severity::medium,
  .cause = FallbackCause::app_config,
  .description = "No GPO enables AuditNTLMInDomain (DCs), AuditReceivingNTLMTraffic (servers) or outgoing NTLM "
                 "auditing (RestrictSendingNTLMTraffic=1), or a GPO sets one to 0. Without these events the "
                 "remaining NTLM use cannot be measured before blocking.",
  .remediation = "Enable the three Restrict NTLM audit policies (AuditNTLMInDomain=7 on DCs, "
                 "AuditReceivingNTLMTraffic=2, RestrictSendingNTLMTraffic=1).",
  .needs = DataSet::domain | DataSet::sysvol,
  .find = find_audit_gaps,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
