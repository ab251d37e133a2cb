// PU-FUNCTIONAL-LEVEL: domains whose functional level (msDS-Behavior-Version of the domain object)
// is below 6 (Windows Server 2012 R2).
//
// Below 2012 R2 the DC-side Protected Users protections are absent: the KDC still accepts DES/RC4
// pre-authentication for members and issues long-lived TGTs (MS-KILE 3.3.5). Only the client-side
// protections apply, so putting admins in the group does less than the NTLM plan assumes. Medium.
// When the domain object was not read, an info finding says the level is unknown.
//
// Not reported: domains at 2012 R2 or above.

#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

constexpr std::int64_t k_level_2012r2 = 6;

std::string
level_name(std::int64_t level)
{
  switch (level) {
  case 0:
    return "2000";
  case 1:
    return "2003 interim";
  case 2:
    return "2003";
  case 3:
    return "2008";
  case 4:
    return "2008 R2";
  case 5:
    return "2012";
  case 6:
    return "2012 R2";
  case 7:
    return "2016";
  case 10:
    return "2025";
  default:
    return "unknown";
  }
}

std::vector<Finding>
find_low_functional_level(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& domain : snapshot.domains) {
    if (domain.functional_level && *domain.functional_level >= k_level_2012r2) {
      continue;
    }
    Finding f;
    f.subject = domain.dns_name;
    f.key = domain.dn.empty() ? util::to_lower(domain.dns_name) : util::normalize_dn(domain.dn);
    f.affected.push_back(AffectedObject{domain.dn, domain.netbios_name, domain.dns_name});
    if (!domain.functional_level) {
      f.severity = Severity::info;
      f.summary = fmt::format("The functional level of {} is unknown (the domain object's msDS-Behavior-Version was "
                              "not read), so whether DCs enforce Protected Users cannot be told",
                              domain.dns_name);
      f.remediation = "Read the domain object (msDS-Behavior-Version) to settle it.";
    } else {
      f.summary = fmt::format("{} is at functional level {} ({}): DCs do not enforce Protected Users (DES/RC4 "
                              "pre-authentication and long TGTs stay possible for members)",
                              domain.dns_name, *domain.functional_level, level_name(*domain.functional_level));
      f.evidence.push_back(
        Evidence{fmt::format("msDS-Behavior-Version of {}", domain.dn), std::to_string(*domain.functional_level)});
    }
    findings.push_back(std::move(f));
  }
  return findings;
}

// The directory attributes behind the snapshot fields this check reads, directly or through
// src/ad helpers (Check::reads).
constexpr AttributeRead k_reads[] = {
  {DirectoryObject::domain, "msDS-Behavior-Version"},
  {DirectoryObject::cross_ref, "dnsRoot"},
  {DirectoryObject::cross_ref, "nETBIOSName"},
};

const CheckRegistrar k_registrar{{
  .id = "PU-FUNCTIONAL-LEVEL",
  .title = "Domain functional level below 2012 R2",
  .severity = Severity::medium,
  .cause = FallbackCause::app_config,
  .description = "The domain functional level is below Windows Server 2012 R2, so DCs do not apply the Protected Users "
                 "protections (DES/RC4 pre-authentication refusal, 4-hour TGTs). Info when the level was not read.",
  .remediation = "Retire pre-2012 R2 domain controllers and raise the domain functional level to 2012 R2 or later.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_low_functional_level,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
