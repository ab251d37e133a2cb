// DNS-CNAME-NO-SPN: DNS aliases (CNAME records in the loaded AD-integrated zones) that no SPN
// covers.
//
// Clients that build the SPN from the name the user typed (SMB, most non-browser clients) ask
// the KDC for cifs/<alias> or HTTP/<alias>. When no account holds an SPN for the alias the KDC
// answers KDC_ERR_S_PRINCIPAL_UNKNOWN and the client falls back to NTLM (medium). When the
// alias SPN is held only by a computer other than the one the alias points to, the ticket is
// encrypted for the wrong key, the server cannot decrypt it (KRB_AP_ERR_MODIFIED) and the
// client falls back to NTLM too (high). Chains of aliases are followed (at most 8 hops); an alias
// that leaves the loaded zones (a SaaS or partner name), dangles or loops is reported low, since
// which account serves it cannot be told from the directory.
//
// An alias is judged only where the authorities it depends on were read (src/ad/scope.hpp): its own
// zone and domain, and, when no SPN covers it and it leads to no computer read, those of the name
// it leads to when the snapshot knows them to be elsewhere (the service behind it, and the account
// holding its SPN, may live there). An alias in, or leading into, another domain of the forest, a
// trusted domain or forest, or a delegated child zone is listed in one info finding ("N names
// outside what was read"), never against readiness; a forest-wide scan judges it.
//
// Not reported: aliases in _msdcs zones (DC locator names), aliases an SPN covers (on the target
// computer or on any service account: the service may run as that account), tombstoned nodes,
// aliases whose chain ends at a single-label name (NAME-SINGLE-LABEL).

