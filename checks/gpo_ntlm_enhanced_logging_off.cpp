// GPO-NTLM-ENHANCED-LOGGING-OFF: a GPO turns off the Windows 11 24H2 / Windows Server 2025 enhanced
// NTLM auditing: "NTLM Enhanced Logging" (Administrative Templates\System\NTLM; clients and servers,
// events 4020–4025) or "Log Enhanced Domain-wide NTLM Logs" (Administrative Templates\System\Netlogon;
// domain controllers, events 4030–4033), set to Disabled in the GPOs' MACHINE/Registry.pol.
//
// These events say who used NTLM, from where and why Kerberos was not used (KB5064479, "Overview of
// NTLM auditing enhancements in Windows 11, version 24H2 and Windows Server 2025",
// support.microsoft.com/topic/b7ead732-6fc5-46a3-a943-27a4571d9e7b, which names both policies).
// With them off, the 4020–4033 evidence cannot exist on the machines in scope, so the events stage
// cannot explain the NTLM it sees there, and the verdict says so (Check::silenced_evidence).
// Both policies default to logging when not configured, so only an explicit 0 is reported.
//
// Value names: the policy definitions of Windows 11 24H2 — Netlogon.admx "Log Enhanced Domain-wide
// NTLM Logs" writes Software\Policies\Microsoft\Netlogon\Parameters\EnableEnhancedDomainNtlmLogs
// (1 enabled, 0 disabled; "If not configured, domain controllers will default to logging"), and
// "NTLM Enhanced Logging" writes
// Software\Microsoft\Windows\CurrentVersion\Policies\System\NTLM\Parameters\LogEnhancedAuditEvents
// (read with default 1). KB5064479 names the policies but not
// these values, and no Microsoft Learn page listing them could be found; they are taken from the
// ADMX definitions as published by third-party policy inventories and should be checked against
// the PolicyDefinitions of a 24H2 machine.
//
// Medium. EnableEnhancedDomainNtlmLogs is evaluated for the Domain Controllers OU only (it applies to
// DCs only); LogEnhancedAuditEvents for every scope. Per GPO when the snapshot has no GPO links.
//
// Not reported: the policies left unset or set to 1; older Windows versions, which log none of these
// events whatever the policy says (the directory does not tell which build a machine runs).

#include "src/ad/gpo.hpp"
#include "src/ad/gpo_links.hpp"
#include "src/model/check.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_enhanced_logging_off(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto path : {gpo_value::ntlm_enhanced_logging, gpo_value::netlogon_enhanced_domain_ntlm_logs}) {
    const bool dc_policy = path == gpo_value::netlogon_enhanced_domain_ntlm_logs;
    for (const auto& in_force : values_in_force(snapshot, path)) {
      if (dc_policy && in_force.links_evaluated && in_force.scope.kind != ScopeKind::domain_controllers) {
        continue;
      }
      const auto v = registry_dword(*in_force.value);
      if (!v || *v != 0) {
        continue;
      }
      const auto name = registry_value_name(path);
      const auto& policy = *in_force.policy;
      const auto* policy_name = dc_policy ? "Log Enhanced Domain-wide NTLM Logs" : "NTLM Enhanced Logging";
      const auto* events = dc_policy ? "4030-4033" : "4020-4025";
      Finding f;
      f.key = fmt::format("{}|{}", in_force.key, util::to_lower(name));
      const auto where = in_force.links_evaluated ? fmt::format("for {}", in_force.scope.label)
                                                  : fmt::format("in GPO {}", gpo_label(policy));
      f.subject = fmt::format("{} {}", name, where);
      f.summary = fmt::format("\"{}\" is disabled ({} = 0) {}: the enhanced NTLM events {} (who, from where and "
                              "why not Kerberos) cannot exist there, so NTLM use there cannot be explained{}",
                              policy_name, name, where, events,
                              in_force.links_evaluated ? std::string() : fmt::format(" ({})", k_links_not_evaluated));
      if (in_force.links_evaluated) {
        f.affected.push_back(AffectedObject{in_force.scope.dn, {}, in_force.scope.domain});
      } else {
        f.affected = gpo_affected(policy);
      }
      f.evidence.push_back(Evidence{fmt::format("{} in {}", in_force.value->path, source_file(policy, *in_force.value)),
                                    util::sanitize(in_force.value->data, 200)});
      f.evidence.push_back(Evidence{"winning GPO", in_force.source});
      f.remediation = fmt::format("Set Administrative Templates\\System\\{}\\\"{}\" to Enabled (or Not configured) "
                                  "and collect the Microsoft-Windows-NTLM/Operational log.",
                                  dc_policy ? "Netlogon" : "NTLM", policy_name);
      findings.push_back(std::move(f));
    }
  }
  return findings;
}

const CheckRegistrar k_registrar{{
  .id = "GPO-NTLM-ENHANCED-LOGGING-OFF",
  .title = "Enhanced NTLM auditing (events 4020-4033) turned off by GPO",
  .severity = Severity::medium,
  .cause = FallbackCause::app_config,
  .description = "A GPO disables \"NTLM Enhanced Logging\" (LogEnhancedAuditEvents=0) or \"Log Enhanced Domain-wide "
                 "NTLM Logs\" (EnableEnhancedDomainNtlmLogs=0): Windows 11 24H2 and Server 2025 then log none of "
                 "the events 4020-4033 that say who uses NTLM and why (KB5064479).",
  .remediation = "Set both policies to Enabled or Not configured (the default logs), and collect the "
                 "Microsoft-Windows-NTLM/Operational log.",
  .needs = DataSet::domain | DataSet::sysvol,
  .find = find_enhanced_logging_off,
  .reads = k_value_in_force_reads,
  .silenced_evidence = "the enhanced NTLM events 4020-4033 (KB5064479)",
}};

} // namespace
} // namespace kerbready::checks
