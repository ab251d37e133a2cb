// DFS-TARGET-ALIAS: targets of domain-based DFS namespaces (root targets and link targets, domainV1
// and domainV2) whose server name no SPN covers: an IP address, a CNAME alias, a short or full
// name that no account holds cifs/ or HOST/ for.
//
// A client that follows a DFS referral connects to the target exactly as written and asks the KDC
// for cifs/<that name>. With an IP address Windows does not even try Kerberos; with a name nobody
// holds the KDC answers KDC_ERR_S_PRINCIPAL_UNKNOWN. Either way every access through the namespace
// falls back to NTLM. High. When a namespace's target list (msDFS-TargetListv2 or a domainV1 pKT
// placeholder) cannot be decoded, an info finding says its targets are unknown instead of
// guessing.
//
// A target whose computer would live in a domain the snapshot did not read (another domain of the
// forest, a trusted forest, a child zone delegated out of a read zone, or under no domain read;
// src/ad/scope.hpp) cannot be judged: the account that holds its SPN would live there. It is reported
// at info, "outside what was read", never at high: an SPN lookup is forest-wide (the KDC asks the
// global catalog, MS-KILE 3.3.5.7.1 / MS-ADTS 3.1.1.4.2 on servicePrincipalName uniqueness), so
// missing data is not a missing SPN.
//
// Not reported: targets whose name is covered by cifs/ or HOST/ (sPNMappings) on some account,
// including short names of computers (HOST/NAME is registered by default).

#include "src/ad/dfs.hpp"
#include "src/ad/dns_record.hpp"
#include "src/ad/scope.hpp"
#include "src/ad/spn.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_dfs_targets_without_spn(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  const auto& spns = spn_index(snapshot);
  const auto mappings = SpnMappings::from(snapshot.configuration);
  const auto cifs_alias = mappings.alias_of("cifs").value_or("host");
  const auto& hosts = host_index(snapshot);
  const bool with_dns = snapshot.has(DataSet::dns);
  const auto& dns = dns_index(snapshot);
  const auto& scope = read_scope(snapshot);

  auto covered = [&](const std::string& server) {
    const auto lower = util::to_lower(server);
    return spns.count("cifs/" + lower) != 0 || spns.count(cifs_alias + "/" + lower) != 0;
  };

  for (const auto& ns : dfs_namespaces(snapshot)) {
    for (const auto& where : ns.undecodable) {
      Finding f;
      f.severity = Severity::info;
      f.subject = ns.name;
      f.key = "undecodable|" + util::to_lower(where);
      f.summary = fmt::format("The targets of {} are unknown: {} could not be decoded (often a placeholder), so "
                              "whether its targets have SPNs cannot be told",
                              ns.name, where);
      f.affected.push_back(AffectedObject{ns.dn, "", ns.domain});
      f.remediation =
        fmt::format("List the targets with `{}` (or Get-DfsnFolderTarget) to settle it.",
                    util::shell_command(util::Shell::cmd, "dfsutil root {}", {{ns.name, "the namespace path"}}));
      findings.push_back(std::move(f));
    }
    struct Use
    {
      std::string path;        // namespace or link path shown to people
      std::string cmdlet_path; // the -Path of the DFSN cmdlets
      bool root;
      std::string dn;
      const DfsTarget* target;
    };
    std::vector<Use> uses;
    for (const auto& target : ns.root_targets) {
      uses.push_back(Use{ns.name, ns.name, true, ns.dn, &target});
    }
    for (const auto& link : ns.links) {
      for (const auto& target : link.targets) {
        uses.push_back(Use{ns.name + (link.path.empty() ? "" : " " + link.path), dfs_cmdlet_path(ns.name, link.path),
                           false, link.dn, &target});
      }
    }
    for (const auto& use : uses) {
      const auto& server = use.target->server;
      if (!is_ip_literal(server) && covered(server)) {
        continue;
      }
      const auto unc = fmt::format(R"(\\{}\{})", server, use.target->share);
      Finding f;
      f.subject = fmt::format("{} -> {}", use.path, unc);
      f.key = util::to_lower(fmt::format("{}|{}", use.dn, unc));
      std::string why;
      if (!is_ip_literal(server) && scope.domain_authority(server, &why) == Authority::outside) {
        f.severity = Severity::info;
        f.summary = fmt::format("DFS target {} of {} names a server outside what was read ({}: {}): whether an "
                                "account holds cifs/ or HOST/ for it is unknown",
                                unc, use.path, server, why);
        f.affected.push_back(AffectedObject{use.dn, "", ns.domain});
        f.evidence.push_back(Evidence{fmt::format("target of {}", use.dn), unc});
        f.remediation = "Scan the domain that holds this server too (or the whole forest) to settle it.";
        findings.push_back(std::move(f));
        continue;
      }
      std::string kind;
      if (is_ip_literal(server)) {
        kind = "an IP address: Windows does not try Kerberos for it";
      } else if (with_dns && dns.follow_cname(server).names.size() > 1) {
        kind = fmt::format("a DNS alias of {} that no account holds an SPN for", dns.follow_cname(server).names.back());
      } else if (!hosts.computers_for(server).empty()) {
        kind = "a computer's name, but no account holds cifs/ or HOST/ for it";
      } else if (server.find('.') == std::string::npos) {
        kind = "a short (NetBIOS) name that is no computer and in no SPN";
      } else {
        kind = "a name that is no computer and in no SPN";
      }
      f.summary = fmt::format("DFS target {} of {} is written as {}; clients following the referral ask for cifs/{} "
                              "and fall back to NTLM",
                              unc, use.path, kind, server);
      for (const auto* computer : hosts.computers_for(server)) {
        f.affected.push_back(affected(*computer));
      }
      f.affected.push_back(AffectedObject{use.dn, "", ns.domain});
      f.evidence.push_back(Evidence{fmt::format("target of {}", use.dn), unc});
      if (!use.target->state.empty()) {
        f.evidence.push_back(Evidence{"target state", use.target->state});
      }
      f.remediation = fmt::format(
        "Point the target at the file server's real DNS name (its dNSHostName), e.g.\n  {} ; then remove the old "
        "target.\n",
        util::shell_command(
          util::Shell::powershell,
          use.root ? "New-DfsnRootTarget -Path {} -TargetPath {}" : "New-DfsnFolderTarget -Path {} -TargetPath {}",
          {{use.cmdlet_path, "the DFS path"}, {R"(\\<server FQDN>\)" + use.target->share, "the share name"}}));
      if (is_ip_literal(server)) {
        f.remediation += fmt::format("An IP address gets Kerberos only on clients with TryIPSPN=1 and with cifs/{} "
                                     "registered on the server's account: use the name.",
                                     util::sanitize(server));
      } else {
        f.remediation += fmt::format(
          "If the name must stay (a cluster or alias), register it on the account that serves it: {}",
          util::shell_command(util::Shell::cmd, "setspn -S {} <account>", {{"cifs/" + server, "the server name"}}));
      }
      findings.push_back(std::move(f));
    }
  }
  return findings;
}

