// DFS-DOMAIN-REFERRAL: domain-based DFS namespaces (\\<domain>\<namespace>), whose first step —
// the referral from a DC — non-domain-joined Windows and third-party SMB clients can only do with
// NTLM.
//
// No account holds cifs/<domain name>, so the TGS-REQ for \\corp.example.com\public fails. A
// domain-joined Windows client then asks for a ticket to the DC it talks to (cifs/dc1…) and the
// referral keeps working when DCs refuse NTLM; non-joined Windows machines, Linux/macOS, NAS,
// printers and scanners do not know that fallback and use NTLM to the DC, so blocking NTLM on DCs
// breaks their namespace access. The directory cannot tell whether such clients exist: the
// finding is low and names what settles it (DC events 8004 with non-domain workstation names, or
// 4776 on DCs naming the namespace's domain as the server). One finding per namespace.
//
// Not reported: stand-alone namespaces (not in the directory); namespaces whose targets could not
// be decoded are still reported (the referral path does not depend on the targets).

#include "src/ad/dfs.hpp"
#include "src/ad/spn.hpp"
#include "src/model/check.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

// Return "public" for \\corp.example.com\public.
std::string
namespace_of(std::string_view name)
{
  const auto slash = name.find_last_of('\\');
  return std::string(slash == std::string_view::npos ? name : name.substr(slash + 1));
}

std::vector<Finding>
find_domain_referrals(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  const auto& spns = spn_index(snapshot);
  for (const auto& ns : dfs_namespaces(snapshot)) {
    Finding f;
    f.subject = ns.name;
    f.key = util::to_lower(ns.dn);
    f.summary = fmt::format("{} is a domain-based namespace: clients not joined to {} (and third-party SMB clients) "
                            "get its referral from a DC with NTLM and lose it when DCs refuse NTLM; whether such "
                            "clients exist is unknown from the directory",
                            ns.name, ns.domain.empty() ? "the domain" : ns.domain);
    f.affected.push_back(AffectedObject{ns.dn, "", ns.domain});
    f.evidence.push_back(Evidence{"namespace object", ns.dn});
    f.evidence.push_back(Evidence{"version", ns.version == DfsVersion::v1 ? "v1 (fTDfs)" : "v2 (msDFS-Namespacev2)"});
    f.evidence.push_back(Evidence{"namespace servers", std::to_string(ns.root_targets.size())});
    if (!ns.domain.empty()) {
      const auto spn = util::to_lower("cifs/" + ns.domain);
      const auto it = spns.find(spn);
      f.evidence.push_back(Evidence{fmt::format("accounts holding {}", spn), it == spns.end() || it->second.empty()
                                                                               ? "none (as Windows expects)"
                                                                               : std::to_string(it->second.size())});
    }
    f.remediation = fmt::format(
      "Find the clients first: enable \"Audit NTLM authentication in this domain\" on DCs and look for event 8004 "
      "from workstations that are not domain members, or 4776 on DCs at the times they open {}. Then give them a "
      "path with Kerberos: join them to the domain, or point them at a namespace server directly "
      "(\\\\<server>\\{}), or keep NTLM allowed on the DCs for them until they are replaced.",
      ns.name, namespace_of(ns.name));
    findings.push_back(std::move(f));
  }
  return findings;
}

// The directory attributes behind the snapshot fields this check reads, directly or through
// src/ad helpers (Check::reads).
constexpr AttributeRead k_reads[] = {
  {DirectoryObject::account, "servicePrincipalName"}, {DirectoryObject::account, "sAMAccountName"},
  {DirectoryObject::account, "userAccountControl"},   {DirectoryObject::dfs, "msDFS-TargetListv2"},
  {DirectoryObject::dfs, "remoteServerName"},         {DirectoryObject::dfs, "pKT"},
  {DirectoryObject::dfs, "msDFS-LinkPathv2"},         {DirectoryObject::cross_ref, "dnsRoot"},
  {DirectoryObject::cross_ref, "nETBIOSName"},        {DirectoryObject::directory_service, "sPNMappings"},
};

const CheckRegistrar k_registrar{{
  .id = "DFS-DOMAIN-REFERRAL",
  .title = "Domain-based DFS namespace: referrals for non-joined clients need NTLM",
  .severity = Severity::low,
  .cause = FallbackCause::dfs,
  .description = "Clients reach \\\\<domain>\\<namespace> through a DC referral. No account holds cifs/<domain>; "
                 "domain-joined Windows falls back to a ticket for the DC, but non-joined and third-party clients "
                 "use NTLM and break once DCs refuse it. Whether such clients exist is unknown from the directory.",
  .remediation = "Audit NTLM on the DCs (event 8004) to find non-domain clients of the namespace before blocking; "
                 "join them, or point them at a namespace server directly.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_domain_referrals,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
