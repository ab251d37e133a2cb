// DELEG-KCD-TARGET: an msDS-AllowedToDelegateTo entry (constrained delegation, MS-ADA2 2.217) that
// no account in the snapshot holds, or that the KDC resolves only through the HOST alias to a
// computer while another account holds the same service under the host's other name.
//
// S4U2Proxy (MS-SFU 3.2.5.2) asks the KDC for a ticket to the SPN written in the front-end's
// msDS-AllowedToDelegateTo, and the KDC looks that SPN up like any other (LookupSPN, MS-DRSR
// 4.1.4.2.14: exact match, then MapSPN through sPNMappings). An entry nobody holds gets
// KDC_ERR_S_PRINCIPAL_UNKNOWN: the front-end cannot delegate and the application falls back to
// whatever it has (NTLM, a prompt, a fixed account). An entry such as http/web01.corp.example.com
// that only the computer's HOST/web01.corp.example.com answers to, while the service account
// svc_web holds http/web01, gets tickets encrypted for the computer: if the service runs as svc_web
// they cannot be decrypted (KRB_AP_ERR_MODIFIED) and the application falls back the same way.
// Medium, cause spn: the delegation never worked as written, so whatever fallback exists is in use
// today, and blocking NTLM turns it into a failure; the fix is one SPN.
//
// Not reported: entries resolved by an exact holder (several holders are SPN-DUPLICATE's), entries
// resolved through the HOST alias with no other account holding the service for that host (the
// usual cifs/fileserver delegation, which works when the service runs as the computer), disabled
// front-ends. A host whose domain was not read (another domain or forest, src/ad/scope.hpp) is not
// judged: such entries are listed in one info finding.

