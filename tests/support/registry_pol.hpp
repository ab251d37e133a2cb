#pragma once

// Registry.pol (PReg) bytes for tests: entries built as MS-GPREG 2.2.1 lays them out.

#include <cstdint>
#include <string>

namespace kerbready::test {

// Return `ascii` as UTF-16LE, with a terminating NUL when `nul`.
inline std::string
pol_utf16(const std::string& ascii, bool nul = true)
{
  std::string out;
  for (const char c : ascii) {
    out += c;
    out += '\0';
  }
  if (nul) {
    out += std::string(2, '\0');
  }
  return out;
}

inline std::string
pol_u32(std::uint32_t v)
{
  std::string out;
  for (int i = 0; i < 4; ++i) {
    out += static_cast<char>((v >> (8 * i)) & 0xFF);
  }
  return out;
}

// Return the "PReg" header, version 1.
inline std::string
pol_header()
{
  return "PReg" + pol_u32(1);
}

// Return one entry [key;value;type;size;data].
inline std::string
pol_entry(const std::string& key, const std::string& value, std::uint32_t type, const std::string& data)
{
  return pol_utf16("[", false) + pol_utf16(key) + pol_utf16(";", false) + pol_utf16(value) + pol_utf16(";", false) +
         pol_u32(type) + pol_utf16(";", false) + pol_u32(static_cast<std::uint32_t>(data.size())) +
         pol_utf16(";", false) + data + pol_utf16("]", false);
}

// Return a REG_DWORD entry.
inline std::string
pol_dword(const std::string& key, const std::string& value, std::uint32_t data)
{
  return pol_entry(key, value, 4, pol_u32(data));
}

} // namespace kerbready::test
