// NAME-SINGLE-LABEL: DFS targets, CNAME targets and SPN hosts written as a short (single-label)
// name, such as \\fs01\share.
//
// A single-label name resolves only through the client's DNS suffix search list: the Windows DNS
// client appends its suffix search list, or else its primary DNS suffix (devolved) and the
// connection-specific suffix, before it queries (Microsoft's explain text of the DNS Client Group
// Policy settings, dnsclient.admx: "DNS suffix search list", "Primary DNS suffix devolution"). A client in
// another domain or forest, or with another search list, resolves the short name to nothing or to
// another host, asks the KDC for <class>/<short name> where its realm holds no such SPN, and fails
// or falls back to NTLM. A CNAME's target is an absolute name: a short target resolves, if at all,
// only through the client's suffix list. Low: within the domain these names work. Raised to medium
// when NTLM audit events show traffic to that name (scan --events; `relate`, after the events join
// has set `observed`).
//
// Reported:
// - DFS root and link targets whose server is a short name that some cifs/ or HOST/ SPN covers
//   (an uncovered one is DFS-TARGET-ALIAS's, high);
// - CNAME records whose target is a single label (DNS-CNAME-NO-SPN leaves these to this check);
// - SPNs whose host is the short name of a computer, on an account that holds no SPN of the same
//   class (and port) for a full name with that first label: clients that use the full name (all
//   of those in other domains) do not get a ticket for that account.
//
// Not reported: the short-name SPNs Windows registers on purpose next to the full ones (HOST/NAME
// beside HOST/name.domain on the computer itself, likewise RestrictedKrbHost, TERMSRV, WSMAN...):
// an SPN whose host is one of its holder computer's own names is never reported (SPN-MISSING-HOST
// covers a missing full form); short hosts that are no computer (SPN-DANGLING-HOST), IP literals,
// NetBIOS domain names, SPNs of disabled accounts.

