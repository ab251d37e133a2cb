#pragma once

// msDS-TrustForestTrustInfo values built byte by byte from MS-ADTS 6.1.6.9.3 / 6.1.6.9.3.1, for the
// decoder's and the checks' tests.

#include "src/ad/forest_trust_info.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace kerbready::test {

inline std::string
le32(std::uint32_t v)
{
  std::string out;
  for (int i = 0; i < 4; ++i) {
    out.push_back(static_cast<char>((v >> (8 * i)) & 0xffu));
  }
  return out;
}

inline std::string
le64(std::uint64_t v)
{
  std::string out;
  for (int i = 0; i < 8; ++i) {
    out.push_back(static_cast<char>((v >> (8 * i)) & 0xffu));
  }
  return out;
}

// 2021-01-01T00:00:00Z as a FILETIME (100 ns since 1601-01-01).
inline constexpr std::uint64_t k_ft_2021 = 132539328000000000ULL;

// One record: RecordLen, Flags, Timestamp, RecordType, then `data` as given.
inline std::string
ft_record(std::uint8_t type, std::uint32_t flags, const std::string& data, std::uint64_t timestamp = k_ft_2021)
{
  std::string body = le32(flags) + le64(timestamp) + std::string(1, static_cast<char>(type)) + data;
  return le32(static_cast<std::uint32_t>(body.size())) + body;
}

inline std::string
counted_utf8(const std::string& s)
{
  return le32(static_cast<std::uint32_t>(s.size())) + s;
}

// A top-level name record (type 0) or, with `type` 1, an exclusion.
inline std::string
tln_record(const std::string& name, std::uint32_t flags = 0, std::uint8_t type = forest_trust_record::top_level_name)
{
  return ft_record(type, flags, counted_utf8(name));
}

// The binary SID S-1-5-21-`a`-`b`-`c`.
inline std::string
binary_domain_sid(std::uint32_t a, std::uint32_t b, std::uint32_t c)
{
  std::string sid = {'\x01', '\x04', '\x00', '\x00', '\x00', '\x00', '\x00', '\x05'};
  return sid + le32(21) + le32(a) + le32(b) + le32(c);
}

// A domain info record (type 2).
inline std::string
domain_info_record(const std::string& dns, const std::string& netbios, const std::string& sid, std::uint32_t flags = 0)
{
  return ft_record(forest_trust_record::domain_info, flags,
                   counted_utf8(sid) + counted_utf8(dns) + counted_utf8(netbios));
}

// A whole value: Version 1, RecordCount, the records.
inline std::string
forest_trust_info(const std::vector<std::string>& records, std::uint32_t version = 1)
{
  std::string out = le32(version) + le32(static_cast<std::uint32_t>(records.size()));
  for (const auto& r : records) {
    out += r;
  }
  return out;
}

} // namespace kerbready::test
