// ENC-NO-AES-KEYS: enabled accounts that probably have no AES keys: their password was last set
// before the domain could make AES keys.
//
// AES keys (Primary:Kerberos-Newer-Keys) are made at a password change only while the domain is
// at the 2008 level or above (MS-SAMR 3.1.1.8.11.6). The date the domain got there is the best
// evidence the snapshot holds (src/ad/etypes.hpp aes_threshold()): the domain object's whenCreated
// when its RID-521 group (Read-only Domain Controllers) was created in the same promotion (a
// domain born at 2008 level or above; only passwords set before the domain existed, such as the
// built-in Administrator's from the first DC's local SAM, lack AES keys), otherwise the RID-521
// group's whenCreated, as PingCastle and RC4-ADAssessment use. The evidence names which date was
// used and why. This is a heuristic: msDS-SupportedEncryptionTypes says
// what may be negotiated, not which keys exist (RC4-ADAssessment #36). Without an AES key only
// RC4 is possible; once RC4 is disabled the account's tickets fail and clients fall back to NTLM.
// High for accounts holding SPNs, medium otherwise. When the domain's RID-521 group (or its
// whenCreated) was not read, one info finding per domain says the check could not be evaluated.
//
// The Seamless SSO account AZUREADSSOACC$ gets its own fix (src/ad/special_accounts.hpp): its key is
// rolled over with Update-AzureADSSOForest, which sets a new password (making AES keys) and hands
// the key to Entra ID; a reset in AD alone would break Seamless SSO.
//
// Not reported: krbtgt accounts (KRBTGT-PASSWORD-AGE), trust accounts, disabled accounts,
// accounts without pwdLastSet, and freshly pre-created computers that have not joined yet
// (PingCastle #358: they get new keys at their first logon).

#include "src/ad/etypes.hpp"
#include "src/ad/special_accounts.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <map>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_accounts_without_aes_keys(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  std::map<std::string, AesThreshold> thresholds;
  std::map<std::string, std::size_t> unknown; // domain -> accounts that could not be judged
  for (const auto& a : snapshot.accounts) {
    if (!a.is_enabled() || a.kind == AccountKind::trust_account || !a.pwd_last_set || is_krbtgt_account(a) ||
        is_fresh_precreated_computer(a, snapshot.reference_time)) {
      continue;
    }
    const auto domain = util::to_lower(a.domain);
    auto it = thresholds.find(domain);
    if (it == thresholds.end()) {
      it = thresholds.emplace(domain, aes_threshold(snapshot, domain)).first;
    }
    const auto& threshold = it->second;
    const auto state = aes_keys(a, threshold);
    if (state == AesKeys::unknown) {
      ++unknown[domain];
      continue;
    }
    if (state != AesKeys::probably_missing) {
      continue;
    }
    Finding f;
    f.subject = a.sam_account_name.empty() ? a.dn : a.sam_account_name;
    f.key = util::normalize_dn(a.dn);
    f.severity = a.service_principal_names.empty() ? Severity::medium : Severity::high;
    f.summary =
      fmt::format("{}'s password was last set on {}, before {} made AES keys ({}): it probably has only "
                  "RC4 keys (heuristic)",
                  f.subject, util::format_iso8601(*a.pwd_last_set), a.domain, util::format_iso8601(*threshold.since));
    f.affected.push_back(affected(a));
    f.evidence.push_back(Evidence{fmt::format("pwdLastSet of {}", a.dn), util::format_iso8601(*a.pwd_last_set)});
    f.evidence.push_back(Evidence{aes_threshold_label(threshold), util::format_iso8601(*threshold.since)});
    f.remediation = fmt::format("Reset the password (for a service account: with the service's owner, then update "
                                "the service or keytab) so AES keys are made; 4768/4769 events show which etypes "
                                "the account really uses.\n  {}",
                                util::shell_command(util::Shell::powershell, "Set-ADAccountPassword {} -Reset",
                                                    {{a.sam_account_name, "the account name"}}));
    if (const auto* special = special_account(a); special != nullptr) {
      f.evidence.push_back(Evidence{"well-known account", special_evidence(*special)});
      f.remediation = special_remediation(*special, a);
    }
    findings.push_back(std::move(f));
  }
  for (const auto& [domain, count] : unknown) {
    Finding f;
    f.subject = domain;
    f.key = "domain:" + domain;
    f.severity = Severity::info;
    f.summary = fmt::format("Whether {} account(s) of {} have AES keys is unknown: the domain's Read-only Domain "
                            "Controllers group (RID 521) or its whenCreated was not read",
                            count, domain);
    f.affected.push_back(AffectedObject{"", "", domain});
    f.remediation = "Include the RID-521 group with whenCreated in the snapshot to settle it.";
    findings.push_back(std::move(f));
  }
  return findings;
}

// The directory attributes behind the snapshot fields this check reads, directly or through
// src/ad helpers (Check::reads).
constexpr AttributeRead k_reads[] = {
  {DirectoryObject::account, "sAMAccountName"},
  {DirectoryObject::account, "userAccountControl"},
  {DirectoryObject::account, "servicePrincipalName"},
  {DirectoryObject::account, "pwdLastSet"},
  {DirectoryObject::account, "lastLogonTimestamp"},
  {DirectoryObject::account, "whenCreated"},
  {DirectoryObject::group, "objectSid"},
  {DirectoryObject::group, "whenCreated"},
  {DirectoryObject::domain, "whenCreated"},
};

const CheckRegistrar k_registrar{{
  .id = "ENC-NO-AES-KEYS",
  .title = "Account probably without AES keys",
  .severity = Severity::medium,
  .cause = FallbackCause::weak_crypto,
  .description = "An enabled account's password predates the domain's ability to make AES keys (the domain's creation "
                 "when its RID-521 group came with it, else that group's whenCreated; a heuristic). It can only use "
                 "RC4; once RC4 is disabled its Kerberos fails and clients fall back to NTLM. High for SPN holders. "
                 "Freshly pre-created computers are exempt.",
  .remediation = "Reset the password so AES keys are made (coordinate with service owners for SPN holders).",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_accounts_without_aes_keys,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
