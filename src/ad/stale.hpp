#pragma once

// Stale objects: accounts nobody has used for a long time. A real forest holds hundreds of them,
// and every check that looks at accounts finds them (no AES keys, RC4 only, no HOST/ SPN…). One
// finding each would bury the live problems, and none of them makes a client fall back to NTLM
// today: nobody logs on with them. So each check's findings about stale objects are folded into one
// info finding per check and object kind ("37 stale computers: …"), with the cleanup command; it
// never counts against readiness (the verdict ignores info findings) and sorts below the live
// problems.
//
// Stale: lastLogonTimestamp and pwdLastSet both older than `stale_days` before the scan's reference
// time. An object that never logged on counts by pwdLastSet (whenCreated when that is unset).
// Never stale: users holding SPNs (keytab services never log on), accounts of a domain whose
// accounts carry no lastLogonTimestamp at all (not collected), DCs, privileged and special
// accounts. Info findings are never folded.
// lastLogonTimestamp replicates lazily (up to 14 days late, msDS-LogonTimeSyncInterval), so
// anything much below 30 days would call live objects stale.
//
// Never stale, whatever their dates:
// - domain controllers and privileged (Tier-0, operators, adminCount=1) accounts: a forgotten
//   admin account is an attack path, not noise; it must stay visible and count;
// - the well-known accounts of src/ad/special_accounts.hpp and krbtgt: they never log on by design
//   (their keys are used by the KDC or by Entra ID), so their dates say nothing about use;
// - managed service accounts and trust accounts: their passwords rotate by themselves.

#include "src/model/check.hpp"
#include "src/model/snapshot.hpp"

#include <cstdint>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

namespace kerbready {

// scan --stale-days default; 0 disables the grouping.
inline constexpr unsigned k_default_stale_days = 90;

// Return whether `account` is stale as of `reference_time` (Unix seconds): both its
// lastLogonTimestamp (when set) and its pwdLastSet (whenCreated when unset) are more than
// `stale_days` days before it. False when `stale_days` or `reference_time` is 0, or when neither
// password date is known. Does not apply the never-stale rules (StaleIndex does).
[[nodiscard]] bool is_stale(const Account& account, std::int64_t reference_time, unsigned stale_days);

// Return whether `finding_id` is the id of a stale group of check `check_id` (key "stale|computer"
// or "stale|user"), as StaleIndex::group makes them.
[[nodiscard]] bool is_stale_group_id(std::string_view check_id, std::string_view finding_id);

// The stale accounts of one snapshot, built once per scan, and the grouping of a check's findings.
class StaleIndex
{
public:
  // `privileged(account)` says whether an account is a DC or privileged; it is asked only about
  // accounts whose dates are stale. No account is stale when no account of the snapshot carries
  // lastLogonTimestamp (the attribute was not collected: every account would look unused).
  StaleIndex(const Snapshot& snapshot, std::int64_t reference_time, unsigned stale_days,
             const std::function<bool(const Account&)>& privileged);

  // Return the stale account whose DN is `dn` (as the snapshot holds it), or nullptr.
  [[nodiscard]] const Account* find(std::string_view dn) const;

  // Return `findings` of `check` with every finding whose affected objects are all stale accounts
  // replaced by one info finding per object kind (key "stale|<kind>", so its id stays the same as
  // members come and go) that lists them and gives the cleanup commands. Findings about any live,
  // unknown or non-account object are kept as they are, in their order; the grouped findings
  // follow them.
  [[nodiscard]] std::vector<Finding> group(const Check& check, std::vector<Finding> findings) const;

private:
  std::int64_t m_reference_time = 0;
  unsigned m_stale_days = 0;
  // Stale accounts sorted by DN as held by the snapshot: a flat array of 8 bytes per account where
  // a hash map of views cost over 100 (46 MB of a 1M-object scan).
  std::vector<const Account*> m_stale;
};

} // namespace kerbready
