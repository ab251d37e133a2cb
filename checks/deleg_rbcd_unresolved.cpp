// DELEG-RBCD-UNRESOLVED: resource-based constrained delegation
// (msDS-AllowedToActOnBehalfOfOtherIdentity, MS-ADA2 2.218) that allows a SID no account or group of
// its domain holds.
//
// The attribute is a security descriptor whose DACL lists the front-ends allowed to delegate to this
// account's services (MS-SFU 3.2.5.2.3: the KDC grants S4U2Proxy only when the descriptor allows the
// requesting service's SID; the input layer decodes the DACL once, src/ad/security_descriptor.hpp).
// A SID that resolves to nothing in a domain that was read is a front-end that was deleted, or
// re-created under a new SID: the descriptor no longer names the front-end that runs today, its
// S4U2Proxy requests fail, and the application falls back (to NTLM, to a prompt or to a fixed
// account). Medium, cause app_config: the delegation is configured on the resource and is broken
// as written.
//
// Only SIDs of a domain the snapshot holds (its domain object's objectSid) are judged. A SID of a
// trusted domain or of a domain the snapshot does not know cannot be resolved here: those are listed
// in one info finding, never called broken. Well-known SIDs (S-1-1-0, S-1-5-32-..., S-1-5-18) are not
// domain accounts and are not reported. Deny ACEs and disabled resources are not reported; an
// undecodable descriptor is a diagnostic of the input layer.