// The directory attributes behind the snapshot fields this check reads, directly or through
// src/ad helpers (Check::reads).
constexpr AttributeRead k_reads[] = {
  {DirectoryObject::account, "servicePrincipalName"},
  {DirectoryObject::account, "sAMAccountName"},
  {DirectoryObject::account, "userAccountControl"},
  {DirectoryObject::account, "dNSHostName"},
  {DirectoryObject::account, "msDS-AdditionalDnsHostName"},
  {DirectoryObject::trust, "trustPartner"},
  {DirectoryObject::dns_node, "dc"},
  {DirectoryObject::dns_node, "dnsRecord"},
  {DirectoryObject::dns_node, "dNSTombstoned"},
  {DirectoryObject::dfs, "msDFS-TargetListv2"},
  {DirectoryObject::dfs, "remoteServerName"},
  {DirectoryObject::dfs, "pKT"},
  {DirectoryObject::dfs, "msDFS-LinkPathv2"},
  {DirectoryObject::cross_ref, "dnsRoot"},
  {DirectoryObject::cross_ref, "systemFlags"},
  {DirectoryObject::cross_ref, "nETBIOSName"},
  {DirectoryObject::directory_service, "sPNMappings"},
};

const CheckRegistrar k_registrar{{
  .id = "DFS-TARGET-ALIAS",
  .title = "DFS target written as an IP, alias or name without SPN",
  .severity = Severity::high,
  .cause = FallbackCause::dfs,
  .description = "A root or link target of a domain-based DFS namespace names its server by IP address, by a CNAME "
                 "alias, or by a name no account holds cifs/ or HOST/ for. Clients following the referral ask for "
                 "cifs/<that name> and fall back to NTLM. Info when a target list could not be decoded, or when the "
                 "target's server lies outside what was read (another domain or forest, a delegated zone).",
  .remediation = "Use the file server's FQDN in DFS targets, or register the name used as an SPN on the server.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_dfs_targets_without_spn,
  .kdc_confirms_refusal = true,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
