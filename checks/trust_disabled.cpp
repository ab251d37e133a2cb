// TRUST-DISABLED: trustedDomain objects whose trustDirection is 0 (disabled) or absent.
//
// A disabled trust authenticates nothing, Kerberos or NTLM; left behind, it confuses inventories
// (NTLM event 8006 analysis, trust-path reasoning) and tools that resolve SIDs of removed domains
// slow down (SharpHoundCommon#203). Low: clean-up.
//
// Not reported: enabled trusts.

#include "src/ad/trust.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_disabled_trusts(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& trust : snapshot.trusts) {
    if (is_enabled_trust(trust)) {
      continue;
    }
    auto f = trust_finding(trust);
    f.summary = trust.trust_direction
                  ? fmt::format("The trust from {} to {} is disabled (trustDirection 0)", trust.domain, f.subject)
                  : fmt::format("The trust from {} to {} has no trustDirection: it cannot be in use, or the value "
                                "was not read",
                                trust.domain, f.subject);
    f.remediation =
      fmt::format("Remove the leftover trust if the partner is gone:\n  {}",
                  util::shell_command(util::Shell::cmd, "netdom trust {} /domain:{} /remove",
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
  .id = "TRUST-DISABLED",
  .title = "Disabled trust left in the directory",
  .severity = Severity::low,
  .cause = FallbackCause::trust,
  .description = "A trustedDomain object with trustDirection 0 (or none): it carries no authentication and only "
                 "confuses inventories.",
  .remediation = "Remove it when the partner domain is gone (netdom trust … /remove).",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_disabled_trusts,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
