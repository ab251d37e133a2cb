#pragma once

// Ordering of DNS SRV records (RFC 2782): lowest priority first, and within one priority a
// weighted random order. Pure, so it is tested offline; the lookup itself is in dc_locator.

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace kerbready::collect {

struct SrvRecord
{
  std::string target; // host name, without the trailing dot
  std::uint16_t port = 0;
  std::uint16_t priority = 0;
  std::uint16_t weight = 0;
};

// Return `records` in the order a client should try them. Records whose target is "." (the
// service is decidedly not available) are dropped.
[[nodiscard]] std::vector<SrvRecord> order_srv_records(std::vector<SrvRecord> records, std::mt19937& rng);

} // namespace kerbready::collect
