// TRUST-TGT-DELEGATION: enabled trusts in which this domain is the trusted side (inbound or
// bidirectional) with CROSS_ORGANIZATION_ENABLE_TGT_DELEGATION (0x800).
//
// The bit lets unconstrained delegation in the partner (trusting) forest receive the TGTs of this
// domain's users. The setting lives on the trusted side, on the TDO of the incoming trust: the
// user's forest decides whether its users' TGTs may be delegated into the other forest (KB4490425,
// "Updates to TGT delegation across incoming trusts in Windows Server": "block TGT delegation
// across an incoming trust", netdom trust <trusting> /domain:<trusted> /EnableTGTDelegation:No).
// The safe default since the 2019 updates is to block it (0x800 clear); an application that needs
// it usually needs it because it cannot use constrained delegation, and such applications fall
// back to NTLM when delegation fails. Medium: a security exposure and a sign of a legacy
// delegation dependency. The older 0x200 (NO_TGT_DELEGATION) bit is shown as evidence but not
// judged (PingCastle #9 on its changed semantics).
//
// Not reported: outbound-only trusts (this domain's users do not cross them; the bit there governs
// nothing of ours), disabled trusts.

#include "src/ad/trust.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_tgt_delegation(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& trust : snapshot.trusts) {
    const auto direction = trust.trust_direction.value_or(trust_direction::disabled);
    const auto attributes = trust.trust_attributes.value_or(0);
    if ((direction & trust_direction::inbound) == 0 ||
        (attributes & trust_attr::cross_organization_enable_tgt_delegation) == 0) {
      continue;
    }
    auto f = trust_finding(trust);
    f.summary = fmt::format("The trust in which {} trusts {} allows TGT delegation: unconstrained delegation in {} "
                            "can receive the TGTs of {}'s users",
                            f.subject, trust.domain, f.subject, trust.domain);
    f.remediation =
      fmt::format("Move the services that need it to resource-based constrained delegation, then:\n"
                  "  {}",
                  util::shell_command(util::Shell::cmd, "netdom trust {} /domain:{} /EnableTGTDelegation:no",
                                      {{f.subject, "the partner's name"}, {trust.domain, "the domain name"}}));
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
  .id = "TRUST-TGT-DELEGATION",
  .title = "Trust allows TGT delegation",
  .severity = Severity::medium,
  .cause = FallbackCause::trust,
  .description = "An inbound or bidirectional trust (this domain is trusted) with "
                 "CROSS_ORGANIZATION_ENABLE_TGT_DELEGATION (0x800): the partner's unconstrained delegation can "
                 "receive this domain's users' TGTs (KB4490425).",
  .remediation = "Use constrained delegation instead; netdom trust <partner> /domain:<this domain> "
                 "/EnableTGTDelegation:no.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_tgt_delegation,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
