#pragma once

// The Kerberos "Use forest search order" policies as they are in force from GPOs: the Kerberos
// client's (kerberos.admx, System\Kerberos) and the KDC's (kdc.admx, System\KDC), each
// UseForestSearch (REG_DWORD, 1 = enabled) plus ForestSearchList (REG_SZ, forest FQDNs separated by
// ';'), under Software\Microsoft\Windows\CurrentVersion\Policies\System\{Kerberos,KDC}\Parameters
// (src/ad/gpo.hpp gpo_value). With it enabled, a client (or KDC) that cannot resolve a two-part SPN
// in its own forest searches the listed forests and asks for a referral there; without it "NTLM
// authentication might be used" (the ADMX explain text; Policy CSP Kerberos/AllowForestSearchOrder,
// learn.microsoft.com/windows/client-management/mdm/policy-csp-kerberos).

#include "src/ad/gpo_links.hpp"
#include "src/model/snapshot.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace kerbready {

enum class ForestSearchRole { kerberos_client, kdc };

// One scope where a forest search order policy is enabled.
struct ForestSearchOrder
{
  ForestSearchRole role = ForestSearchRole::kerberos_client;
  ValueInForce enabled;                   // UseForestSearch = 1, as in force
  const GpoRegistryValue* list = nullptr; // ForestSearchList in force in the same scope, or nullptr
  std::vector<std::string> forests;       // its entries: trimmed, lowercase, no trailing dot
};

// Return "Kerberos client" or "KDC".
[[nodiscard]] std::string_view describe(ForestSearchRole role);

// Return the entries of ForestSearchList `data`: split at ';', trimmed, lowercase, trailing dot
// dropped, empty ones left out.
[[nodiscard]] std::vector<std::string> forest_search_entries(std::string_view data);

// Return every scope of `snapshot` where a forest search order policy is enabled (client and KDC),
// with the list in force there.
[[nodiscard]] std::vector<ForestSearchOrder> forest_search_orders(const Snapshot& snapshot);

} // namespace kerbready
