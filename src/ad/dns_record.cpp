#include "src/ad/dns_record.hpp"

#include "src/ad/snapshot_indexes.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kerbready {

namespace {

constexpr std::size_t k_header_size = 24;
constexpr std::size_t k_max_chain = 8;

std::uint16_t
le16(std::string_view b, std::size_t at)
{
  return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) | (static_cast<unsigned char>(b[at + 1]) << 8));
}

std::uint16_t
be16(std::string_view b, std::size_t at)
{
  return static_cast<std::uint16_t>((static_cast<unsigned char>(b[at]) << 8) | static_cast<unsigned char>(b[at + 1]));
}

std::uint32_t
le32(std::string_view b, std::size_t at)
{
  return static_cast<std::uint32_t>(le16(b, at)) | (static_cast<std::uint32_t>(le16(b, at + 2)) << 16);
}

std::uint32_t
be32(std::string_view b, std::size_t at)
{
  return (static_cast<std::uint32_t>(be16(b, at)) << 16) | be16(b, at + 2);
}

std::string
ipv6_text(std::string_view b)
{
  std::uint16_t groups[8];
  for (std::size_t i = 0; i < 8; ++i) {
    groups[i] = be16(b, 2 * i);
  }
  // RFC 5952: compress the longest run (>= 2) of zero groups.
  std::size_t best_start = 8;
  std::size_t best_len = 0;
  for (std::size_t i = 0; i < 8;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < 8 && groups[j] == 0) {
      ++j;
    }
    if (j - i > best_len && j - i >= 2) {
      best_start = i;
      best_len = j - i;
    }
    i = j;
  }
  std::string out;
  for (std::size_t i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') {
      out += ':';
    }
    out += fmt::format("{:x}", groups[i]);
  }
  return out;
}

std::string
strip_dot(std::string_view name)
{
  while (!name.empty() && name.back() == '.') {
    name.remove_suffix(1);
  }
  return util::to_lower(name);
}

} // namespace

std::optional<std::string>
parse_dns_count_name(std::string_view bytes)
{
  if (bytes.size() < 2) {
    return std::nullopt;
  }
  const auto length = static_cast<unsigned char>(bytes[0]);
  const auto label_count = static_cast<unsigned char>(bytes[1]);
  if (bytes.size() < 2u + length) {
    return std::nullopt;
  }
  const auto raw = bytes.substr(2, length);
  std::string out;
  std::size_t at = 0;
  for (unsigned i = 0; i < label_count; ++i) {
    if (at >= raw.size()) {
      return std::nullopt;
    }
    const auto label_length = static_cast<unsigned char>(raw[at]);
    if (label_length == 0 || at + 1 + label_length > raw.size()) {
      return std::nullopt;
    }
    if (!out.empty()) {
      out += '.';
    }
    out += raw.substr(at + 1, label_length);
    at += 1u + label_length;
  }
  return util::to_lower(out);
}

namespace {

// A decoded value, or why it could not be decoded. `record` is set for the supported types;
// `defect` is set for a value that is cut short or inconsistent; neither for a well-formed value
// of a type we do not read (SOA, MX, TXT, ...).
struct Decoded
{
  std::optional<DnsRecord> record;
  std::string defect;
};

Decoded
decode(std::string_view bytes)
{
  Decoded out;
  if (bytes.size() < k_header_size) {
    out.defect = fmt::format("{} bytes, shorter than the 24-byte record header", bytes.size());
    return out;
  }
  const std::size_t data_length = le16(bytes, 0);
  if (bytes.size() < k_header_size + data_length) {
    out.defect = fmt::format("DataLength {} runs past the end of the {}-byte value", data_length, bytes.size());
    return out;
  }
  if (static_cast<unsigned char>(bytes[4]) != 5) {
    out.defect = fmt::format("version {} (expected 5)", static_cast<unsigned char>(bytes[4]));
    return out;
  }
  DnsRecord record;
  record.type = le16(bytes, 2);
  record.ttl = be32(bytes, 12);
  record.timestamp = le32(bytes, 20);
  const auto data = bytes.substr(k_header_size, data_length);
  switch (record.type) {
  case dns_type::zero:
    break;
  case dns_type::a:
    if (data.size() < 4) {
      out.defect = fmt::format("A record with {} data bytes", data.size());
      return out;
    }
    record.address =
      fmt::format("{}.{}.{}.{}", static_cast<unsigned char>(data[0]), static_cast<unsigned char>(data[1]),
                  static_cast<unsigned char>(data[2]), static_cast<unsigned char>(data[3]));
    break;
  case dns_type::aaaa:
    if (data.size() < 16) {
      out.defect = fmt::format("AAAA record with {} data bytes", data.size());
      return out;
    }
    record.address = ipv6_text(data);
    break;
  case dns_type::cname:
  case dns_type::ns:
  case dns_type::ptr: {
    auto name = parse_dns_count_name(data);
    if (!name) {
      out.defect = fmt::format("type {} record whose name is truncated or inconsistent", record.type);
      return out;
    }
    record.target = strip_dot(*name);
    break;
  }
  case dns_type::srv: {
    auto name = data.size() < 6 ? std::nullopt : parse_dns_count_name(data.substr(6));
    if (!name) {
      out.defect = "SRV record whose target is truncated or inconsistent";
      return out;
    }
    record.port = be16(data, 4);
    record.target = strip_dot(*name);
    break;
  }
  default:
    return out;
  }
  out.record = std::move(record);
  return out;
}

} // namespace

