// GPO-SPOOLER-NAMED-PIPES: the Administrative Templates policies that put the print spooler's
// RPC on named pipes: "Configure RPC connection settings" with "RPC over named pipes"
// (…\Windows NT\Printers\RPC\RpcUseNamedPipeProtocol = 1: print clients connect to print servers
// over \pipe\spoolss) and "Configure RPC listener settings" allowing named pipes (RpcProtocols = 3
// "RPC over named pipes" or 7 "RPC over named pipes and TCP"; 5 is TCP only), read from the GPOs'
// MACHINE/Registry.pol (src/ad/registry_pol.hpp).
//
// Over named pipes the spooler asks the KDC for a ticket to "krbtgt/NT Authority", which fails, so
// every such connection falls back to NTLM (the "Print Nightmare artifact"; Microsoft Ask the
// Directory Services Team, "A Print Nightmare Artifact - krbtgt/NT Authority",
// techcommunity.microsoft.com/t5/ask-the-directory-services-team/a-print-nightmare-artifact-krbtgt-
// nt-authority/ba-p/3757962). Windows 11 22H2 and later use RPC over TCP by default, and Microsoft
// recommends it; the value names and their meaning are Microsoft Learn's "RPC connection updates for
// print in Windows 11" (learn.microsoft.com/troubleshoot/windows-client/printing/windows-11-rpc-
// connection-updates-for-print): RpcUseNamedPipeProtocol = 1 selects named pipes, RpcProtocols =
// 0x7 listens on named pipes and TCP, ForceKerberosForRpc = 1 enforces Kerberos for incoming
// connections. The listener values 3/5/7 are the Printing.admx enumeration of that policy. Where
// named pipes must stay, Microsoft's NTLM-retirement guidance (the Core Infrastructure and Security
// blog post this project's brief cites) points to RpcNamedPipeAuthentication = 2 from the same AskDS
// post; its other values are not documented in what could be read, so a finding only names it as
// evidence (and drops to low) when it is set to 2 where named pipes are in force.
//
// Medium: it keeps NTLM in use for printing and breaks printing once NTLM is blocked. Per scope from
// GPO links when the snapshot has them, else per GPO.
//
// Not reported: RpcUseNamedPipeProtocol = 0 (TCP), RpcProtocols = 5 (TCP only), and the "Use
// authentication for outgoing RPC connections" value (RpcAuthentication), whose values no Microsoft
// document read for this check describes.

#include "src/ad/gpo.hpp"
#include "src/ad/gpo_links.hpp"
#include "src/model/check.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

// Return what `value` of `path` means when it puts the spooler on named pipes, or empty.
std::string
named_pipe_meaning(std::string_view path, std::uint32_t value)
{
  if (path == gpo_value::spooler_rpc_use_named_pipe_protocol) {
    return value == 1 ? "print clients connect to print servers over RPC over named pipes" : std::string();
  }
  if (value == 3) {
    return "the print spooler accepts RPC over named pipes only";
  }
  if (value == 7) {
    return "the print spooler accepts RPC over named pipes as well as TCP";
  }
  return {};
}

std::vector<Finding>
find_spooler_named_pipes(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto path : {gpo_value::spooler_rpc_use_named_pipe_protocol, gpo_value::spooler_rpc_protocols}) {
    for (const auto& in_force : values_in_force(snapshot, path)) {
      const auto v = registry_dword(*in_force.value);
      if (!v) {
        continue;
      }
      const auto meaning = named_pipe_meaning(path, *v);
      if (meaning.empty()) {
        continue;
      }
      const auto name = registry_value_name(path);
      const auto& policy = *in_force.policy;
      Finding f;
      f.key = fmt::format("{}|{}", in_force.key, util::to_lower(name));
      const auto where = in_force.links_evaluated ? fmt::format("for {}", in_force.scope.label)
                                                  : fmt::format("in GPO {}", gpo_label(policy));
      f.subject = fmt::format("{} {}", name, where);
      f.summary = fmt::format("{} = {} is in force {}: {}; the spooler then requests a ticket for "
                              "krbtgt/NT Authority, which fails, and falls back to NTLM{}",
                              name, *v, where, meaning,
                              in_force.links_evaluated ? std::string() : fmt::format(" ({})", k_links_not_evaluated));
      if (in_force.links_evaluated) {
        f.affected.push_back(AffectedObject{in_force.scope.dn, {}, in_force.scope.domain});
      } else {
        f.affected = gpo_affected(policy);
      }
      f.evidence.push_back(Evidence{fmt::format("{} in {}", in_force.value->path, source_file(policy, *in_force.value)),
                                    util::sanitize(in_force.value->data, 200)});
      f.evidence.push_back(Evidence{"winning GPO", in_force.source});
      if (const auto* auth = value_alongside(snapshot, in_force, gpo_value::spooler_rpc_named_pipe_authentication)) {
        f.evidence.push_back(Evidence{auth->path, util::sanitize(auth->data, 200)});
        if (registry_dword(*auth) == 2u) {
          f.severity = Severity::low;
          f.summary += "; RpcNamedPipeAuthentication = 2, the mitigation Microsoft gives for named pipes, is set";
        }
      }
      if (const auto* kerberos = value_alongside(snapshot, in_force, gpo_value::spooler_force_kerberos_for_rpc)) {
        f.evidence.push_back(Evidence{kerberos->path, util::sanitize(kerberos->data, 200)});
      }
      findings.push_back(std::move(f));
    }
  }
  return findings;
}

const CheckRegistrar k_registrar{{
  .id = "GPO-SPOOLER-NAMED-PIPES",
  .title = "Print spooler RPC over named pipes forces NTLM",
  .severity = Severity::medium,
  .cause = FallbackCause::app_config,
  .description = "\"Configure RPC connection settings\" selects RPC over named pipes (RpcUseNamedPipeProtocol=1) or "
                 "\"Configure RPC listener settings\" accepts named pipes (RpcProtocols=3/7): the spooler then asks "
                 "for a ticket to krbtgt/NT Authority, which fails, and falls back to NTLM. Source: Microsoft Learn "
                 "\"RPC connection updates for print in Windows 11\"; AskDS \"A Print Nightmare Artifact\".",
  .remediation = "Set Administrative Templates\\Printers\\\"Configure RPC connection settings\" to RPC over TCP and "
                 "\"Configure RPC listener settings\" to RPC over TCP (open TCP 135 and the dynamic RPC ports, or "
                 "\"Configure RPC over TCP port\"). Where named pipes must stay, set RpcNamedPipeAuthentication=2 "
                 "as the Directory Services team describes.",
  .needs = DataSet::domain | DataSet::sysvol,
  .find = find_spooler_named_pipes,
  .reads = k_value_in_force_reads,
}};

} // namespace
} // namespace kerbready::checks
