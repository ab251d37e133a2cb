#pragma once

// Well-known accounts that other products create in a domain and that the generic advice of a
// check would break: a computer account that is no host (Seamless SSO's AZUREADSSOACC$), krbtgt
// accounts that are not the domain's (krbtgt_NNNNN, krbtgt_AzureAD), sync accounts that are not
// Kerberos services (MSOL_, AAD_, Sync_), Exchange's monitoring mailboxes (HealthMailbox). One table
// (src/ad/special_accounts.cpp) names each pattern, what it is, the public source that says so and the advice that fits
// it; the checks consult it (SPN-*, ENC-*, KRBTGT-*, PU-*) instead of telling setspn -D, "register HOST/" or "add it to
// Protected Users" about them.

#include "src/model/snapshot.hpp"

#include <span>
#include <string>
#include <string_view>

namespace kerbready {

enum class SpecialAccountKind {
  seamless_sso,          // AZUREADSSOACC$: Microsoft Entra Seamless SSO computer account
  entra_kerberos_server, // AzureADKerberos$: Microsoft Entra Kerberos server object (an RODC-like computer)
  entra_kerberos_krbtgt, // krbtgt_AzureAD: that server's krbtgt
  rodc_krbtgt,           // krbtgt_NNNNN: one read-only DC's krbtgt
  entra_connect_sync,    // MSOL_<hex>: Microsoft Entra Connect's AD DS connector account
  entra_connect_service, // AAD_<hex>: the account Entra Connect's sync service (ADSync) runs as
  entra_connector,       // Sync_<server>_<hex>: Entra Connect's Microsoft Entra Connector account
  exchange_health,       // HealthMailbox<hex>: an Exchange monitoring (health) mailbox
  count_
};

struct SpecialAccount
{
  SpecialAccountKind kind;
  std::string_view pattern; // how the sAMAccountName looks, for people ("MSOL_<12 hex digits>")
  std::string_view what;    // one sentence: what the account is
  std::string_view source;  // the Microsoft documentation that says so
  std::string_view advice;  // the fix that fits it, where a check's generic fix would not
  bool is_host;             // clients connect to it by name (HOST/ SPNs matter)
  bool kerberos_service;    // it receives service tickets for its own name (advice about its etypes applies)
};

// Every entry, in SpecialAccountKind order.
[[nodiscard]] std::span<const SpecialAccount> special_accounts();

// Return the entry `account` matches by sAMAccountName and kind, or nullptr.
[[nodiscard]] const SpecialAccount* special_account(const Account& account);

// The SPNs Seamless SSO registers on AZUREADSSOACC$ (HTTP/<host>): Entra ID asks for a ticket to
// them; removing one breaks Seamless SSO. Return whether `host` is one of them.
[[nodiscard]] bool is_seamless_sso_spn_host(std::string_view host);

// Return the fix for `account`, which matches `special`: its advice followed by the commands that
// carry it out, each quoted for pasting (src/util/shell_quote.hpp).
[[nodiscard]] std::string special_remediation(const SpecialAccount& special, const Account& account);

// Return the evidence line that says which special account `special` is and where that is documented.
[[nodiscard]] std::string special_evidence(const SpecialAccount& special);

} // namespace kerbready
