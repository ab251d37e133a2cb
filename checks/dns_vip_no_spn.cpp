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
// low name that nothing refers to is not reported on its own: the names of one zone are grouped
// into one info finding ("N unreferenced A records in zone X"), keyed by the zone so that its id
// stays as devices come and go. Referring to a name: an SPN (already true here), a CNAME, a DFS
// target, an SRV record's target (a service located by DNS: LDAP, SIP, Kerberos of a non-Windows
// realm), a plain name in an NTLM server exception list of any GPO (ClientAllowedNTLMServers,
// DCAllowedNTLMServers: someone expects NTLM to it; wildcard and IP entries name no server), and
// NTLM audit events whose target is the name. A referenced name keeps its own low finding; so does
// every medium one (an alias of a computer).
//
// The events reference is known only after the events join, so `find` reports every name on its
// own (the unreferenced ones marked "unreferenced name in zone") with its name as "host" evidence,
// the join attaches the NTLM observed to each name as it does for every directory finding, and
// `relate` (a relate_findings check) folds the marked names that carry no observed NTLM into the
// zone's info finding. A name with observed NTLM is high, referenced or not: clients do fall back
// to NTLM there (Microsoft Learn, "Network security: Restrict NTLM: Audit NTLM authentication in
// this domain": audit events list the servers NTLM blocking would fail), and blocking NTLM would
// fail them; the NTLM is explained by this finding, not reported again by the events checks.
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
#include "src/ad/gpo.hpp"
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

// Return the names (lowercase FQDNs, and single labels) that CNAME and SRV records, DFS targets
// and the plain entries of NTLM server exception lists of `snapshot` refer to.
std::set<std::string>
referenced_names(const Snapshot& snapshot, const DnsIndex& dns)
{
  std::set<std::string> names;
  for (const auto& fqdn : dns.names()) {
    for (const auto& record : dns.find(fqdn)->records) {
      if ((record.type == dns_type::cname || record.type == dns_type::srv) && !record.target.empty()) {
        names.insert(record.target);
      }
    }
  }
  for (const auto& policy : snapshot.gpo_policies) {
    for (const auto& value : policy.registry_values) {
      if (!util::iequals(value.path, gpo_value::client_allowed_ntlm_servers) &&
          !util::iequals(value.path, gpo_value::dc_allowed_ntlm_servers)) {
        continue;
      }
      for (const auto& entry : ntlm_exception_entries(value.data)) {
        if (entry.find('*') == std::string::npos && !is_ip_literal(entry)) {
          auto name = util::to_lower(entry);
          while (!name.empty() && name.back() == '.') {
            name.pop_back();
          }
          names.insert(std::move(name));
        }
      }
    }
  }
  for (const auto& ns : dfs_namespaces(snapshot)) {
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

// The evidence that marks a name nothing in the directory refers to; its value is the zone.
constexpr std::string_view k_unreferenced = "unreferenced name in zone";

// One info finding for the unreferenced names of `zone`: (FQDN, DNS node DN) pairs.
Finding
grouped_finding(const std::string& zone, const std::vector<std::pair<std::string, std::string>>& names)
{
  Finding f;
  f.check_id = "DNS-VIP-NO-SPN";
  f.severity = Severity::info;
  f.cause = FallbackCause::ip_or_alias;
  f.key = "zone|" + zone;
  f.id = make_finding_id(f.check_id, f.key);
  f.priority = severity_weight(f.severity);
  f.subject = fmt::format("{} unreferenced A record{} in zone {}", names.size(), names.size() == 1 ? "" : "s", zone);
  f.summary = fmt::format(
    "{} static name{} in {} that no computer, SPN, CNAME, SRV record, DFS target, NTLM exception list or NTLM "
    "event refers to: printers, out-of-band management boards and appliances, most likely, which no Windows "
    "client authenticates to; grouped here and not counted against readiness",
    names.size(), names.size() == 1 ? "" : "s", zone);
  std::size_t listed = 0;
  for (const auto& [fqdn, dn] : names) {
    f.affected.push_back(AffectedObject{dn, "", util::domain_of_dn(dn)});
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
  const auto& dns = dns_index(snapshot);
  const auto referenced = referenced_names(snapshot, dns);
  const auto& hosts = host_index(snapshot);
  const auto& spn_hosts = spn_host_index(snapshot);
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
    f.evidence.push_back(Evidence{"host", fqdn}); // the events join matches NTLM targets to it
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
    } else {
      if (!is_referenced(referenced, fqdn)) {
        f.evidence.push_back(Evidence{std::string(k_unreferenced), util::to_lower(name->node->zone)});
      }
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
  outside.append_to(findings, "DNS name", "DNS names");
  return findings;
}

constexpr std::string_view k_id = "DNS-VIP-NO-SPN";

// Fold the unreferenced names without observed NTLM into one info finding per zone (after the
// grouped ones of the other names, in zone order); raise every name with observed NTLM to high.
void
relate(std::vector<Finding>& findings)
{
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> unreferenced; // zone -> names
  std::size_t next = 0;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    auto& f = findings[i];
    if (f.check_id == k_id) {
      const auto mark =
        std::find_if(f.evidence.begin(), f.evidence.end(), [](const Evidence& e) { return e.name == k_unreferenced; });
      const bool observed = f.observed.has_value() && f.observed->count > 0;
      if (mark != f.evidence.end() && !observed) {
        unreferenced[mark->value].emplace_back(f.subject, f.affected.empty() ? std::string() : f.affected[0].dn);
        continue;
      }
      if (mark != f.evidence.end()) {
        f.evidence.erase(mark);
        f.evidence.push_back(Evidence{"referenced by", "NTLM audit events only"});
      }
      if (observed && f.severity > Severity::high) {
        f.priority += severity_weight(Severity::high) - severity_weight(f.severity);
        f.severity = Severity::high;
        f.summary += fmt::format("; NTLM audit events show clients using {} with NTLM ({} events): blocking NTLM "
                                 "would fail them",
                                 f.subject, f.observed->count);
      }
    }
    if (next != i) {
      findings[next] = std::move(findings[i]);
    }
    ++next;
  }
  findings.resize(next);
  for (const auto& [zone, names] : unreferenced) {
    findings.push_back(grouped_finding(zone, names));
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
                 "(low). Clients that use it ask for an SPN nobody holds and fall back to NTLM. Names that no CNAME, "
                 "SRV record, DFS target, NTLM exception list or NTLM audit event refers to either (printers, "
                 "iLO/iDRAC, appliances) are grouped into one info finding per zone; a name NTLM events show in use "
                 "is high. Glue records of delegated child zones and names whose domain was not read are "
                 "listed in one info finding, not judged.",
  .remediation = "Register the name on the account the service runs as (netdom computername /add, or setspn -S on "
                 "a shared gMSA for load-balanced services).",
  .needs = DataSet::domain | DataSet::dns,
  .find = find_vips_without_spn,
  .kind = CheckKind::relate_findings,
  .relate = relate,
  .kdc_confirms_refusal = true,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
