// PU-PRIVILEGED-OUTSIDE: enabled privileged user accounts that are not (transitively) in Protected
// Users.
//
// Protected Users refuses NTLM, DES/RC4 pre-authentication, delegation and credential caching for
// its members. It is the first, per-account step of blocking NTLM: admins in the group stop
// leaving NTLM hashes behind, and whatever still needs NTLM for them shows up at once. Privileged
// means transitive membership (nested groups, primaryGroupID) of the well-known administrative
// groups (RIDs 512, 516, 518, 519, 526, 527, BUILTIN 544, 548–551, and DnsAdmins); adminCount=1 alone
// is a weaker signal (it stays behind after removal) and is reported at low. Medium for
// Tier-0 groups (Enterprise/Schema/Domain Admins, Administrators, Key Admins), low otherwise; the
// runner ranks by privilege.
//
// Services never belong in Protected Users (Microsoft Learn, "Protected Users Security Group":
// "Accounts for services and computers should never be members of the Protected Users group"):
// a privileged user account that looks like a service account although it holds no SPN (its name
// starts with svc/srv/sa followed by a separator, or it sits in an OU whose name contains "service")
// is still reported, as a privileged account that can use NTLM, but the advice is a gMSA (or, when
// a person logs on with it, a separate tiered admin account), never Protected Users. The evidence
// says why it was taken for a service account; the name and OU tests are a heuristic.
//
// The Microsoft Entra Connect AD DS connector account (MSOL_<hex>, src/ad/special_accounts.hpp) is
// reported when privileged, but never told to join Protected Users or become a gMSA: it is a sync
// account that Entra Connect logs on with by name and password; the fix is to take it out of the
// administrative groups and give it only the permissions Entra Connect needs.
//
// Not reported: computers, DCs, gMSAs/MSAs, trust accounts and accounts with SPNs (services must
// never be in Protected Users: PU-SERVICE-INSIDE), krbtgt, disabled accounts.

#include "src/ad/privilege.hpp"
#include "src/ad/special_accounts.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

// Return why `a` looks like a service account without an SPN ("name svc_backup", "in OU=Service
// Accounts"), or empty.
std::string
service_account_hint(const Account& a)
{
  const auto name = util::to_lower(a.sam_account_name);
  for (const std::string_view prefix : {"svc", "srv", "sa"}) {
    if (name.size() > prefix.size() + 1 && name.compare(0, prefix.size(), prefix) == 0 &&
        (name[prefix.size()] == '_' || name[prefix.size()] == '-' || name[prefix.size()] == '.')) {
      return fmt::format("sAMAccountName {} (a service-account prefix)", a.sam_account_name);
    }
  }
  if (const auto rdns = util::parse_dn(a.dn)) {
    for (std::size_t i = 1; i < rdns->size(); ++i) {
      const auto& rdn = (*rdns)[i];
      if (util::iequals(rdn.type, "OU") && util::to_lower(rdn.value).find("service") != std::string::npos) {
        return fmt::format("in OU={}", rdn.value);
      }
    }
  }
  return {};
}

std::vector<Finding>
find_privileged_outside(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  const auto& index = privilege_index(snapshot);
  for (const auto* privileged : unprotected_privileged(index)) {
    const auto& entry = *privileged;
    const Account& a = *entry.account;
    if (a.kind != AccountKind::user || !a.service_principal_names.empty()) {
      continue;
    }
    auto f = privileged_account_finding(entry);
    if (entry.admin_count_only) {
      f.summary =
        fmt::format("{} has adminCount=1 (once privileged, perhaps still) and is not in Protected Users", f.subject);
      f.evidence.push_back(Evidence{fmt::format("adminCount of {}", a.dn), "1"});
    } else {
      f.summary = fmt::format("{} is a member of {} but not of Protected Users: it can still use NTLM and leave "
                              "NTLM hashes on the machines it logs on to",
                              f.subject, fmt::join(entry.groups, ", "));
      for (const auto& group : entry.groups) {
        f.evidence.push_back(Evidence{"privileged through", group});
      }
    }
    if (const auto* special = special_account(a); special != nullptr) {
      f.evidence.push_back(Evidence{"well-known account", special_evidence(*special)});
      f.remediation = special_remediation(*special, a);
      findings.push_back(std::move(f));
      continue;
    }
    if (const auto hint = service_account_hint(a); !hint.empty()) {
      f.evidence.push_back(Evidence{"taken for a service account (heuristic)", hint});
      f.remediation = fmt::format(
        "Do not add a service account to Protected Users: it would lose NTLM, delegation and cached credentials "
        "its service may rely on. Run the service as a group managed service account with only the rights it needs "
        "(remove it from {}); if a person logs on with this account, give them a separate tiered admin account "
        "instead. To find what uses it, check the DCs' 4624/4768/4776 events for it:\n  {}",
        entry.admin_count_only ? std::string("the groups that set adminCount")
                               : fmt::format("{}", fmt::join(entry.groups, ", ")),
        util::shell_command(util::Shell::powershell, "Get-ADUser {} -Properties LastLogonDate,ServicePrincipalName",
                            {{a.sam_account_name, "the account name"}}));
      findings.push_back(std::move(f));
      continue;
    }
    f.remediation = fmt::format(
      "Add the account to Protected Users after checking it can use AES (password set since the domain reached "
      "the 2008 level) and needs no delegation, NTLM or cached logons:\n  {}\nAdd admins incrementally and watch the "
      "ProtectedUserFailures-DomainController log (events 100/101).",
      util::shell_command(util::Shell::powershell, "Add-ADGroupMember -Identity 'Protected Users' -Members {}",
                          {{a.sam_account_name, "the account name"}}));
    findings.push_back(std::move(f));
  }
  return findings;
}

// The directory attributes behind the snapshot fields this check reads, directly or through
// src/ad helpers (Check::reads).
constexpr AttributeRead k_reads[] = {
  {DirectoryObject::account, "sAMAccountName"},
  {DirectoryObject::account, "objectSid"},
  {DirectoryObject::account, "userAccountControl"},
  {DirectoryObject::account, "primaryGroupID"},
  {DirectoryObject::account, "memberOf"},
  {DirectoryObject::account, "adminCount"},
  {DirectoryObject::account, "servicePrincipalName"},
  {DirectoryObject::group, "sAMAccountName"},
  {DirectoryObject::group, "objectSid"},
  {DirectoryObject::group, "member"},
};

const CheckRegistrar k_registrar{{
  .id = "PU-PRIVILEGED-OUTSIDE",
  .title = "Privileged account outside Protected Users",
  .severity = Severity::medium,
  .cause = FallbackCause::app_config,
  .description = "An enabled user account that is (transitively, including primaryGroupID) a member of a well-known "
                 "administrative group, or has adminCount=1 (low), is not in Protected Users, so it can still "
                 "authenticate with NTLM. Service accounts with SPNs are excluded; for accounts that look like "
                 "service accounts the advice is a gMSA or a tiered account, never Protected Users.",
  .remediation = "Add privileged user (person) accounts to Protected Users, incrementally, after checking AES "
                 "readiness; move privileged service accounts to gMSAs instead.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_privileged_outside,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
