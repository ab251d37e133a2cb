// PU-NO-AES-MEMBER: enabled members of Protected Users that cannot use AES: USE_DES_KEY_ONLY,
// msDS-SupportedEncryptionTypes naming ciphers but no AES (DES/RC4-only), or a password last set
// before the domain could make AES keys.
//
// Protected Users members must pre-authenticate with AES (the KDC returns KDC_ERR_ETYPE_NOTSUPP
// for DES/RC4 at domain functional level 2012 R2 and above) and cannot use NTLM, so such a member
// cannot log on at all. High for an explicit non-AES setting; medium for the password-age
// heuristic (pwdLastSet older than the whenCreated of the domain's RID-521 group, the threshold
// PingCastle and RC4-ADAssessment use; it can be wrong for domains upgraded long after adprep).
//
// Not reported: an unset msDS-SupportedEncryptionTypes (the domain default applies, not "no AES";
// DSInternals#220), disabled accounts, members whose AES state cannot be told.

#include "src/check.hpp"
#include "src/etypes.hpp"
#include "src/privilege.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_members_without_aes(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  const GroupGraph graph(snapshot);
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
      const auto set = a.supported_encryption_types;
      if ((a.user_account_control & uac::use_des_key_only) != 0) {
        f.summary = fmt::format("{} is in Protected Users but set to USE_DES_KEY_ONLY: it cannot log on", f.subject);
        f.evidence.push_back(Evidence{fmt::format("userAccountControl of {}", a.dn),
                                      fmt::format("0x{:x} (USE_DES_KEY_ONLY 0x200000)", a.user_account_control)});
      } else if (set && (*set & etype::ciphers) != 0 && (*set & etype::aes) == 0) {
        f.summary = fmt::format("{} is in Protected Users but allows no AES ({}): it cannot log on", f.subject,
                                describe_etypes(*set));
        f.evidence.push_back(Evidence{fmt::format("msDS-SupportedEncryptionTypes of {}", a.dn), describe_etypes(*set)});
      } else if (aes_keys(a, threshold) == AesKeys::probably_missing) {
        f.severity = Severity::medium;
        f.summary = fmt::format("{} is in Protected Users but its password was last set on {}, before the domain "
                                "made AES keys ({}): it probably has no AES key and cannot log on (heuristic)",
                                f.subject, util::format_iso8601(*a.pwd_last_set),
                                util::format_iso8601(*threshold.since));
        f.evidence.push_back(Evidence{fmt::format("pwdLastSet of {}", a.dn), util::format_iso8601(*a.pwd_last_set)});
        f.evidence.push_back(Evidence{aes_threshold_label(threshold), util::format_iso8601(*threshold.since)});
      } else {
        continue;
      }
      f.remediation =
        fmt::format("Give the account AES: clear USE_DES_KEY_ONLY, set msDS-SupportedEncryptionTypes "
                    "to 0x18 (or clear it), then reset its password twice so AES keys exist:\n"
                    "  {}",
                    util::shell_command(util::Shell::powershell, "Set-ADUser {} -KerberosEncryptionType AES128,AES256",
                                        {{a.sam_account_name, "the account name"}}));
      findings.push_back(std::move(f));
    }
  }
  return findings;
}

const CheckRegistrar k_registrar{{
  .id = "PU-NO-AES-MEMBER",
  .title = "Protected Users member that cannot use AES",
  .severity = Severity::high,
  .cause = FallbackCause::weak_crypto,
  .description = "A member of Protected Users with USE_DES_KEY_ONLY or a DES/RC4-only msDS-SupportedEncryptionTypes "
                 "(high), or whose password predates the domain's AES keys (medium, heuristic). Protected Users "
                 "requires AES and forbids NTLM, so the account cannot log on.",
  .remediation = "Allow AES on the account and reset its password so AES keys are made.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_members_without_aes,
}};

} // namespace
} // namespace kerbready::checks
