#pragma once

// Who is privileged. Membership is transitive: nested groups, primaryGroupID and foreign security
// principals (CN=<SID>,CN=ForeignSecurityPrincipals) of loaded domains all count, and cycles in
// the group graph are harmless. Privilege comes from the well-known administrative groups (by RID;
// DnsAdmins by name, its RID is not fixed); adminCount=1 alone is a weaker signal, since it stays
// behind after an account leaves a protected group.

#include "src/model/check.hpp"
#include "src/model/snapshot.hpp"
#include "src/util/flat_string_map.hpp"
#include "src/util/keyless_index.hpp"

#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kerbready {

// Well-known relative identifiers (MS-DTYP 2.4.2.4).
namespace rid {
inline constexpr std::uint32_t administrator = 500;
inline constexpr std::uint32_t krbtgt = 502;
inline constexpr std::uint32_t domain_admins = 512;
inline constexpr std::uint32_t domain_controllers = 516;
inline constexpr std::uint32_t schema_admins = 518;
inline constexpr std::uint32_t enterprise_admins = 519;
inline constexpr std::uint32_t read_only_domain_controllers = 521;
inline constexpr std::uint32_t protected_users = 525;
inline constexpr std::uint32_t key_admins = 526;
inline constexpr std::uint32_t enterprise_key_admins = 527;
// BUILTIN (S-1-5-32-x)
inline constexpr std::uint32_t administrators = 544;
inline constexpr std::uint32_t account_operators = 548;
inline constexpr std::uint32_t server_operators = 549;
inline constexpr std::uint32_t print_operators = 550;
inline constexpr std::uint32_t backup_operators = 551;
} // namespace rid

// Return whether `group` is the domain-relative group `rid` (S-1-5-21-…-rid) or, for RIDs 544–551,
// the BUILTIN group S-1-5-32-rid.
[[nodiscard]] bool is_well_known_group(const Group& group, std::uint32_t rid);

// The group graph of a snapshot: transitive account members of any group, memoised.
class GroupGraph
{
public:
  explicit GroupGraph(const Snapshot& snapshot);

  // Return the accounts that are members of `group` directly, through nested groups (any depth,
  // cycle-safe), through primaryGroupID, or as foreign security principals whose SID is loaded.
  // Sorted by DN, without duplicates.
  [[nodiscard]] const std::vector<const Account*>& members(const Group& group) const;

  // Return whether `account` is a transitive member of `group`.
  [[nodiscard]] bool is_member(const Account& account, const Group& group) const;

  // Return the groups with the well-known `rid` (one per loaded domain, usually).
  [[nodiscard]] std::vector<const Group*> groups_with_rid(std::uint32_t rid) const;

  // Return the group of domain `domain` (DNS name) with the well-known `rid`, or nullptr.
  [[nodiscard]] const Group* group_of_domain(std::string_view domain, std::uint32_t rid) const;

private:
  // The snapshot's arrays, not the snapshot: a snapshot moved after its indexes were built takes
  // them along (IndexCache), and its vectors' buffers move with it, so these stay valid.
  std::span<const Account> m_accounts;
  std::span<const Group> m_groups;
  // Lookups by normalised DN and by upper-case SID. A million-object forest puts every account in
  // them, so they keep positions in the snapshot's own vectors, not copies of the keys
  // (src/util/keyless_index.hpp); the first account or group of a key wins.
  [[nodiscard]] const Account* account_by_dn(std::string_view normalized_dn) const;
  [[nodiscard]] const Group* group_by_dn(std::string_view normalized_dn) const;
  [[nodiscard]] const Account* account_by_sid(std::string_view upper_sid) const;
  [[nodiscard]] const Group* group_by_sid(std::string_view upper_sid) const;
  util::KeylessIndex m_account_by_dn;
  util::KeylessIndex m_group_by_dn;
  util::KeylessIndex m_account_by_sid;
  util::KeylessIndex m_group_by_sid;
  util::FlatStringMap<std::vector<const Account*>> m_member_of_accounts; // group DN -> accounts naming it in memberOf
  util::FlatStringMap<std::vector<const Account*>> m_by_primary_group;   // group SID -> accounts
  mutable std::mutex m_cache_mutex; // members() is called from checks running side by side
  mutable std::unordered_map<const Group*, std::vector<const Account*>> m_cache;
};

// The weight (see PrivilegedAccount) from which a group is Tier-0: Enterprise/Schema/Domain
// Admins, Administrators, Domain Controllers, (Enterprise) Key Admins. The operators groups,
// DnsAdmins and adminCount=1 alone are privileged but not Tier-0 ("privilege level 1").
inline constexpr int k_tier0_weight = 75;

struct PrivilegedAccount
{
  const Account* account = nullptr;
  int weight = 0;     // higher is more privileged (Enterprise Admins 100 … adminCount only 10)
  bool tier0 = false; // member of a Tier-0 group (weight >= k_tier0_weight)
  bool admin_count_only = false;
  std::vector<std::string> groups; // "Domain Admins (CORP)" …, most privileged first
};

// Privileged accounts of a snapshot, ranked.
class PrivilegeIndex
{
public:
  explicit PrivilegeIndex(const Snapshot& snapshot);

  // Return the privileged accounts, most privileged first (weight desc, then DN).
  [[nodiscard]] const std::vector<PrivilegedAccount>& ranked() const { return m_ranked; }

  // Return the entry for `account`, or nullptr when it is not privileged.
  [[nodiscard]] const PrivilegedAccount* find(const Account& account) const;

  [[nodiscard]] const GroupGraph& graph() const { return m_graph; }

private:
  GroupGraph m_graph;
  std::vector<PrivilegedAccount> m_ranked;
  std::unordered_map<const Account*, std::size_t> m_index;
};

// Return the privilege index of `snapshot`, built once and cached in it (src/ad/snapshot_indexes.hpp).
[[nodiscard]] const PrivilegeIndex& privilege_index(const Snapshot& snapshot);

// Return the group graph of `snapshot`: privilege_index(snapshot).graph().
[[nodiscard]] const GroupGraph& group_graph(const Snapshot& snapshot);

// Return the Protected Users group (RID 525) of any loaded domain that `account` belongs to
// (transitively), or nullptr.
[[nodiscard]] const Group* protected_users_group_of(const GroupGraph& graph, const Account& account);

// Return how much `account` raises the priority of a finding about it: 2 for a DC or a Tier-0
// account (Enterprise/Schema/Domain Admins, Administrators, Key Admins), 1 for other privileged
// accounts (operators, DnsAdmins, adminCount=1), 0 otherwise.
[[nodiscard]] int privilege_level(const PrivilegeIndex& index, const Account& account);

// Return "Domain Admins (corp.example.com)" for `group`.
[[nodiscard]] std::string group_label(const Group& group);

// Return the weight of a privileged group `group` (0 when it grants no privilege of its own).
[[nodiscard]] int privilege_weight(const Group& group);

// Return the privileged accounts of `index` that Protected Users does not cover: enabled, not
// krbtgt, not members of Protected Users; most privileged first. The walk both PU-PRIVILEGED-*
// checks start from.
[[nodiscard]] std::vector<const PrivilegedAccount*> unprotected_privileged(const PrivilegeIndex& index);

// Return the finding a PU-PRIVILEGED-* check starts from for `entry`: subject the account name (its
// DN when it has none), key its normalised DN, the account as affected object, severity medium for
// Tier-0 weight (75 and above), low otherwise.
[[nodiscard]] Finding privileged_account_finding(const PrivilegedAccount& entry);

} // namespace kerbready
