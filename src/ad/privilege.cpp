#include "src/ad/privilege.hpp"

#include "src/ad/snapshot_indexes.hpp"
#include "src/util/ad.hpp"
#include "src/util/text.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <unordered_set>

namespace kerbready {

namespace {

struct WellKnown
{
  std::uint32_t rid;
  int weight;
};

constexpr std::array<WellKnown, 11> k_privileged = {{
  {rid::enterprise_admins, 100},
  {rid::schema_admins, 95},
  {rid::domain_admins, 90},
  {rid::administrators, 90},
  {rid::domain_controllers, 85},
  {rid::enterprise_key_admins, 80},
  {rid::key_admins, 75},
  {rid::backup_operators, 60},
  {rid::server_operators, 60},
  {rid::account_operators, 55},
  {rid::print_operators, 45},
}};

constexpr int k_dns_admins_weight = 50;
constexpr int k_admin_count_weight = 10;

bool
is_builtin_rid(std::uint32_t value)
{
  return value >= rid::administrators && value <= rid::backup_operators;
}

// The SID of a foreign security principal is its RDN: CN=S-1-5-21-…,CN=ForeignSecurityPrincipals,…
std::string
fsp_sid(std::string_view dn)
{
  auto value = util::first_rdn_value(dn);
  return util::istarts_with(value, "S-1-") ? util::to_upper(value) : std::string();
}

} // namespace

int
privilege_level(const PrivilegeIndex& index, const Account& account)
{
  const auto* entry = index.find(account);
  if (account.is_domain_controller() || (entry != nullptr && entry->weight >= k_tier0_weight)) {
    return 2;
  }
  return entry != nullptr ? 1 : 0;
}

std::string
group_label(const Group& group)
{
  const auto name = group.sam_account_name.empty() ? util::first_rdn_value(group.dn) : group.sam_account_name;
  return group.domain.empty() ? name : name + " (" + group.domain + ")";
}

const Group*
protected_users_group_of(const GroupGraph& graph, const Account& account)
{
  for (const auto* group : graph.groups_with_rid(rid::protected_users)) {
    if (graph.is_member(account, *group)) {
      return group;
    }
  }
  return nullptr;
}

bool
is_well_known_group(const Group& group, std::uint32_t value)
{
  if (group.sid.empty()) {
    return false;
  }
  const auto group_rid = util::sid_rid(group.sid);
  if (!group_rid || *group_rid != value) {
    return false;
  }
  const auto prefix = util::sid_domain_part(group.sid);
  return is_builtin_rid(value) ? util::iequals(prefix, "S-1-5-32") : util::istarts_with(prefix, "S-1-5-21-");
}

int
privilege_weight(const Group& group)
{
  for (const auto& known : k_privileged) {
    if (is_well_known_group(group, known.rid)) {
      return known.weight;
    }
  }
  if (util::iequals(group.sam_account_name, "DnsAdmins")) {
    return k_dns_admins_weight;
  }
  return 0;
}

namespace {

// Whether `dn`, normalised into `scratch`, is `normalized`.
bool
same_dn(std::string& scratch, std::string_view dn, std::string_view normalized)
{
  util::normalize_dn_into(scratch, dn);
  return scratch == normalized;
}

} // namespace

GroupGraph::GroupGraph(const Snapshot& snapshot) : m_accounts(snapshot.accounts), m_groups(snapshot.groups)
{
  const auto& accounts = snapshot.accounts;
  const auto& groups = snapshot.groups;
  m_account_by_dn.reserve(accounts.size());
  m_account_by_sid.reserve(accounts.size());
  m_group_by_dn.reserve(groups.size());
  m_group_by_sid.reserve(groups.size());
  std::string key;     // reused: no temporary string per DN
  std::string scratch; // the normalised DN of a candidate with the same hash
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    const auto& account = accounts[i];
    util::normalize_dn_into(key, account.dn);
    m_account_by_dn.insert(util::KeylessIndex::hash(key), i,
                           [&](std::size_t j) { return same_dn(scratch, accounts[j].dn, key); });
    if (!account.sid.empty()) {
      key.assign(account.sid);
      util::upper_in_place(key);
      m_account_by_sid.insert(util::KeylessIndex::hash(key), i,
                              [&](std::size_t j) { return util::iequals(accounts[j].sid, key); });
      if (account.primary_group_id) {
        m_by_primary_group[util::to_upper(util::sid_domain_part(account.sid)) + "-" +
                           std::to_string(*account.primary_group_id)]
          .push_back(&account);
      }
    }
    for (const auto& group_dn : account.member_of) {
      util::normalize_dn_into(key, group_dn);
      m_member_of_accounts[key].push_back(&account);
    }
  }
  // The lists grew by doubling; they are kept for the whole scan (1.5M pointers at 1M objects).
  m_member_of_accounts.for_each_value([](auto& list) { list.shrink_to_fit(); });
  m_by_primary_group.for_each_value([](auto& list) { list.shrink_to_fit(); });
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const auto& group = groups[i];
    util::normalize_dn_into(key, group.dn);
    m_group_by_dn.insert(util::KeylessIndex::hash(key), i,
                         [&](std::size_t j) { return same_dn(scratch, groups[j].dn, key); });
    if (!group.sid.empty()) {
      key.assign(group.sid);
      util::upper_in_place(key);
      m_group_by_sid.insert(util::KeylessIndex::hash(key), i,
                            [&](std::size_t j) { return util::iequals(groups[j].sid, key); });
    }
  }
}

