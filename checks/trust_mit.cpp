// TRUST-MIT: enabled trusts of trustType 3 (MIT): a non-Windows Kerberos realm.
//
// A realm trust carries Kerberos only; there is no NTLM to fall back to, so when Kerberos fails
// across it (no common encryption type: the default realm-trust keys include DES and RC4, both
// disabled on current Windows) logons fail outright, and users then try alternatives (local
// accounts, NTLM-capable gateways). Reported low, as an inventory item to verify; a realm trust
// without AES is also reported by TRUST-NO-AES.
//
// Not reported: disabled trusts (TRUST-DISABLED).

#include "src/ad/trust.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_mit_trusts(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& trust : snapshot.trusts) {
    if (!is_enabled_trust(trust) || trust.trust_type.value_or(0) != trust_type::mit) {
      continue;
    }
    auto f = trust_finding(trust);
    f.summary = fmt::format("Kerberos realm trust from {} to {}: no NTLM is possible across it, so it must keep a "
                            "common AES encryption type with the realm",
                            trust.domain, f.subject);
    f.remediation = fmt::format("Confirm the realm's krbtgt/{} keys include AES and mark the trust accordingly:\n"
                                "  {}",
                                util::sanitize(trust.domain),
                                util::shell_command(util::Shell::cmd,
                                                    "ksetup /setenctypeattr {} AES128-CTS-HMAC-SHA1-96 "
                                                    "AES256-CTS-HMAC-SHA1-96",
                                                    {{f.subject, "the realm's name"}}));
    findings.push_back(std::move(f));
  }
  return findings;
}

// The directory attributes behind the snapshot fields this check reads, directly or through
// src/ad helpers (Check::reads).
constexpr AttributeRead k_reads[] = {
  {DirectoryObject::trust, "trustPartner"},    {DirectoryObject::trust, "flatName"},
  {DirectoryObject::trust, "trustType"},       {DirectoryObject::trust, "trustDirection"},
  {DirectoryObject::trust, "trustAttributes"},
};

const CheckRegistrar k_registrar{{
  .id = "TRUST-MIT",
  .title = "Kerberos realm (MIT) trust",
  .severity = Severity::low,
  .cause = FallbackCause::trust,
  .description = "An enabled trust to a non-Windows Kerberos realm. It cannot use NTLM; its default keys include DES, "
                 "so it needs AES configured on both sides.",
  .remediation = "Verify AES keys on both sides (ksetup /setenctypeattr <realm> AES128-CTS-HMAC-SHA1-96 "
                 "AES256-CTS-HMAC-SHA1-96).",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_mit_trusts,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
