// GPO-NTLM-ALIAS-WORKAROUND: a GPO in force sets DisableLoopbackCheck = 1 (…\Control\Lsa) or lists
// BackConnectionHostNames (…\Control\Lsa\MSV1_0), typically as Group Policy Preferences registry
// items (Machine/Preferences/Registry/Registry.xml), which no other check reads.
//
// Both exist to work around the NTLM loopback check: a server that authenticates a connection to
// itself under an alias name (a CNAME, a load-balanced or application name) refuses it with
// "401.1" / "access denied" when the authentication is NTLM (Microsoft KB 896861, "Error 401.1
// when you browse a Web site that uses Integrated Authentication"; learn.microsoft.com/troubleshoot/
// windows-server/networking/accessing-server-locally-with-fqdn-cname-alias-denied). Kerberos is not
// subject to the check. A policy that pushes the workaround therefore says that clients reach
// servers by alias names that have no SPN, and fall back to NTLM for them: the names in
// BackConnectionHostNames are exactly the SPNs to add. DisableLoopbackCheck also turns off a
// protection against NTLM reflection for every name. Medium; cause ip_or_alias. Per scope from GPO
// links when the snapshot has them, else per GPO.
//
// Not reported: DisableLoopbackCheck = 0, empty BackConnectionHostNames. Whether the aliases now
// have SPNs is not checked here (SPN-* and DNS-* checks look at the directory side).

#include "src/ad/gpo.hpp"
#include "src/ad/gpo_links.hpp"
#include "src/model/check.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

constexpr std::string_view k_disable_loopback_check =
  R"(MACHINE\System\CurrentControlSet\Control\Lsa\DisableLoopbackCheck)";
constexpr std::string_view k_back_connection_host_names =
  R"(MACHINE\System\CurrentControlSet\Control\Lsa\MSV1_0\BackConnectionHostNames)";

constexpr std::string_view k_fix =
  "Register the alias names as SPNs on the account that runs the service (setspn -S HTTP/alias.corp.example.com "
  "ACCOUNT, and host/ or cifs/ names for file servers) so that clients use Kerberos, then remove the workaround "
  "from the GPO (the loopback check does not apply to Kerberos).";

Finding
base_finding(const ValueInForce& in_force, std::string_view name, std::string_view what)
{
  const auto& policy = *in_force.policy;
  Finding f;
  f.key = fmt::format("{}|{}", in_force.key, util::to_lower(name));
  if (in_force.links_evaluated) {
    f.subject = fmt::format("{} for {}", name, in_force.scope.label);
    f.summary = fmt::format("{} is in force for {}: ", what, in_force.scope.label);
    f.affected.push_back(AffectedObject{in_force.scope.dn, {}, in_force.scope.domain});
    f.tier0 = in_force.scope.kind == ScopeKind::domain_controllers;
  } else {
    f.subject = fmt::format("{} in {}", name, gpo_label(policy));
    f.summary = fmt::format("GPO {} sets {} ({}): ", gpo_label(policy), what, k_links_not_evaluated);
    f.affected = gpo_affected(policy);
  }
  f.evidence.push_back(Evidence{fmt::format("{} in {}", in_force.value->path, source_file(policy, *in_force.value)),
                                in_force.value->data});
  f.evidence.push_back(Evidence{"winning GPO", in_force.source});
  return f;
}

std::vector<Finding>
find_alias_workarounds(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& in_force : values_in_force(snapshot, k_disable_loopback_check)) {
    const auto v = registry_dword(*in_force.value);
    if (!v || *v == 0) {
      continue;
    }
    auto f = base_finding(in_force, "DisableLoopbackCheck", "DisableLoopbackCheck = 1");
    f.summary += "servers accept NTLM to themselves under any alias name, the workaround for aliases without SPNs "
                 "(clients fall back to NTLM for them), and NTLM reflection protection is off";
    findings.push_back(std::move(f));
  }
  for (const auto& in_force : values_in_force(snapshot, k_back_connection_host_names)) {
    std::vector<std::string> names;
    for (const auto part : util::split(in_force.value->data, ',')) {
      if (const auto name = util::trim(part); !name.empty()) {
        names.push_back(util::sanitize(name, 100));
      }
    }
    if (names.empty()) {
      continue;
    }
    auto f = base_finding(in_force, "BackConnectionHostNames", "BackConnectionHostNames");
    f.summary += fmt::format("servers accept NTLM to themselves under {} (the workaround for aliases without SPNs: "
                             "clients fall back to NTLM for them)",
                             fmt::join(names, ", "));
    findings.push_back(std::move(f));
  }
  return findings;
}

const CheckRegistrar k_registrar{{
  .id = "GPO-NTLM-ALIAS-WORKAROUND",
  .title = "GPO pushes the NTLM loopback-check workaround (DisableLoopbackCheck, BackConnectionHostNames)",
  .severity = Severity::medium,
  .cause = FallbackCause::ip_or_alias,
  .description = "A GPO in force (often a Group Policy Preferences registry item) sets DisableLoopbackCheck = 1 or "
                 "BackConnectionHostNames: the workaround for servers reached by alias names over NTLM (KB 896861). "
                 "Those aliases have no SPN, so clients fall back to NTLM for them. Read from SYSVOL "
                 "(Registry.xml, GptTmpl.inf, Registry.pol), per scope when GPO links are known.",
  .remediation = k_fix,
  .needs = DataSet::domain | DataSet::sysvol,
  .find = find_alias_workarounds,
  .reads = k_value_in_force_reads,
}};

} // namespace
} // namespace kerbready::checks