const Account*
GroupGraph::account_by_dn(std::string_view normalized_dn) const
{
  std::string scratch;
  const auto& accounts = m_accounts;
  const auto i = m_account_by_dn.find(util::KeylessIndex::hash(normalized_dn),
                                      [&](std::size_t j) { return same_dn(scratch, accounts[j].dn, normalized_dn); });
  return i == util::KeylessIndex::npos ? nullptr : &accounts[i];
}

const Group*
GroupGraph::group_by_dn(std::string_view normalized_dn) const
{
  std::string scratch;
  const auto& groups = m_groups;
  const auto i = m_group_by_dn.find(util::KeylessIndex::hash(normalized_dn),
                                    [&](std::size_t j) { return same_dn(scratch, groups[j].dn, normalized_dn); });
  return i == util::KeylessIndex::npos ? nullptr : &groups[i];
}

const Account*
GroupGraph::account_by_sid(std::string_view upper_sid) const
{
  const auto& accounts = m_accounts;
  const auto i = m_account_by_sid.find(util::KeylessIndex::hash(upper_sid),
                                       [&](std::size_t j) { return util::iequals(accounts[j].sid, upper_sid); });
  return i == util::KeylessIndex::npos ? nullptr : &accounts[i];
}

const Group*
GroupGraph::group_by_sid(std::string_view upper_sid) const
{
  const auto& groups = m_groups;
  const auto i = m_group_by_sid.find(util::KeylessIndex::hash(upper_sid),
                                     [&](std::size_t j) { return util::iequals(groups[j].sid, upper_sid); });
  return i == util::KeylessIndex::npos ? nullptr : &groups[i];
}

const std::vector<const Account*>&
GroupGraph::members(const Group& root) const
{
  {
    const std::lock_guard lock(m_cache_mutex);
    if (const auto it = m_cache.find(&root); it != m_cache.end()) {
      return it->second;
    }
  }
  std::unordered_set<const Group*> seen_groups{&root};
  std::unordered_set<const Account*> seen_accounts;
  std::vector<const Account*> result;
  std::deque<const Group*> queue{&root};
  std::string dn; // reused
  auto add_account = [&](const Account* account) {
    if (seen_accounts.insert(account).second) {
      result.push_back(account);
    }
  };
  auto add_group = [&](const Group* group) {
    if (seen_groups.insert(group).second) {
      queue.push_back(group);
    }
  };
  while (!queue.empty()) {
    const Group* group = queue.front();
    queue.pop_front();
    for (const auto& member_dn : group->members) {
      util::normalize_dn_into(dn, member_dn);
      if (const auto* a = account_by_dn(dn); a != nullptr) {
        add_account(a);
        continue;
      }
      if (const auto* g = group_by_dn(dn); g != nullptr) {
        add_group(g);
        continue;
      }
      const auto sid = fsp_sid(member_dn);
      if (sid.empty()) {
        continue;
      }
      if (const auto* a = account_by_sid(sid); a != nullptr) {
        add_account(a);
      } else if (const auto* g = group_by_sid(sid); g != nullptr) {
        add_group(g);
      }
    }
    if (const auto it = m_member_of_accounts.find(util::normalize_dn(group->dn)); it != m_member_of_accounts.end()) {
      for (const auto* account : it->second) {
        add_account(account);
      }
    }
    if (!group->sid.empty()) {
      if (const auto it = m_by_primary_group.find(util::to_upper(group->sid)); it != m_by_primary_group.end()) {
        for (const auto* account : it->second) {
          add_account(account);
        }
      }
    }
  }
  std::sort(result.begin(), result.end(), [](const Account* a, const Account* b) { return a->dn < b->dn; });
  const std::lock_guard lock(m_cache_mutex);
  return m_cache.emplace(&root, std::move(result)).first->second; // references to values stay valid
}

