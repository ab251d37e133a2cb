// GPO-NTLM-MIN-SEC: GPOs whose NTLMMinClientSec or NTLMMinServerSec ("Minimum session security for
// NTLM SSP based clients/servers") is below the Windows default: it lacks "Require 128-bit
// encryption" (0x20000000).
//
// While NTLM remains, these values decide whether its sessions use NTLMv2 session security with
// 128-bit keys. The default since Windows 7 / Server 2008 R2 is "Require 128-bit encryption"
// (0x20000000) for both (Microsoft Learn, "Network security: Minimum session security for NTLM
// SSP based (including secure RPC) clients" and "... servers", Default values). A GPO that drops
// the 128-bit requirement keeps weak NTLM sessions alive during the transition: medium. A value
// of 0x20000000 is the default, not a lowering, and is not reported even though it does not
// require NTLMv2 session security; the fix text still recommends 0x20080000.
//
// Evaluated per scope from GPO links when the snapshot has them (src/ad/gpo_links.hpp), else per GPO.
//
// Not reported: values with the 128-bit bit (0x20000000 = the default, 0x20080000 = recommended);
// GPOs that do not set them (the default applies).

#include "src/ad/gpo.hpp"
#include "src/ad/gpo_links.hpp"
#include "src/model/check.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

constexpr std::uint32_t k_ntlmv2_session = 0x80000;
constexpr std::uint32_t k_128bit = 0x20000000;

std::vector<Finding>
find_weak_min_sec(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto path : {gpo_value::ntlm_min_client_sec, gpo_value::ntlm_min_server_sec}) {
    for (const auto& in_force : values_in_force(snapshot, path)) {
      const auto v = registry_dword(*in_force.value);
      if (!v || (*v & k_128bit) != 0) {
        continue; // the default (0x20000000) or stricter
      }
      std::vector<std::string> missing;
      if ((*v & k_ntlmv2_session) == 0) {
        missing.emplace_back("NTLMv2 session security");
      }
      if ((*v & k_128bit) == 0) {
        missing.emplace_back("128-bit encryption");
      }
      const auto name = registry_value_name(path);
      const auto& policy = *in_force.policy;
      Finding f;
      f.key = fmt::format("{}|{}", in_force.key, util::to_lower(name));
      if (in_force.links_evaluated) {
        f.subject = fmt::format("{} for {}", name, in_force.scope.label);
        f.summary = fmt::format("{} 0x{:x} is in force for {}, which does not require {} (below the Windows "
                                "default 0x20000000)",
                                name, *v, in_force.scope.label, fmt::join(missing, " or "));
        f.affected.push_back(AffectedObject{in_force.scope.dn, {}, in_force.scope.domain});
      } else {
        f.subject = fmt::format("{}: {}", gpo_label(policy), name);
        f.summary = fmt::format("GPO {} sets {} to 0x{:x}, which does not require {} (below the Windows default "
                                "0x20000000; {})",
                                gpo_label(policy), name, *v, fmt::join(missing, " or "), k_links_not_evaluated);
        f.affected = gpo_affected(policy);
      }
      f.evidence.push_back(Evidence{fmt::format("{} in {}", in_force.value->path, source_file(policy, *in_force.value)),
                                    in_force.value->data});
      f.evidence.push_back(Evidence{"winning GPO", in_force.source});
      f.remediation = fmt::format("Set {} to 537395200 (0x20080000: require NTLMv2 session security and 128-bit "
                                  "encryption).",
                                  name);
      findings.push_back(std::move(f));
    }
  }
  return findings;
}

const CheckRegistrar k_registrar{{
  .id = "GPO-NTLM-MIN-SEC",
  .title = "GPO lowers NTLM minimum session security",
  .severity = Severity::medium,
  .cause = FallbackCause::app_config,
  .description = "A GPO sets NTLMMinClientSec or NTLMMinServerSec below the Windows default (0x20000000, require "
                 "128-bit encryption), keeping weak NTLM sessions possible.",
  .remediation = "Set both values to 537395200 (0x20080000).",
  .needs = DataSet::domain | DataSet::sysvol,
  .find = find_weak_min_sec,
  .reads = k_value_in_force_reads,
}};

} // namespace
} // namespace kerbready::checks
