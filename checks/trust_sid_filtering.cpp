// TRUST-SID-FILTERING: enabled external trusts that this domain trusts (outbound or
// bidirectional) without QUARANTINED_DOMAIN (0x4): SID filtering is off.
//
// Not an NTLM-fallback cause but a prerequisite check for the trust work this tool recommends:
// with SID filtering off, an administrator of the trusted domain can claim any SID (SID history)
// in this domain. Medium. Forest trusts filter SIDs by design (their relaxed variant is
// TRUST-TREAT-AS-EXTERNAL); within-forest trusts do not filter, by design.
//
// Not reported: inbound-only trusts (filtering is enforced by the trusting side, the partner).

#include "src/ad/trust.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_sid_filtering_off(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& trust : snapshot.trusts) {
    const auto direction = trust.trust_direction.value_or(trust_direction::disabled);
    if ((direction & trust_direction::outbound) == 0 || !is_external_trust(trust) ||
        (*trust.trust_attributes & trust_attr::quarantined_domain) != 0) {
      continue;
    }
    auto f = trust_finding(trust);
    f.summary = fmt::format("{} trusts {} without SID filtering (QUARANTINED_DOMAIN not set): SID history from the "
                            "partner is accepted",
                            trust.domain, f.subject);
    f.remediation =
      fmt::format("Enable SID filtering (quarantine) on the trusting side:\n"
                  "  {}",
                  util::shell_command(util::Shell::cmd, "netdom trust {} /domain:{} /quarantine:yes",
                                      {{trust.domain, "the domain name"}, {f.subject, "the partner's name"}}));
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
  .id = "TRUST-SID-FILTERING",
  .title = "External trust without SID filtering",
  .severity = Severity::medium,
  .cause = FallbackCause::trust,
  .description = "An outbound or bidirectional external trust without QUARANTINED_DOMAIN: SID filtering is off and the "
                 "trusted domain's administrators can claim any SID here.",
  .remediation = "netdom trust <this domain> /domain:<partner> /quarantine:yes",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_sid_filtering_off,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
