// GPO-NTLM-NOLMHASH: the policy in force sets NoLMHash to 0 ("Network security: Do not store LAN
// Manager hash value on next password change" disabled).
//
// With NoLMHash = 0, every password change stores an LM hash again: a DES-based, case-folded hash
// that is cracked in minutes and is exactly what LM/NTLMv1 authentication (LmCompatibilityLevel
// below 3) uses. Enabled (1) is the default since Vista/2008, so only an explicit 0 is reported.
// Evaluated per scope from GPO links when the snapshot has them (src/ad/gpo_links.hpp), otherwise per
// GPO, saying links were not evaluated. Medium.
//
// Not reported: NoLMHash = 1, GPOs that do not set it. Existing stored LM hashes are not visible
// from the directory (they go away at the next password change once the policy is fixed).

#include "src/ad/gpo.hpp"
#include "src/ad/gpo_links.hpp"
#include "src/model/check.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_lm_hash_stored(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& in_force : values_in_force(snapshot, gpo_value::no_lm_hash)) {
    const auto v = registry_dword(*in_force.value);
    if (!v || *v != 0) {
      continue;
    }
    const auto& policy = *in_force.policy;
    Finding f;
    f.key = in_force.key;
    if (in_force.links_evaluated) {
      f.subject = fmt::format("NoLMHash for {}", in_force.scope.label);
      f.summary = fmt::format("NoLMHash = 0 is in force for {}: LM hashes are stored at the next password change",
                              in_force.scope.label);
      f.affected.push_back(AffectedObject{in_force.scope.dn, {}, in_force.scope.domain});
      f.tier0 = in_force.scope.kind == ScopeKind::domain_controllers;
    } else {
      f.subject = gpo_label(policy);
      f.summary = fmt::format("GPO {} sets NoLMHash = 0: LM hashes are stored at the next password change wherever it "
                              "applies ({})",
                              f.subject, k_links_not_evaluated);
      f.affected = gpo_affected(policy);
    }
    f.evidence.push_back(Evidence{fmt::format("{} in {}", in_force.value->path, source_file(policy, *in_force.value)),
                                  in_force.value->data});
    f.evidence.push_back(Evidence{"winning GPO", in_force.source});
    findings.push_back(std::move(f));
  }
  return findings;
}

const CheckRegistrar k_registrar{{
  .id = "GPO-NTLM-NOLMHASH",
  .title = "GPO lets Windows store LM hashes (NoLMHash = 0)",
  .severity = Severity::medium,
  .cause = FallbackCause::app_config,
  .description = "The GPO policy in force sets NoLMHash to 0, so LM hashes (crackable, used by LM/NTLMv1) are stored "
                 "again at each password change. Read from SYSVOL (scan --sysvol), per scope when GPO links are known.",
  .remediation = "Enable \"Network security: Do not store LAN Manager hash value on next password change\" "
                 "(NoLMHash=1), then let passwords change (or reset them) so stored LM hashes disappear.",
  .needs = DataSet::domain | DataSet::sysvol,
  .find = find_lm_hash_stored,
  .reads = k_value_in_force_reads,
}};

} // namespace
} // namespace kerbready::checks
