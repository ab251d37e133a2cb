// GPO-RPC-EPM-AUTH: the Administrative Templates policies "Enable RPC Endpoint Mapper Client
// Authentication" (…\Windows NT\Rpc\EnableAuthEpResolution = 1) and "Restrict Unauthenticated RPC
// clients" (…\Windows NT\Rpc\RestrictRemoteClients = 1 "Authenticated" or 2 "Authenticated without
// exceptions"), read from the GPOs' MACHINE/Registry.pol (src/ad/registry_pol.hpp).
//
// With them, RPC clients authenticate their endpoint-mapper queries, and that authentication is
// NTLM: Windows then keeps using NTLM by design, and once incoming NTLM is blocked those calls
// (often loopback calls of the System account, logged as 4002 events) fail. Hardening baselines
// (CIS, STIG) still recommend both settings, so auditors may ask for them; each RPC service keeps
// its own security descriptor, so disabling them does not open RPC services to anonymous callers.
// Values: MS-RPCE 3.1.1.1.3 (learn.microsoft.com/openspecs/windows_protocols/ms-rpce/85f623c0-
// c5d5-45a8-81da-ea7803ec3099) and "RPC Interface Restriction" (learn.microsoft.com/windows-server/
// security/rpc-interface-restrict). Per scope from GPO links when the snapshot has them, else per
// GPO. Medium.
//
// Not reported: EnableAuthEpResolution = 0, RestrictRemoteClients = 0, GPOs without Registry.pol.
// The Print Spooler "Configure RPC connection/listener settings" policies (spooler over named
// pipes, also an NTLM fallback) are GPO-SPOOLER-NAMED-PIPES.

#include "src/ad/gpo.hpp"
#include "src/ad/gpo_links.hpp"
#include "src/model/check.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_rpc_epm_auth(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto path : {gpo_value::rpc_enable_auth_ep_resolution, gpo_value::rpc_restrict_remote_clients}) {
    const bool epm = path == gpo_value::rpc_enable_auth_ep_resolution;
    for (const auto& in_force : values_in_force(snapshot, path)) {
      const auto v = registry_dword(*in_force.value);
      if (!v || *v == 0 || (epm && *v != 1) || (!epm && *v > 2)) {
        continue;
      }
      const auto name = registry_value_name(path);
      const auto& policy = *in_force.policy;
      const auto meaning = epm ? std::string("RPC clients authenticate to the endpoint mapper with NTLM")
                               : fmt::format("unauthenticated RPC clients are restricted ({}), so endpoint-mapper "
                                             "calls must authenticate, with NTLM",
                                             *v == 1 ? "Authenticated" : "Authenticated without exceptions");
      Finding f;
      f.key = fmt::format("{}|{}", in_force.key, util::to_lower(name));
      if (in_force.links_evaluated) {
        f.subject = fmt::format("{} for {}", name, in_force.scope.label);
        f.summary = fmt::format("{} = {} is in force for {}: {}", name, *v, in_force.scope.label, meaning);
        f.affected.push_back(AffectedObject{in_force.scope.dn, {}, in_force.scope.domain});
      } else {
        f.subject = fmt::format("{}: {}", gpo_label(policy), name);
        f.summary =
          fmt::format("GPO {} sets {} = {}: {} ({})", gpo_label(policy), name, *v, meaning, k_links_not_evaluated);
        f.affected = gpo_affected(policy);
      }
      f.evidence.push_back(Evidence{fmt::format("{} in {}", in_force.value->path, source_file(policy, *in_force.value)),
                                    in_force.value->data});
      f.evidence.push_back(Evidence{"winning GPO", in_force.source});
      findings.push_back(std::move(f));
    }
  }
  return findings;
}

const CheckRegistrar k_registrar{{
  .id = "GPO-RPC-EPM-AUTH",
  .title = "RPC endpoint-mapper authentication policies force NTLM",
  .severity = Severity::medium,
  .cause = FallbackCause::app_config,
  .description = "\"Enable RPC Endpoint Mapper Client Authentication\" (EnableAuthEpResolution=1) or \"Restrict "
                 "Unauthenticated RPC clients\" (RestrictRemoteClients=1/2) is in force: endpoint-mapper calls then "
                 "authenticate with NTLM, which keeps NTLM in use and breaks once incoming NTLM is blocked.",
  .remediation = "Set both policies (Administrative Templates\\System\\Remote Procedure Call) to Disabled or Not "
                 "configured. If an auditor cites a hardening baseline, explain that each RPC service keeps its own "
                 "security descriptor, so this does not allow anonymous access to RPC services.",
  .needs = DataSet::domain | DataSet::sysvol,
  .find = find_rpc_epm_auth,
  .reads = k_value_in_force_reads,
}};

} // namespace
} // namespace kerbready::checks
