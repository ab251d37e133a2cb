// PU-GROUP-MISSING: domains without a Protected Users group (RID 525).
//
// The group appears when a Windows Server 2012 R2 (or later) DC holds the PDC emulator role.
// Without it there is no per-account way to refuse NTLM, the first step of any NTLM-blocking
// plan. Medium when other groups of the domain were read and RID 525 is not among them; info
// ("unknown") when no group of the domain was read at all.
//
// Not reported: domains that have the group.

#include "src/ad/privilege.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_missing_protected_users(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& domain : snapshot.domains) {
    bool any_group = false;
    bool found = false;
    for (const auto& group : snapshot.groups) {
      if (!util::iequals(group.domain, domain.dns_name)) {
        continue;
      }
      any_group = true;
      found = found || is_well_known_group(group, rid::protected_users);
    }
    if (found) {
      continue;
    }
    Finding f;
    f.subject = domain.dns_name;
    f.key = domain.dn.empty() ? util::to_lower(domain.dns_name) : util::normalize_dn(domain.dn);
    f.affected.push_back(AffectedObject{domain.dn, domain.netbios_name, domain.dns_name});
    if (any_group) {
      f.summary = fmt::format("{} has no Protected Users group (RID 525)", domain.dns_name);
    } else {
      f.severity = Severity::info;
      f.summary = fmt::format("Whether {} has a Protected Users group is unknown: no group of the domain was read",
                              domain.dns_name);
      f.remediation = "Include the domain's groups (CN=Users) in the snapshot to settle it.";
    }
    findings.push_back(std::move(f));
  }
  return findings;
}

// The directory attributes behind the snapshot fields this check reads, directly or through
// src/ad helpers (Check::reads).
constexpr AttributeRead k_reads[] = {
  {DirectoryObject::group, "sAMAccountName"},
  {DirectoryObject::group, "objectSid"},
  {DirectoryObject::cross_ref, "dnsRoot"},
  {DirectoryObject::cross_ref, "nETBIOSName"},
};

const CheckRegistrar k_registrar{{
  .id = "PU-GROUP-MISSING",
  .title = "Protected Users group missing",
  .severity = Severity::medium,
  .cause = FallbackCause::app_config,
  .description = "The domain has no Protected Users group (RID 525): no Windows Server 2012 R2 or later DC has held "
                 "the PDC emulator role. Info when no group of the domain was read.",
  .remediation = "Move the PDC emulator role to a Windows Server 2012 R2 or later DC; the group is created then.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_missing_protected_users,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
