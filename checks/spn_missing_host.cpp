// SPN-MISSING-HOST: an enabled computer whose dNSHostName, short name or msDS-AdditionalDnsHostName
// has no HOST/ SPN (on the computer itself or on any account).
//
// Every service class that sPNMappings aliases to HOST (cifs, http, rpcss, …) resolves through
// HOST/<name>. With no HOST/ SPN for a name, a client connecting to the machine by that name gets
// KDC_ERR_S_PRINCIPAL_UNKNOWN and Negotiate falls back to NTLM. Alternate names (msDS-AdditionalDnsHostName,
// netdom computername /add) are the usual gap: the name is registered, its SPNs are not.
//
// Not reported: disabled computers (nobody can authenticate to them), gMSAs/sMSAs (they are
// not hosts), and computer accounts that other products create and no machine runs as
// (src/ad/special_accounts.hpp: AZUREADSSOACC$ for Seamless SSO, AzureADKerberos$ for Entra Kerberos):
// registering HOST/ SPNs on them would be wrong, and for Seamless SSO harmful.

#include "src/ad/special_accounts.hpp"
#include "src/ad/spn.hpp"
#include "src/model/check.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_missing_host_spns(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  const auto& index = spn_index(snapshot);
  for (const auto& account : snapshot.accounts) {
    if (account.kind != AccountKind::computer || !account.is_enabled()) {
      continue;
    }
    if (const auto* special = special_account(account); special != nullptr && !special->is_host) {
      continue;
    }
    std::vector<std::string> missing;
    for (const auto& name : host_names_of(account)) {
      if (index.count("host/" + name) == 0) {
        missing.push_back(name);
      }
    }
    if (missing.empty()) {
      continue;
    }
    Finding f;
    f.subject = account.sam_account_name.empty() ? account.dn : account.sam_account_name;
    f.key = fmt::format("{}|{}", util::to_lower(account.domain), util::to_lower(f.subject));
    f.severity = account.is_domain_controller() ? Severity::high : Severity::medium;
    f.summary = fmt::format("computer {} has no HOST/ SPN for {}: Kerberos to {} fails and clients use NTLM", f.subject,
                            fmt::join(missing, ", "), missing.size() == 1 ? "that name" : "those names");
    f.affected.push_back(affected(account));
    for (const auto& name : missing) {
      f.evidence.push_back(Evidence{"name without HOST/ SPN", name});
    }
    if (!account.dns_host_name.empty()) {
      f.evidence.push_back(Evidence{"dNSHostName", account.dns_host_name.str()});
    }
    for (const auto& alternate : account.additional_dns_host_names) {
      f.evidence.push_back(Evidence{"msDS-AdditionalDnsHostName", std::string(alternate)});
    }
    f.evidence.push_back(
      Evidence{"servicePrincipalName count", std::to_string(account.service_principal_names.size())});
    std::string commands;
    for (const auto& name : missing) {
      commands += "\n  " + util::shell_command(
                             util::Shell::cmd, "setspn -S {} {}",
                             {{"HOST/" + name, "the host name"}, {account.sam_account_name, "the account name"}});
    }
    f.remediation = fmt::format(
      "Register the missing HOST/ SPNs on the computer (for alternate names, prefer '{}', which registers them):{}",
      util::shell_command(
        util::Shell::cmd, "netdom computername {} /add:<name>",
        {{account.dns_host_name.empty() ? account.sam_account_name : account.dns_host_name, "the computer's name"}}),
      commands);
    findings.push_back(std::move(f));
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
  {DirectoryObject::cross_ref, "dnsRoot"},
  {DirectoryObject::cross_ref, "nETBIOSName"},
  {DirectoryObject::directory_service, "sPNMappings"},
};

const CheckRegistrar k_registrar{{
  .id = "SPN-MISSING-HOST",
  .title = "Computer name without a HOST/ SPN",
  .severity = Severity::medium,
  .cause = FallbackCause::spn,
  .description = "An enabled computer's dNSHostName, short name or msDS-AdditionalDnsHostName has no HOST/ SPN. "
                 "Clients that use that name cannot get a service ticket (KDC_ERR_S_PRINCIPAL_UNKNOWN) and fall "
                 "back to NTLM. High for domain controllers.",
  .remediation = "Register HOST/<name> on the computer (setspn -S, or netdom computername /add for alternate names).",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_missing_host_spns,
  .kdc_confirms_refusal = true,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
