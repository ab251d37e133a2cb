// TRUST-DOWNLEVEL: enabled trusts of trustType 1 (DOWNLEVEL): a Windows NT 4-style domain, or a
// trust created against a domain reachable only by NetBIOS.
//
// A downlevel trust has no Kerberos at all: every authentication across it is NTLM, so blocking
// NTLM ends it.
//
// Not reported: disabled trusts (TRUST-DISABLED).

#include "src/ad/trust.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_downlevel_trusts(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& trust : snapshot.trusts) {
    if (!is_enabled_trust(trust) || trust.trust_type.value_or(0) != trust_type::downlevel) {
      continue;
    }
    auto f = trust_finding(trust);
    f.summary =
      fmt::format("Downlevel (NT4-style) trust from {} to {}: it supports only NTLM", trust.domain, f.subject);
    findings.push_back(std::move(f));
  }
  return findings;
}

// The directory attributes behind the snapshot fields this check reads, directly or through
// src/ad helpers (Check::reads).
constexpr AttributeRead k_reads[] = {
  {DirectoryObject::trust, "trustPartner"},    {DirectoryObject::trust, "flatName"},
  {DirectoryObject::trust, "trustType"},       {DirectoryObject::trust, "trustDirection"},
  {DirectoryObject::trust, "trustAttributes"},
};

const CheckRegistrar k_registrar{{
  .id = "TRUST-DOWNLEVEL",
  .title = "Downlevel (NT4-style) trust: NTLM only",
  .severity = Severity::high,
  .cause = FallbackCause::trust,
  .description = "An enabled trust of type DOWNLEVEL (Windows NT 4-style, NetBIOS). No Kerberos is possible across "
                 "it: every authentication is NTLM.",
  .remediation = "Migrate or retire the partner domain; if it is an AD domain, recreate the trust with DNS names "
                 "(as a forest trust where possible) so it becomes UPLEVEL.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_downlevel_trusts,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
