// DNS-VIP-NO-SPN: static A/AAAA records for names that are no computer account and appear in no
// SPN: load-balancer VIPs, cluster or application names, A-record aliases.
//
// "A common reason for a missing SPN is load balancer VIP names and other uses of alias names"
// (Microsoft, on NTLM fallback). A client that connects to such a name asks for <class>/<name>;
// nobody holds it, the KDC answers KDC_ERR_S_PRINCIPAL_UNKNOWN and the client uses NTLM. Medium
// when the address is also the address of a computer's own name (an A-record alias of that
// computer: HOST/<name> belongs on it); low otherwise (a VIP or a non-Windows device: the
// directory cannot tell whether Windows authentication is used there).
//
// A real zone holds hundreds of such names that are printers, iLO/iDRAC boards, UPSs and cameras:
// devices no Windows client authenticates to. One ticket each would bury the VIPs that matter. So a
// low name that nothing in the directory refers to — no SPN (already true here), no CNAME, no DFS
// target — is not reported on its own: the names of one zone are grouped into one info finding
// ("N unreferenced A records in zone X"), keyed by the zone so that its id stays as devices come
// and go. A name that a CNAME or a DFS target refers to is in use by name and keeps its own low
// finding; so does every medium one (an alias of a computer). NTLM that events show going to a
// grouped name is not lost: the events join reports it as NTLM no finding explains
// (EVT-NTLM-UNEXPLAINED), which counts against the verdict.
//
// A name is judged only where its authority was read (src/ad/scope.hpp): a glue record for a child
// zone delegated out of a read zone (the child domain's DC, typically) is no VIP, and a name whose
// computer would live in a domain that was not read (a forest-wide zone read through another
// domain's DC) may well be a computer there. Such names are listed in one info finding ("N names
// outside what was read"), never against readiness; a forest-wide scan judges them.
//
// Not reported: dynamically registered records (hosts registering themselves; a domain member
// registers its own computer name), names under _msdcs or starting with '_', the zone apex and
// DomainDnsZones/ForestDnsZones, names any SPN or computer covers, tombstoned nodes.