#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace kerbready::checks {
namespace {

// Return whether `sid` is an account or group SID of some domain: S-1-5-21-<three>-<RID>.
bool
is_domain_account_sid(const std::string& sid)
{
  return util::istarts_with(sid, "S-1-5-21-") && std::count(sid.begin(), sid.end(), '-') == 7;
}

std::string_view
set_command_of(const Account& account)
{
  switch (account.kind) {
  case AccountKind::computer:
    return "ADComputer";
  case AccountKind::managed_service_account:
  case AccountKind::group_managed_service_account:
    return "ADServiceAccount";
  case AccountKind::user:
  case AccountKind::trust_account:
    break;
  }
  return "ADUser";
}

std::vector<Finding>
find_rbcd_unresolved(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  // The SIDs the descriptors name (few), then which of them a loaded account or group holds: no
  // set of every SID of a million-object snapshot.
  std::set<std::string> named;
  for (const auto& account : snapshot.accounts) {
    if (account.rbcd_allowed_sids && account.is_enabled()) {
      for (const auto& sid : *account.rbcd_allowed_sids) {
        named.insert(util::to_upper(sid));
      }
    }
  }
  if (named.empty()) {
    return findings;
  }
  std::set<std::string> known;
  std::string buffer;
  const auto note = [&](std::string_view sid) {
    buffer.assign(sid);
    util::upper_in_place(buffer);
    if (named.count(buffer) != 0) {
      known.insert(buffer);
    }
  };
  for (const auto& a : snapshot.accounts) {
    note(a.sid);
  }
  for (const auto& g : snapshot.groups) {
    note(g.sid);
  }
  std::map<std::string, std::string> read_domains; // domain SID (upper) -> DNS name
  for (const auto& d : snapshot.domains) {
    if (!d.sid.empty()) {
      read_domains.emplace(util::to_upper(d.sid), d.dns_name);
    }
  }
  std::map<std::string, std::string> trusted; // partner SID (upper) -> partner name
  for (const auto& t : snapshot.trusts) {
    if (!t.sid.empty()) {
      trusted.emplace(util::to_upper(t.sid), t.partner);
    }
  }
  std::map<std::string, std::string> foreign; // SID -> why it is not judged
  std::vector<AffectedObject> foreign_referrers;
  for (const auto& account : snapshot.accounts) {
    if (!account.rbcd_allowed_sids || !account.is_enabled()) {
      continue;
    }
    for (const auto& sid : *account.rbcd_allowed_sids) {
      const auto upper = util::to_upper(sid);
      if (!is_domain_account_sid(upper) || known.count(upper) != 0) {
        continue;
      }
      const auto domain_sid = util::sid_domain_part(upper);
      const auto domain = read_domains.find(domain_sid);
      if (domain == read_domains.end()) {
        const auto trust = trusted.find(domain_sid);
        foreign.emplace(sid, trust != trusted.end()
                               ? fmt::format("a SID of the trusted domain {}, which was not read", trust->second)
                               : std::string("a SID of a domain this snapshot does not hold (another domain or "
                                             "forest, or a trust since removed)"));
        if (std::none_of(foreign_referrers.begin(), foreign_referrers.end(),
                         [&](const AffectedObject& a) { return util::iequals(a.dn, account.dn); })) {
          foreign_referrers.push_back(affected(account));
        }
        continue;
      }
      Finding f;
      f.subject = fmt::format("{} <- {}", account.sam_account_name, sid);
      f.key = fmt::format("{}|{}", util::to_lower(account.dn), util::to_lower(sid));
      f.summary = fmt::format("{} allows {} to delegate to it (resource-based), but no account or group of {} has "
                              "that SID: the front-end was deleted or re-created, its S4U2Proxy requests fail and "
                              "the application falls back",
                              account.sam_account_name, sid, domain->second);
      f.affected.push_back(affected(account));
      f.evidence.push_back(Evidence{
        fmt::format("msDS-AllowedToActOnBehalfOfOtherIdentity of {} (DACL allows)", account.sam_account_name), sid});
      const auto noun = set_command_of(account);
      f.remediation = fmt::format(
        "Find which front-end should delegate to {} and set the list again to the accounts that should remain (the "
        "unresolved SID is dropped):\n  {}",
        util::sanitize(account.sam_account_name),
        util::shell_command(util::Shell::powershell,
                            fmt::format("Get-{} -Identity {{}} -Properties PrincipalsAllowedToDelegateToAccount", noun),
                            {{account.dn, "the account's DN"}}));
      findings.push_back(std::move(f));
    }
  }
  if (!foreign.empty()) {
    Finding f;
    f.severity = Severity::info;
    f.key = "outside-what-was-read";
    f.subject = fmt::format("{} SID{} outside what was read", foreign.size(), foreign.size() == 1 ? "" : "s");
    f.summary = fmt::format("Not judged: resource-based delegation allows {} SID{} of domains this scan did not read; "
                            "they cannot be resolved here; not counted against readiness",
                            foreign.size(), foreign.size() == 1 ? "" : "s");
    for (const auto& [sid, why] : foreign) {
      f.evidence.push_back(Evidence{sid, why});
    }
    std::sort(foreign_referrers.begin(), foreign_referrers.end(), [](const AffectedObject& a, const AffectedObject& b) {
      return util::to_lower(a.dn) < util::to_lower(b.dn);
    });
    f.affected = std::move(foreign_referrers);
    f.remediation = "Nothing to fix from this scan. To judge these SIDs, scan the domains they belong to together "
                    "with this one.";
    findings.push_back(std::move(f));
  }
  return findings;
}

// The directory attributes behind the snapshot fields this check reads (Check::reads).
constexpr AttributeRead k_reads[] = {
  {DirectoryObject::account, "msDS-AllowedToActOnBehalfOfOtherIdentity"},
  {DirectoryObject::account, "objectSid"},
  {DirectoryObject::account, "sAMAccountName"},
  {DirectoryObject::account, "userAccountControl"},
  {DirectoryObject::group, "objectSid"},
  {DirectoryObject::domain, "objectSid"},
  {DirectoryObject::trust, "securityIdentifier"},
  {DirectoryObject::trust, "trustPartner"},
};

const CheckRegistrar k_registrar{{
  .id = "DELEG-RBCD-UNRESOLVED",
  .title = "Resource-based delegation allows a SID that no longer exists",
  .severity = Severity::medium,
  .cause = FallbackCause::app_config,
  .description =
    "msDS-AllowedToActOnBehalfOfOtherIdentity allows a SID that no account or group of its (read) domain holds: the "
    "front-end was deleted or re-created, its S4U2Proxy requests fail (MS-SFU 3.2.5.2.3) and the application falls "
    "back. SIDs of trusted or unread domains are listed at info, not judged.",
  .remediation = "Set PrincipalsAllowedToDelegateToAccount again to the front-ends that run today.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_rbcd_unresolved,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
