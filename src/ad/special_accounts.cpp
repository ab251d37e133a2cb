#include "src/ad/special_accounts.hpp"

#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace kerbready {

namespace {

// Sources (Microsoft Learn):
// - Seamless SSO: "Microsoft Entra seamless single sign-on: Technical deep dive" (the computer
//   account, its SPNs) and "…: Frequently asked questions" (roll the Kerberos decryption key over
//   at least every 30 days with Update-AzureADSSOForest; the account's encryption type).
// - Entra Kerberos: "Enable passwordless security key sign-in to on-premises resources by using
//   Microsoft Entra ID" (the AzureADKerberos computer object in the Domain Controllers OU and the
//   krbtgt_AzureAD user, rotated with Set-AzureADKerberosServer -RotateServerKey).
// - RODC krbtgt: "AD Forest Recovery - Reset the krbtgt password" (the procedure applies to
//   writable DCs, not RODCs, whose krbtgt accounts are named krbtgt_<number>) and MS-ADTS
//   3.1.1.9.2 (msDS-KrbTgtLink).
// - MSOL_: "Microsoft Entra Connect: Accounts and permissions" (the AD DS connector account,
//   MSOL_nnnnnnnnnn, created by the express installation).
// - AAD_: "Microsoft Entra Connect: ADSync service account" (a user account prefixed AAD_ that the
//   sync service runs as, created in the domain when Entra Connect is installed on a DC or must
//   reach a remote SQL Server or an authenticating proxy; long password that does not expire; it
//   protects the stored credentials of the other accounts).
// - Sync_: "Microsoft Entra Connect: Accounts and permissions" and the ADSync PowerShell reference
//   (Add-ADSyncAADServiceAccount: the Microsoft Entra Connector account Sync_<server>_<id>, an
//   Entra ID account that writes to Entra ID; its password is reset from Entra Connect).
// - HealthMailbox: the Exchange Get-Mailbox reference (-Monitoring: the monitoring mailboxes of
//   managed availability and the Exchange Health Manager service) and "Unhealthy state of Exchange
//   servers when monitoring mailboxes are deleted" (their accounts live in Microsoft Exchange System
//   Objects/Monitoring Mailboxes; Exchange creates and removes them; without them health sets go
//   Unhealthy).
constexpr std::array<SpecialAccount, static_cast<std::size_t>(SpecialAccountKind::count_)> k_special_accounts = {{
  {SpecialAccountKind::seamless_sso, "AZUREADSSOACC$",
   "the Microsoft Entra Seamless SSO computer account: Entra ID holds its Kerberos key and decrypts the tickets "
   "browsers get for its HTTP/autologon.microsoftazuread-sso.com SPN; it is no host",
   "https://learn.microsoft.com/en-us/entra/identity/hybrid/connect/how-to-connect-sso-faq",
   "Keep its HTTP/ SPNs (Seamless SSO works by them) and never reset its password in AD.\n"
   "Roll its Kerberos decryption key over with Update-AzureADSSOForest (module AzureADSSO.psd1 on the Entra Connect "
   "server) at least every 30 days.\n"
   "To move it off RC4, set its encryption type to AES256 and then roll the key over, so that Entra ID gets the AES "
   "key:",
   false, true},
  {SpecialAccountKind::entra_kerberos_server, "AzureADKerberos$",
   "the Microsoft Entra Kerberos server object (cloud Kerberos trust, FIDO2 sign-in): an RODC-like computer object "
   "in the Domain Controllers OU that no machine runs as",
   "https://learn.microsoft.com/en-us/entra/identity/authentication/howto-authentication-passwordless-security-key-"
   "on-premises",
   "Leave it as Set-AzureADKerberosServer made it; rotate its key with Set-AzureADKerberosServer -RotateServerKey.",
   false, false},
  {SpecialAccountKind::entra_kerberos_krbtgt, "krbtgt_AzureAD",
   "the krbtgt of the Microsoft Entra Kerberos server, not the domain's krbtgt",
   "https://learn.microsoft.com/en-us/entra/identity/authentication/howto-authentication-passwordless-security-key-"
   "on-premises",
   "Rotate it with Set-AzureADKerberosServer -RotateServerKey; never reset its password in AD.", false, false},
  {SpecialAccountKind::rodc_krbtgt, "krbtgt_<number>",
   "the krbtgt of one read-only DC (linked from the RODC's msDS-KrbTgtLink): it encrypts only the TGTs that RODC "
   "issues",
   "https://learn.microsoft.com/en-us/windows-server/identity/ad-ds/manage/forest-recovery-guide/"
   "ad-forest-recovery-reset-the-krbtgt-password",
   "Reset this RODC's krbtgt on its own: Reset Password on this account from a writable DC (New-KrbtgtKeys.ps1 can "
   "target one RODC's krbtgt too), twice, 10+ hours apart.\n"
   "It does not touch the domain krbtgt, and resetting the domain krbtgt does not reset it.",
   false, false},
  {SpecialAccountKind::entra_connect_sync, "MSOL_<hex>",
   "the Microsoft Entra Connect AD DS connector account: Entra Connect reads (and writes back to) the directory with "
   "it over LDAP; it is no Kerberos service and no person",
   "https://learn.microsoft.com/en-us/entra/identity/hybrid/connect/reference-connect-accounts-permissions",
   "Do not add it to Protected Users and do not replace it with a gMSA (Entra Connect's connector takes a user "
   "name and password).\n"
   "Take it out of administrative groups and give it only the permissions Entra Connect needs (module "
   "ADSyncConfig); treat it as Tier 0 (with password hash sync it can replicate password hashes) and change its "
   "password in AD and in Entra Connect together.",
   false, false},
  {SpecialAccountKind::entra_connect_service, "AAD_<hex>",
   "the account Microsoft Entra Connect's sync service (ADSync) runs as, created by its installation wizard; the "
   "stored credentials of the other sync accounts are protected with it; it is no Kerberos service and no person",
   "https://learn.microsoft.com/en-us/entra/identity/hybrid/connect/concept-adsync-service-account",
   "Do not disable it, reset its password in AD, add it to Protected Users or swap it for a gMSA by hand: the "
   "ADSync service would stop and the stored credentials become unreadable. Changing the service account means "
   "reinstalling Entra Connect with the new account.\n"
   "Keep it out of administrative groups and treat it as Tier 0 (the Entra Connect server is).",
   false, false},
  {SpecialAccountKind::entra_connector, "Sync_<server>_<hex>",
   "the name of Microsoft Entra Connect's Microsoft Entra Connector account, which Entra Connect uses to write to "
   "Entra ID (Sync_<server>_<id>@<tenant>.onmicrosoft.com); it is no Kerberos service and no person",
   "https://learn.microsoft.com/en-us/entra/identity/hybrid/connect/reference-connect-accounts-permissions",
   "Do not add it to Protected Users or give it SPNs, and do not delete or disable it before checking on the "
   "Entra Connect server whether a connector uses it (Get-ADSyncConnector).\n"
   "Reset the connector account's password from Entra Connect (Add-ADSyncAADServiceAccount), never in one "
   "directory alone.",
   false, false},
  {SpecialAccountKind::exchange_health, "HealthMailbox<hex>",
   "an Exchange monitoring (health) mailbox account: Exchange's managed availability (the Microsoft Exchange Health "
   "Manager service) creates it, logs on with it to probe its own services and removes it when no longer needed",
   "https://learn.microsoft.com/en-us/powershell/module/exchange/get-mailbox",
   "Leave it to Exchange: do not disable, delete or move it, reset its password or add it to Protected Users; "
   "without it Exchange health sets go Unhealthy. Exchange manages its password and its life cycle.\n"
   "Health mailboxes of a removed server or database are listed with Get-Mailbox -Monitoring and removed with "
   "the Exchange tools, not by a stale-account cleanup.",
   false, false},
}};

bool
all_of_class(std::string_view text, bool (*pred)(char))
{
  return !text.empty() && std::all_of(text.begin(), text.end(), pred);
}

bool
is_digit(char c)
{
  return c >= '0' && c <= '9';
}

bool
is_hex(char c)
{
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

const SpecialAccount&
entry(SpecialAccountKind kind)
{
  return k_special_accounts[static_cast<std::size_t>(kind)];
}

} // namespace

std::span<const SpecialAccount>
special_accounts()
{
  return k_special_accounts;
}

const SpecialAccount*
special_account(const Account& account)
{
  const std::string_view name = account.sam_account_name;
  if (account.kind == AccountKind::computer) {
    if (util::iequals(name, "AZUREADSSOACC$")) {
      return &entry(SpecialAccountKind::seamless_sso);
    }
    if (util::iequals(name, "AzureADKerberos$")) {
      return &entry(SpecialAccountKind::entra_kerberos_server);
    }
    return nullptr;
  }
  if (account.kind != AccountKind::user) {
    return nullptr;
  }
  if (util::iequals(name, "krbtgt_AzureAD")) {
    return &entry(SpecialAccountKind::entra_kerberos_krbtgt);
  }
  constexpr std::string_view krbtgt_prefix = "krbtgt_";
  if (util::istarts_with(name, krbtgt_prefix) && all_of_class(name.substr(krbtgt_prefix.size()), is_digit)) {
    return &entry(SpecialAccountKind::rodc_krbtgt);
  }
  // Entra Connect names it MSOL_ and 12 hex digits (the installation's id); older DirSync builds
  // used the same prefix. Any hex tail counts, so that a shorter or longer id is still recognised.
  constexpr std::string_view msol_prefix = "MSOL_";
  if (util::istarts_with(name, msol_prefix) && all_of_class(name.substr(msol_prefix.size()), is_hex)) {
    return &entry(SpecialAccountKind::entra_connect_sync);
  }
  // AAD_ and an id in hex, as the Entra Connect installation wizard names it.
  constexpr std::string_view aad_prefix = "AAD_";
  if (util::istarts_with(name, aad_prefix) && all_of_class(name.substr(aad_prefix.size()), is_hex)) {
    return &entry(SpecialAccountKind::entra_connect_service);
  }
  // Sync_<server>_<hex id>; sAMAccountName keeps 20 characters, so the id may be cut short, but a
  // server part and a hex tail after the last '_' remain.
  constexpr std::string_view sync_prefix = "Sync_";
  if (util::istarts_with(name, sync_prefix)) {
    const auto rest = name.substr(sync_prefix.size());
    const auto bar = rest.rfind('_');
    if (bar != std::string_view::npos && bar > 0 && all_of_class(rest.substr(bar + 1), is_hex)) {
      return &entry(SpecialAccountKind::entra_connector);
    }
  }
  // HealthMailbox and hex digits (the first ones of a GUID, as Exchange names the account).
  constexpr std::string_view health_prefix = "HealthMailbox";
  if (util::istarts_with(name, health_prefix) && all_of_class(name.substr(health_prefix.size()), is_hex)) {
    return &entry(SpecialAccountKind::exchange_health);
  }
  return nullptr;
}

bool
is_seamless_sso_spn_host(std::string_view host)
{
  // autologon.microsoftazuread-sso.com is the one Seamless SSO registers today; older Azure AD
  // Connect versions also registered aadg.windows.net.nsatc.net.
  return util::iequals(host, "autologon.microsoftazuread-sso.com") || util::iequals(host, "aadg.windows.net.nsatc.net");
}

std::string
special_remediation(const SpecialAccount& special, const Account& account)
{
  std::string text(special.advice);
  switch (special.kind) {
  case SpecialAccountKind::seamless_sso:
    text += fmt::format(
      "\n  {}\nthen, on the Entra Connect server (Import-Module .\\AzureADSSO.psd1; "
      "New-AzureADSSOAuthenticationContext):\n  Update-AzureADSSOForest -OnPremCredentials (Get-Credential)",
      util::shell_command(util::Shell::powershell, "Set-ADComputer -Identity {} -KerberosEncryptionType AES256",
                          {{account.dn, "the account's DN"}}));
    break;
  case SpecialAccountKind::entra_connect_sync:
    text += fmt::format("\nTo restrict it to those permissions (ADSyncConfig, on the Entra Connect server):\n  {}",
                        util::shell_command(util::Shell::powershell,
                                            "Set-ADSyncRestrictedPermissions -ADConnectorAccountDN {} -Credential "
                                            "(Get-Credential)",
                                            {{account.dn, "the account's DN"}}));
    break;
  case SpecialAccountKind::entra_kerberos_server:
  case SpecialAccountKind::entra_kerberos_krbtgt:
    text += fmt::format("\n  {}", util::shell_command(util::Shell::powershell,
                                                      "Set-AzureADKerberosServer -Domain {} -UserPrincipalName "
                                                      "<global administrator UPN> -RotateServerKey",
                                                      {{account.domain, "the domain name"}}));
    break;
  case SpecialAccountKind::rodc_krbtgt:
  case SpecialAccountKind::entra_connect_service:
  case SpecialAccountKind::entra_connector:
  case SpecialAccountKind::exchange_health:
  case SpecialAccountKind::count_:
    break;
  }
  return text;
}

std::string
special_evidence(const SpecialAccount& special)
{
  return fmt::format("{} ({})", special.what, special.source);
}

} // namespace kerbready
