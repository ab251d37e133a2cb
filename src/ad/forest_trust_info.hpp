#pragma once

// msDS-TrustForestTrustInfo: the name-suffix routing table of a forest trust (MS-ADTS 6.1.6.9.3
// "msDS-TrustForestTrustInfo Attribute" and 6.1.6.9.3.1 "Record"; the same blob is MS-DRSR 5.64
// FOREST_TRUST_INFORMATION). Flag values: MS-LSAD 2.2.1.5 "LSA Trust Record Flags"; record types:
// MS-LSAD 2.2.7.22 LSA_FOREST_TRUST_RECORD_TYPE.
//
// Layout (all fields little-endian, records not aligned): Version (4 bytes, must be 1),
// RecordCount (4), then each record: RecordLen (4, the record's length without RecordLen itself),
// Flags (4), Timestamp (8, FILETIME), RecordType (1), ForestTrustData. Top-level names and
// exclusions (types 0, 1) hold a counted UTF-8 string (4-byte length, then the bytes); a domain
// info record (type 2) holds a counted SID (4-byte length, then the binary SID), the counted DNS
// name and the counted NetBIOS name. Other types (binary data, scanner info) are kept opaque.
//
// The value is untrusted bytes: every length is checked against what is left of its record and of
// the value, and the record count against the smallest possible record, so a count of 2^32-1 or a
// length past the end is an error, never a large allocation or a read out of bounds.

#include "src/model/snapshot.hpp"
#include "src/util/error.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kerbready {

namespace forest_trust_record {
inline constexpr std::uint8_t top_level_name = 0;           // ForestTrustTopLevelName
inline constexpr std::uint8_t top_level_name_exclusion = 1; // ForestTrustTopLevelNameEx
inline constexpr std::uint8_t domain_info = 2;              // ForestTrustDomainInfo
inline constexpr std::uint8_t binary_info = 3;              // ForestTrustBinaryInfo
inline constexpr std::uint8_t scanner_info = 4;             // ForestTrustScannerInfo
} // namespace forest_trust_record

// Flags of top-level name records (types 0 and 1).
namespace tln_flag {
inline constexpr std::uint32_t disabled_new = 0x1;      // LSA_TLN_DISABLED_NEW: not yet enabled
inline constexpr std::uint32_t disabled_admin = 0x2;    // LSA_TLN_DISABLED_ADMIN
inline constexpr std::uint32_t disabled_conflict = 0x4; // LSA_TLN_DISABLED_CONFLICT
inline constexpr std::uint32_t disabled_mask = 0x7;
} // namespace tln_flag

// Flags of domain info records (type 2).
namespace domain_info_flag {
inline constexpr std::uint32_t sid_disabled_admin = 0x1;    // LSA_SID_DISABLED_ADMIN
inline constexpr std::uint32_t sid_disabled_conflict = 0x2; // LSA_SID_DISABLED_CONFLICT
inline constexpr std::uint32_t nb_disabled_admin = 0x4;     // LSA_NB_DISABLED_ADMIN
inline constexpr std::uint32_t nb_disabled_conflict = 0x8;  // LSA_NB_DISABLED_CONFLICT
} // namespace domain_info_flag

// Decode msDS-TrustForestTrustInfo `bytes` into its records, in the order written. Returns an
// error that says what is wrong (cut short, a version other than 1, a record count the value
// cannot hold, a length past its record, a name that is not UTF-8, bytes after the last record).
[[nodiscard]] expected<std::vector<ForestTrustRecord>> parse_forest_trust_info(std::string_view bytes);

// Return "LSA_TLN_DISABLED_NEW, LSA_TLN_DISABLED_ADMIN" for the flags of a top-level name record
// (types 0 and 1), or "enabled" when none is set.
[[nodiscard]] std::string describe_tln_flags(std::uint32_t flags);

// Return "LSA_SID_DISABLED_ADMIN, LSA_NB_DISABLED_CONFLICT" for the flags of a domain info record,
// or "enabled" when none is set.
[[nodiscard]] std::string describe_domain_info_flags(std::uint32_t flags);

// Return whether DNS name `name` is `suffix` or under it ("a.b.example.com" is under
// "example.com"), case-insensitively, ignoring one trailing dot on either.
[[nodiscard]] bool dns_name_is_under(std::string_view name, std::string_view suffix);

// How a forest trust routes a name: to the trusted forest when an enabled top-level name covers it
// and no enabled exclusion record does. A disabled top-level name (new, admin or conflict) routes
// nothing.
enum class NameRouting {
  routed,   // an enabled top-level name covers it, no enabled exclusion does
  excluded, // an enabled exclusion record covers it
  disabled, // only disabled top-level names cover it
  missing,  // no top-level name covers it
};

struct RoutingAnswer
{
  NameRouting routing = NameRouting::missing;
  const ForestTrustRecord* record = nullptr; // the exclusion or disabled top-level name that decided
};

// Return how the records `info` route DNS name `name`.
[[nodiscard]] RoutingAnswer route_name(const std::vector<ForestTrustRecord>& info, std::string_view name);

} // namespace kerbready
