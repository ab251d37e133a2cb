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
// Not reported: dynamically registered records (hosts registering themselves; a domain member
// registers its own computer name), names under _msdcs or starting with '_', the zone apex and
// DomainDnsZones/ForestDnsZones, names any SPN or computer covers, tombstoned nodes.

#include "src/check.hpp"
#include "src/dns_record.hpp"
#include "src/spn.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
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

std::vector<Finding>
find_vips_without_spn(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  const DnsIndex dns(snapshot);
  const HostIndex hosts(snapshot);
  const auto spn_hosts = build_spn_host_index(snapshot);
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
  return findings;
}

const CheckRegistrar k_registrar{{
  .id = "DNS-VIP-NO-SPN",
  .title = "DNS name (VIP, cluster, A-record alias) without an SPN",
  .severity = Severity::medium,
  .cause = FallbackCause::ip_or_alias,
  .description = "A static A/AAAA record names no computer and appears in no SPN. If it shares a computer's address "
                 "it is an A-record alias of that computer (medium); otherwise a VIP, cluster or appliance name "
                 "(low). Clients that use it ask for an SPN nobody holds and fall back to NTLM.",
  .remediation = "Register the name on the account the service runs as (netdom computername /add, or setspn -S on "
                 "a shared gMSA for load-balanced services).",
  .needs = DataSet::domain | DataSet::dns,
  .find = find_vips_without_spn,
  .kdc_confirms_refusal = true,
}};

} // namespace
} // namespace kerbready::checks
