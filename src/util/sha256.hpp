#pragma once

// SHA-256 (FIPS 180-4), for the digests of the SYSVOL files saved beside a snapshot. Pure; no
// crypto library is linked into kr_util.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace kerbready::util {

// Return the SHA-256 digest of `bytes`.
[[nodiscard]] std::array<std::uint8_t, 32> sha256(std::string_view bytes);

// Return the SHA-256 digest of `bytes` as 64 lowercase hex digits.
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

} // namespace kerbready::util
