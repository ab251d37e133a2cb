// GPO-KERBEROS-ETYPES: GPOs whose "Network security: Configure encryption types allowed for
// Kerberos" (…\Kerberos\Parameters\SupportedEncryptionTypes) lacks AES, or allows DES or RC4.
//
// The policy limits what the machines it applies to request and accept, and on DCs what they
// issue. Without AES, Kerberos with AES-only accounts (Protected Users, hardened services, the RC4
// default-disablement) fails and Negotiate falls back to NTLM: high. DES allowed (off by default
// since Windows 7): medium. RC4 allowed next to AES: low, the remaining RC4 dependency. The value
// 0x7FFFFFFF ("future encryption types" ticked) sets every bit, DES included.
//
// Evaluated per scope from GPO links when the snapshot has them (src/ad/gpo_links.hpp), else per GPO.
//
// Not reported: AES-only values; GPOs that do not set the policy.

#include "src/ad/etypes.hpp"
#include "src/ad/gpo.hpp"
#include "src/ad/gpo_links.hpp"
#include "src/model/check.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_weak_etype_policies(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& in_force : values_in_force(snapshot, gpo_value::kerberos_supported_etypes)) {
    const auto v = registry_dword(*in_force.value);
    if (!v) {
      continue;
    }
    const auto& policy = *in_force.policy;
    const auto where = in_force.links_evaluated ? fmt::format("For {}, the policy in force", in_force.scope.label)
                                                : fmt::format("GPO {}", gpo_label(policy));
    Finding f;
    if ((*v & etype::aes) == 0) {
      f.severity = Severity::high;
      f.summary = fmt::format("{} allows Kerberos encryption types {} without AES: Kerberos with AES-only "
                              "accounts fails and clients fall back to NTLM",
                              where, describe_etypes(*v));
    } else if ((*v & etype::des) != 0) {
      f.severity = Severity::medium;
      f.summary = fmt::format("{} allows DES for Kerberos ({})", where, describe_etypes(*v));
    } else if ((*v & etype::rc4_hmac) != 0) {
      f.severity = Severity::low;
      f.summary = fmt::format("{} still allows RC4 for Kerberos ({})", where, describe_etypes(*v));
    } else {
      continue;
    }
    f.key = in_force.key;
    if (in_force.links_evaluated) {
      f.subject = fmt::format("Kerberos encryption types for {}", in_force.scope.label);
      f.affected.push_back(AffectedObject{in_force.scope.dn, {}, in_force.scope.domain});
      f.tier0 = in_force.scope.kind == ScopeKind::domain_controllers;
    } else {
      f.subject = gpo_label(policy);
      f.summary += fmt::format(" ({})", k_links_not_evaluated);
      f.affected = gpo_affected(policy);
    }
    f.evidence.push_back(Evidence{fmt::format("{} in {}", in_force.value->path, source_file(policy, *in_force.value)),
                                  in_force.value->data});
    f.evidence.push_back(Evidence{"winning GPO", in_force.source});
    f.remediation = "Allow AES128 and AES256 (0x18, plus 0x4 only while RC4 dependencies remain) in \"Network "
                    "security: Configure encryption types allowed for Kerberos\".";
    findings.push_back(std::move(f));
  }
  return findings;
}

const CheckRegistrar k_registrar{{
  .id = "GPO-KERBEROS-ETYPES",
  .title = "GPO Kerberos encryption types lack AES or allow DES/RC4",
  .severity = Severity::high,
  .cause = FallbackCause::weak_crypto,
  .description = "A GPO's Kerberos SupportedEncryptionTypes policy has no AES (high: Kerberos fails with AES-only "
                 "accounts and clients use NTLM), allows DES (medium) or still allows RC4 (low).",
  .remediation = "Allow AES128/AES256 (0x18); keep RC4 (0x4) only while RC4 dependencies remain; never DES.",
  .needs = DataSet::domain | DataSet::sysvol,
  .find = find_weak_etype_policies,
  .reads = k_value_in_force_reads,
}};

} // namespace
} // namespace kerbready::checks
