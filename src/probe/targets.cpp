#include "src/probe/targets.hpp"

#include "src/ad/spn.hpp"
#include "src/util/text.hpp"

#include <algorithm>
#include <set>

namespace kerbready::probe {

namespace {

constexpr std::uint16_t k_type_a = 1;
constexpr std::uint16_t k_type_cname = 5;
constexpr std::uint16_t k_type_aaaa = 28;
constexpr std::size_t k_record_header = 24; // DNS_RPC_RECORD up to Data
constexpr std::size_t k_max_servers_per_value = 100;

std::uint16_t
read_u16le(std::string_view bytes, std::size_t at)
{
  return static_cast<std::uint16_t>(static_cast<unsigned char>(bytes[at]) |
                                    (static_cast<unsigned>(static_cast<unsigned char>(bytes[at + 1])) << 8));
}

void
append_utf8(std::string& out, std::uint32_t cp)
{
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// UTF-16LE to UTF-8; surrogates (never part of a host name) become '?'.
std::string
from_utf16le(std::string_view bytes)
{
  std::string out;
  out.reserve(bytes.size() / 2);
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
    const std::uint32_t unit = read_u16le(bytes, i);
    append_utf8(out, unit >= 0xD800 && unit <= 0xDFFF ? '?' : unit);
  }
  return out;
}

bool
looks_utf16le(std::string_view bytes)
{
  if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
      static_cast<unsigned char>(bytes[1]) == 0xFE) {
    return true;
  }
  std::size_t zeros = 0;
  for (std::size_t i = 1; i < bytes.size(); i += 2) {
    zeros += bytes[i] == '\0' ? 1 : 0;
  }
  return bytes.size() >= 4 && zeros * 2 >= bytes.size() / 2;
}

// "\\server\share\…" -> "server"; empty when not a UNC path.
std::string
unc_server(std::string_view path)
{
  path = util::trim(path);
  if (path.size() < 3 || path[0] != '\\' || path[1] != '\\') {
    return {};
  }
  path.remove_prefix(2);
  return std::string(util::trim(path.substr(0, path.find('\\'))));
}

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
    const bool wanted = std::any_of(node.records.begin(), node.records.end(), [&](const std::string& record) {
      const auto type = dns_record_type(record);
      return type && std::find(types.begin(), types.end(), *type) != types.end();
    });
    if (wanted) {
      names.push_back(dns_node_fqdn(node));
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
    // As written on the first holder; the index key is lowercase.
    std::string written = key;
    for (const auto& spn : holders.front()->service_principal_names) {
      if (util::iequals(spn, key)) {
        written = spn;
        break;
      }
    }
    out.push_back(written);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string>
dfs_servers(const Snapshot& snapshot)
{
  std::vector<std::string> out;
  for (const auto& object : snapshot.dfs_objects) {
    for (const auto* attribute : {"msdfs-targetlistv2", "remoteservername"}) {
      const auto it = object.attributes.find(attribute);
      if (it == object.attributes.end()) {
        continue;
      }
      for (const auto& value : it->second) {
        for (auto& server : dfs_target_servers(value)) {
          if (!is_ip_literal(server)) {
            out.push_back(std::move(server));
          }
        }
      }
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

std::optional<std::uint16_t>
dns_record_type(std::string_view bytes)
{
  if (bytes.size() < k_record_header) {
    return std::nullopt;
  }
  if (k_record_header + read_u16le(bytes, 0) > bytes.size()) {
    return std::nullopt;
  }
  return read_u16le(bytes, 2);
}

std::string
dns_node_fqdn(const DnsNode& node)
{
  auto name = util::to_lower(node.name);
  auto zone = util::to_lower(node.zone);
  while (!zone.empty() && zone.back() == '.') {
    zone.pop_back();
  }
  if (name == "@") {
    return zone;
  }
  while (!name.empty() && name.back() == '.') {
    name.pop_back();
  }
  return zone.empty() ? name : name + "." + zone;
}

std::vector<std::string>
dfs_target_servers(std::string_view bytes)
{
  const bool utf16 = looks_utf16le(bytes);
  if (utf16 && bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFF) {
    bytes.remove_prefix(2);
  }
  const std::string text = utf16 ? from_utf16le(bytes) : std::string(bytes);
  std::vector<std::string> servers;
  const auto add = [&](std::string_view path) {
    auto server = unc_server(path);
    if (!server.empty() && servers.size() < k_max_servers_per_value) {
      servers.push_back(std::move(server));
    }
  };
  if (text.find("<target") == std::string::npos) {
    add(text);
    return servers;
  }
  std::size_t at = 0;
  while ((at = text.find("<target", at)) != std::string::npos) {
    const auto open_end = text.find('>', at);
    if (open_end == std::string::npos) {
      break;
    }
    if (text[open_end - 1] == '/' || (at + 7 < text.size() && text[at + 7] == 's')) {
      at = open_end + 1; // <target/> or <targets>
      continue;
    }
    const auto close = text.find("</target>", open_end);
    if (close == std::string::npos) {
      break;
    }
    add(std::string_view(text).substr(open_end + 1, close - open_end - 1));
    at = close + 9;
  }
  return servers;
}

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
  const HostIndex hosts(snapshot);
  std::vector<std::string> unknown_a;
  for (auto& name : dns_names(snapshot, {k_type_a, k_type_aaaa})) {
    if (!hosts.is_known(name)) {
      unknown_a.push_back(std::move(name));
    }
  }
  add(duplicate_spns(snapshot), "spn-duplicate");
  add(dns_names(snapshot, {k_type_cname}), "dns-cname");
  add(unknown_a, "dns-a");
  add(dfs_servers(snapshot), "dfs");
  add(spn_hosts(snapshot), "spn-host");
  return out;
}

} // namespace kerbready::probe