std::optional<DnsRecord>
parse_dns_record(std::string_view bytes)
{
  return decode(bytes).record;
}

std::optional<std::string>
dns_record_defect(std::string_view bytes)
{
  auto decoded = decode(bytes);
  if (decoded.defect.empty()) {
    return std::nullopt;
  }
  return std::move(decoded.defect);
}

std::string
node_fqdn(const DnsNode& node)
{
  auto zone = strip_dot(node.zone);
  if (node.name.empty() || node.name == "@") {
    return zone;
  }
  return strip_dot(node.name) + "." + zone;
}

DnsIndex::DnsIndex(const Snapshot& snapshot)
{
  for (const auto& node : snapshot.dns_nodes) {
    const auto zone = strip_dot(node.zone);
    if (zone.empty() || util::iequals(zone, "rootdnsservers") || util::istarts_with(zone, "..")) {
      continue;
    }
    if (std::find(m_zones.begin(), m_zones.end(), zone) == m_zones.end()) {
      m_zones.push_back(zone);
    }
    if (node.tombstoned) {
      continue;
    }
    std::vector<DnsRecord> records;
    for (const auto& record : node.records) {
      if (record.type != dns_type::zero) {
        records.push_back(record);
      }
    }
    if (records.empty()) {
      continue; // only tombstone or undecodable records: not a live name
    }
    const auto fqdn = node_fqdn(node);
    auto& entry = m_names[fqdn];
    entry.node = &node;
    for (const auto& record : records) {
      if (!record.address.empty()) {
        auto& list = m_by_address[record.address];
        if (std::find(list.begin(), list.end(), fqdn) == list.end()) {
          list.push_back(fqdn);
        }
      }
    }
    entry.records.insert(entry.records.end(), records.begin(), records.end());
  }
  for (const auto& [name, entry] : m_names) {
    m_sorted.push_back(name);
  }
  std::sort(m_sorted.begin(), m_sorted.end());
  for (auto& [address, list] : m_by_address) {
    std::sort(list.begin(), list.end());
  }
}

const DnsIndex::Name*
DnsIndex::find(std::string_view fqdn) const
{
  const auto it = m_names.find(strip_dot(fqdn));
  return it == m_names.end() ? nullptr : &it->second;
}

bool
DnsIndex::has_name(std::string_view host) const
{
  const auto name = strip_dot(host);
  if (m_names.count(name) != 0) {
    return true;
  }
  if (name.find('.') == std::string::npos) {
    return std::any_of(m_zones.begin(), m_zones.end(),
                       [&](const std::string& zone) { return m_names.count(name + "." + zone) != 0; });
  }
  return false;
}

bool
DnsIndex::in_loaded_zone(std::string_view fqdn) const
{
  const auto name = strip_dot(fqdn);
  return std::any_of(m_zones.begin(), m_zones.end(),
                     [&](const std::string& zone) { return name == zone || util::iends_with(name, "." + zone); });
}

std::vector<std::string>
DnsIndex::names_with_address(std::string_view address) const
{
  const auto it = m_by_address.find(std::string(address));
  return it == m_by_address.end() ? std::vector<std::string>() : it->second;
}

DnsIndex::Chain
DnsIndex::follow_cname(std::string_view fqdn) const
{
  Chain chain;
  auto current = strip_dot(fqdn);
  while (true) {
    if (std::find(chain.names.begin(), chain.names.end(), current) != chain.names.end()) {
      chain.names.push_back(current);
      chain.end = ChainEnd::loop;
      return chain;
    }
    chain.names.push_back(current);
    if (chain.names.size() > k_max_chain) {
      chain.end = ChainEnd::too_long;
      return chain;
    }
    const auto* name = find(current);
    if (name == nullptr) {
      chain.end = in_loaded_zone(current) ? ChainEnd::dangling : ChainEnd::outside_zones;
      return chain;
    }
    const auto cname = std::find_if(name->records.begin(), name->records.end(),
                                    [](const DnsRecord& r) { return r.type == dns_type::cname; });
    if (cname == name->records.end()) {
      const bool has_address = std::any_of(name->records.begin(), name->records.end(), [](const DnsRecord& r) {
        return r.type == dns_type::a || r.type == dns_type::aaaa;
      });
      chain.end = has_address ? ChainEnd::resolved : ChainEnd::dangling;
      return chain;
    }
    current = cname->target;
  }
}

const DnsIndex&
dns_index(const Snapshot& snapshot)
{
  return snapshot_indexes(snapshot).dns.get([&] { return std::make_unique<const DnsIndex>(snapshot); });
}

} // namespace kerbready
