#pragma once

// Binary self-relative security descriptors (MS-DTYP 2.4.6 SECURITY_DESCRIPTOR, 2.4.5 ACL, 2.4.4
// ACEs), as msDS-AllowedToActOnBehalfOfOtherIdentity holds them (resource-based constrained
// delegation, MS-ADA2 2.218; MS-SFU 3.2.5.2.3: the KDC allows S4U2Proxy to a service whose
// descriptor grants the front-end's SID). The bytes are untrusted (anyone allowed to write the
// attribute chooses them): every offset, size and count is checked against the value's length, and
// a value that does not hold together is refused with the reason, never read past its end.

#include "src/util/error.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kerbready {

// ACE types that grant (MS-DTYP 2.4.4.1): ACCESS_ALLOWED_ACE, ACCESS_ALLOWED_OBJECT_ACE and their
// callback forms. Every other type (deny, audit, alarm) is read over and never grants.
namespace ace_type {
inline constexpr std::uint8_t access_allowed = 0x00;
inline constexpr std::uint8_t access_denied = 0x01;
inline constexpr std::uint8_t access_allowed_object = 0x05;
inline constexpr std::uint8_t access_allowed_callback = 0x09;
inline constexpr std::uint8_t access_allowed_callback_object = 0x0B;
} // namespace ace_type

// What the DACL of a descriptor says, in ACE order.
struct DaclGrants
{
  bool dacl_present = false;        // SE_DACL_PRESENT with a DACL offset; false: no DACL (grants nothing here)
  std::vector<std::string> allowed; // SIDs of allow ACEs ("S-1-5-21-..."), in order, without repeats
  std::vector<std::string> denied;  // SIDs of ACCESS_DENIED ACEs, in order, without repeats
};

// At most this many ACEs are read; AceCount above it is an error (an ACL is at most 64 KiB, and an
// ACE at least 16 bytes, so no genuine DACL comes near it).
inline constexpr std::size_t k_max_aces = 4096;

// Decode the self-relative descriptor `bytes` and return the SIDs its DACL allows and denies. An
// error names what does not hold together (cut short, an offset or size past the end, an ACE count
// larger than the ACL, a malformed SID).
[[nodiscard]] expected<DaclGrants> parse_dacl_grants(std::string_view bytes);

} // namespace kerbready
