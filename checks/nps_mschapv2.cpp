// NPS-MSCHAPV2: Network Policy Server (RADIUS) servers — enabled computers that are (transitively)
// members of "RAS and IAS Servers" (the domain-local group with RID 553, DOMAIN_ALIAS_RID_RAS_SERVERS
// in MS-DTYP 2.4.2.4, matched by SID, never by name: registering an NPS in Active Directory puts its
// computer account there), and computers holding an explicit IAS/ SPN (IAS, the Internet
// Authentication Service, is NPS's service name and a HOST alias in the default sPNMappings; no
// Microsoft document names an SPN NPS registers, so this is the only SPN form counted).
//
// PEAP-MS-CHAP v2 and EAP-MSCHAPv2 (the usual password-based Wi-Fi, 802.1X and VPN methods on NPS)
// are NTLM underneath: NPS hands the MS-CHAPv2 challenge/response to a DC, which validates it as an
// NTLM logon. So (Microsoft Core Infrastructure and Security blog, Jerry Devore's post on disabling
// NTLM, section "MS-CHAPv2"): blocking NTLM on the DCs ("Restrict NTLM: NTLM
// authentication in this domain") rejects these logons (0xC0000418, event 4004 on the DC); users in
// Protected Users cannot sign in through it (Microsoft Learn, "Protected Users Security Group":
// members cannot authenticate with NTLM; learn.microsoft.com/windows-server/security/credentials-
// protection-and-management/protected-users-security-group); and Credential Guard clients lose
// single sign-on with MS-CHAPv2 (Microsoft Learn, Credential Guard "Considerations and known
// issues", which recommends certificate-based methods instead; learn.microsoft.com/windows/security/
// identity-protection/credential-guard/considerations-known-issues). The way out is certificate-based EAP-TLS or
// PEAP-TLS, which NPS supports and which uses no NTLM.
//
// One finding per NPS server. Medium: it will break when NTLM is blocked. High when the snapshot's
// SYSVOL copy shows RestrictNTLMInDomain already in force on the domain's DCs without the server in
// DCAllowedNTLMServers: then MS-CHAPv2 through it is rejected now. The Protected Users members of
// its domain are named as the users who cannot connect through it. The directory cannot tell which
// authentication methods a server's network policies allow: a server that uses EAP-TLS only is
// reported too, and the finding says to check.
//
// Not reported: disabled computer accounts; user accounts in the group (not servers).

