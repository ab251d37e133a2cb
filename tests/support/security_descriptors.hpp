#pragma once

// Binary self-relative security descriptors for tests (MS-DTYP 2.4.6), as
// msDS-AllowedToActOnBehalfOfOtherIdentity holds them: owner S-1-5-32-544, a DACL of ACEs.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kerbready::test {

inline void
sd_put16(std::string& out, std::uint16_t v)
{
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>(v >> 8));
}

inline void
sd_put32(std::string& out, std::uint32_t v)
{
  sd_put16(out, static_cast<std::uint16_t>(v & 0xFFFF));
  sd_put16(out, static_cast<std::uint16_t>(v >> 16));
}

// Encode textual `sid` ("S-1-5-21-1-2-3-1104") as MS-DTYP 2.4.2.2 bytes.
inline std::string
sid_bytes(std::string_view sid)
{
  std::vector<std::uint64_t> parts;
  std::size_t i = 2; // after "S-"
  while (i < sid.size()) {
    std::uint64_t v = 0;
    while (i < sid.size() && sid[i] != '-') {
      v = v * 10 + static_cast<std::uint64_t>(sid[i] - '0');
      ++i;
    }
    parts.push_back(v);
    ++i;
  }
  std::string out;
  out.push_back(static_cast<char>(parts.at(0)));      // revision
  out.push_back(static_cast<char>(parts.size() - 2)); // sub-authority count
  for (int shift = 40; shift >= 0; shift -= 8) {      // 48-bit big-endian authority
    out.push_back(static_cast<char>((parts.at(1) >> shift) & 0xFF));
  }
  for (std::size_t k = 2; k < parts.size(); ++k) {
    sd_put32(out, static_cast<std::uint32_t>(parts[k]));
  }
  return out;
}

struct TestAce
{
  std::uint8_t type = 0x00; // ACCESS_ALLOWED_ACE_TYPE
  std::string sid;
  std::uint32_t object_flags = 0; // object ACEs: which GUIDs follow
};

// An ACE: header, mask 0xF01FF (GENERIC_ALL as AD writes it for RBCD), then the SID.
inline std::string
ace_bytes(const TestAce& ace)
{
  std::string body;
  sd_put32(body, 0x000F01FF);
  if (ace.type == 0x05 || ace.type == 0x0B) {
    sd_put32(body, ace.object_flags);
    if ((ace.object_flags & 1) != 0) {
      body.append(16, '\x11');
    }
    if ((ace.object_flags & 2) != 0) {
      body.append(16, '\x22');
    }
  }
  body += sid_bytes(ace.sid);
  std::string out;
  out.push_back(static_cast<char>(ace.type));
  out.push_back(0); // flags
  sd_put16(out, static_cast<std::uint16_t>(4 + body.size()));
  return out + body;
}

// A self-relative descriptor: owner BUILTIN\Administrators, then the DACL holding `aces`.
inline std::string
security_descriptor(const std::vector<TestAce>& aces)
{
  const std::string owner = sid_bytes("S-1-5-32-544");
  std::string acl_body;
  for (const auto& ace : aces) {
    acl_body += ace_bytes(ace);
  }
  std::string acl;
  acl.push_back(4); // ACL_REVISION_DS
  acl.push_back(0);
  sd_put16(acl, static_cast<std::uint16_t>(8 + acl_body.size()));
  sd_put16(acl, static_cast<std::uint16_t>(aces.size()));
  sd_put16(acl, 0);
  acl += acl_body;
  std::string sd;
  sd.push_back(1); // revision
  sd.push_back(0);
  sd_put16(sd, 0x8004); // SE_SELF_RELATIVE | SE_DACL_PRESENT
  sd_put32(sd, 20);     // owner right after the header
  sd_put32(sd, 0);      // no group
  sd_put32(sd, 0);      // no SACL
  sd_put32(sd, static_cast<std::uint32_t>(20 + owner.size()));
  return sd + owner + acl;
}

// A descriptor whose DACL allows each of `sids` (one ACCESS_ALLOWED_ACE each).
inline std::string
allowing(const std::vector<std::string>& sids)
{
  std::vector<TestAce> aces;
  for (const auto& sid : sids) {
    aces.push_back(TestAce{0x00, sid, 0});
  }
  return security_descriptor(aces);
}

} // namespace kerbready::test
