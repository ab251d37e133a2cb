// PU-PRIVILEGED-DELEGABLE: enabled privileged accounts without "Account is sensitive and cannot be
// delegated" (UF_NOT_DELEGATED, 0x100000) and not in Protected Users (which implies it).
//
// A privileged account that can be delegated can be impersonated by any service trusted for
// delegation it connects to. For the NTLM project it matters because the usual advice — move the
// account into Protected Users — also forbids delegation; flagging the bit first shows which
// admins a delegation-dependent tool would break. Medium for Tier-0, low otherwise.
//
// Not reported: computers and domain controllers (their delegation is governed by
// msDS-AllowedToDelegateTo and trust flags), krbtgt, disabled accounts, members of Protected
// Users.

#include "src/ad/privilege.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_privileged_delegable(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  const auto& index = privilege_index(snapshot);
  for (const auto* privileged : unprotected_privileged(index)) {
    const auto& entry = *privileged;
    const Account& a = *entry.account;
    if (a.kind == AccountKind::computer || a.kind == AccountKind::trust_account || a.is_domain_controller() ||
        (a.user_account_control & uac::not_delegated) != 0) {
      continue;
    }
    auto f = privileged_account_finding(entry);
    f.summary = fmt::format("Privileged account {} ({}) can be delegated: it lacks \"sensitive and cannot be "
                            "delegated\" and is not in Protected Users",
                            f.subject,
                            entry.admin_count_only ? std::string("adminCount=1")
                                                   : fmt::format("{}", fmt::join(entry.groups, ", ")));
    f.evidence.push_back(Evidence{fmt::format("userAccountControl of {}", a.dn),
                                  fmt::format("0x{:x} (NOT_DELEGATED 0x100000 not set)", a.user_account_control)});
    f.remediation =
      util::shell_command(util::Shell::powershell, "Set-ADAccountControl -Identity {} -AccountNotDelegated $true",
                          {{a.sam_account_name, "the account name"}});
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
  {DirectoryObject::group, "sAMAccountName"},
  {DirectoryObject::group, "objectSid"},
  {DirectoryObject::group, "member"},
};

const CheckRegistrar k_registrar{{
  .id = "PU-PRIVILEGED-DELEGABLE",
  .title = "Privileged account can be delegated",
  .severity = Severity::medium,
  .cause = FallbackCause::app_config,
  .description = "An enabled privileged account without \"Account is sensitive and cannot be delegated\" and outside "
                 "Protected Users: services trusted for delegation can impersonate it.",
  .remediation = "Set \"Account is sensitive and cannot be delegated\" (Set-ADAccountControl -AccountNotDelegated "
                 "$true) or add the account to Protected Users.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_privileged_delegable,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
