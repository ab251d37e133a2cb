#pragma once

// Builders for dnsRecord values (MS-DNSP DNS_RPC_RECORD) and dnsNode objects in test snapshots.

#include "src/ad/dns_record.hpp"
#include "src/model/snapshot.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace kerbready::test {

// Return a DNS_COUNT_NAME for "a.b.c".
inline std::string
count_name(const std::string& name)
{
  std::string raw;
  std::size_t labels = 0;
  std::size_t start = 0;
  while (start < name.size()) {
    auto dot = name.find('.', start);
    if (dot == std::string::npos) {
      dot = name.size();
    }
    raw += static_cast<char>(dot - start);
    raw += name.substr(start, dot - start);
    ++labels;
    start = dot + 1;
  }
  raw += '\0';
  std::string out;
  out += static_cast<char>(raw.size());
  out += static_cast<char>(labels);
  return out + raw;
}

// Return a dnsRecord value of `type` with `data`; `timestamp` 0 = static.
inline std::string
dns_record(std::uint16_t type, const std::string& data, std::uint32_t timestamp = 0)
{
  std::string out;
  auto le16 = [&](std::uint32_t v) {
    out += static_cast<char>(v & 0xFF);
    out += static_cast<char>((v >> 8) & 0xFF);
  };
  le16(static_cast<std::uint32_t>(data.size()));
  le16(type);
  out += '\x05'; // version
  out += '\xF0'; // rank: zone
  le16(0);       // flags
  le16(1);       // serial
  le16(0);
  out += std::string("\x00\x00\x0e\x10", 4); // TTL 3600, big-endian
  le16(0);                                   // reserved
  le16(0);
  le16(timestamp & 0xFFFF);
  le16(timestamp >> 16);
  return out + data;
}

inline std::string
a_record(unsigned a, unsigned b, unsigned c, unsigned d, std::uint32_t timestamp = 0)
{
  std::string data;
  data += static_cast<char>(a);
  data += static_cast<char>(b);
  data += static_cast<char>(c);
  data += static_cast<char>(d);
  return dns_record(1, data, timestamp);
}

inline std::string
cname_record(const std::string& target)
{
  return dns_record(5, count_name(target));
}

inline std::string
ns_record(const std::string& target)
{
  return dns_record(2, count_name(target));
}

// An SRV record (priority 0, weight 0, `port`) whose target is `target`.
inline std::string
srv_record(const std::string& target, std::uint16_t port)
{
  std::string data(4, '\0');
  data += static_cast<char>(port >> 8);
  data += static_cast<char>(port & 0xFF);
  return dns_record(33, data + count_name(target));
}

// Decode dnsRecord values as the input layer does when it builds a snapshot (src/input/entries.cpp):
// undecodable values and types no check reads are left out.
inline std::vector<DnsRecord>
decoded_records(const std::vector<std::string>& values)
{
  std::vector<DnsRecord> out;
  for (const auto& value : values) {
    if (auto record = parse_dns_record(value)) {
      out.push_back(std::move(*record));
    }
  }
  return out;
}

// Add a dnsNode `name` in `zone` (DomainDnsZones partition of corp.example.com) holding the
// encoded dnsRecord values `records`, decoded, and mark the DNS partitions as read.
inline DnsNode&
add_dns_node(Snapshot& snapshot, const std::string& name, const std::string& zone, std::vector<std::string> records)
{
  snapshot.data_sets |= static_cast<unsigned>(DataSet::dns);
  DnsNode node;
  node.name = name;
  node.zone = zone;
  node.dn = "DC=" + name + ",DC=" + zone + ",CN=MicrosoftDNS,DC=DomainDnsZones,DC=corp,DC=example,DC=com";
  node.partition = "DomainDnsZones";
  node.records = decoded_records(records);
  snapshot.dns_nodes.push_back(node);
  return snapshot.dns_nodes.back();
}

} // namespace kerbready::test
