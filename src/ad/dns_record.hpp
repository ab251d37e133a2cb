#pragma once

// AD-integrated DNS: decoding of dnsRecord values (MS-DNSP 2.3.2.2 DNS_RPC_RECORD, names as
// 2.2.2.2.2 DNS_COUNT_NAME) and an index of the loaded zones. dnsRecord values are untrusted bytes
// (any authenticated user can create dnsNode objects): every read is bounds-checked, and a
// truncated or malformed value is skipped without a diagnostic (nullopt), never a crash.

#include "src/model/snapshot.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kerbready {

// Decode one dnsRecord value (DnsRecord and dns_type are in the model, src/model/snapshot.hpp: the
// input layer decodes every value once). Returns nullopt for truncated or malformed values and for
// types other than A, AAAA, CNAME, NS, PTR, SRV and the tombstone type 0.
[[nodiscard]] std::optional<DnsRecord> parse_dns_record(std::string_view bytes);

// Return what makes `bytes` undecodable (cut short, a DataLength past the end, a wrong version, a
// truncated name), or nullopt when it is well formed, including a well-formed value of a type
// parse_dns_record() does not read (SOA, MX, TXT, ...).
[[nodiscard]] std::optional<std::string> dns_record_defect(std::string_view bytes);

// Decode a DNS_COUNT_NAME (Length, LabelCount, length-prefixed labels, 0) to "a.b.c" (lowercase).
// Returns nullopt when truncated or inconsistent.
[[nodiscard]] std::optional<std::string> parse_dns_count_name(std::string_view bytes);

// Return the lowercase FQDN of `node` ("web01.corp.example.com"; "@" is the zone apex).
[[nodiscard]] std::string node_fqdn(const DnsNode& node);

// The loaded zones, by owner name. Tombstoned nodes and undecodable records are left out.
class DnsIndex
{
public:
  explicit DnsIndex(const Snapshot& snapshot);

  struct Name
  {
    const DnsNode* node = nullptr;
    std::vector<DnsRecord> records;
  };

  // Return the records of `fqdn` (any case, trailing dot allowed), or nullptr when no live node.
  [[nodiscard]] const Name* find(std::string_view fqdn) const;

  // Return whether `host` (FQDN, or a single label tried under each loaded zone) has a live node.
  [[nodiscard]] bool has_name(std::string_view host) const;

  // Return whether `fqdn` is at or under a loaded zone (other than the root hints).
  [[nodiscard]] bool in_loaded_zone(std::string_view fqdn) const;

  // Every live name, sorted.
  [[nodiscard]] const std::vector<std::string>& names() const { return m_sorted; }

  // Return the names whose static or dynamic A/AAAA records hold `address`.
  [[nodiscard]] std::vector<std::string> names_with_address(std::string_view address) const;

  enum class ChainEnd { resolved, loop, outside_zones, dangling, too_long };
  struct Chain
  {
    std::vector<std::string> names; // alias first, final name last
    ChainEnd end = ChainEnd::resolved;
  };

  // Follow CNAMEs from `fqdn` (at most 8 hops). `resolved`: the last name has address records;
  // `outside_zones`: the chain leaves the loaded zones; `dangling`: a name in a loaded zone has no
  // node; `loop`: a name repeats.
  [[nodiscard]] Chain follow_cname(std::string_view fqdn) const;

private:
  std::unordered_map<std::string, Name> m_names;
  std::unordered_map<std::string, std::vector<std::string>> m_by_address;
  std::vector<std::string> m_zones; // lowercase
  std::vector<std::string> m_sorted;
};

// Return the DNS index of `snapshot`, built once and cached in it (src/ad/snapshot_indexes.hpp).
[[nodiscard]] const DnsIndex& dns_index(const Snapshot& snapshot);

} // namespace kerbready
