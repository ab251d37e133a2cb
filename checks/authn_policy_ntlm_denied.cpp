// AUTHN-POLICY-NTLM-DENIED: accounts whose authentication policy (directly assigned, or through the
// authentication policy silo they belong to) refuses NTLM network logon.
//
// MS-APDS 3.1.5.2 (NTLM Network Logon): when an authentication policy applies (MS-KILE 3.3.5.5), a
// user whose policy populates msDS-UserAllowedToAuthenticateFrom while
// msDS-UserAllowedNTLMNetworkAuthentication is FALSE, and a managed service account whose policy
// populates msDS-ServiceAllowedToAuthenticateFrom while msDS-ServiceAllowedNTLMNetworkAuthentication
// is FALSE, get STATUS_ACCOUNT_RESTRICTION; on domain controllers below Windows Server 2016
// (domainControllerFunctionality < 7) both allowances are treated as FALSE. The policy is found as
// MS-KILE 3.3.5.4/3.3.5.5 say: the silo's policy for the account's kind when the account is assigned
// to a silo (msDS-AssignedAuthNPolicySilo) that lists it in msDS-AuthNPolicySiloMembers, otherwise
// msDS-AssignedAuthNPolicy; Enforced comes from the silo's or the policy's enforcement attribute, and
// a policy that is not enforced only audits what it would refuse (Microsoft Learn, "Authentication
// policies and authentication policy silos"). The NTLM attributes alone refuse nothing: without an
// AllowedToAuthenticateFrom condition MS-APDS lets NTLM through, so such policies are not reported.
//
// For these accounts NTLM is already blocked: a Kerberos failure (missing SPN, an IP address, no
// DC in sight) is a logon failure, not a fallback, so their Kerberos causes must be fixed first.
// Medium when enforced, cause app_config (the policy is account configuration); info when only
// audited (a dry run: nothing is refused yet); low when the policy allows NTLM but the domain's
// functional level is below Windows Server 2016, so older DCs may still refuse it; info when the
// domain's functional level is below Windows Server 2012 R2, whose DCs apply no authentication policy
// at all (MS-KILE 3.3.5.5, MS-APDS 3.1.5: domainControllerFunctionality >= 6), so only the newer DCs
// refuse. The functional level stands in for the DCs' own level, which the snapshot does not hold.
// The policies live in the Configuration partition: without it (a domain-only export) the check still
// runs on the domain, and every account that names a policy or silo is listed in one info finding
// per policy, not judged, so a domain-only scan stays complete. A policy or
// silo an account names that the snapshot does not hold is listed at info, not judged.
//
// Not reported: computer accounts (MS-APDS has no NTLM rule for them), disabled accounts, policies
// that allow NTLM network logon at a functional level of 2016 or higher (or unknown).

#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace kerbready::checks {
namespace {

// The functional levels from which DCs apply authentication policies (Windows Server 2012 R2) and
// honour the NTLM allowances (Windows Server 2016).
constexpr std::int64_t k_level_2012r2 = 6;
constexpr std::int64_t k_level_2016 = 7;

std::string
dn_key(std::string_view dn)
{
  return util::normalize_dn(dn);
}

struct Applied
{
  const AuthnPolicy* policy = nullptr;
  const AuthnPolicySilo* silo = nullptr;
  bool enforced = false;
  std::string missing; // DN of a policy or silo named but not in the snapshot
};

class Policies
{
public:
  explicit Policies(const Snapshot& snapshot)
  {
    for (const auto& p : snapshot.configuration.authn_policies) {
      m_policies.emplace(dn_key(p.dn), &p);
    }
    for (const auto& s : snapshot.configuration.authn_policy_silos) {
      m_silos.emplace(dn_key(s.dn), &s);
    }
  }

