// TRUST-TREAT-AS-EXTERNAL: forest trusts (FOREST_TRANSITIVE) that also carry TREAT_AS_EXTERNAL.
//
// The bit makes the trusting side treat the forest trust like an external trust for SID filtering,
// letting SIDs of the partner forest (RID >= 1000) through: usually a migration left-over. It does
// not stop Kerberos, but it widens what a compromised partner forest can claim, and tooling that
// labels trusts by bits may list it as external. Low.
//
// Not reported: the bit on trusts that are not forest trusts (it has no meaning there).

#include "src/ad/trust.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_treat_as_external(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& trust : snapshot.trusts) {
    const auto attributes = trust.trust_attributes.value_or(0);
    if (!is_enabled_trust(trust) || (attributes & trust_attr::forest_transitive) == 0 ||
        (attributes & trust_attr::treat_as_external) == 0) {
      continue;
    }
    auto f = trust_finding(trust);
    f.summary = fmt::format("Forest trust from {} to {} is marked TREAT_AS_EXTERNAL: SID filtering is relaxed to "
                            "external-trust rules",
                            trust.domain, f.subject);
    f.remediation =
      fmt::format("If the SID-history migration it served is over, clear the bit:\n"
                  "  {}",
                  util::shell_command(util::Shell::cmd, "netdom trust {} /domain:{} /EnableSIDHistory:no",
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
  .id = "TRUST-TREAT-AS-EXTERNAL",
  .title = "Forest trust treated as external",
  .severity = Severity::low,
  .cause = FallbackCause::trust,
  .description = "A forest trust with TREAT_AS_EXTERNAL (0x40): SID filtering follows external-trust rules and lets "
                 "the partner forest's SID history through.",
  .remediation = "Clear the bit once SID-history migration is over (netdom trust … /EnableSIDHistory:no).",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_treat_as_external,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