bool
GroupGraph::is_member(const Account& account, const Group& group) const
{
  const auto& list = members(group);
  return std::binary_search(list.begin(), list.end(), &account,
                            [](const Account* a, const Account* b) { return a->dn < b->dn; });
}

std::vector<const Group*>
GroupGraph::groups_with_rid(std::uint32_t value) const
{
  std::vector<const Group*> out;
  for (const auto& group : m_groups) {
    if (is_well_known_group(group, value)) {
      out.push_back(&group);
    }
  }
  return out;
}

const Group*
GroupGraph::group_of_domain(std::string_view domain, std::uint32_t value) const
{
  for (const auto* group : groups_with_rid(value)) {
    if (util::iequals(group->domain, domain)) {
      return group;
    }
  }
  return nullptr;
}

const PrivilegeIndex&
privilege_index(const Snapshot& snapshot)
{
  return snapshot_indexes(snapshot).privilege.get([&] { return std::make_unique<const PrivilegeIndex>(snapshot); });
}

const GroupGraph&
group_graph(const Snapshot& snapshot)
{
  return privilege_index(snapshot).graph();
}

PrivilegeIndex::PrivilegeIndex(const Snapshot& snapshot) : m_graph(snapshot)
{
  std::vector<std::pair<int, const Group*>> groups;
  for (const auto& group : snapshot.groups) {
    if (const int weight = privilege_weight(group); weight > 0) {
      groups.emplace_back(weight, &group);
    }
  }
  std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second->dn < b.second->dn;
  });
  std::unordered_map<const Account*, PrivilegedAccount> found;
  for (const auto& [weight, group] : groups) {
    for (const auto* account : m_graph.members(*group)) {
      auto& entry = found[account];
      entry.account = account;
      entry.weight = std::max(entry.weight, weight);
      entry.tier0 = entry.tier0 || weight >= k_tier0_weight;
      entry.groups.push_back(group_label(*group));
    }
  }
  for (const auto& account : snapshot.accounts) {
    if (account.admin_count.value_or(0) == 1 && found.count(&account) == 0) {
      auto& entry = found[&account];
      entry.account = &account;
      entry.weight = k_admin_count_weight;
      entry.admin_count_only = true;
    }
  }
  for (auto& [account, entry] : found) {
    m_ranked.push_back(std::move(entry));
  }
  std::sort(m_ranked.begin(), m_ranked.end(), [](const PrivilegedAccount& a, const PrivilegedAccount& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.account->dn < b.account->dn;
  });
  for (std::size_t i = 0; i < m_ranked.size(); ++i) {
    m_index.emplace(m_ranked[i].account, i);
  }
}

const PrivilegedAccount*
PrivilegeIndex::find(const Account& account) const
{
  const auto it = m_index.find(&account);
  return it == m_index.end() ? nullptr : &m_ranked[it->second];
}

std::vector<const PrivilegedAccount*>
unprotected_privileged(const PrivilegeIndex& index)
{
  std::vector<const PrivilegedAccount*> out;
  for (const auto& entry : index.ranked()) {
    const Account& a = *entry.account;
    if (!a.is_enabled() || util::iequals(a.sam_account_name, "krbtgt") ||
        protected_users_group_of(index.graph(), a) != nullptr) {
      continue;
    }
    out.push_back(&entry);
  }
  return out;
}

Finding
privileged_account_finding(const PrivilegedAccount& entry)
{
  const Account& a = *entry.account;
  Finding f;
  f.subject = a.sam_account_name.empty() ? a.dn : a.sam_account_name;
  f.key = util::normalize_dn(a.dn);
  f.severity = entry.weight >= 75 ? Severity::medium : Severity::low;
  f.affected.push_back(affected(a));
  return f;
}

} // namespace kerbready