#include "src/ad/dns_record.hpp"
#include "src/ad/scope.hpp"
#include "src/ad/spn.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kerbready::checks {
namespace {

bool
is_locator_name(std::string_view fqdn)
{
  return util::istarts_with(fqdn, "_") || fqdn.find("._") != std::string_view::npos ||
         util::istarts_with(fqdn, "_msdcs.") || fqdn.find("._msdcs.") != std::string_view::npos;
}

std::string
first_label(std::string_view fqdn)
{
  return std::string(fqdn.substr(0, fqdn.find('.')));
}

// `setspn -S HTTP/<name> <service account>`, or why there is no command.
std::string
setspn_http(const std::string& name)
{
  return util::shell_command(util::Shell::cmd, "setspn -S {} <service account>", {{"HTTP/" + name, "the alias"}});
}

std::vector<Finding>
find_cnames_without_spn(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  const auto& dns = dns_index(snapshot);
  const auto& hosts = host_index(snapshot);
  const auto& spn_hosts = spn_host_index(snapshot);
  const auto& scope = read_scope(snapshot);
  OutsideScope outside;
  for (const auto& alias : dns.names()) {
    const auto* name = dns.find(alias);
    const bool is_alias = std::any_of(name->records.begin(), name->records.end(),
                                      [](const DnsRecord& r) { return r.type == dns_type::cname; });
    if (!is_alias || is_locator_name(alias)) {
      continue;
    }
    const auto node_object = AffectedObject{name->node->dn, "", util::domain_of_dn(name->node->dn)};
    std::string outside_why;
    if (scope.zone_authority(alias, &outside_why) == Authority::outside ||
        scope.domain_authority(alias, &outside_why) == Authority::outside) {
      outside.add(alias, outside_why, node_object);
      continue;
    }
    const auto chain = dns.follow_cname(alias);
    const auto& final_name = chain.names.back();
    // A chain ending at a single-label name is NAME-SINGLE-LABEL's (one finding per alias).
    if (final_name.find('.') == std::string::npos && !is_ip_literal(final_name)) {
      continue;
    }
    const auto uses = spn_uses_for_host(spn_hosts, alias);
    const auto& targets = hosts.computers_for(final_name);
    // The alias leads into another domain or forest, or a delegated child zone, that was not read:
    // the service behind it, and the account that would hold the alias's SPN, may live there.
    if (uses.empty() && targets.empty() && scope.known_elsewhere(final_name, &outside_why)) {
      outside.add(alias, fmt::format("points to {}, {}", final_name, outside_why), node_object);
      continue;
    }

    Finding f;
    f.subject = alias;
    f.key = alias;
    f.evidence.push_back(Evidence{"CNAME chain", fmt::format("{}", fmt::join(chain.names, " -> "))});
    const auto domain = util::domain_of_dn(name->node->dn);
    for (const auto* target : targets) {
      f.affected.push_back(affected(*target));
    }
    if (f.affected.empty()) {
      f.affected.push_back(AffectedObject{name->node->dn, "", domain});
    }
    const auto hops = chain.names.size() > 2 ? fmt::format(" (through {} aliases)", chain.names.size() - 1) : "";

    if (chain.end != DnsIndex::ChainEnd::resolved) {
      if (!uses.empty()) {
        continue;
      }
      f.severity = Severity::low;
      const char* why = chain.end == DnsIndex::ChainEnd::outside_zones ? "leaves the loaded zones"
                        : chain.end == DnsIndex::ChainEnd::loop        ? "loops"
                        : chain.end == DnsIndex::ChainEnd::too_long    ? "is longer than 8 aliases"
                                                                       : "ends at a name with no address record";
      f.summary = fmt::format("Alias {} {} (at {}) and no account holds an SPN for it: which account serves it "
                              "cannot be told; clients using the alias fall back to NTLM if it needs Windows "
                              "authentication",
                              alias, why, final_name);
      f.remediation = fmt::format("Find the service behind {} and register the alias on the account it runs as, e.g.\n"
                                  "  {}\nor remove the stale alias.",
                                  util::sanitize(alias), setspn_http(alias));
      findings.push_back(std::move(f));
      continue;
    }
    if (targets.empty()) {
      if (!uses.empty()) {
        continue;
      }
      f.severity = Severity::low;
      f.summary = fmt::format("Alias {} points to {}{}, which is no computer account, and no account holds an SPN "
                              "for the alias: clients using it fall back to NTLM if the service needs Windows "
                              "authentication",
                              alias, final_name, hops);
      f.remediation = fmt::format("Register the alias on the account the service runs as:\n  {}", setspn_http(alias));
      findings.push_back(std::move(f));
      continue;
    }
    if (uses.empty()) {
      f.summary = fmt::format("Alias {} points to {}{} but no account holds an SPN for {}: clients using the alias "
                              "(\\\\{}\\share, or a web address with it) ask for cifs/{} or HTTP/{}, get no "
                              "ticket and fall back to NTLM",
                              alias, final_name, hops, alias, alias, alias, alias);
      const auto sam = targets.front()->sam_account_name.str();
      auto bare = sam;
      if (!bare.empty() && bare.back() == '$') {
        bare.pop_back();
      }
      f.remediation = fmt::format(
        "Register the alias on the computer it points to (adds msDS-AdditionalDnsHostName and HOST/ SPNs):\n"
        "  {}\nor, for a web service running as a service account:\n  {}\n  {}",
        util::shell_command(
          util::Shell::cmd, "netdom computername {} /add:{}",
          {{targets.front()->dns_host_name.empty() ? bare : targets.front()->dns_host_name, "the computer's name"},
           {alias, "the alias"}}),
        setspn_http(alias), setspn_http(first_label(alias)));
      findings.push_back(std::move(f));
      continue;
    }
    // Held somewhere. Wrong only when every holder is a computer and none of them is the target.
    const bool all_computers =
      std::all_of(uses.begin(), uses.end(), [](const SpnUse& u) { return u.account->kind == AccountKind::computer; });
    const bool target_holds = std::any_of(uses.begin(), uses.end(), [&](const SpnUse& u) {
      return std::find(targets.begin(), targets.end(), u.account) != targets.end();
    });
    if (!all_computers || target_holds) {
      continue;
    }
    f.severity = Severity::high;
    f.summary = fmt::format("Alias {} points to {}{}, but its SPN is held by {}: tickets for the alias are encrypted "
                            "for the wrong computer, {} cannot decrypt them (KRB_AP_ERR_MODIFIED) and clients fall "
                            "back to NTLM",
                            alias, final_name, hops, uses.front().account->sam_account_name, final_name);
    for (const auto& use : uses) {
      f.affected.push_back(affected(*use.account));
      f.evidence.push_back(Evidence{fmt::format("servicePrincipalName of {}", use.account->dn), std::string(use.spn)});
    }
    f.remediation = fmt::format(
      "Move the alias SPNs to the computer the alias points to:\n  {}\n  {}",
      util::shell_command(
        util::Shell::cmd, "setspn -D {} {}",
        {{uses.front().spn, "the SPN"}, {uses.front().account->sam_account_name, "the account name"}}),
      util::shell_command(util::Shell::cmd, "setspn -S {} {}",
                          {{uses.front().spn, "the SPN"}, {targets.front()->sam_account_name, "the account name"}}));
    findings.push_back(std::move(f));
  }
  outside.append_to(findings, "DNS alias", "DNS aliases");
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
  {DirectoryObject::cross_ref, "dnsRoot"},
  {DirectoryObject::cross_ref, "systemFlags"},
  {DirectoryObject::cross_ref, "nETBIOSName"},
};

const CheckRegistrar k_registrar{{
  .id = "DNS-CNAME-NO-SPN",
  .title = "DNS alias without an SPN",
  .severity = Severity::medium,
  .cause = FallbackCause::ip_or_alias,
  .description = "A CNAME in an AD-integrated zone points to a computer that holds no SPN for the alias (medium), or "
                 "the alias SPN sits on another computer (high). Clients that use the alias ask for cifs/<alias> or "
                 "HTTP/<alias> and fall back to NTLM. Aliases that leave the loaded zones, dangle or loop: low. "
                 "Aliases in or into a domain, forest or delegated zone that was not read are listed in one info "
                 "finding, not judged.",
  .remediation = "Register the alias on the target (netdom computername <host> /add:<alias>) or on the service "
                 "account (setspn -S HTTP/<alias> <account>).",
  .needs = DataSet::domain | DataSet::dns,
  .find = find_cnames_without_spn,
  .kdc_confirms_refusal = true,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
