// TRUST-NO-AES: enabled Kerberos trusts (uplevel or MIT realm) whose trustedDomain object's
// msDS-SupportedEncryptionTypes names no AES type, or is unset.
//
// The TDO's msDS-SupportedEncryptionTypes decides the encryption of the inter-realm (referral)
// ticket. Without AES it is RC4 (or DES for realm trusts); once DCs stop issuing RC4 tickets
// (the CVE-2026-20833 / KB5073381 hardening, or RC4 disabled by policy) the referral fails with
// KDC_ERR_ETYPE_NOSUPP and Negotiate falls back to NTLM across the trust (microsoft/CSS-Exchange
// #1137). High when the value is set without AES; medium when unset: historically an unset TDO
// means RC4 ("The other domain supports Kerberos AES Encryption" unchecked), but newer DC builds
// and DefaultDomainSupportedEncTypes change the default, which the directory does not show. Low
// for unset within-forest trusts, whose keys Windows manages itself.
//
// Only trusts in which this domain is trusted (inbound or bidirectional) are judged: the referral
// ticket into the partner is issued by the KDC of the user's domain with the inter-realm key and
// etypes of its own TDO for the partner (MS-KILE 3.3.5.7, TGS exchange, "Cross-Domain Trust and
// Referrals"). On an outbound-only trust this domain's KDCs never issue such a referral; the
// partner's TDO decides, and it is not in this snapshot.
//
// Not reported: downlevel trusts (no Kerberos; TRUST-DOWNLEVEL), disabled trusts, outbound-only
// trusts.

#include "src/ad/etypes.hpp"
#include "src/ad/trust.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_trusts_without_aes(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& trust : snapshot.trusts) {
    const auto type = trust.trust_type.value_or(0);
    if (!is_enabled_trust(trust) || (type != trust_type::uplevel && type != trust_type::mit) ||
        (trust.trust_direction.value_or(0) & trust_direction::inbound) == 0) {
      continue;
    }
    const auto set = trust.supported_encryption_types;
    if (set && (*set & etype::aes) != 0) {
      continue;
    }
    const bool within_forest = (trust.trust_attributes.value_or(0) & trust_attr::within_forest) != 0;
    auto f = trust_finding(trust);
    if (set) {
      f.severity = Severity::high;
      f.evidence.push_back(
        Evidence{fmt::format("msDS-SupportedEncryptionTypes of {}", trust.dn), describe_etypes(*set)});
      f.summary = fmt::format("The trust from {} to {} allows no AES ({}): referral tickets are RC4/DES and fail "
                              "once RC4 is disabled, so authentication across the trust falls back to NTLM",
                              trust.domain, f.subject, describe_etypes(*set));
    } else {
      f.severity = within_forest ? Severity::low : Severity::medium;
      f.evidence.push_back(Evidence{fmt::format("msDS-SupportedEncryptionTypes of {}", trust.dn), "(not set)"});
      f.summary = fmt::format(
        "The trust from {} to {} has no msDS-SupportedEncryptionTypes: the Windows default for such a trust has "
        "been RC4 for referral tickets; newer domain controllers and their DefaultDomainSupportedEncTypes may "
        "differ, which the directory does not show (the DCs' 4769 events for krbtgt/{} show the etype used)",
        trust.domain, f.subject, f.subject);
    }
    f.remediation = fmt::format(
      "After confirming both sides have AES trust keys (reset the trust password after raising both domains to "
      "2008+), mark the trust AES-capable on each side, e.g.:\n  {}\n(or tick \"The other domain supports Kerberos "
      "AES Encryption\" in the trust's properties).",
      util::shell_command(util::Shell::cmd, "ksetup /setenctypeattr {} AES128-CTS-HMAC-SHA1-96 AES256-CTS-HMAC-SHA1-96",
                          {{f.subject, "the partner's name"}}));
    findings.push_back(std::move(f));
  }
  return findings;
}

// The directory attributes behind the snapshot fields this check reads, directly or through
// src/ad helpers (Check::reads).
constexpr AttributeRead k_reads[] = {
  {DirectoryObject::trust, "trustPartner"},    {DirectoryObject::trust, "flatName"},
  {DirectoryObject::trust, "trustType"},       {DirectoryObject::trust, "trustDirection"},
  {DirectoryObject::trust, "trustAttributes"}, {DirectoryObject::trust, "msDS-SupportedEncryptionTypes"},
};

const CheckRegistrar k_registrar{{
  .id = "TRUST-NO-AES",
  .title = "Trust without AES encryption types",
  .severity = Severity::high,
  .cause = FallbackCause::trust,
  .description = "An enabled inbound or bidirectional Kerberos trust (this domain's KDCs issue the referrals) whose "
                 "trustedDomain msDS-SupportedEncryptionTypes lacks AES (high) or is "
                 "unset (medium; low within the forest). Referral tickets stay RC4/DES and fail once RC4 is "
                 "disabled, so cross-domain authentication falls back to NTLM.",
  .remediation = "Mark the trust AES-capable on both sides (ksetup /setenctypeattr <trust> AES128-CTS-HMAC-SHA1-96 "
                 "AES256-CTS-HMAC-SHA1-96).",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_trusts_without_aes,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
