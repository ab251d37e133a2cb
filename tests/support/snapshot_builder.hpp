#pragma once

// Fluent in-memory snapshots for check tests: a few lines build exactly the directory a test needs.

#include "src/model/snapshot.hpp"

#include <string>
#include <utility>

namespace kerbready::test {

inline constexpr const char* k_domain_sid = "S-1-5-21-1000-2000-3000";

// Every DataSet bit: a snapshot for which every check is evaluated.
inline constexpr unsigned k_all_data_sets =
  static_cast<unsigned>(DataSet::domain) | static_cast<unsigned>(DataSet::configuration) |
  static_cast<unsigned>(DataSet::dns) | static_cast<unsigned>(DataSet::sysvol);

class SnapshotBuilder
{
public:
  explicit SnapshotBuilder(std::string domain = "corp.example.com") : m_domain(std::move(domain))
  {
    m_snapshot.data_sets = static_cast<unsigned>(DataSet::domain);
    Domain d;
    d.dns_name = m_domain;
    d.dn = dn_of_domain();
    d.sid = k_domain_sid;
    d.netbios_name = "CORP";
    m_snapshot.domains.push_back(d);
  }

  [[nodiscard]] std::string dn_of_domain() const
  {
    std::string dn;
    std::size_t start = 0;
    while (start <= m_domain.size()) {
      const auto dot = m_domain.find('.', start);
      const auto label = m_domain.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      dn += (dn.empty() ? "DC=" : ",DC=") + label;
      if (dot == std::string::npos) {
        break;
      }
      start = dot + 1;
    }
    return dn;
  }

  // Add a computer "NAME$" with dNSHostName name.<domain> and the default HOST/ SPNs.
  Account& computer(const std::string& name, bool default_spns = true)
  {
    Account a;
    a.kind = AccountKind::computer;
    a.sam_account_name = name + "$";
    a.dn = "CN=" + name + ",CN=Computers," + dn_of_domain();
    a.domain = m_domain;
    a.user_account_control = uac::workstation_trust_account;
    a.dns_host_name = lower(name) + "." + m_domain;
    a.sid = next_sid();
    if (default_spns) {
      a.service_principal_names = {"HOST/" + name, "HOST/" + a.dns_host_name, "RestrictedKrbHost/" + name,
                                   "RestrictedKrbHost/" + a.dns_host_name};
    }
    m_snapshot.accounts.push_back(a);
    return m_snapshot.accounts.back();
  }

  // Add a domain controller computer account.
  Account& domain_controller(const std::string& name)
  {
    auto& a = computer(name);
    a.user_account_control = uac::server_trust_account | uac::trusted_for_delegation;
    a.dn = "CN=" + name + ",OU=Domain Controllers," + dn_of_domain();
    return a;
  }

  // Add a user account.
  Account& user(const std::string& sam)
  {
    Account a;
    a.kind = AccountKind::user;
    a.sam_account_name = sam;
    a.dn = "CN=" + sam + ",CN=Users," + dn_of_domain();
    a.domain = m_domain;
    a.user_account_control = uac::normal_account;
    a.sid = next_sid();
    m_snapshot.accounts.push_back(a);
    return m_snapshot.accounts.back();
  }

  // Add a group managed service account "name$".
  Account& gmsa(const std::string& name)
  {
    Account a;
    a.kind = AccountKind::group_managed_service_account;
    a.sam_account_name = name + "$";
    a.dn = "CN=" + name + ",CN=Managed Service Accounts," + dn_of_domain();
    a.domain = m_domain;
    a.user_account_control = uac::workstation_trust_account;
    a.sid = next_sid();
    m_snapshot.accounts.push_back(a);
    return m_snapshot.accounts.back();
  }

  Group& group(const std::string& name, std::uint32_t rid = 0)
  {
    Group g;
    g.sam_account_name = name;
    g.dn = "CN=" + name + ",CN=Users," + dn_of_domain();
    g.domain = m_domain;
    g.sid = rid != 0 ? std::string(k_domain_sid) + "-" + std::to_string(rid) : next_sid();
    m_snapshot.groups.push_back(g);
    return m_snapshot.groups.back();
  }

