#pragma once

// Parsing of the --server value and of ";range=" attribute options. Pure, tested offline.

#include "src/error.hpp"

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

} // namespace kerbready::collect
