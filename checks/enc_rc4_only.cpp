// ENC-RC4-ONLY: enabled accounts whose msDS-SupportedEncryptionTypes allows RC4 but no AES.
//
// Service tickets for such an account are RC4. KB5073381 (CVE-2026-20833, enforced by the updates
// of April 2026 and later) changes only the default for accounts *without* the attribute
// (ENC-SPN-DEFAULT-ETYPES); an explicit RC4 value keeps working on updated DCs (KDCSVC events
// 201–209 warn about it). It breaks on the day RC4 is disabled by policy ("Network security:
// Configure encryption types allowed for Kerberos" without RC4 on the DCs): then the KDC has no
// common type, the ticket request fails and Negotiate falls back to NTLM. Rated for that day:
// high for accounts that hold SPNs (service tickets are issued for them) and computers; low for
// user accounts without SPNs (the attribute barely matters for them). PingCastle #93 asks the
// same: treat RC4 as deprecated, not only DES.
//
// The Seamless SSO account AZUREADSSOACC$ is reported like any computer (Entra ID decrypts its
// tickets with the key it holds, so RC4 matters there too), but with its own fix: set AES256 and
// roll its key over with Update-AzureADSSOForest so Entra ID gets the AES key
// (src/ad/special_accounts.hpp); Set-ADUser or a password reset in AD would break Seamless SSO.
//
// Not reported: an unset value (ENC-SPN-DEFAULT-ETYPES: the domain default applies), DES-only
// values (ENC-DES), disabled accounts.

#include "src/ad/etypes.hpp"
#include "src/ad/special_accounts.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_rc4_only(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& a : snapshot.accounts) {
    if (!a.is_enabled() || !a.supported_encryption_types || !is_rc4_without_aes(*a.supported_encryption_types)) {
      continue;
    }
    const bool service = !a.service_principal_names.empty() || a.kind != AccountKind::user;
    Finding f;
    f.subject = a.sam_account_name.empty() ? a.dn : a.sam_account_name;
    f.key = util::normalize_dn(a.dn);
    f.severity = service ? Severity::high : Severity::low;
    f.summary = service ? fmt::format("{} allows RC4 but no AES ({}): an explicit value keeps RC4 tickets working "
                                      "after KB5073381, but they fail once RC4 is disabled by policy and clients "
                                      "fall back to NTLM",
                                      f.subject, describe_etypes(*a.supported_encryption_types))
                        : fmt::format("User {} allows RC4 but no AES ({})", f.subject,
                                      describe_etypes(*a.supported_encryption_types));
    f.affected.push_back(affected(a));
    f.evidence.push_back(Evidence{fmt::format("msDS-SupportedEncryptionTypes of {}", a.dn),
                                  describe_etypes(*a.supported_encryption_types)});
    if (!a.service_principal_names.empty()) {
      f.evidence.push_back(
        Evidence{fmt::format("servicePrincipalName of {}", a.dn), std::string(a.service_principal_names.front())});
    }
    f.remediation =
      fmt::format("Check that the service can use AES (on non-Windows hosts: regenerate the keytab with "
                  "AES keys), then:\n  {}\n"
                  "and reset the password if it predates the domain's AES keys.",
                  util::shell_command(util::Shell::powershell, "Set-ADUser {} -KerberosEncryptionType AES128,AES256",
                                      {{a.sam_account_name, "the account name"}}));
    if (const auto* special = special_account(a); special != nullptr) {
      f.evidence.push_back(Evidence{"well-known account", special_evidence(*special)});
      f.remediation = special_remediation(*special, a);
    }
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
  {DirectoryObject::account, "msDS-SupportedEncryptionTypes"},
};

const CheckRegistrar k_registrar{{
  .id = "ENC-RC4-ONLY",
  .title = "Account allows RC4 but no AES",
  .severity = Severity::high,
  .cause = FallbackCause::weak_crypto,
  .description = "An enabled account's msDS-SupportedEncryptionTypes allows RC4 and no AES. It keeps working after "
                 "KB5073381 (which changes only the default for accounts without the value), but its service tickets "
                 "fail once RC4 is disabled by policy, and clients fall back to NTLM. Low for users without SPNs.",
  .remediation = "Allow AES (msDS-SupportedEncryptionTypes 0x18 or 0x1C) after checking the service supports it.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_rc4_only,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