  // Add an enabled trustedDomain object to `partner` (trustType 2, bidirectional by default).
  Trust& trust(const std::string& partner, std::uint32_t attributes, std::uint32_t type = 2,
               std::uint32_t direction = 3)
  {
    Trust t;
    t.partner = partner;
    t.flat_name = upper(partner.substr(0, partner.find('.')));
    t.dn = "CN=" + partner + ",CN=System," + dn_of_domain();
    t.domain = m_domain;
    t.trust_type = type;
    t.trust_direction = direction;
    t.trust_attributes = attributes;
    m_snapshot.trusts.push_back(t);
    return m_snapshot.trusts.back();
  }

  // Add a BUILTIN group (S-1-5-32-`rid`), e.g. Administrators (544).
  Group& builtin_group(const std::string& name, std::uint32_t rid)
  {
    Group g;
    g.sam_account_name = name;
    g.dn = "CN=" + name + ",CN=Builtin," + dn_of_domain();
    g.domain = m_domain;
    g.sid = "S-1-5-32-" + std::to_string(rid);
    m_snapshot.groups.push_back(g);
    return m_snapshot.groups.back();
  }

  SnapshotBuilder& with_configuration(std::vector<std::string> spn_mappings)
  {
    m_snapshot.data_sets |= static_cast<unsigned>(DataSet::configuration);
    m_snapshot.configuration.spn_mappings_present = true;
    m_snapshot.configuration.spn_mappings = std::move(spn_mappings);
    return *this;
  }

  // Add the crossRef of the forest's domain `dns_root` (Configuration partition): a domain of the
  // forest, read or not. `forest_root`, when given, is recorded as the forest root.
  SnapshotBuilder& cross_ref(const std::string& dns_root, const std::string& forest_root = "")
  {
    m_snapshot.data_sets |= static_cast<unsigned>(DataSet::configuration);
    CrossRef ref;
    ref.dns_root = dns_root;
    ref.nc_name = SnapshotBuilder(dns_root).dn_of_domain();
    ref.dn = "CN=" + upper(dns_root.substr(0, dns_root.find('.'))) + ",CN=Partitions,CN=Configuration," +
             SnapshotBuilder(forest_root.empty() ? m_domain : forest_root).dn_of_domain();
    ref.netbios_name = upper(dns_root.substr(0, dns_root.find('.')));
    ref.system_flags = 3;
    m_snapshot.configuration.cross_refs.push_back(ref);
    if (!forest_root.empty()) {
      m_snapshot.configuration.forest_root = forest_root;
    }
    return *this;
  }

  Snapshot& snapshot() { return m_snapshot; }

  // Return the snapshot; the builder stays usable. Note: references returned earlier may dangle
  // after further additions (vectors grow), so finish setting up an object before adding the next.
  [[nodiscard]] Snapshot build() const { return m_snapshot; }

private:
  static std::string lower(std::string s)
  {
    for (auto& c : s) {
      if (c >= 'A' && c <= 'Z') {
        c = static_cast<char>(c - 'A' + 'a');
      }
    }
    return s;
  }

  static std::string upper(std::string s)
  {
    for (auto& c : s) {
      if (c >= 'a' && c <= 'z') {
        c = static_cast<char>(c - 'a' + 'A');
      }
    }
    return s;
  }

  std::string next_sid() { return std::string(k_domain_sid) + "-" + std::to_string(m_next_rid++); }

  std::string m_domain;
  Snapshot m_snapshot;
  std::uint32_t m_next_rid = 1100;
};

// Return the snapshot of `a` and `b` read together (scan --snapshot a.ldif --snapshot b.ldif, or
// --forest): every object of both.
inline Snapshot
merged(Snapshot a, const Snapshot& b)
{
  auto append = [](auto& to, const auto& from) { to.insert(to.end(), from.begin(), from.end()); };
  append(a.accounts, b.accounts);
  append(a.groups, b.groups);
  append(a.domains, b.domains);
  append(a.trusts, b.trusts);
  append(a.dns_nodes, b.dns_nodes);
  append(a.dfs_objects, b.dfs_objects);
  append(a.configuration.cross_refs, b.configuration.cross_refs);
  if (a.configuration.forest_root.empty()) {
    a.configuration.forest_root = b.configuration.forest_root;
  }
  a.data_sets |= b.data_sets;
  return a;
}

} // namespace kerbready::test
