#pragma once

// Parsing of the --server value and of ";range=" attribute options. Pure, tested offline.

#include "src/input/entry.hpp"
#include "src/util/error.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kerbready::collect {

// Where to connect: parsed from "HOST", "HOST:PORT" or an ldap:// / ldaps:// URI.
struct Endpoint
{
  std::string host;
  std::uint16_t port = 389;
  bool ldaps = false;

  [[nodiscard]] std::string uri() const;
};

// Parse `text` ("dc1.corp.example", "dc1:3268", "ldaps://dc1.corp.example", "[::1]:389").
[[nodiscard]] expected<Endpoint> parse_endpoint(const std::string& text);

// Return the low bound of the next range to request for an attribute returned as
// "member;range=LOW-HIGH" (HIGH + 1), or nullopt when it was the last range ("-*") or the name has
// no range option.
[[nodiscard]] std::optional<long> next_range_low(std::string_view returned_attribute_name);

// Range retrieval re-queries one attribute of one entry at most this many times. A DC answers with
// MaxValRange values per range (1,500 by default), so this covers the value limit of
// src/input/entry.hpp at any MaxValRange of 210 or more.
inline constexpr std::size_t k_max_range_queries = 20000;

// Return why range retrieval of an attribute must stop before its last range, or nullopt to go on
// and request `next_low`: the DC made no progress (`next_low` not above `requested_low`), `queries`
// re-queries were already made (k_max_range_queries), or the entry already holds `values` values
// (k_max_values_per_record).
[[nodiscard]] std::optional<std::string> range_stop_reason(long requested_low, long next_low, std::size_t queries,
                                                           std::size_t values);

} // namespace kerbready::collect
