// KRBTGT-PASSWORD-AGE: the krbtgt accounts (krbtgt, the RODCs' krbtgt_NNNNN and the Microsoft
// Entra Kerberos server's krbtgt_AzureAD) by password age.
//
// TGTs are encrypted with krbtgt's key. A krbtgt password set before the domain could make AES
// keys means RC4-only TGTs: high, since disabling RC4 then breaks every Kerberos logon of the
// domain and everything falls back to NTLM. When the domain made AES keys is dated as
// src/ad/etypes.hpp aes_threshold() says: from the domain object's whenCreated for a domain created
// at the 2008 level or above (AES keys need the 2008 level at the password change, MS-SAMR
// 3.1.1.8.11.6 Primary:Kerberos-Newer-Keys; dcpromo sets krbtgt's password a second before it
// creates the RID-521 group, so that group's date is no threshold for such a domain), otherwise
// from the RID-521 group's. Otherwise a password older than 180 days is reported low (hygiene: a
// reset bounds forged-ticket lifetimes and refreshes keys). Ages are measured from the snapshot's
// reference time; without one, or without pwdLastSet, the age is reported as unknown at info.
//
// krbtgt_AzureAD holds the key of Microsoft Entra Kerberos (cloud Kerberos trust, FIDO2 sign-in
// to on-premises resources). It is rotated with Set-AzureADKerberosServer -RotateServerKey, on
// the same schedule as the domain's krbtgt (Microsoft Learn, "Enable passwordless security key
// sign-in to on-premises resources", section "Rotate the Microsoft Entra Kerberos server key");
// resetting its password in AD would break Entra Kerberos, so it never gets the krbtgt fix.
//
// An RODC's krbtgt_NNNNN encrypts only the TGTs that RODC issues. The domain krbtgt's procedure
// does not apply to it (Microsoft's forest recovery guide: "applies to writeable DCs, but not
// read-only domain controllers"); it is reset on its own, and the advice says so
// (src/ad/special_accounts.hpp).
//
// Not reported: krbtgt accounts reset within 180 days and newer than the AES threshold.

#include "src/ad/etypes.hpp"
#include "src/ad/special_accounts.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

constexpr std::int64_t k_max_age_days = 180;

std::string
remediation(const Account& a)
{
  if (krbtgt_kind(a) == KrbtgtKind::entra) {
    return fmt::format("Rotate the Microsoft Entra Kerberos server key (module AzureADHybridAuthenticationManagement) "
                       "instead of resetting the password in AD, which would break Entra Kerberos:\n  {}",
                       util::shell_command(util::Shell::powershell,
                                           "Set-AzureADKerberosServer -Domain {} -UserPrincipalName "
                                           "<global administrator UPN> -RotateServerKey",
                                           {{a.domain, "the domain name"}}));
  }
  if (krbtgt_kind(a) == KrbtgtKind::rodc) {
    if (const auto* special = special_account(a); special != nullptr) {
      return special_remediation(*special, a);
    }
  }
  return "Reset the krbtgt password twice, at least 10 hours (the maximum TGT lifetime) apart, e.g. with "
         "Microsoft's New-KrbtgtKeys.ps1, after checking replication health.";
}

std::vector<Finding>
find_old_krbtgt(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& a : snapshot.accounts) {
    if (!is_krbtgt_account(a)) {
      continue;
    }
    Finding f;
    f.subject = a.domain.empty() ? a.sam_account_name : a.sam_account_name + "@" + a.domain;
    f.key = util::normalize_dn(a.dn);
    f.affected.push_back(affected(a));
    f.remediation = remediation(a);
    if (const auto* special = special_account(a); special != nullptr) {
      f.evidence.push_back(Evidence{"well-known account", special_evidence(*special)});
    }
    if (!a.pwd_last_set || snapshot.reference_time == 0) {
      f.severity = Severity::info;
      f.summary = fmt::format("The password age of {} is unknown ({} missing)", f.subject,
                              a.pwd_last_set ? "reference time" : "pwdLastSet");
      f.remediation = "Read pwdLastSet of the krbtgt account to settle it.";
      findings.push_back(std::move(f));
      continue;
    }
    f.evidence.push_back(Evidence{fmt::format("pwdLastSet of {}", a.dn), util::format_iso8601(*a.pwd_last_set)});
    const auto days = (snapshot.reference_time - *a.pwd_last_set) / 86400;
    const auto threshold = aes_threshold(snapshot, a.domain);
    if (aes_keys(a, threshold) == AesKeys::probably_missing) {
      f.severity = Severity::high;
      f.evidence.push_back(Evidence{aes_threshold_label(threshold), util::format_iso8601(*threshold.since)});
      f.summary = fmt::format("{}'s password (set {}) predates the domain's AES keys: {} (heuristic)", f.subject,
                              util::format_iso8601(*a.pwd_last_set),
                              krbtgt_kind(a) == KrbtgtKind::entra
                                ? "Microsoft Entra Kerberos tickets are RC4 and break once RC4 is disabled"
                                : "TGTs are RC4 and every Kerberos logon breaks once RC4 is disabled");
    } else if (days > k_max_age_days) {
      f.severity = Severity::low;
      // The date, not the age in days: the report of an unchanged directory stays byte-stable.
      f.summary = fmt::format("{}'s password was last set on {}, more than {} days before the scan", f.subject,
                              util::format_iso8601(*a.pwd_last_set), k_max_age_days);
    } else {
      continue;
    }
    findings.push_back(std::move(f));
  }
  return findings;
}

// The directory attributes behind the snapshot fields this check reads, directly or through
// src/ad helpers (Check::reads).
constexpr AttributeRead k_reads[] = {
  {DirectoryObject::account, "sAMAccountName"}, {DirectoryObject::account, "pwdLastSet"},
  {DirectoryObject::group, "objectSid"},        {DirectoryObject::group, "whenCreated"},
  {DirectoryObject::domain, "whenCreated"},
};

const CheckRegistrar k_registrar{{
  .id = "KRBTGT-PASSWORD-AGE",
  .title = "krbtgt password old",
  .severity = Severity::low,
  .cause = FallbackCause::weak_crypto,
  .description = "A krbtgt account's password predates the domain's AES keys (high: RC4-only TGTs) or is older than "
                 "180 days (low). Info when the age cannot be measured.",
  .remediation = "Reset the krbtgt password twice, 10+ hours apart (New-KrbtgtKeys.ps1); for krbtgt_AzureAD, "
                 "Set-AzureADKerberosServer -RotateServerKey.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_old_krbtgt,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