#include "src/ad/dfs.hpp"
#include "src/ad/dns_record.hpp"
#include "src/ad/scope.hpp"
#include "src/ad/spn.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace kerbready::checks {
namespace {

bool
skip_name(const std::string& fqdn, const DnsNode& node)
{
  const auto label = fqdn.substr(0, fqdn.find('.'));
  return node.name.empty() || node.name == "@" || util::istarts_with(fqdn, "_") ||
         fqdn.find("._") != std::string::npos || util::iequals(label, "domaindnszones") ||
         util::iequals(label, "forestdnszones") || util::iequals(label, "gc");
}

// Names listed one by one in a grouped finding; the rest are counted.
constexpr std::size_t k_listed = 20;

// Return the names (lowercase FQDNs, and single labels as written) that CNAME records and DFS
// targets of `snapshot` refer to.
std::set<std::string>
referenced_names(const Snapshot& snapshot, const DnsIndex& dns)
{
  std::set<std::string> names;
  for (const auto& fqdn : dns.names()) {
    for (const auto& record : dns.find(fqdn)->records) {
      if (record.type == dns_type::cname && !record.target.empty()) {
        names.insert(record.target);
      }
    }
  }
  for (const auto& ns : collect_dfs_namespaces(snapshot)) {
    auto add = [&](const std::vector<DfsTarget>& targets) {
      for (const auto& t : targets) {
        names.insert(util::to_lower(t.server));
      }
    };
    add(ns.root_targets);
    for (const auto& link : ns.links) {
      add(link.targets);
    }
  }
  return names;
}

bool
is_referenced(const std::set<std::string>& referenced, const std::string& fqdn)
{
  return referenced.count(fqdn) != 0 || referenced.count(fqdn.substr(0, fqdn.find('.'))) != 0;
}

// One info finding for the unreferenced names of `zone`.
Finding
grouped_finding(const std::string& zone, const std::vector<std::pair<std::string, const DnsNode*>>& names)
{
  Finding f;
  f.severity = Severity::info;
  f.key = "zone|" + zone;
  f.subject = fmt::format("{} unreferenced A record{} in zone {}", names.size(), names.size() == 1 ? "" : "s", zone);
  f.summary = fmt::format(
    "{} static name{} in {} that no computer, SPN, CNAME or DFS target refers to: printers, out-of-band "
    "management boards and appliances, most likely, which no Windows client authenticates to; grouped here and "
    "not counted against readiness (NTLM that events show going to one of them is reported as NTLM no finding "
    "explains)",
    names.size(), names.size() == 1 ? "" : "s", zone);
  std::size_t listed = 0;
  for (const auto& [fqdn, node] : names) {
    f.affected.push_back(AffectedObject{node->dn, "", util::domain_of_dn(node->dn)});
    if (listed++ < k_listed) {
      f.evidence.push_back(Evidence{"unreferenced name", fqdn});
    }
  }
  if (names.size() > k_listed) {
    f.evidence.push_back(Evidence{"unreferenced names not listed", std::to_string(names.size() - k_listed)});
  }
  f.remediation =
    "Nothing to do for devices that never use Windows authentication. If one of these names is a VIP or "
    "cluster name that Windows clients authenticate to, register its SPN on the account the service runs as "
    "(setspn -S HTTP/<name> <service account>); remove the records of retired devices "
    "(Remove-DnsServerResourceRecord).";
  return f;
}

std::vector<Finding>
find_vips_without_spn(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  const DnsIndex dns(snapshot);
  const auto referenced = referenced_names(snapshot, dns);
  std::map<std::string, std::vector<std::pair<std::string, const DnsNode*>>> unreferenced; // zone -> names
  const HostIndex hosts(snapshot);
  const auto spn_hosts = build_spn_host_index(snapshot);
  const auto& scope = read_scope(snapshot);
  OutsideScope outside;
  for (const auto& fqdn : dns.names()) {
    const auto* name = dns.find(fqdn);
    if (skip_name(fqdn, *name->node) || hosts.is_known(fqdn) || !spn_uses_for_host(spn_hosts, fqdn).empty()) {
      continue;
    }
    std::vector<std::string> addresses;
    bool any_dynamic = false;
    for (const auto& record : name->records) {
      if (record.type != dns_type::a && record.type != dns_type::aaaa) {
        continue;
      }
      if (!record.is_static()) {
        any_dynamic = true;
      }
      addresses.push_back(record.address);
    }
    if (addresses.empty() || any_dynamic) {
      continue;
    }
    // A glue record of a delegated child zone, or a name whose computer would live in a domain
    // that was not read: not judged here.
    std::string why;
    if (scope.zone_authority(fqdn, &why) == Authority::outside ||
        scope.domain_authority(fqdn, &why) == Authority::outside) {
      outside.add(fqdn, why, AffectedObject{name->node->dn, "", util::domain_of_dn(name->node->dn)});
      continue;
    }
    // Computers whose own DNS name shares an address with this name.
    std::set<const Account*> sharing;
    std::vector<std::string> sharing_names;
    for (const auto& address : addresses) {
      for (const auto& other : dns.names_with_address(address)) {
        if (other == fqdn) {
          continue;
        }
        for (const auto* computer : hosts.computers_for(other)) {
          if (sharing.insert(computer).second) {
            sharing_names.push_back(other);
          }
        }
      }
    }
    Finding f;
    f.subject = fqdn;
    f.key = fqdn;
    f.evidence.push_back(Evidence{fmt::format("static A/AAAA records of {}", name->node->dn),
                                  fmt::format("{}", fmt::join(addresses, ", "))});
    if (!sharing.empty()) {
      const Account* computer = *std::min_element(sharing.begin(), sharing.end(),
                                                  [](const Account* a, const Account* b) { return a->dn < b->dn; });
      f.severity = Severity::medium;
      f.summary = fmt::format("{} has the address of {} but no SPN: clients that use this name ask for "
                              "HOST/cifs/HTTP/{}, get no ticket and fall back to NTLM",
                              fqdn, computer->sam_account_name, fqdn);
      f.affected.push_back(affected(*computer));
      f.evidence.push_back(Evidence{"same address as", fmt::format("{}", fmt::join(sharing_names, ", "))});
      f.remediation = fmt::format(
        "If {} is an alias of {}, register it there:\n  {}\n(or make it a CNAME and register it the same way).",
        util::sanitize(fqdn), util::sanitize(computer->sam_account_name),
        util::shell_command(util::Shell::cmd, "netdom computername {} /add:{}",
                            {{computer->dns_host_name.empty() ? computer->sam_account_name : computer->dns_host_name,
                              "the computer's name"},
                             {fqdn, "the DNS name"}}));
    } else if (!is_referenced(referenced, fqdn)) {
      unreferenced[util::to_lower(name->node->zone)].emplace_back(fqdn, name->node);
      continue;
    } else {
      f.severity = Severity::low;
      f.summary = fmt::format("{} is a static DNS name that is no computer and appears in no SPN (a load-balancer VIP, "
                              "cluster or appliance name?): Windows clients using it fall back to NTLM if the service "
                              "needs Windows authentication",
                              fqdn);
      f.affected.push_back(AffectedObject{name->node->dn, "", util::domain_of_dn(name->node->dn)});
      f.remediation = fmt::format(
        "If a Windows-authenticated service answers on {}, put its SPN on the one account "
        "every node of the service runs as (a gMSA for load-balanced farms):\n"
        "  {}\nIf each node runs as its own account, "
        "Kerberos cannot work behind the VIP: use a shared gMSA.",
        util::sanitize(fqdn),
        util::shell_command(util::Shell::cmd, "setspn -S {} <service account>", {{"HTTP/" + fqdn, "the DNS name"}}));
    }
    findings.push_back(std::move(f));
  }
  for (const auto& [zone, names] : unreferenced) {
    findings.push_back(grouped_finding(zone, names));
  }
  outside.append_to(findings, "DNS name", "DNS names");
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
};

const CheckRegistrar k_registrar{{
  .id = "DNS-VIP-NO-SPN",
  .title = "DNS name (VIP, cluster, A-record alias) without an SPN",
  .severity = Severity::medium,
  .cause = FallbackCause::ip_or_alias,
  .description = "A static A/AAAA record names no computer and appears in no SPN. If it shares a computer's address "
                 "it is an A-record alias of that computer (medium); otherwise a VIP, cluster or appliance name "
                 "(low). Clients that use it ask for an SPN nobody holds and fall back to NTLM. Names that no CNAME "
                 "or DFS target refers to either (printers, iLO/iDRAC, appliances) are grouped into one info "
                 "finding per zone. Glue records of delegated child zones and names whose domain was not read are "
                 "listed in one info finding, not judged.",
  .remediation = "Register the name on the account the service runs as (netdom computername /add, or setspn -S on "
                 "a shared gMSA for load-balanced services).",
  .needs = DataSet::domain | DataSet::dns,
  .find = find_vips_without_spn,
  .kdc_confirms_refusal = true,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