#include "src/ad/scope.hpp"
#include "src/ad/spn.hpp"
#include "src/model/check.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kerbready::checks {
namespace {

// Accounts other than `resolved` that hold `service_class`/<the same host under another name>: the
// FQDN's first label, or the short name completed with the front-end's domain.
std::vector<SpnUse>
competing_holders(const SpnHostIndex& hosts, const Spn& spn, const Account& front_end,
                  const std::vector<const Account*>& resolved)
{
  std::vector<SpnUse> uses = spn_uses_for_host(hosts, spn.host);
  if (spn.host.find('.') == std::string::npos && !front_end.domain.empty()) {
    const auto more = spn_uses_for_host(hosts, spn.host + "." + front_end.domain);
    uses.insert(uses.end(), more.begin(), more.end());
  }
  std::vector<SpnUse> out;
  for (const auto& use : uses) {
    const auto parsed = parse_spn(use.spn);
    if (!parsed || !util::iequals(parsed->service_class, spn.service_class) || parsed->port != spn.port ||
        std::find(resolved.begin(), resolved.end(), use.account) != resolved.end() ||
        std::any_of(out.begin(), out.end(), [&](const SpnUse& u) { return u.account == use.account; })) {
      continue;
    }
    out.push_back(use);
  }
  return out;
}

std::string
remove_command(const Account& front_end, std::string_view entry)
{
  return util::shell_command(util::Shell::powershell,
                             "Set-ADObject -Identity {} -Remove @{'msDS-AllowedToDelegateTo'={}}",
                             {{front_end.dn, "the front-end's DN"}, {entry, "the delegation entry"}});
}

std::vector<Finding>
find_kcd_targets(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  const auto& index = spn_index(snapshot);
  const auto mappings = SpnMappings::from(snapshot.configuration);
  const auto& hosts = spn_host_index(snapshot);
  const auto& scope = read_scope(snapshot);
  OutsideScope outside;
  for (const auto& account : snapshot.accounts) {
    if (account.allowed_to_delegate_to.empty() || !account.is_enabled()) {
      continue;
    }
    for (const auto& entry : account.allowed_to_delegate_to) {
      std::string why_malformed;
      const auto spn = parse_spn(entry, &why_malformed);
      const auto resolution = resolve_spn(index, mappings, entry);
      Finding f;
      f.subject = fmt::format("{} -> {}", account.sam_account_name, entry);
      f.key = fmt::format("{}|{}", util::to_lower(account.dn), util::to_lower(entry));
      f.affected.push_back(affected(account));
      f.evidence.push_back(
        Evidence{fmt::format("msDS-AllowedToDelegateTo of {}", account.sam_account_name), std::string(entry)});
      if (!resolution.holders.empty() && !resolution.via_alias) {
        continue;
      }
      if (!resolution.holders.empty()) {
        // Resolved through the alias: a finding only when another account holds the service itself.
        const auto others = spn ? competing_holders(hosts, *spn, account, resolution.holders) : std::vector<SpnUse>{};
        if (others.empty()) {
          continue;
        }
        std::vector<std::string> holder_names;
        for (const auto* holder : resolution.holders) {
          holder_names.push_back(holder->sam_account_name.str());
          f.affected.push_back(affected(*holder));
        }
        f.summary = fmt::format("{} may delegate to {}, which no account holds: the KDC resolves it through the "
                                "HOST alias ({}) to {}, while {} holds {}. If the service runs as {}, the "
                                "delegated tickets cannot be decrypted and the application falls back",
                                account.sam_account_name, entry, resolution.mapped, fmt::join(holder_names, ", "),
                                others.front().account->sam_account_name, others.front().spn,
                                others.front().account->sam_account_name);
        for (const auto& other : others) {
          f.affected.push_back(affected(*other.account));
          f.evidence.push_back(Evidence{fmt::format("servicePrincipalName of {}", other.account->sam_account_name),
                                        std::string(other.spn)});
        }
        f.evidence.push_back(Evidence{"resolved through sPNMappings", resolution.mapped});
        f.remediation = fmt::format(
          "Name the SPN the service account holds in the delegation entry (or register {} on the account the "
          "service runs as). To remove the entry that resolves to the wrong account:\n  {}",
          util::sanitize(entry), remove_command(account, entry));
        findings.push_back(std::move(f));
        continue;
      }
      if (spn && !is_ip_literal(spn->host)) {
        std::string why_domain;
        if (scope.domain_authority(spn->host, &why_domain) == Authority::outside) {
          outside.add(util::to_lower(spn->host), why_domain, affected(account));
          continue;
        }
      }
      f.summary = spn ? fmt::format("{} may delegate to {}, which no account in the snapshot holds: S4U2Proxy fails "
                                    "(KDC_ERR_S_PRINCIPAL_UNKNOWN) and the application falls back",
                                    account.sam_account_name, entry)
                      : fmt::format("{} may delegate to {}, which is not a valid SPN ({}): the KDC never resolves it",
                                    account.sam_account_name, entry, why_malformed);
      f.remediation = fmt::format("Register {} on the account the target service runs as (setspn -S), or remove the "
                                  "stale entry:\n  {}",
                                  util::sanitize(entry), remove_command(account, entry));
      findings.push_back(std::move(f));
    }
  }
  outside.append_to(findings, "delegation target host", "delegation target hosts");
  return findings;
}

// The directory attributes behind the snapshot fields this check reads, directly or through
// src/ad helpers (Check::reads).
constexpr AttributeRead k_reads[] = {
  {DirectoryObject::account, "msDS-AllowedToDelegateTo"},
  {DirectoryObject::account, "servicePrincipalName"},
  {DirectoryObject::account, "sAMAccountName"},
  {DirectoryObject::account, "userAccountControl"},
  {DirectoryObject::directory_service, "sPNMappings"},
  {DirectoryObject::trust, "trustPartner"},
  {DirectoryObject::dns_node, "dc"},
  {DirectoryObject::dns_node, "dnsRecord"},
  {DirectoryObject::cross_ref, "dnsRoot"},
  {DirectoryObject::cross_ref, "systemFlags"},
};

const CheckRegistrar k_registrar{{
  .id = "DELEG-KCD-TARGET",
  .title = "Constrained delegation to an SPN no account (or the wrong account) holds",
  .severity = Severity::medium,
  .cause = FallbackCause::spn,
  .description =
    "An msDS-AllowedToDelegateTo entry names an SPN that no account holds, or one the KDC resolves only through "
    "the HOST alias (sPNMappings) to a computer while another account holds that service for the host. "
    "S4U2Proxy then fails or yields tickets the service cannot decrypt, and the application falls back "
    "(MS-SFU 3.2.5.2; MS-DRSR 4.1.4.2.14 LookupSPN). Hosts in domains that were not read are listed at info.",
  .remediation = "Register the SPN on the account the service runs as, or correct or remove the entry.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_kcd_targets,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