#include "src/ad/dfs.hpp"
#include "src/ad/dns_record.hpp"
#include "src/ad/spn.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kerbready::checks {
namespace {

constexpr std::string_view k_id = "NAME-SINGLE-LABEL";

bool
is_single_label(std::string_view name)
{
  return !name.empty() && name.find('.') == std::string_view::npos && !is_ip_literal(name);
}

// The FQDN of the one computer answering to `short_name`, or a placeholder.
std::string
full_name_of(const HostIndex& hosts, const std::string& short_name)
{
  const auto full = hosts.canonical(short_name);
  return full.find('.') == std::string::npos ? "<" + short_name + " FQDN>" : full;
}

void
find_dfs_targets(const Snapshot& snapshot, const HostIndex& hosts, std::vector<Finding>& findings)
{
  const auto& spns = spn_index(snapshot);
  const auto cifs_alias = SpnMappings::from(snapshot.configuration).alias_of("cifs").value_or("host");
  const auto covered = [&](const std::string& server) {
    const auto lower = util::to_lower(server);
    return spns.count("cifs/" + lower) != 0 || spns.count(cifs_alias + "/" + lower) != 0;
  };
  for (const auto& ns : dfs_namespaces(snapshot)) {
    struct Use
    {
      std::string path;        // shown to people
      std::string cmdlet_path; // the -Path of the DFSN cmdlets
      bool root = false;
      const DfsTarget* target = nullptr;
    };
    std::vector<Use> uses;
    for (const auto& target : ns.root_targets) {
      uses.push_back(Use{ns.name, ns.name, true, &target});
    }
    for (const auto& link : ns.links) {
      for (const auto& target : link.targets) {
        uses.push_back(Use{ns.name + (link.path.empty() ? "" : " " + link.path), dfs_cmdlet_path(ns.name, link.path),
                           false, &target});
      }
    }
    for (const auto& [path, cmdlet_path, root, target] : uses) {
      if (!is_single_label(target->server) || !covered(target->server)) {
        continue;
      }
      const auto unc = fmt::format(R"(\\{}\{})", target->server, target->share);
      const auto full = full_name_of(hosts, util::to_lower(target->server));
      Finding f;
      f.subject = fmt::format("{} -> {}", path, unc);
      f.key = util::to_lower(fmt::format("dfs|{}|{}", path, unc));
      f.summary = fmt::format("DFS target {} of {} names its server by the short name {}: it resolves only through "
                              "the client's DNS suffix search list, so clients of another domain or forest cannot "
                              "reach it by that name, get no ticket and fail or fall back to NTLM",
                              unc, path, target->server);
      for (const auto* computer : hosts.computers_for(target->server)) {
        f.affected.push_back(affected(*computer));
      }
      f.affected.push_back(AffectedObject{ns.dn, "", ns.domain});
      f.evidence.push_back(Evidence{fmt::format("target of {}", ns.name), unc});
      f.evidence.push_back(Evidence{"host", util::to_lower(target->server)});
      f.remediation = fmt::format(
        "Add the target by the server's full name, then remove the short one:\n  {}\n  {}",
        util::shell_command(util::Shell::powershell,
                            root ? "New-DfsnRootTarget -Path {} -TargetPath {}"
                                 : "New-DfsnFolderTarget -Path {} -TargetPath {}",
                            {{cmdlet_path, "the DFS path"}, {R"(\\)" + full + R"(\)" + target->share, "the target"}}),
        util::shell_command(util::Shell::powershell,
                            root ? "Remove-DfsnRootTarget -Path {} -TargetPath {}"
                                 : "Remove-DfsnFolderTarget -Path {} -TargetPath {}",
                            {{cmdlet_path, "the DFS path"}, {unc, "the target"}}));
      findings.push_back(std::move(f));
    }
  }
}

void
find_cname_targets(const Snapshot& snapshot, const HostIndex& hosts, std::vector<Finding>& findings)
{
  if (!snapshot.has(DataSet::dns)) {
    return;
  }
  const auto& dns = dns_index(snapshot);
  for (const auto& alias : dns.names()) {
    const auto* name = dns.find(alias);
    for (const auto& record : name->records) {
      if (record.type != dns_type::cname || !is_single_label(record.target)) {
        continue;
      }
      const auto full = full_name_of(hosts, record.target);
      Finding f;
      f.subject = alias;
      f.key = "cname|" + alias;
      f.summary = fmt::format("The alias {} points to the single-label name {}: a CNAME target is an absolute name, so "
                              "it resolves, if at all, only through each client's DNS suffix search list; clients "
                              "of another domain or forest fail, or fall back to NTLM",
                              alias, record.target);
      for (const auto* computer : hosts.computers_for(record.target)) {
        f.affected.push_back(affected(*computer));
      }
      f.affected.push_back(AffectedObject{name->node->dn, "", util::domain_of_dn(name->node->dn)});
      f.evidence.push_back(Evidence{"CNAME", fmt::format("{} -> {}", alias, record.target)});
      f.evidence.push_back(Evidence{"host", record.target});
      f.evidence.push_back(Evidence{"host", alias});
      f.remediation = fmt::format(
        "Point the alias at the full name:\n  {}\n  {}",
        util::shell_command(util::Shell::powershell,
                            "Remove-DnsServerResourceRecord -ZoneName {} -Name {} -RRType CName -Force",
                            {{name->node->zone, "the zone"}, {name->node->name, "the record name"}}),
        util::shell_command(
          util::Shell::powershell, "Add-DnsServerResourceRecordCName -ZoneName {} -Name {} -HostNameAlias {}",
          {{name->node->zone, "the zone"}, {name->node->name, "the record name"}, {full, "the target"}}));
      findings.push_back(std::move(f));
    }
  }
}

void
find_spn_hosts(const Snapshot& snapshot, const HostIndex& hosts, std::vector<Finding>& findings)
{
  for (const auto& account : snapshot.accounts) {
    if (!account.is_enabled()) {
      continue; // nobody gets a usable ticket for a disabled account, whatever its SPNs name
    }
    std::vector<Spn> parsed;
    for (const auto& written : account.service_principal_names) {
      auto spn = parse_spn(written);
      parsed.push_back(spn ? *spn : Spn{});
    }
    const auto own = account.kind == AccountKind::computer ? host_names_of(account) : std::vector<std::string>{};
    for (std::size_t i = 0; i < parsed.size(); ++i) {
      const auto& spn = parsed[i];
      const auto host = util::to_lower(spn.host);
      if (!is_single_label(host) || hosts.computers_for(host).empty() ||
          std::find(own.begin(), own.end(), host) != own.end()) {
        continue;
      }
      const bool has_full = std::any_of(parsed.begin(), parsed.end(), [&](const Spn& other) {
        return util::iequals(other.service_class, spn.service_class) && util::iequals(other.port, spn.port) &&
               other.host.find('.') != std::string::npos &&
               util::iequals(std::string_view(other.host).substr(0, other.host.find('.')), host);
      });
      if (has_full) {
        continue;
      }
      const auto& written = account.service_principal_names[i];
      const auto full = full_name_of(hosts, host);
      const auto wanted = fmt::format("{}/{}{}{}", spn.service_class, full, spn.port.empty() ? "" : ":", spn.port);
      Finding f;
      f.subject = written;
      f.key = util::to_lower(fmt::format("spn|{}|{}", account.dn, written));
      f.summary = fmt::format("{} holds {} but no {}/ SPN for the full name ({}): the short name resolves only "
                              "through the client's DNS suffix search list, and clients that use the full name, "
                              "as those of other domains and forests must, get no ticket for {} and fail or fall "
                              "back to NTLM",
                              account.sam_account_name, written, spn.service_class, wanted, account.sam_account_name);
      f.affected.push_back(affected(account));
      f.evidence.push_back(
        Evidence{fmt::format("servicePrincipalName of {}", account.sam_account_name), std::string(written)});
      f.evidence.push_back(Evidence{"host", host});
      f.remediation =
        fmt::format("Register the full-name form on the same account (keep the short one for local clients):\n  {}",
                    util::shell_command(util::Shell::cmd, "setspn -S {} {}",
                                        {{wanted, "the SPN"}, {account.sam_account_name, "the account name"}}));
      findings.push_back(std::move(f));
    }
  }
}

std::vector<Finding>
find_single_label_names(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  const auto& hosts = host_index(snapshot);
  find_dfs_targets(snapshot, hosts, findings);
  find_cname_targets(snapshot, hosts, findings);
  find_spn_hosts(snapshot, hosts, findings);
  return findings;
}

// Raise to medium every finding whose name NTLM audit events show in use.
void
relate(std::vector<Finding>& findings)
{
  for (auto& f : findings) {
    if (f.check_id != k_id || !f.observed || f.observed->count == 0 || f.severity <= Severity::medium) {
      continue;
    }
    f.priority += severity_weight(Severity::medium) - severity_weight(f.severity);
    f.severity = Severity::medium;
    f.summary +=
      fmt::format("; NTLM audit events show clients using this name with NTLM ({} events)", f.observed->count);
  }
}

// The directory attributes behind the snapshot fields this check reads, directly or through
// src/ad helpers (Check::reads).
constexpr AttributeRead k_reads[] = {
  {DirectoryObject::account, "servicePrincipalName"},
  {DirectoryObject::account, "sAMAccountName"},
  {DirectoryObject::account, "userAccountControl"},
  {DirectoryObject::account, "dNSHostName"},
  {DirectoryObject::account, "msDS-AdditionalDnsHostName"},
  {DirectoryObject::dns_node, "dc"},
  {DirectoryObject::dns_node, "dnsRecord"},
  {DirectoryObject::dns_node, "dNSTombstoned"},
  {DirectoryObject::dfs, "msDFS-TargetListv2"},
  {DirectoryObject::dfs, "remoteServerName"},
  {DirectoryObject::dfs, "pKT"},
  {DirectoryObject::dfs, "msDFS-LinkPathv2"},
  {DirectoryObject::cross_ref, "dnsRoot"},
  {DirectoryObject::cross_ref, "nETBIOSName"},
  {DirectoryObject::directory_service, "sPNMappings"},
};

const CheckRegistrar k_registrar{{
  .id = "NAME-SINGLE-LABEL",
  .title = "DFS target, CNAME target or SPN host written as a short name",
  .severity = Severity::low,
  .cause = FallbackCause::ip_or_alias,
  .description = "A DFS target (\\\\fs01\\share), a CNAME target or an SPN host is a single-label name. It resolves "
                 "only through the client's DNS suffix search list, so clients of another domain or forest fail or "
                 "fall back to NTLM. Low; medium when NTLM audit events show traffic to the name. The short-name "
                 "SPNs Windows registers on purpose next to the full ones (HOST/NAME on the computer itself) are not "
                 "reported.",
  .remediation = "Write the full DNS name (the server's dNSHostName) in DFS targets, CNAME targets and SPNs.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_single_label_names,
  .kind = CheckKind::relate_findings,
  .relate = relate,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
