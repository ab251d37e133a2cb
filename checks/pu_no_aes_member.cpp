// PU-NO-AES-MEMBER: enabled members of Protected Users that cannot pre-authenticate with AES:
// USE_DES_KEY_ONLY, or no AES keys (a password last set before the domain made AES keys).
//
// Protected Users members must pre-authenticate with AES: the KDC refuses DES and RC4
// pre-authentication for them at domain functional level 2012 R2 and above (MS-KILE 3.3.5.6, AS
// exchange; Microsoft Learn, "Protected Users Security Group") and they cannot use NTLM, so a
// member without AES keys cannot log on at all. High. Whether the account has AES keys is the
// password-age heuristic of src/ad/etypes.hpp aes_threshold() (its domain's creation when born at
// the 2008 level, else the RID-521 group's whenCreated), said in the summary.
//
// Not reported: members whose msDS-SupportedEncryptionTypes names RC4 but no AES. That attribute
// says which etypes the KDC may use for tickets *to* the account (service tickets, MS-KILE
// 3.3.5.7), not which keys it has or how it logs on: a member with 0x4 and AES keys still
// pre-authenticates with AES (ENC-RC4-ONLY reports the attribute). Also not reported: disabled
// accounts, members whose AES state cannot be told.

#include "src/ad/etypes.hpp"
#include "src/ad/privilege.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_members_without_aes(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  const auto& graph = group_graph(snapshot);
  for (const auto* group : graph.groups_with_rid(rid::protected_users)) {
    const auto threshold = aes_threshold(snapshot, group->domain);
    for (const auto* member : graph.members(*group)) {
      const Account& a = *member;
      if (!a.is_enabled()) {
        continue;
      }
      Finding f;
      f.subject = a.sam_account_name.empty() ? a.dn : a.sam_account_name;
      f.key = util::normalize_dn(a.dn);
      f.affected.push_back(affected(a));
      f.evidence.push_back(Evidence{"member of", group->dn});
      if ((a.user_account_control & uac::use_des_key_only) != 0) {
        f.summary = fmt::format("{} is in Protected Users but set to USE_DES_KEY_ONLY: it cannot log on", f.subject);
        f.evidence.push_back(Evidence{fmt::format("userAccountControl of {}", a.dn),
                                      fmt::format("0x{:x} (USE_DES_KEY_ONLY 0x200000)", a.user_account_control)});
      } else if (aes_keys(a, threshold) == AesKeys::probably_missing) {
        f.summary =
          fmt::format("{} is in Protected Users but its password was last set on {}, before the domain "
                      "made AES keys ({}): it probably has no AES key and cannot log on (heuristic)",
                      f.subject, util::format_iso8601(*a.pwd_last_set), util::format_iso8601(*threshold.since));
        f.evidence.push_back(Evidence{fmt::format("pwdLastSet of {}", a.dn), util::format_iso8601(*a.pwd_last_set)});
        f.evidence.push_back(Evidence{aes_threshold_label(threshold), util::format_iso8601(*threshold.since)});
      } else {
        continue;
      }
      f.remediation =
        (a.user_account_control & uac::use_des_key_only) != 0
          ? fmt::format("Clear USE_DES_KEY_ONLY, then reset the password so AES keys are made:\n  {}",
                        util::shell_command(util::Shell::powershell, "Set-ADAccountControl {} -UseDESKeyOnly $false",
                                            {{a.sam_account_name, "the account name"}}))
          : fmt::format("Reset the account's password (the domain is at the 2008 level or above now) so AES keys "
                        "are made; until then take it out of Protected Users only if it must log on:\n  {}",
                        util::shell_command(util::Shell::powershell, "Set-ADAccountPassword {} -Reset",
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
  {DirectoryObject::account, "pwdLastSet"},
  {DirectoryObject::group, "sAMAccountName"},
  {DirectoryObject::group, "objectSid"},
  {DirectoryObject::group, "member"},
  {DirectoryObject::group, "whenCreated"},
  {DirectoryObject::domain, "whenCreated"},
};

const CheckRegistrar k_registrar{{
  .id = "PU-NO-AES-MEMBER",
  .title = "Protected Users member that cannot use AES",
  .severity = Severity::high,
  .cause = FallbackCause::weak_crypto,
  .description = "A member of Protected Users with USE_DES_KEY_ONLY, or whose password predates the domain's AES keys "
                 "(heuristic). Protected Users requires AES pre-authentication and forbids NTLM, so the account cannot "
                 "log on. An RC4-only msDS-SupportedEncryptionTypes alone is not reported: it governs tickets to the "
                 "account, not its logon.",
  .remediation = "Clear USE_DES_KEY_ONLY and reset the account's password so AES keys are made.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_members_without_aes,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
