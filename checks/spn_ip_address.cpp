// SPN-IP-ADDRESS: an SPN whose host part is an IPv4 or IPv6 literal.
//
// Such an SPN exists because clients reach the service by IP address. Windows clients do not even
// ask for a ticket for an IP target unless TryIPSPN is set (Windows 10 / Server 2016 and later), so
// that access uses NTLM; the SPN is the trace of it. Also, IP addresses get reassigned: the SPN
// then points at the wrong machine.
//
// Not reported: IP addresses in the service-name part.

#include "src/ad/spn.hpp"
#include "src/model/check.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_ip_spns(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& account : snapshot.accounts) {
    for (const auto& written : account.service_principal_names) {
      const auto spn = parse_spn(written);
      if (!spn || !is_ip_literal(spn->host)) {
        continue;
      }
      Finding f;
      f.subject = written;
      f.key = fmt::format("{}|{}", util::to_lower(written), util::to_lower(account.dn));
      f.severity = account.is_domain_controller() ? Severity::high : Severity::medium;
      f.summary = fmt::format("{} names {} by IP address: clients that connect by IP use NTLM unless TryIPSPN is set",
                              account.sam_account_name, spn->host);
      f.affected.push_back(affected(account));
      f.evidence.push_back(
        Evidence{fmt::format("servicePrincipalName of {}", account.sam_account_name), std::string(written)});
      f.remediation = fmt::format(
        "Make clients use the DNS name ({}/<fqdn> SPN). If access by IP cannot be avoided, keep the SPN and set "
        "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Kerberos\\Parameters\\TryIPSPN=1 "
        "(DWORD) on the clients; otherwise remove it:\n  {}",
        util::sanitize(spn->service_class),
        util::shell_command(util::Shell::cmd, "setspn -D {} {}",
                            {{written, "the SPN"}, {account.sam_account_name, "the account name"}}));
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
};

const CheckRegistrar k_registrar{{
  .id = "SPN-IP-ADDRESS",
  .title = "SPN with an IP address as host",
  .severity = Severity::medium,
  .cause = FallbackCause::ip_or_alias,
  .description = "An SPN's host is an IP literal: clients reach the service by IP, which Windows answers with NTLM "
                 "unless TryIPSPN is set on the client.",
  .remediation = "Use DNS names; where IP access must stay, set TryIPSPN on clients and keep the IP SPN.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_ip_spns,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
