// TRUST-EXTERNAL: enabled external trusts — trustType 2 (Active Directory) without WITHIN_FOREST or
// FOREST_TRANSITIVE.
//
// Across an external trust Windows authenticates with NTLM by default: Kerberos needs the client
// to locate and reach a KDC of the partner domain by DNS, and the trust to have been created with
// DNS names; a trust created with NetBIOS names (trustPartner without a dot) cannot carry Kerberos
// at all. Blocking NTLM between the two domains (RestrictNTLMInDomain) breaks every such logon.
//
// Not reported: forest trusts (TRUST-TREAT-AS-EXTERNAL covers their odd variant), NT4-style trusts
// (TRUST-DOWNLEVEL), disabled trusts (TRUST-DISABLED). A TDO whose trustType or trustAttributes
// was not read is reported at info as "unknown", not guessed.

#include "src/ad/trust.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_external_trusts(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& trust : snapshot.trusts) {
    const auto name = trust_name(trust);
    if (!is_enabled_trust(trust)) {
      continue;
    }
    auto f = trust_finding(trust);
    if (!trust.trust_type || !trust.trust_attributes) {
      f.severity = Severity::info;
      f.summary = fmt::format("The kind of the trust with {} is unknown: trustType or trustAttributes was not "
                              "read, so whether authentication across it can use Kerberos cannot be told",
                              name);
      f.remediation = "Re-read the trustedDomain object with trustType and trustAttributes (or run "
                      "`nltest /domain_trusts /v`) to settle it.";
      findings.push_back(std::move(f));
      continue;
    }
    if (!is_external_trust(trust)) {
      continue;
    }
    const bool netbios_only = trust.partner.find('.') == std::string::npos;
    f.summary =
      fmt::format("External trust from {} to {}: authentication across it defaults to NTLM{}", trust.domain, name,
                  netbios_only ? "; the partner is known only by its NetBIOS name, so Kerberos cannot be used at all"
                               : " unless clients can reach the partner's KDCs by DNS");
    f.remediation = fmt::format(
      "Replace the external trust with a forest trust between the two forest roots (Kerberos with name-suffix "
      "routing), or give clients Kerberos line of sight to {}'s domain controllers (DNS resolution of the partner "
      "domain, TCP/UDP 88 and 464 open). Audit the remaining cross-domain NTLM (event 8006 on DCs) before setting "
      "RestrictNTLMInDomain.",
      name);
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
  .id = "TRUST-EXTERNAL",
  .title = "External trust (authentication defaults to NTLM)",
  .severity = Severity::high,
  .cause = FallbackCause::trust,
  .description = "An enabled trust to an Active Directory domain that is neither in the forest nor a forest trust. "
                 "Authentication across external trusts generally defaults to NTLM; with NetBIOS-only trust names "
                 "Kerberos is impossible. Info when the trust's type could not be read.",
  .remediation = "Convert to a forest trust, or give clients Kerberos line of sight to the partner's KDCs.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_external_trusts,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
