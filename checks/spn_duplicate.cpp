// SPN-DUPLICATE: the same servicePrincipalName on two or more distinct accounts, compared
// case-insensitively across every domain loaded (the KDC's uniqueness scope is the forest).
//
// Given a duplicate, the KDC cannot pick the account whose key encrypts the ticket: it answers
// KDC_ERR_PRINCIPAL_NOT_UNIQUE (Windows logs KDC event 11), the client's SSPI gives up on Kerberos
// and Negotiate silently falls back to NTLM.
//
// Not reported: an SPN listed twice on one account, and kadmin/changepw, which every domain's
// krbtgt holds by design (MicrosoftDocs/windowsserverdocs#3429).

#include "src/ad/spn.hpp"
#include "src/model/check.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace kerbready::checks {
namespace {

bool
is_krbtgt(const Account* account)
{
  return util::iequals(account->sam_account_name, "krbtgt");
}

std::vector<Finding>
find_duplicate_spns(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& [first_written, holders] : spn_index(snapshot)) {
    if (holders.size() < 2) {
      continue;
    }
    const auto spn = util::to_lower(first_written);
    if (spn == "kadmin/changepw" && std::all_of(holders.begin(), holders.end(), is_krbtgt)) {
      continue;
    }
    Finding f;
    f.subject = spn;
    // Show the SPN as the first holder wrote it.
    for (const auto& written : holders.front()->service_principal_names) {
      if (util::iequals(written, spn)) {
        f.subject = written;
      }
    }
    f.key = spn;
    std::vector<const Account*> sorted(holders.begin(), holders.end());
    std::sort(sorted.begin(), sorted.end(), [](const Account* a, const Account* b) { return a->dn < b->dn; });
    const bool dc_involved =
      std::any_of(sorted.begin(), sorted.end(), [](const Account* a) { return a->is_domain_controller(); });
    f.severity = dc_involved ? Severity::critical : Severity::high;
    f.summary = fmt::format("{} accounts hold {}: the KDC refuses to choose and clients fall back to NTLM",
                            sorted.size(), f.subject);
    std::string commands;
    for (const auto* a : sorted) {
      f.affected.push_back(affected(*a));
      for (const auto& written : a->service_principal_names) {
        if (util::iequals(written, spn)) {
          f.evidence.push_back(
            Evidence{fmt::format("servicePrincipalName of {}", a->sam_account_name), std::string(written)});
        }
      }
      commands += "\n  " + util::shell_command(util::Shell::cmd, "setspn -D {} {}",
                                               {{f.subject, "the SPN"}, {a->sam_account_name, "the account name"}});
    }
    f.remediation = fmt::format(
      "Find the account the service really runs as (the service's logon identity), keep the SPN there and remove "
      "it from every other holder, e.g. one of:{}",
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
  {DirectoryObject::directory_service, "sPNMappings"},
};

const CheckRegistrar k_registrar{{
  .id = "SPN-DUPLICATE",
  .title = "Duplicate servicePrincipalName",
  .severity = Severity::high,
  .cause = FallbackCause::spn,
  .description = "The same SPN (case-insensitive) is held by two or more accounts anywhere in the loaded "
                 "forest. The KDC answers KDC_ERR_PRINCIPAL_NOT_UNIQUE and clients fall back to NTLM. "
                 "Critical when a domain controller is one of the holders.",
  .remediation = "Keep the SPN on the account the service runs as and remove it from the others (setspn -D).",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_duplicate_spns,
  .kdc_confirms_refusal = true,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
