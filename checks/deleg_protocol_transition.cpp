// DELEG-PROTOCOL-TRANSITION: enabled accounts trusted to authenticate for delegation
// (TRUSTED_TO_AUTH_FOR_DELEGATION, userAccountControl 0x1000000, MS-ADTS 2.2.16): constrained
// delegation with "use any authentication protocol".
//
// Protocol transition (S4U2Self, MS-SFU 3.2.5.1) exists so that a front-end can accept users by a
// protocol other than Kerberos (forms, certificates, NTLM) and still obtain Kerberos tickets on
// their behalf (Microsoft Learn, "Kerberos constrained delegation overview": protocol transition).
// Such a front-end accepts NTLM from its clients by design: blocking NTLM (Restrict NTLM policies,
// Protected Users) breaks every client that reaches it by NTLM today, and its fallback is not
// visible in the directory. Medium, cause app_config: each one is a place to audit (its incoming
// NTLM, events 8003/4022) before blocking, and to switch to "Kerberos only" once its clients use
// Kerberos.
//
// Not reported: disabled accounts; domain controllers and read-only DCs (an RODC's account carries the
// bit by default, as does Entra Kerberos's RODC-like AzureADKerberos object, and no client
// authenticates to it as a front-end); accounts with constrained delegation limited to Kerberos (no
// 0x1000000); resource-based delegation (msDS-AllowedToActOnBehalfOfOtherIdentity), which is
// configured on the back-end, not the front-end.

#include "src/model/check.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_protocol_transition(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& account : snapshot.accounts) {
    if ((account.user_account_control & uac::trusted_to_auth_for_delegation) == 0 || !account.is_enabled() ||
        account.is_domain_controller()) {
      continue;
    }
    Finding f;
    f.subject = account.sam_account_name;
    f.key = util::to_lower(account.dn);
    const auto targets = account.allowed_to_delegate_to.size();
    f.summary = fmt::format(
      "{} uses protocol transition (\"use any authentication protocol\"){}: it accepts users by any protocol, "
      "NTLM included, and turns them into Kerberos tickets; blocking NTLM breaks the clients that reach it by NTLM",
      account.sam_account_name,
      targets == 0 ? std::string(" with no msDS-AllowedToDelegateTo entry")
                   : fmt::format(" to {} service{}", targets, targets == 1 ? "" : "s"));
    f.affected.push_back(affected(account));
    f.evidence.push_back(
      Evidence{fmt::format("userAccountControl of {}", account.sam_account_name),
               fmt::format("0x{:x} (TRUSTED_TO_AUTH_FOR_DELEGATION 0x1000000 set)", account.user_account_control)});
    for (const auto& target : account.allowed_to_delegate_to) {
      f.evidence.push_back(
        Evidence{fmt::format("msDS-AllowedToDelegateTo of {}", account.sam_account_name), std::string(target)});
    }
    f.remediation = fmt::format(
      "Audit incoming NTLM on the servers that run as {} (events 8003, or 4022 on Windows Server 2025) and move "
      "those clients to Kerberos before blocking NTLM. When none is left, restrict the delegation to Kerberos "
      "only:\n  {}",
      util::sanitize(account.sam_account_name),
      util::shell_command(util::Shell::powershell,
                          "Set-ADAccountControl -Identity {} -TrustedToAuthForDelegation $false",
                          {{account.sam_account_name, "the account name"}}));
    findings.push_back(std::move(f));
  }
  return findings;
}

// The directory attributes behind the snapshot fields this check reads (Check::reads).
constexpr AttributeRead k_reads[] = {
  {DirectoryObject::account, "userAccountControl"},
  {DirectoryObject::account, "sAMAccountName"},
  {DirectoryObject::account, "msDS-AllowedToDelegateTo"},
};

const CheckRegistrar k_registrar{{
  .id = "DELEG-PROTOCOL-TRANSITION",
  .title = "Front-end that accepts any authentication protocol for delegation",
  .severity = Severity::medium,
  .cause = FallbackCause::app_config,
  .description =
    "An enabled account has TRUSTED_TO_AUTH_FOR_DELEGATION (constrained delegation with \"use any authentication "
    "protocol\", S4U2Self per MS-SFU 3.2.5.1): the front-end accepts users by NTLM or other protocols by design "
    "and obtains Kerberos tickets for them. Blocking NTLM breaks its NTLM clients; audit them first.",
  .remediation = "Audit the front-end's incoming NTLM, move its clients to Kerberos, then switch the delegation to "
                 "Kerberos only.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_protocol_transition,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