#include "src/ad/gpo.hpp"
#include "src/ad/gpo_links.hpp"
#include "src/ad/privilege.hpp"
#include "src/ad/spn.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace kerbready::checks {
namespace {

constexpr std::uint32_t k_ras_and_ias_servers = 553; // DOMAIN_ALIAS_RID_RAS_SERVERS
constexpr std::size_t k_named_users = 5;

struct NpsServer
{
  const Account* account = nullptr;
  std::vector<Evidence> why; // group membership, IAS/ SPNs
};

// Return whether `spn` is an IAS/ SPN.
bool
is_ias_spn(std::string_view text)
{
  const auto spn = parse_spn(text);
  return spn && util::iequals(spn->service_class, "ias");
}

// Return the NPS servers of `snapshot`, by DN.
std::map<std::string, NpsServer>
nps_servers(const Snapshot& snapshot, const GroupGraph& graph)
{
  std::map<std::string, NpsServer> servers;
  for (const auto* group : graph.groups_with_rid(k_ras_and_ias_servers)) {
    for (const auto* member : graph.members(*group)) {
      if (member->kind != AccountKind::computer || !member->is_enabled()) {
        continue;
      }
      auto& s = servers[util::normalize_dn(member->dn)];
      s.account = member;
      s.why.push_back(Evidence{fmt::format("member of {}", group_label(*group)), group->dn});
    }
  }
  for (const auto& a : snapshot.accounts) {
    if (a.kind != AccountKind::computer || !a.is_enabled()) {
      continue;
    }
    for (const auto& spn : a.service_principal_names) {
      if (is_ias_spn(spn)) {
        auto& s = servers[util::normalize_dn(a.dn)];
        s.account = &a;
        s.why.push_back(Evidence{fmt::format("servicePrincipalName of {}", a.dn), util::sanitize(spn, 300)});
      }
    }
  }
  return servers;
}

// Return the RestrictNTLMInDomain value in force on the DCs of `domain` that does not except
// `server`, or nullptr (not in force, 0, excepted, or no SYSVOL copy).
const ValueInForce*
blocking_without_exception(const std::vector<ValueInForce>& restrict_values, const Snapshot& snapshot,
                           const Account& server)
{
  for (const auto& in_force : restrict_values) {
    if (in_force.links_evaluated && in_force.scope.kind != ScopeKind::domain_controllers) {
      continue;
    }
    const auto& domain = in_force.links_evaluated ? in_force.scope.domain : in_force.policy->domain;
    if (!domain.empty() && !util::iequals(domain, server.domain)) {
      continue;
    }
    const auto v = registry_dword(*in_force.value);
    if (!v || *v == 0) {
      continue;
    }
    std::string short_name = server.sam_account_name.str();
    if (!short_name.empty() && short_name.back() == '$') {
      short_name.pop_back();
    }
    bool excepted = false;
    if (const auto* list = value_alongside(snapshot, in_force, gpo_value::dc_allowed_ntlm_servers)) {
      for (const auto& entry : ntlm_exception_entries(list->data)) {
        excepted = excepted || ntlm_exception_matches(entry, short_name) ||
                   (!server.dns_host_name.empty() && ntlm_exception_matches(entry, server.dns_host_name));
      }
    }
    if (!excepted) {
      return &in_force;
    }
  }
  return nullptr;
}

std::vector<Finding>
find_nps_mschapv2(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  const auto& graph = group_graph(snapshot);
  const auto servers = nps_servers(snapshot, graph);
  if (servers.empty()) {
    return findings;
  }
  const auto restrict_values = values_in_force(snapshot, gpo_value::restrict_ntlm_in_domain);
  for (const auto& [dn, server] : servers) {
    const Account& a = *server.account;
    const auto name = util::sanitize(a.dns_host_name.empty() ? a.sam_account_name : a.dns_host_name, 300);
    Finding f;
    f.subject = name;
    f.key = dn;
    f.affected.push_back(affected(a));
    f.evidence = server.why;
    std::string blocked;
    if (const auto* in_force = blocking_without_exception(restrict_values, snapshot, a)) {
      f.severity = Severity::high;
      blocked = fmt::format("; RestrictNTLMInDomain = {} is already in force {} and DCAllowedNTLMServers does not "
                            "name this server, so MS-CHAPv2 logons through it are rejected now (0xC0000418)",
                            util::sanitize(in_force->value->data, 40), in_force->scope.label);
      f.evidence.push_back(Evidence{"winning GPO (RestrictNTLMInDomain)", in_force->source});
    }
    std::vector<std::string> protected_users;
    std::size_t protected_count = 0;
    if (const auto* pu = graph.group_of_domain(a.domain, rid::protected_users)) {
      for (const auto* member : graph.members(*pu)) {
        if (member->kind != AccountKind::user || !member->is_enabled()) {
          continue;
        }
        ++protected_count;
        if (protected_users.size() < k_named_users) {
          protected_users.push_back(util::sanitize(member->sam_account_name, 100));
        }
      }
    }
    std::string pu_text;
    if (protected_count > 0) {
      pu_text =
        fmt::format("; the {} member(s) of Protected Users in {} ({}{}) cannot sign in through it", protected_count,
                    a.domain, fmt::join(protected_users, ", "), protected_count > protected_users.size() ? ", …" : "");
      f.evidence.push_back(
        Evidence{fmt::format("Protected Users members in {}", a.domain), fmt::format("{}", protected_count)});
    }
    f.summary = fmt::format("{} is an NPS (RADIUS) server: PEAP-MS-CHAP v2 / EAP-MSCHAPv2 through it is NTLM "
                            "validated by the DCs, so blocking NTLM on the DCs breaks it, Protected Users members "
                            "and Credential Guard clients cannot use it{}{}",
                            name, blocked, pu_text);
    f.remediation = fmt::format(
      "Check the network policies of {} (NPS console, Network Policies, Constraints, Authentication Methods): "
      "replace PEAP-MS-CHAP v2 / EAP-MSCHAPv2 with certificate-based EAP-TLS or PEAP-TLS (a computer or user "
      "certificate on each client, a server certificate on the NPS). Until then, add the server to \"Network "
      "security: Restrict NTLM: Add server exceptions in this domain\" (DCAllowedNTLMServers) before blocking NTLM "
      "on the DCs, and keep the users who connect through it out of Protected Users.",
      name);
    findings.push_back(std::move(f));
  }
  return findings;
}

// The directory attributes behind the snapshot fields this check reads, directly or through
// src/ad helpers (Check::reads).
constexpr AttributeRead k_reads[] = {
  {DirectoryObject::account, "sAMAccountName"},
  {DirectoryObject::account, "objectSid"},
  {DirectoryObject::account, "userAccountControl"},
  {DirectoryObject::account, "primaryGroupID"},
  {DirectoryObject::account, "memberOf"},
  {DirectoryObject::account, "servicePrincipalName"},
  {DirectoryObject::account, "dNSHostName"},
  {DirectoryObject::group, "sAMAccountName"},
  {DirectoryObject::group, "objectSid"},
  {DirectoryObject::group, "member"},
  {DirectoryObject::domain, "gPLink"},
  {DirectoryObject::domain, "gPOptions"},
  {DirectoryObject::organizational_unit, "gPLink"},
  {DirectoryObject::organizational_unit, "gPOptions"},
  {DirectoryObject::gpo, "displayName"},
  {DirectoryObject::gpo, "flags"},
  {DirectoryObject::site, "gPLink"},
};

const CheckRegistrar k_registrar{{
  .id = "NPS-MSCHAPV2",
  .title = "NPS/RADIUS server: PEAP-MS-CHAP v2 is NTLM underneath",
  .severity = Severity::medium,
  .cause = FallbackCause::app_config,
  .description = "A computer in \"RAS and IAS Servers\" (RID 553) or holding an IAS/ SPN is an NPS (RADIUS) server. "
                 "PEAP-MS-CHAP v2 and EAP-MSCHAPv2 through it are validated by the DCs as NTLM: blocking NTLM on the "
                 "DCs rejects them, Protected Users members and Credential Guard clients cannot use them. High when "
                 "RestrictNTLMInDomain is already in force without an exception for the server.",
  .remediation = "Move the NPS network policies to EAP-TLS or PEAP-TLS (certificates); until then except the NPS "
                 "servers in DCAllowedNTLMServers and keep their users out of Protected Users.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_nps_mschapv2,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
