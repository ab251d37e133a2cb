// GPO-SMB-NTLM-EXCEPTIONS: the SMB client's "Block NTLM Server Exception List" where "Block NTLM
// (LM, NTLM, NTLMv2)" is in force (Administrative Templates\Network\Lanman Workstation, Windows 11
// 24H2 / Windows Server 2025 and later). Microsoft Learn, "Block NTLM connections on SMB"
// (learn.microsoft.com/windows-server/storage/file-server/smb-ntlm-blocking): with the policy the SMB
// client uses no NTLM for remote connections; the exception list, REG_MULTI_SZ
// HKLM\SOFTWARE\Policies\Microsoft\Windows\LanmanWorkstation\BlockNTLMServerExceptionList, holds
// "the IP addresses, NetBIOS names, and fully qualified domain names" of the servers the client may
// still use NTLM with. The policy's own value, BlockNTLM in the same key (1 enabled, 0 disabled), is
// the LanmanWorkstation.admx definition of "Block NTLM (LM, NTLM, NTLMv2)" (Learn names the policy
// and the PowerShell switch Set-SmbClientConfiguration -BlockNTLM, not the value).
//
// Each exception is a known NTLM dependency: a server the clients in scope reach over SMB without
// Kerberos (not domain-joined, no cifs/ SPN for the name used, or reached by IP address, for which
// Windows requests no ticket). One finding per scope listing them, low; entries that are IP
// addresses are named, and entries with a `*` are called out because the Learn page documents no
// wildcard for this list (they may match nothing). Per scope from GPO links when the snapshot has
// them (the list in force where BlockNTLM = 1 is in force), else per GPO (the list the GPO setting
// BlockNTLM = 1 also sets).
//
// Not reported: an exception list where BlockNTLM is not in force (it has no effect there); empty
// lists; BlockNTLM = 1 without exceptions (nothing depends on NTLM over SMB there).

#include "src/ad/gpo.hpp"
#include "src/ad/gpo_links.hpp"
#include "src/ad/spn.hpp"
#include "src/model/check.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

constexpr std::size_t k_listed = 20; // entries named one by one in the evidence

std::vector<Finding>
find_smb_ntlm_exceptions(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& in_force : values_in_force(snapshot, gpo_value::smb_client_block_ntlm)) {
    if (registry_dword(*in_force.value) != 1u) {
      continue;
    }
    const auto* list = value_alongside(snapshot, in_force, gpo_value::smb_client_block_ntlm_exceptions);
    if (list == nullptr) {
      continue;
    }
    const auto entries = ntlm_exception_entries(list->data);
    if (entries.empty()) {
      continue;
    }
    std::vector<std::string> addresses;
    std::vector<std::string> wildcards;
    for (const auto& entry : entries) {
      if (entry.find('*') != std::string::npos) {
        wildcards.push_back(util::sanitize(entry, 200));
      } else if (is_ip_literal(entry)) {
        addresses.push_back(util::sanitize(entry, 200));
      }
    }
    const auto name = registry_value_name(gpo_value::smb_client_block_ntlm_exceptions);
    const auto& policy = *in_force.policy;
    Finding f;
    f.key = fmt::format("{}|{}", in_force.key, util::to_lower(name));
    const auto where = in_force.links_evaluated ? fmt::format("for {}", in_force.scope.label)
                                                : fmt::format("in GPO {}", gpo_label(policy));
    f.subject = fmt::format("{} {}", name, where);
    std::string detail;
    if (!addresses.empty()) {
      detail += fmt::format("; IP address entries {} (Windows requests no Kerberos ticket for an address)",
                            fmt::join(addresses, ", "));
    }
    if (!wildcards.empty()) {
      detail += fmt::format("; entries {} hold a '*', which Microsoft documents no meaning for here",
                            fmt::join(wildcards, ", "));
    }
    f.summary = fmt::format("The SMB client blocks NTLM {} except to {} server(s), each a known NTLM dependency{}{}",
                            where, entries.size(), detail,
                            in_force.links_evaluated ? std::string() : fmt::format(" ({})", k_links_not_evaluated));
    if (in_force.links_evaluated) {
      f.affected.push_back(AffectedObject{in_force.scope.dn, {}, in_force.scope.domain});
    } else {
      f.affected = gpo_affected(policy);
    }
    for (std::size_t i = 0; i < entries.size() && i < k_listed; ++i) {
      f.evidence.push_back(Evidence{"NTLM exception (SMB client)", util::sanitize(entries[i], 200)});
    }
    if (entries.size() > k_listed) {
      f.evidence.push_back(Evidence{"more exceptions", fmt::format("{} not listed", entries.size() - k_listed)});
    }
    f.evidence.push_back(Evidence{list->path, util::sanitize(list->data, 2000)});
    f.evidence.push_back(Evidence{fmt::format("{} in {}", in_force.value->path, source_file(policy, *in_force.value)),
                                  util::sanitize(in_force.value->data, 200)});
    f.evidence.push_back(Evidence{"winning GPO", in_force.source});
    findings.push_back(std::move(f));
  }
  return findings;
}

const CheckRegistrar k_registrar{{
  .id = "GPO-SMB-NTLM-EXCEPTIONS",
  .title = "SMB client Block NTLM: servers excepted (known NTLM dependencies)",
  .severity = Severity::low,
  .cause = FallbackCause::app_config,
  .description = "\"Block NTLM (LM, NTLM, NTLMv2)\" is in force for the SMB client (BlockNTLM=1) with a \"Block NTLM "
                 "Server Exception List\" (BlockNTLMServerExceptionList): every server listed is still reached with "
                 "NTLM over SMB. Source: Microsoft Learn \"Block NTLM connections on SMB\".",
  .remediation = "For each exception, make the server reachable with Kerberos (join it or give it a cifs/ SPN for the "
                 "name clients use, use names instead of IP addresses), then remove it from the list.",
  .needs = DataSet::domain | DataSet::sysvol,
  .find = find_smb_ntlm_exceptions,
  .reads = k_value_in_force_reads,
}};

} // namespace
} // namespace kerbready::checks
