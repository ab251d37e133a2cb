// ENC-SPN-DEFAULT-ETYPES: enabled accounts holding SPNs whose msDS-SupportedEncryptionTypes is
// unset (or 0).
//
// Their service tickets follow the KDC's DefaultDomainSupportedEncTypes, which the directory does
// not show. Since KB5073381 ("How to manage Kerberos KDC usage of RC4 for service account ticket
// issuance changes related to CVE-2026-20833"; enforcement installed by the updates of April 2026
// and later) the default on updated DCs is AES-SHA1 only for accounts without an explicit
// msDS-SupportedEncryptionTypes, unless the DCs define DefaultDomainSupportedEncTypes themselves.
// So such an account that has no AES keys (password set before the domain made them, src/ad/etypes.hpp
// aes_threshold(); a heuristic) gets tickets in a key it does not have: its Kerberos fails now and
// clients fall back to NTLM: high. With AES keys, or when that cannot be told, the service works
// only if its own side (an old keytab, an appliance) has AES keys too: low, "depends on the DC and
// the host", not "no AES" (DSInternals#220, PingCastle #358). Windows computers write the attribute
// themselves, so a computer without it is usually a non-Windows host. An explicit RC4-only value
// is not affected by the default change (ENC-RC4-ONLY).
//
// Not reported: krbtgt accounts, disabled accounts, Windows computers (operatingSystem "Windows…":
// they rotate their password, so they have AES keys at domain level 2008+, and support AES; the
// attribute is unset only until their next boot), computers without operatingSystem (never joined,
// or an object the directory says nothing about: not judged), gMSAs/MSAs (Windows-managed keys), freshly
// pre-created computers that have not joined yet (PingCastle #358), accounts with an explicit
// value (ENC-DES, ENC-RC4-ONLY).

#include "src/ad/etypes.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_spn_default_etypes(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& a : snapshot.accounts) {
    if (!a.is_enabled() || a.service_principal_names.empty() || a.supported_encryption_types.value_or(0) != 0 ||
        is_krbtgt_account(a) || is_fresh_precreated_computer(a, snapshot.reference_time) ||
        a.kind == AccountKind::group_managed_service_account || a.kind == AccountKind::managed_service_account ||
        (a.kind == AccountKind::computer &&
         (a.operating_system.empty() || util::istarts_with(a.operating_system, "Windows")))) {
      continue;
    }
    Finding f;
    f.subject = a.sam_account_name.empty() ? a.dn : a.sam_account_name;
    f.key = util::normalize_dn(a.dn);
    f.affected.push_back(affected(a));
    f.evidence.push_back(Evidence{fmt::format("msDS-SupportedEncryptionTypes of {}", a.dn),
                                  a.supported_encryption_types ? "0" : "(not set)"});
    f.evidence.push_back(
      Evidence{fmt::format("servicePrincipalName of {}", a.dn), std::string(a.service_principal_names.front())});
    const auto threshold = aes_threshold(snapshot, a.domain);
    if (aes_keys(a, threshold) == AesKeys::probably_missing) {
      f.severity = Severity::high;
      f.summary = fmt::format("{} holds {} SPN(s), has no msDS-SupportedEncryptionTypes and probably no AES keys "
                              "(password set {}, before the domain made AES keys; heuristic): DCs updated for "
                              "KB5073381 issue it AES-only tickets, which fail, and clients fall back to NTLM",
                              f.subject, a.service_principal_names.size(), util::format_iso8601(*a.pwd_last_set));
      f.evidence.push_back(Evidence{fmt::format("pwdLastSet of {}", a.dn), util::format_iso8601(*a.pwd_last_set)});
      f.evidence.push_back(Evidence{aes_threshold_label(threshold), util::format_iso8601(*threshold.since)});
      f.remediation =
        fmt::format("Reset the password with the service's owner so AES keys are made, then update the service or its "
                    "keytab:\n  {}\nUntil then an explicit msDS-SupportedEncryptionTypes of 0x4 (RC4) keeps it "
                    "working on updated DCs, until RC4 is disabled by policy.",
                    util::shell_command(util::Shell::powershell, "Set-ADAccountPassword {} -Reset",
                                        {{a.sam_account_name, "the account name"}}));
      findings.push_back(std::move(f));
      continue;
    }
    f.summary = fmt::format("{} holds {} SPN(s) but has no msDS-SupportedEncryptionTypes: its service tickets use "
                            "the DCs' default encryption types (AES only on DCs updated for KB5073381, unless they "
                            "define DefaultDomainSupportedEncTypes), which the directory does not show",
                            f.subject, a.service_principal_names.size());
    f.remediation =
      fmt::format("State what the service supports instead of relying on the DC default, e.g. after "
                  "confirming AES keys (keytab) on the service host:\n  {}",
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
  {DirectoryObject::account, "servicePrincipalName"},
  {DirectoryObject::account, "msDS-SupportedEncryptionTypes"},
  {DirectoryObject::account, "operatingSystem"},
  {DirectoryObject::account, "pwdLastSet"},
  {DirectoryObject::account, "lastLogonTimestamp"},
  {DirectoryObject::account, "whenCreated"},
  {DirectoryObject::group, "objectSid"},
  {DirectoryObject::group, "whenCreated"},
  {DirectoryObject::domain, "whenCreated"},
};

const CheckRegistrar k_registrar{{
  .id = "ENC-SPN-DEFAULT-ETYPES",
  .title = "SPN holder without msDS-SupportedEncryptionTypes",
  .severity = Severity::low,
  .cause = FallbackCause::weak_crypto,
  .description = "An enabled account holding SPNs has no msDS-SupportedEncryptionTypes, so its service tickets follow "
                 "the DCs' DefaultDomainSupportedEncTypes: AES only since KB5073381. Without AES keys (heuristic) its "
                 "tickets fail and clients use NTLM (high); otherwise it depends on the service's keys (low). "
                 "Windows computers, gMSAs/MSAs and freshly pre-created computers are exempt.",
  .remediation = "Set msDS-SupportedEncryptionTypes to what the service supports (0x18 for AES).",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_spn_default_etypes,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
