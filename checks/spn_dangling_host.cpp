// SPN-DANGLING-HOST: an SPN whose host matches no computer name, dNSHostName or alternate name,
// and no domain or DC locator name, in the snapshot.
//
// Either a typo (clients ask for the right name, find no SPN and use NTLM), a decommissioned host
// whose SPN stayed behind on a service account, or an alias/load-balancer name. A leftover name in
// an AD-integrated zone can be registered by any authenticated user (ADIDNS), who then receives
// tickets meant for the service. Medium.
//
// A host is judged only where its authority was read (src/ad/scope.hpp): the domain that would hold
// its computer, or the DNS zone that would hold its record. A host in a domain of the forest that
// was not read, in a trusted domain or forest, under a child zone delegated out of a read zone, or
// under nothing that was read is "outside what was read": such hosts are listed in one info finding
// ("N names outside what was read"), never against readiness. A forest-wide scan judges them all.
//
// Not reported: IP literals (SPN-IP-ADDRESS), malformed SPNs (SPN-MALFORMED), kadmin/changepw,
// directory replication SPNs (E3514235-…/<NTDS GUID>/…), SPNs whose host is a domain, NetBIOS
// domain or _msdcs locator name, and the HTTP/ SPNs of the Seamless SSO account AZUREADSSOACC$
// (src/ad/special_accounts.hpp): their hosts are Microsoft's, on purpose, and removing them (the
// generic fix) breaks Seamless SSO.
//
// When the DNS partitions were read the check is DNS-aware: a host whose zone was read and that has
// no DNS record either is raised to high (nobody can reach it by that name, and anyone may register
// it), even when its domain was not read; a host that does have a DNS record is an alias or a
// non-computer name and stays medium, with the record named in the summary (outside what was read
// when its domain was not read: its computer may live there).

#include "src/ad/dns_record.hpp"
#include "src/ad/scope.hpp"
#include "src/ad/special_accounts.hpp"
#include "src/ad/spn.hpp"
#include "src/model/check.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

// Directory replication SPNs name the DC's NTDS Settings GUID, not a host (MS-DRSR 2.2.3.2).
constexpr std::string_view k_drs_replication_class = "E3514235-4B06-11D1-AB04-00C04FC2DCD2";

std::vector<Finding>
find_dangling_hosts(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  const auto& hosts = host_index(snapshot);
  const bool with_dns = snapshot.has(DataSet::dns);
  const auto& dns = dns_index(snapshot);
  const auto& scope = read_scope(snapshot);
  OutsideScope outside;
  for (const auto& account : snapshot.accounts) {
    const auto* special = special_account(account);
    const bool seamless_sso = special != nullptr && special->kind == SpecialAccountKind::seamless_sso;
    for (const auto& written : account.service_principal_names) {
      const auto spn = parse_spn(written);
      if (!spn || is_ip_literal(spn->host) || util::iequals(written, "kadmin/changepw") ||
          util::iequals(spn->service_class, k_drs_replication_class)) {
        continue;
      }
      if (hosts.is_known(spn->host) || (seamless_sso && is_seamless_sso_spn_host(spn->host))) {
        continue;
      }
      // Judge the host only where its authority was read: the domain that would hold its computer,
      // or the zone that would hold its record (a name with no record there is dangling wherever its
      // computer would live).
      std::string why_domain;
      const bool domain_read = scope.domain_authority(spn->host, &why_domain) == Authority::read;
      const bool zone_read = with_dns && scope.zone_authority(spn->host) == Authority::read;
      const bool in_dns = with_dns && dns.has_name(spn->host);
      if (!domain_read && (!zone_read || in_dns)) {
        outside.add(util::to_lower(spn->host), why_domain, affected(account));
        continue;
      }
      Finding f;
      // A short name resolves through the clients' DNS suffix: the scope counts it as read.
      const bool ours = domain_read;
      f.severity = ours ? Severity::medium : Severity::low;
      f.subject = written;
      f.key = fmt::format("{}|{}", util::to_lower(written), util::to_lower(account.dn));
      f.summary = fmt::format("{} on {} names host {}, which is no computer in the snapshot{}", written,
                              account.sam_account_name, spn->host, ours ? "" : fmt::format(" ({})", why_domain));
      if (with_dns) {
        if (in_dns) {
          f.summary += "; the name exists in DNS (an alias or a non-computer host)";
        } else if (zone_read) {
          f.severity = Severity::high;
          f.summary += " and has no DNS record either: no client reaches it by that name, and any authenticated "
                       "user can register it in AD-integrated DNS";
        }
      }
      f.affected.push_back(affected(account));
      f.evidence.push_back(
        Evidence{fmt::format("servicePrincipalName of {}", account.sam_account_name), std::string(written)});
      f.evidence.push_back(Evidence{"host", spn->host});
      f.remediation = fmt::format(
        "If {} is a typo, register the right name; if the host is gone, remove the SPN:\n  {}\nIf it "
        "is a DNS alias or load-balancer name, keep it on the account the service runs as and make sure the DNS "
        "record exists and is owned by an administrator.",
        util::sanitize(spn->host),
        util::shell_command(util::Shell::cmd, "setspn -D {} {}",
                            {{written, "the SPN"}, {account.sam_account_name, "the account name"}}));
      findings.push_back(std::move(f));
    }
  }
  outside.append_to(findings, "SPN host", "SPN hosts");
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
  .id = "SPN-DANGLING-HOST",
  .title = "SPN for a host the directory does not know",
  .severity = Severity::medium,
  .cause = FallbackCause::spn,
  .description = "An SPN's host matches no computer name, dNSHostName or alternate name in the snapshot: a typo "
                 "(clients never match it and use NTLM), a decommissioned host, or an alias whose DNS name anyone "
                 "could register in AD-integrated DNS. Hosts whose domain and zone were not read (another domain or "
                 "forest, a delegated child zone, the forest root's _msdcs zone) are listed in one info finding, "
                 "not judged.",
  .remediation = "Fix the typo, remove SPNs of decommissioned hosts (setspn -D), or document the alias.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_dangling_hosts,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