  // The policy that applies to `account` (MS-KILE 3.3.5.4, 3.3.5.5).
  [[nodiscard]] Applied applied_to(const Account& account) const
  {
    Applied applied;
    if (!account.assigned_authn_policy_silo.empty()) {
      const auto it = m_silos.find(dn_key(account.assigned_authn_policy_silo));
      if (it == m_silos.end()) {
        applied.missing = account.assigned_authn_policy_silo;
        return applied;
      }
      const auto& silo = *it->second;
      const auto self = dn_key(account.dn);
      const bool member =
        std::any_of(silo.members.begin(), silo.members.end(), [&](const auto& m) { return dn_key(m) == self; });
      if (member) {
        const auto& dn = account.kind == AccountKind::user                                     ? silo.user_policy
                         : account.is_computer_like() && account.kind != AccountKind::computer ? silo.service_policy
                                                                                               : silo.computer_policy;
        applied.silo = &silo;
        applied.enforced = silo.enforced.value_or(false);
        if (!dn.empty()) {
          applied.policy = find_policy(dn, applied.missing);
        }
        return applied;
      }
    }
    if (!account.assigned_authn_policy.empty()) {
      applied.policy = find_policy(account.assigned_authn_policy.str(), applied.missing);
      applied.enforced = applied.policy != nullptr && applied.policy->enforced.value_or(false);
    }
    return applied;
  }

private:
  const AuthnPolicy* find_policy(const std::string& dn, std::string& missing) const
  {
    const auto it = m_policies.find(dn_key(dn));
    if (it == m_policies.end()) {
      missing = dn;
      return nullptr;
    }
    return it->second;
  }

