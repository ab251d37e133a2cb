#include "src/probe/targets.hpp"

#include "src/ad/dfs.hpp"
#include "src/ad/dns_record.hpp"
#include "src/ad/spn.hpp"
#include "src/util/text.hpp"

#include <algorithm>
#include <set>

namespace kerbready::probe {

namespace {

bool
skipped_zone(std::string_view zone)
{
  return zone.empty() || zone.front() == '.' || util::istarts_with(zone, "_msdcs") ||
         util::iequals(zone, "RootDNSServers") ||
         (zone.size() >= 5 && util::iequals(zone.substr(zone.size() - 5), ".arpa"));
}

bool
skipped_name(std::string_view name)
{
  return name.empty() || name == "@" || name.front() == '_' || util::iequals(name, "DomainDnsZones") ||
         util::iequals(name, "ForestDnsZones");
}

// The snapshot's live DNS names with records of `types`, in snapshot order.
std::vector<std::string>
dns_names(const Snapshot& snapshot, std::initializer_list<std::uint16_t> types)
{
  std::vector<std::string> names;
  for (const auto& node : snapshot.dns_nodes) {
    if (node.tombstoned || skipped_zone(node.zone) || skipped_name(node.name)) {
      continue;
    }
    const bool wanted = std::any_of(node.records.begin(), node.records.end(), [&](const DnsRecord& record) {
      return std::find(types.begin(), types.end(), record.type) != types.end();
    });
    if (wanted) {
      names.push_back(node_fqdn(node));
    }
  }
  return names;
}

std::vector<std::string>
duplicate_spns(const Snapshot& snapshot)
{
  std::vector<std::string> out;
  for (const auto& [key, holders] : spn_index(snapshot)) {
    if (holders.size() < 2) {
      continue;
    }
    out.emplace_back(key); // as its first holder wrote it
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The servers of every DFS namespace root and link target, as written (src/ad/dfs.hpp decodes
// msDFS-TargetListv2, remoteServerName and pKT), IP literals left out.
std::vector<std::string>
dfs_servers(const Snapshot& snapshot)
{
  std::vector<std::string> out;
  const auto add = [&](const std::vector<DfsTarget>& targets) {
    for (const auto& t : targets) {
      if (!t.server.empty() && !is_ip_literal(t.server)) {
        out.push_back(t.server);
      }
    }
  };
  for (const auto& ns : dfs_namespaces(snapshot)) {
    add(ns.root_targets);
    for (const auto& link : ns.links) {
      add(link.targets);
    }
  }
  return out;
}

std::vector<std::string>
spn_hosts(const Snapshot& snapshot)
{
  std::vector<std::string> out;
  for (const auto& account : snapshot.accounts) {
    for (const auto& written : account.service_principal_names) {
      const auto spn = parse_spn(written);
      if (spn && spn->host.find('.') != std::string::npos && !is_ip_literal(spn->host)) {
        out.push_back(spn->host);
      }
    }
  }
  return out;
}

} // namespace

std::vector<collect::ProbeTarget>
targets_from_snapshot(const Snapshot& snapshot, std::size_t per_source)
{
  std::vector<collect::ProbeTarget> out;
  std::set<std::string> seen;
  const auto add = [&](const std::vector<std::string>& names, const char* source) {
    std::size_t added = 0;
    for (const auto& name : names) {
      if (added >= per_source) {
        break;
      }
      if (!name.empty() && seen.insert(util::to_lower(name)).second) {
        out.push_back({name, source});
        ++added;
      }
    }
  };
  const auto& hosts = host_index(snapshot);
  std::vector<std::string> unknown_a;
  for (auto& name : dns_names(snapshot, {dns_type::a, dns_type::aaaa})) {
    if (!hosts.is_known(name)) {
      unknown_a.push_back(std::move(name));
    }
  }
  add(duplicate_spns(snapshot), "spn-duplicate");
  add(dns_names(snapshot, {dns_type::cname}), "dns-cname");
  add(unknown_a, "dns-a");
  add(dfs_servers(snapshot), "dfs");
  add(spn_hosts(snapshot), "spn-host");
  return out;
}

} // namespace kerbready::probe
