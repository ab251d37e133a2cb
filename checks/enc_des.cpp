// ENC-DES: enabled accounts limited to DES: userAccountControl USE_DES_KEY_ONLY (0x200000), or an
// msDS-SupportedEncryptionTypes whose only ciphers are DES-CBC-CRC/DES-CBC-MD5.
//
// DES is disabled by default since Windows 7 / Server 2008 R2, so the KDC finds no common
// encryption type (KDC_ERR_ETYPE_NOTSUPP) and the client falls back to NTLM — for service tickets
// to the account, and for the account's own logons. High.
//
// Not reported: disabled accounts; DES bits next to RC4 or AES (ENC-RC4-ONLY covers RC4 without
// AES).

#include "src/ad/etypes.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_des_accounts(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& a : snapshot.accounts) {
    if (!a.is_enabled()) {
      continue;
    }
    const bool des_key_only = (a.user_account_control & uac::use_des_key_only) != 0;
    const bool des_set = a.supported_encryption_types && is_des_only(*a.supported_encryption_types);
    if (!des_key_only && !des_set) {
      continue;
    }
    Finding f;
    f.subject = a.sam_account_name.empty() ? a.dn : a.sam_account_name;
    f.key = util::normalize_dn(a.dn);
    f.summary = fmt::format("{} can use only DES ({}), which current Windows no longer accepts: Kerberos fails and "
                            "clients fall back to NTLM",
                            f.subject, des_key_only ? "USE_DES_KEY_ONLY" : "msDS-SupportedEncryptionTypes");
    f.affected.push_back(affected(a));
    if (des_key_only) {
      f.evidence.push_back(Evidence{fmt::format("userAccountControl of {}", a.dn),
                                    fmt::format("0x{:x} (USE_DES_KEY_ONLY 0x200000)", a.user_account_control)});
    }
    if (a.supported_encryption_types) {
      f.evidence.push_back(Evidence{fmt::format("msDS-SupportedEncryptionTypes of {}", a.dn),
                                    describe_etypes(*a.supported_encryption_types)});
    }
    f.remediation =
      fmt::format("Clear USE_DES_KEY_ONLY and allow AES, then reset the password (and the service's "
                  "keytab) so AES keys exist:\n  {}\n  {}",
                  util::shell_command(util::Shell::powershell, "Set-ADAccountControl {} -UseDESKeyOnly $false",
                                      {{a.sam_account_name, "the account name"}}),
                  util::shell_command(util::Shell::powershell, "Set-ADUser {} -KerberosEncryptionType AES128,AES256",
                                      {{a.sam_account_name, "the account name"}}));
    findings.push_back(std::move(f));
  }
  return findings;
}

// The directory attributes behind the snapshot fields this check reads, directly or through
// src/ad helpers (Check::reads).
constexpr AttributeRead k_reads[] = {
  {DirectoryObject::account, "sAMAccountName"},
  {DirectoryObject::account, "userAccountControl"},
  {DirectoryObject::account, "msDS-SupportedEncryptionTypes"},
};

const CheckRegistrar k_registrar{{
  .id = "ENC-DES",
  .title = "Account limited to DES",
  .severity = Severity::high,
  .cause = FallbackCause::weak_crypto,
  .description = "An enabled account with USE_DES_KEY_ONLY or a DES-only msDS-SupportedEncryptionTypes. DES is off "
                 "by default on current Windows, so Kerberos fails and clients use NTLM.",
  .remediation = "Clear USE_DES_KEY_ONLY, allow AES (msDS-SupportedEncryptionTypes 0x18) and reset the password.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_des_accounts,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
