// GPO-NTLM-RESTRICTIONS: GPOs that set the "Restrict NTLM" policies — RestrictSendingNTLMTraffic
// (outgoing), RestrictReceivingNTLMTraffic (incoming) and RestrictNTLMInDomain (DCs) — with what
// each value means.
//
// These are the blocking switches of an NTLM project; their current state is what the readiness
// verdict is about, so they are listed (info) rather than judged. Deny values are shown so that an
// outage can be traced to the GPO that caused it. Read from the SYSVOL copy; links and
// precedence are not evaluated.
//
// Not reported: GPOs that set none of the three.

#include "src/check.hpp"
#include "src/gpo.hpp"

#include <fmt/format.h>

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
  std::vector<Finding> findings;
  for (const auto& policy : snapshot.gpo_policies) {
    Finding f;
    std::vector<std::string> states;
    for (const auto path :
         {gpo_value::restrict_sending_ntlm, gpo_value::restrict_receiving_ntlm, gpo_value::restrict_ntlm_in_domain}) {
      const auto* value = find_registry_value(policy, path);
      if (value == nullptr) {
        continue;
      }
      const auto v = registry_dword(*value);
      const auto text = v ? fmt::format("{} ({})", *v, meaning(path, *v)) : value->data + " (not a DWORD)";
      states.push_back(fmt::format("{} = {}", registry_value_name(path), text));
      f.evidence.push_back(Evidence{fmt::format("{} in {}", value->path, policy.file), text});
    }
    if (states.empty()) {
      continue;
    }
    f.subject = gpo_label(policy);
    f.key = gpo_key(policy);
    f.summary = fmt::format("GPO {} restricts NTLM: {}", f.subject, fmt::join(states, "; "));
    f.affected = gpo_affected(policy);
    findings.push_back(std::move(f));
  }
  return findings;
}

const CheckRegistrar k_registrar{{
  .id = "GPO-NTLM-RESTRICTIONS",
  .title = "GPO sets Restrict NTLM policies",
  .severity = Severity::info,
  .cause = FallbackCause::app_config,
  .description = "Lists GPOs that set RestrictSendingNTLMTraffic, RestrictReceivingNTLMTraffic or RestrictNTLMInDomain, "
                 "with the meaning of each value, so blocking steps and outages can be traced to a GPO.",
  .remediation = "Keep deny settings scoped to the systems whose NTLM dependencies were removed; add exceptions "
                 "(ClientAllowedNTLMServers, DCAllowedNTLMServers) for the rest.",
  .needs = DataSet::domain | DataSet::sysvol,
  .find = find_ntlm_restrictions,
}};

} // namespace
} // namespace kerbready::checks
