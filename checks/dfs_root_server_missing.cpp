// DFS-ROOT-SERVER-MISSING: root targets (namespace servers) of domain-based DFS namespaces whose
// server is no computer account in the snapshot.
//
// Clients are referred to every root target in turn. A server that no longer exists (or never
// had a computer account: an appliance, a typo) costs each client a timeout, and if it answers —
// an appliance or a stale DNS record pointing elsewhere — the client asks for cifs/<name>, which
// nobody holds, and uses NTLM. Medium.
//
// A server whose computer would live in a domain that was not read (another domain of the forest, a
// trusted forest, a delegated child zone, or under no domain read) is not judged: it is listed in
// one info finding ("N names outside what was read", src/ad/scope.hpp), never against readiness.
//
// Not reported: IP-address targets (DFS-TARGET-ALIAS reports them), link targets (file servers
// may be non-Windows; DFS-TARGET-ALIAS covers them), namespaces whose root targets could not be
// decoded.

#include "src/ad/dfs.hpp"
#include "src/ad/scope.hpp"
#include "src/ad/spn.hpp"
#include "src/model/check.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_missing_root_servers(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  const auto& hosts = host_index(snapshot);
  const auto& scope = read_scope(snapshot);
  OutsideScope outside;
  for (const auto& ns : dfs_namespaces(snapshot)) {
    for (const auto& target : ns.root_targets) {
      if (is_ip_literal(target.server) || !hosts.computers_for(target.server).empty()) {
        continue;
      }
      if (std::string why; scope.domain_authority(target.server, &why) == Authority::outside) {
        outside.add(util::to_lower(target.server), why, AffectedObject{ns.dn, "", ns.domain});
        continue;
      }
      const auto unc = fmt::format(R"(\\{}\{})", target.server, target.share);
      Finding f;
      f.subject = fmt::format("{} -> {}", ns.name, unc);
      f.key = util::to_lower(fmt::format("{}|{}", ns.dn, unc));
      f.summary =
        fmt::format("Namespace server {} of {} is no computer account in the directory", target.server, ns.name);
      f.affected.push_back(AffectedObject{ns.dn, "", ns.domain});
      f.evidence.push_back(Evidence{fmt::format("root target of {}", ns.dn), unc});
      f.remediation =
        fmt::format("Remove the stale namespace server:\n  {}",
                    util::shell_command(util::Shell::powershell, "Remove-DfsnRootTarget -Path {} -TargetPath {}",
                                        {{ns.name, "the namespace path"}, {unc, "the target path"}}));
      findings.push_back(std::move(f));
    }
  }
  outside.append_to(findings, "namespace server", "namespace servers");
  return findings;
}

// The directory attributes behind the snapshot fields this check reads, directly or through
// src/ad helpers (Check::reads).
constexpr AttributeRead k_reads[] = {
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
};

const CheckRegistrar k_registrar{{
  .id = "DFS-ROOT-SERVER-MISSING",
  .title = "DFS namespace server that does not exist",
  .severity = Severity::medium,
  .cause = FallbackCause::dfs,
  .description = "A root target of a domain-based DFS namespace names a server with no computer account. Clients are "
                 "referred to it; it either times out or answers under a name nobody holds an SPN for. Servers in a "
                 "domain or forest that was not read are listed in one info finding, not judged.",
  .remediation = "Remove stale root targets (Remove-DfsnRootTarget).",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_missing_root_servers,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
