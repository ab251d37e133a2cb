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
// Not reported: computers, DCs, gMSAs/MSAs, trust accounts and accounts with SPNs (services must
// never be in Protected Users: PU-SERVICE-INSIDE), krbtgt, disabled accounts.

#include "src/check.hpp"
#include "src/privilege.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_privileged_outside(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  const PrivilegeIndex index(snapshot);
  for (const auto& entry : index.ranked()) {
    const Account& a = *entry.account;
    if (a.kind != AccountKind::user || !a.is_enabled() || !a.service_principal_names.empty()
        || util::iequals(a.sam_account_name, "krbtgt")) {
      continue;
    }
    if (protected_users_group_of(index.graph(), a) != nullptr) {
      continue;
    }
    Finding f;
    f.subject = a.sam_account_name.empty() ? a.dn : a.sam_account_name;
    f.key = util::normalize_dn(a.dn);
    f.severity = entry.weight >= 75 ? Severity::medium : Severity::low;
    f.affected.push_back(affected(a));
    if (entry.admin_count_only) {
      f.summary = fmt::format("{} has adminCount=1 (once privileged, perhaps still) and is not in Protected Users",
                              f.subject);
      f.evidence.push_back(Evidence{fmt::format("adminCount of {}", a.dn), "1"});
    } else {
      f.summary = fmt::format("{} is a member of {} but not of Protected Users: it can still use NTLM and leave "
                              "NTLM hashes on the machines it logs on to",
                              f.subject, fmt::join(entry.groups, ", "));
      for (const auto& group : entry.groups) {
        f.evidence.push_back(Evidence{"privileged through", group});
      }
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

const CheckRegistrar k_registrar{{
  .id = "PU-PRIVILEGED-OUTSIDE",
  .title = "Privileged account outside Protected Users",
  .severity = Severity::medium,
  .cause = FallbackCause::app_config,
  .description = "An enabled user account that is (transitively, including primaryGroupID) a member of a well-known "
                 "administrative group, or has adminCount=1 (low), is not in Protected Users, so it can still "
                 "authenticate with NTLM. Service accounts with SPNs are excluded.",
  .remediation = "Add privileged user accounts to Protected Users, incrementally, after checking AES readiness.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_privileged_outside,
}};

} // namespace
} // namespace kerbready::checks
