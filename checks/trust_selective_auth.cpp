// TRUST-SELECTIVE-AUTH: enabled trusts with CROSS_ORGANIZATION (0x10): selective authentication.
//
// Users of the partner may only authenticate to computers that grant them "Allowed to
// Authenticate". A missing grant fails Kerberos (the KDC refuses the service ticket) and NTLM
// alike, and the symptom — a cross-domain logon that "falls back" and still fails — is often
// mistaken for an NTLM-blocking problem. Info: an inventory item for the NTLM project, not a
// defect.
//
// Not reported: disabled trusts.

#include "src/ad/trust.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_selective_auth(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& trust : snapshot.trusts) {
    if (!is_enabled_trust(trust) || (trust.trust_attributes.value_or(0) & trust_attr::cross_organization) == 0) {
      continue;
    }
    auto f = trust_finding(trust);
    f.summary = fmt::format("The trust from {} to {} uses selective authentication: partner users need \"Allowed to "
                            "Authenticate\" on each target computer, for Kerberos as for NTLM",
                            trust.domain, f.subject);
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
  .id = "TRUST-SELECTIVE-AUTH",
  .title = "Trust with selective authentication",
  .severity = Severity::info,
  .cause = FallbackCause::trust,
  .description = "A trust with CROSS_ORGANIZATION (selective authentication). Missing \"Allowed to Authenticate\" "
                 "grants fail Kerberos and NTLM alike; keep them in mind when cross-domain logons fail after NTLM "
                 "is restricted.",
  .remediation = "Before restricting NTLM, check that the computers partner users reach grant them \"Allowed to "
                 "Authenticate\" (event 4769 failures with 0x5 on the target domain's DCs show missing grants).",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_selective_auth,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
