// GPO-NTLM-BLOCKING-PREMATURE: a GPO policy in force blocks NTLM — RestrictSendingNTLMTraffic = 2
// (deny outgoing), RestrictReceivingNTLMTraffic >= 1 (deny incoming) or, for the Domain
// Controllers OU, RestrictNTLMInDomain != 0 — while findings of other checks at high or above, the
// NTLM fallback causes, remain in the same domain.
//
// Every remaining cause is then an outage rather than a fallback: the client that would have used
// NTLM fails instead. A check cannot see other findings, so this file finds where blocking is in
// force and the runner (run_checks in src/report.cpp) keeps the finding only when other high or
// critical findings remain where the blocking bites, adding their ids as evidence. High.
// "Where it bites" follows what each value restricts (Microsoft Learn, "Network security: Restrict
// NTLM: Incoming NTLM traffic" / "Outgoing NTLM traffic to remote servers" / "NTLM authentication
// in this domain"): incoming blocking evaluated per scope fails only the servers in that scope, so
// only findings about objects in it count; outgoing blocking fails its clients against any server,
// and RestrictNTLMInDomain fails the whole domain, so every finding of the domain counts.
//
// Not reported: blocking with no high finding left; audit-only values (1 for outgoing); blocking
// GPOs that are not linked (GPO-UNLINKED). Without GPO links every GPO counts (said in the text).
// Not yet evaluated: exception lists (ClientAllowedNTLMServers, DCAllowedNTLMServers); a cause
// they cover still counts.

#include "src/check.hpp"
#include "src/gpo.hpp"
#include "src/gpo_links.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

bool
blocks(std::string_view path, std::uint32_t v)
{
  if (path == gpo_value::restrict_sending_ntlm) {
    return v == 2;
  }
  if (path == gpo_value::restrict_receiving_ntlm) {
    return v >= 1;
  }
  return v != 0; // RestrictNTLMInDomain
}

std::vector<Finding>
find_blocking(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto path :
       {gpo_value::restrict_sending_ntlm, gpo_value::restrict_receiving_ntlm, gpo_value::restrict_ntlm_in_domain}) {
    for (const auto& in_force : values_in_force(snapshot, path)) {
      if (path == gpo_value::restrict_ntlm_in_domain && in_force.links_evaluated &&
          in_force.scope.kind != ScopeKind::domain_controllers) {
        continue; // read by DCs only
      }
      const auto v = registry_dword(*in_force.value);
      if (!v || !blocks(path, *v)) {
        continue;
      }
      const auto name = registry_value_name(path);
      Finding f;
      f.key = fmt::format("{}|{}", in_force.key, util::to_lower(name));
      f.subject = fmt::format("{} = {} for {}", name, *v, in_force.scope.label);
      f.summary = fmt::format("NTLM is blocked ({} = {}) for {} while NTLM fallback causes remain{}", name, *v,
                              in_force.scope.label,
                              in_force.links_evaluated ? std::string() : fmt::format(" ({})", k_links_not_evaluated));
      if (in_force.links_evaluated) {
        f.affected.push_back(AffectedObject{in_force.scope.dn, {}, in_force.scope.domain});
      } else {
        f.affected = gpo_affected(*in_force.policy);
      }
      f.evidence.push_back(
        Evidence{fmt::format("{} in {}", in_force.value->path, source_file(*in_force.policy, *in_force.value)),
                 in_force.value->data});
      f.evidence.push_back(Evidence{"winning GPO", in_force.source});
      findings.push_back(std::move(f));
    }
  }
  return findings;
}

const CheckRegistrar k_registrar{{
  .id = "GPO-NTLM-BLOCKING-PREMATURE",
  .title = "NTLM blocking is in force while fallback causes remain",
  .severity = Severity::high,
  .cause = FallbackCause::app_config,
  .description = "A GPO in force blocks NTLM (RestrictSendingNTLMTraffic=2, RestrictReceivingNTLMTraffic>=1, or "
                 "RestrictNTLMInDomain on DCs) while other findings at high or above remain in the domain: each of "
                 "them is an authentication failure, not a fallback. Evidence lists the remaining finding ids.",
  .remediation =
    "Switch the blocking setting back to audit (RestrictSendingNTLMTraffic=1, AuditReceivingNTLMTraffic=2, "
    "AuditNTLMInDomain=7) until the listed findings are fixed or covered by exceptions, or scope it to "
    "the OUs whose NTLM dependencies are gone.",
  .needs = DataSet::domain | DataSet::sysvol,
  .find = find_blocking,
}};

} // namespace
} // namespace kerbready::checks
