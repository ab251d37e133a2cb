// GPO-NTLM-RESTRICTIONS: GPOs that set the "Restrict NTLM" policies — RestrictSendingNTLMTraffic
// (outgoing), RestrictReceivingNTLMTraffic (incoming) and RestrictNTLMInDomain (DCs) — with what
// each value means.
//
// These are the blocking switches of an NTLM project; their current state is what the readiness
// verdict is about, so they are listed (info) rather than judged. Deny values are shown so that an
// outage can be traced to the GPO that caused it. Read from the SYSVOL copy; with GPO links in the
// snapshot the values in force are listed per scope (domain members, DCs, OUs with links) with the
// winning GPO and link, otherwise per GPO (links not evaluated).
//
// Not reported: GPOs that set none of the three.

#include "src/ad/gpo.hpp"
#include "src/ad/gpo_links.hpp"
#include "src/model/check.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kerbready::checks {
namespace {

std::string
meaning(std::string_view path, std::uint32_t v)
{
  if (path == gpo_value::restrict_sending_ntlm) {
    return v == 0 ? "allow all" : v == 1 ? "audit all" : v == 2 ? "deny all" : "unknown value";
  }
  if (path == gpo_value::restrict_receiving_ntlm) {
    return v == 0 ? "allow all" : v == 1 ? "deny all domain accounts" : v == 2 ? "deny all accounts" : "unknown value";
  }
  switch (v) {
  case 0:
    return "disabled";
  case 1:
    return "deny for domain accounts to domain servers";
  case 3:
    return "deny for domain accounts";
  case 5:
    return "deny for domain servers";
  case 7:
    return "deny all";
  default:
    return "unknown value";
  }
}

std::vector<Finding>
find_ntlm_restrictions(const Snapshot& snapshot)
{
  // One finding per scope (or per GPO without links), in first-seen order.
  std::vector<Finding> findings;
  std::vector<std::vector<std::string>> states;
  for (const auto path :
       {gpo_value::restrict_sending_ntlm, gpo_value::restrict_receiving_ntlm, gpo_value::restrict_ntlm_in_domain}) {
    for (const auto& in_force : values_in_force(snapshot, path)) {
      // RestrictNTLMInDomain is read by DCs only.
      if (path == gpo_value::restrict_ntlm_in_domain && in_force.links_evaluated &&
          in_force.scope.kind != ScopeKind::domain_controllers) {
        continue;
      }
      auto it = std::find_if(findings.begin(), findings.end(), [&](const Finding& f) { return f.key == in_force.key; });
      if (it == findings.end()) {
        Finding f;
        f.key = in_force.key;
        if (in_force.links_evaluated) {
          f.subject = fmt::format("Restrict NTLM for {}", in_force.scope.label);
          f.affected.push_back(AffectedObject{in_force.scope.dn, {}, in_force.scope.domain});
        } else {
          f.subject = gpo_label(*in_force.policy);
          f.affected = gpo_affected(*in_force.policy);
        }
        findings.push_back(std::move(f));
        states.emplace_back();
        it = findings.end() - 1;
      }
      const auto v = registry_dword(*in_force.value);
      const auto text = v ? fmt::format("{} ({})", *v, meaning(path, *v)) : in_force.value->data + " (not a DWORD)";
      states[static_cast<std::size_t>(it - findings.begin())].push_back(
        fmt::format("{} = {}", registry_value_name(path), text));
      it->evidence.push_back(
        Evidence{fmt::format("{} in {}", in_force.value->path, source_file(*in_force.policy, *in_force.value)), text});
      it->evidence.push_back(Evidence{"winning GPO", in_force.source});
    }
  }
  for (std::size_t i = 0; i < findings.size(); ++i) {
    auto& f = findings[i];
    f.summary = f.key.find('|') == std::string::npos ? fmt::format("GPO {} restricts NTLM: {} ({})", f.subject,
                                                                   fmt::join(states[i], "; "), k_links_not_evaluated)
                                                     : fmt::format("{}: {}", f.subject, fmt::join(states[i], "; "));
  }
  return findings;
}

const CheckRegistrar k_registrar{{
  .id = "GPO-NTLM-RESTRICTIONS",
  .title = "GPO sets Restrict NTLM policies",
  .severity = Severity::info,
  .cause = FallbackCause::app_config,
  .description =
    "Lists GPOs that set RestrictSendingNTLMTraffic, RestrictReceivingNTLMTraffic or RestrictNTLMInDomain, "
    "with the meaning of each value, so blocking steps and outages can be traced to a GPO.",
  .remediation = "Keep deny settings scoped to the systems whose NTLM dependencies were removed; add exceptions "
                 "(ClientAllowedNTLMServers, DCAllowedNTLMServers) for the rest.",
  .needs = DataSet::domain | DataSet::sysvol,
  .find = find_ntlm_restrictions,
  .reads = k_value_in_force_reads,
}};

} // namespace
} // namespace kerbready::checks
