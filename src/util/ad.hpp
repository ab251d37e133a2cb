#pragma once

// Decoders for Active Directory value formats: DNs, SIDs and time stamps.

#include "src/util/error.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace kerbready::util {

struct Rdn
{
  std::string type;  // attribute type as written, e.g. "CN"
  std::string value; // unescaped value
};

// Split `dn` (RFC 4514, with backslash and hex escapes) into its RDNs, leftmost first. Multi-valued
// RDNs (a+b) are kept as one value. Returns an error for a dangling escape or an RDN without '='.
[[nodiscard]] expected<std::vector<Rdn>> parse_dn(std::string_view dn);

// Return a canonical lowercase form of `dn` for comparisons ("cn=a,dc=x"); `dn` itself when it does
// not parse.
[[nodiscard]] std::string normalize_dn(std::string_view dn);

// normalize_dn(dn) into `out` (replacing its contents): with a buffer reused across calls, no
// allocation for most DNs.
void normalize_dn_into(std::string& out, std::string_view dn);

// Return the DNS name of the naming context holding `dn`, from its trailing DC= components
// ("CN=x,DC=corp,DC=example" -> "corp.example"). DomainDnsZones/ForestDnsZones are skipped, so DNS
// partition objects belong to their domain. Empty when `dn` has no DC= components.
[[nodiscard]] std::string domain_of_dn(std::string_view dn);

// The same two, for a DN already split by parse_dn (saves parsing it again).
[[nodiscard]] std::string normalize_dn(const std::vector<Rdn>& rdns);
[[nodiscard]] std::string domain_of_dn(const std::vector<Rdn>& rdns);

// Return the value of the leftmost RDN of `dn`, or empty.
[[nodiscard]] std::string first_rdn_value(std::string_view dn);

// Decode a binary objectSid/securityIdentifier (MS-DTYP 2.4.2.2) to S-1-5-21-... text.
// A textual SID (some tools write the string form) is accepted and returned as is.
[[nodiscard]] expected<std::string> decode_sid(std::string_view bytes);

// Return the last sub-authority (the RID) of textual `sid`, or nullopt.
[[nodiscard]] std::optional<std::uint32_t> sid_rid(std::string_view sid);

// Return textual `sid` without its RID ("S-1-5-21-1-2-3-500" -> "S-1-5-21-1-2-3").
[[nodiscard]] std::string sid_domain_part(std::string_view sid);

// Parse an LDAP GeneralizedTime ("20240101120000.0Z") to seconds since the Unix epoch (UTC).
[[nodiscard]] std::optional<std::int64_t> parse_generalized_time(std::string_view s);

// Convert a Windows FILETIME (100 ns intervals since 1601) to Unix seconds; nullopt for 0 and
// "never" (0x7FFFFFFFFFFFFFFF).
[[nodiscard]] std::optional<std::int64_t> filetime_to_unix(std::int64_t filetime);

// Return the days since 1970-01-01 of the proleptic Gregorian date `y`-`m`-`d` (Howard Hinnant's
// days_from_civil; no time zone involved).
[[nodiscard]] std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);

// Format Unix seconds as ISO 8601 UTC ("2024-01-01T12:00:00Z").
[[nodiscard]] std::string format_iso8601(std::int64_t unix_seconds);

// Parse what format_iso8601 writes ("2024-01-01T12:00:00Z", UTC only) to Unix seconds; nullopt for
// anything else (no offsets, no fractions: the snapshot header and --reference-time use this form).
[[nodiscard]] std::optional<std::int64_t> parse_iso8601(std::string_view s);

// Return the scanned domain (lowercase, one of `domains`, which are lowercase) whose DNS name
// `host` is in, the longest match; empty when none.
[[nodiscard]] std::string domain_of_host(std::string_view host, const std::set<std::string>& domains);

} // namespace kerbready::util
