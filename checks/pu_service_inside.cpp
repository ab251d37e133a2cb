// PU-SERVICE-INSIDE: computers, domain controllers, gMSAs/MSAs, trust accounts and accounts holding
// SPNs that are (transitively) members of Protected Users.
//
// Microsoft: "Accounts for services and computers should never be members" of Protected Users.
// Members get no NTLM, no delegation, 4-hour TGTs and no cached keys; a service or computer in the
// group fails to authenticate ("user name or password is incorrect"), and the usual first reaction
// is to re-enable NTLM. High: it breaks things now. (PingCastle #180/#268 exempt gMSAs from the
// "should be in" rule; this is the other side: they must not be in.)
//
// Not reported: disabled accounts; user accounts without SPNs (they belong there).

#include "src/ad/privilege.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::string
kind_of(const Account& a)
{
  if (a.is_domain_controller()) {
    return "domain controller";
  }
  switch (a.kind) {
  case AccountKind::computer:
    return "computer";
  case AccountKind::group_managed_service_account:
    return "group managed service account";
  case AccountKind::managed_service_account:
    return "managed service account";
  case AccountKind::trust_account:
    return "trust account";
  case AccountKind::user:
    break;
  }
  return "service account (holds SPNs)";
}

std::vector<Finding>
find_services_inside(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  const auto& graph = group_graph(snapshot);
  for (const auto* group : graph.groups_with_rid(rid::protected_users)) {
    for (const auto* member : graph.members(*group)) {
      const Account& a = *member;
      if (!a.is_enabled() || (a.kind == AccountKind::user && a.service_principal_names.empty())) {
        continue;
      }
      Finding f;
      f.subject = a.sam_account_name.empty() ? a.dn : a.sam_account_name;
      f.key = util::normalize_dn(a.dn);
      f.summary = fmt::format("{} {} is in {}: services and computers must never be members; its logons and "
                              "service tickets fail",
                              kind_of(a), f.subject, group_label(*group));
      f.affected.push_back(affected(a));
      f.evidence.push_back(Evidence{"member of", group->dn});
      for (const auto& spn : a.service_principal_names) {
        if (f.evidence.size() >= 4) {
          break;
        }
        f.evidence.push_back(Evidence{fmt::format("servicePrincipalName of {}", a.dn), std::string(spn)});
      }
      f.remediation = fmt::format("Remove it (and any group that nests it) from Protected Users:\n"
                                  "  {}",
                                  util::shell_command(util::Shell::powershell,
                                                      "Remove-ADGroupMember -Identity 'Protected Users' -Members {}",
                                                      {{a.sam_account_name, "the account name"}}));
      findings.push_back(std::move(f));
    }
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
  .id = "PU-SERVICE-INSIDE",
  .title = "Service or computer account in Protected Users",
  .severity = Severity::high,
  .cause = FallbackCause::app_config,
  .description = "A computer, DC, gMSA/MSA, trust account or account holding SPNs is (transitively) a member of "
                 "Protected Users. Microsoft says these must never be members: their authentication fails.",
  .remediation = "Remove service and computer accounts from Protected Users; use gMSAs with AES instead.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_services_inside,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
