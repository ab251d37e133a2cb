// GPO-NTLM-EXCEPTIONS: the NTLM exception lists in force — ClientAllowedNTLMServers ("Restrict
// NTLM: Add remote server exceptions for NTLM authentication", read by clients) and
// DCAllowedNTLMServers ("Add server exceptions in this domain", read by DCs). REG_MULTI_SZ
// (type 7); in GptTmpl.inf the entries are comma-separated.
//
// An exception keeps NTLM alive to the servers it names once blocking is on. Entries with a
// wildcard (`*`, `*.corp.example.com`, `web*`) silently let any matching server, today's and
// future ones, keep NTLM forever: medium. Entries that are IP addresses are low: clients that
// connect by IP cannot use Kerberos (unless the host has an IP SPN), so the exception records an
// NTLM dependency to remove. Plain names are listed (info) so the list can be reviewed.
// Per scope from GPO links when the snapshot has them (src/ad/gpo_links.hpp; DCAllowedNTLMServers
// for the Domain Controllers OU only), otherwise per GPO.
//
// Not reported: empty lists, GPOs that do not set them.

#include "src/ad/gpo.hpp"
#include "src/ad/gpo_links.hpp"
#include "src/ad/spn.hpp"
#include "src/model/check.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_ntlm_exceptions(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto path : {gpo_value::client_allowed_ntlm_servers, gpo_value::dc_allowed_ntlm_servers}) {
    const bool dc_list = path == gpo_value::dc_allowed_ntlm_servers;
    for (const auto& in_force : values_in_force(snapshot, path)) {
      if (dc_list && in_force.links_evaluated && in_force.scope.kind != ScopeKind::domain_controllers) {
        continue;
      }
      const auto entries = ntlm_exception_entries(in_force.value->data);
      if (entries.empty()) {
        continue;
      }
      std::vector<std::string> wildcards;
      std::vector<std::string> addresses;
      for (const auto& entry : entries) {
        if (entry.find('*') != std::string::npos) {
          wildcards.push_back(util::sanitize(entry, 200));
        } else if (is_ip_literal(entry)) {
          addresses.push_back(util::sanitize(entry, 200));
        }
      }
      const auto name = registry_value_name(path);
      const auto& policy = *in_force.policy;
      Finding f;
      f.severity = !wildcards.empty() ? Severity::medium : !addresses.empty() ? Severity::low : Severity::info;
      f.key = fmt::format("{}|{}", in_force.key, util::to_lower(name));
      const auto where = in_force.links_evaluated ? fmt::format("for {}", in_force.scope.label)
                                                  : fmt::format("in GPO {}", gpo_label(policy));
      f.subject = fmt::format("{} {}", name, where);
      std::string detail;
      if (!wildcards.empty()) {
        detail += fmt::format("; wildcard entries {} let every matching server keep NTLM", fmt::join(wildcards, ", "));
      }
      if (!addresses.empty()) {
        detail +=
          fmt::format("; IP address entries {} (clients connecting by IP use NTLM)", fmt::join(addresses, ", "));
      }
      f.summary = fmt::format("{} lists {} NTLM exception(s) {}{}{}", name, entries.size(), where, detail,
                              in_force.links_evaluated ? std::string() : fmt::format(" ({})", k_links_not_evaluated));
      if (in_force.links_evaluated) {
        f.affected.push_back(AffectedObject{in_force.scope.dn, {}, in_force.scope.domain});
      } else {
        f.affected = gpo_affected(policy);
      }
      f.evidence.push_back(Evidence{fmt::format("{} in {}", in_force.value->path, source_file(policy, *in_force.value)),
                                    util::sanitize(in_force.value->data, 2000)});
      f.evidence.push_back(Evidence{"winning GPO", in_force.source});
      findings.push_back(std::move(f));
    }
  }
  return findings;
}

const CheckRegistrar k_registrar{{
  .id = "GPO-NTLM-EXCEPTIONS",
  .title = "NTLM exception lists (ClientAllowedNTLMServers, DCAllowedNTLMServers)",
  .severity = Severity::info,
  .cause = FallbackCause::app_config,
  .description = "Lists the NTLM server exceptions in force. Wildcard entries (medium) let any matching server keep "
                 "NTLM forever, silently; IP address entries (low) record clients that connect by IP and so cannot "
                 "use Kerberos.",
  .remediation = "Replace wildcard entries with the exact server names that still need NTLM (from the NTLM "
                 "operational events), give each a removal date, and fix IP-based access (use names with SPNs).",
  .needs = DataSet::domain | DataSet::sysvol,
  .find = find_ntlm_exceptions,
  .reads = k_value_in_force_reads,
}};

} // namespace
} // namespace kerbready::checks