  std::map<std::string, const AuthnPolicy*> m_policies;
  std::map<std::string, const AuthnPolicySilo*> m_silos;
};

std::string
bool_text(const std::optional<bool>& value)
{
  return value ? (*value ? "TRUE" : "FALSE") : "absent (FALSE)";
}

std::vector<Finding>
find_ntlm_denied(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  const Policies policies(snapshot);
  std::map<std::string, Finding> missing; // by the missing DN (lowercase)
  for (const auto& account : snapshot.accounts) {
    const bool user = account.kind == AccountKind::user;
    const bool service = account.kind == AccountKind::managed_service_account ||
                         account.kind == AccountKind::group_managed_service_account;
    if ((!user && !service) || !account.is_enabled() ||
        (account.assigned_authn_policy.empty() && account.assigned_authn_policy_silo.empty())) {
      continue;
    }
    const auto applied = policies.applied_to(account);
    if (!applied.missing.empty()) {
      auto& f = missing[util::to_lower(applied.missing)];
      if (f.key.empty()) {
        f.severity = Severity::info;
        f.key = "missing|" + dn_key(applied.missing);
        f.subject = fmt::format("authentication policy or silo not read: {}", applied.missing);
        f.summary = fmt::format("Not judged: accounts name the authentication policy or silo {}, which this "
                                "snapshot does not hold ({})",
                                applied.missing,
                                snapshot.has(DataSet::configuration)
                                  ? "the Configuration partition was not read whole, or it was deleted"
                                  : "the Configuration partition, which holds the policies, was not read");
        f.remediation = "Scan again with the Configuration partition (a live scan reads the policies and silos).";
      }
      f.affected.push_back(affected(account));
      continue;
    }
    if (applied.policy == nullptr) {
      continue;
    }
    const auto& policy = *applied.policy;
    const bool restricted_from =
      user ? policy.user_allowed_to_authenticate_from : policy.service_allowed_to_authenticate_from;
    const auto& allowance = user ? policy.user_allowed_ntlm_network : policy.service_allowed_ntlm_network;
    if (!restricted_from) {
      continue;
    }
    std::optional<std::int64_t> level;
    for (const auto& d : snapshot.domains) {
      if (util::iequals(d.dns_name, account.domain)) {
        level = d.functional_level;
      }
    }
    const bool allowed = allowance.value_or(false);
    const bool older_dcs = allowed && level && *level < k_level_2016;
    if (allowed && !older_dcs) {
      continue;
    }
    const bool pre_policy_dcs = level && *level < k_level_2012r2;
    std::string why;
    if (pre_policy_dcs) {
      why = fmt::format("the domain's functional level is {}, so domain controllers older than Windows Server 2012 R2 "
                        "may serve it, and they apply no authentication policy",
                        *level);
    } else if (older_dcs) {
      why = fmt::format("it allows NTLM, but the domain's functional level is {} and domain controllers older than "
                        "Windows Server 2016 treat the allowance as FALSE",
                        *level);
    } else {
      why = "every Kerberos failure for this account is a logon failure, not a fallback";
    }
    Finding f;
    f.severity = pre_policy_dcs || !applied.enforced ? Severity::info : older_dcs ? Severity::low : Severity::medium;
    f.subject = account.sam_account_name;
    f.key = util::to_lower(account.dn);
    const auto via =
      applied.silo != nullptr ? fmt::format(" (through the silo {})", applied.silo->name) : std::string();
    f.summary = fmt::format("The authentication policy {}{} {} NTLM network logon for {}: {}", policy.name, via,
                            applied.enforced ? "refuses" : "would refuse (audit only, not enforced)",
                            account.sam_account_name, why);
    f.affected.push_back(affected(account));
    const auto prefix = user ? std::string_view("msDS-User") : std::string_view("msDS-Service");
    f.evidence.push_back(Evidence{"authentication policy", policy.dn});
    if (applied.silo != nullptr) {
      f.evidence.push_back(Evidence{"authentication policy silo", applied.silo->dn});
    }
    f.evidence.push_back(Evidence{applied.silo != nullptr ? "msDS-AuthNPolicySiloEnforced" : "msDS-AuthNPolicyEnforced",
                                  applied.enforced ? "TRUE" : "FALSE or absent"});
    f.evidence.push_back(Evidence{fmt::format("{}AllowedToAuthenticateFrom", prefix), "populated"});
    f.evidence.push_back(Evidence{fmt::format("{}AllowedNTLMNetworkAuthentication", prefix), bool_text(allowance)});
    const auto allow_command = util::shell_command(
      util::Shell::powershell,
      user ? "Set-ADAuthenticationPolicy -Identity {} -UserAllowedNTLMNetworkAuthentication $true"
           : "Set-ADAuthenticationPolicy -Identity {} -ServiceAllowedNTLMNetworkAuthentication $true",
      {{policy.name, "the policy name"}});
    f.remediation = fmt::format(
      "{}Fix the Kerberos causes that involve {} (the other findings naming it) first. If it must still use NTLM "
      "over the network, allow it in the policy:\n  {}",
      applied.enforced ? ""
                       : "The policy is not enforced yet: review the domain controllers' authentication policy "
                         "failure logs before enforcing it. ",
      util::sanitize(account.sam_account_name), allow_command);
    findings.push_back(std::move(f));
  }
  for (auto& [dn, f] : missing) {
    findings.push_back(std::move(f));
  }
  return findings;
}

// The directory attributes behind the snapshot fields this check reads (Check::reads).
constexpr AttributeRead k_reads[] = {
  {DirectoryObject::account, "msDS-AssignedAuthNPolicy"},
  {DirectoryObject::account, "msDS-AssignedAuthNPolicySilo"},
  {DirectoryObject::account, "sAMAccountName"},
  {DirectoryObject::account, "userAccountControl"},
  {DirectoryObject::domain, "msDS-Behavior-Version"},
  {DirectoryObject::authn_policy, "msDS-AuthNPolicyEnforced"},
  {DirectoryObject::authn_policy, "msDS-UserAllowedNTLMNetworkAuthentication"},
  {DirectoryObject::authn_policy, "msDS-ServiceAllowedNTLMNetworkAuthentication"},
  {DirectoryObject::authn_policy, "msDS-UserAllowedToAuthenticateFrom"},
  {DirectoryObject::authn_policy, "msDS-ServiceAllowedToAuthenticateFrom"},
  {DirectoryObject::authn_policy_silo, "msDS-AuthNPolicySiloEnforced"},
  {DirectoryObject::authn_policy_silo, "msDS-UserAuthNPolicy"},
  {DirectoryObject::authn_policy_silo, "msDS-ServiceAuthNPolicy"},
  {DirectoryObject::authn_policy_silo, "msDS-AuthNPolicySiloMembers"},
};

const CheckRegistrar k_registrar{{
  .id = "AUTHN-POLICY-NTLM-DENIED",
  .title = "Authentication policy refuses NTLM network logon",
  .severity = Severity::medium,
  .cause = FallbackCause::app_config,
  .description =
    "A user or managed service account is governed (directly or through its silo) by an authentication policy "
    "that restricts where it may authenticate from and does not allow NTLM network authentication: domain "
    "controllers refuse its NTLM logons (MS-APDS 3.1.5.2; policy selection per MS-KILE 3.3.5.4-3.3.5.5), so any "
    "Kerberos failure for it is an outage. Medium when enforced, info when only audited.",
  .remediation = "Fix these accounts' Kerberos causes first, or allow NTLM network authentication in the policy.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_ntlm_denied,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
