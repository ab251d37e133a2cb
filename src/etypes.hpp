#pragma once

// Kerberos encryption types (msDS-SupportedEncryptionTypes bits, MS-KILE 2.2.7) and the "does this
// account probably have AES keys" heuristic the encryption and Protected Users checks share.

#include "src/snapshot.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kerbready {

namespace etype {
inline constexpr std::uint32_t des_cbc_crc = 0x1;
inline constexpr std::uint32_t des_cbc_md5 = 0x2;
inline constexpr std::uint32_t rc4_hmac = 0x4;
inline constexpr std::uint32_t aes128 = 0x8;
inline constexpr std::uint32_t aes256 = 0x10;
inline constexpr std::uint32_t aes256_sk = 0x20;
inline constexpr std::uint32_t des = des_cbc_crc | des_cbc_md5;
inline constexpr std::uint32_t aes = aes128 | aes256;
inline constexpr std::uint32_t ciphers = des | rc4_hmac | aes;
} // namespace etype

// Return "0x4 (RC4-HMAC)" for an msDS-SupportedEncryptionTypes or policy `value`.
[[nodiscard]] std::string describe_etypes(std::uint32_t value);

// Return whether `value` names at least one cipher and all of them are DES.
[[nodiscard]] bool is_des_only(std::uint32_t value);

// Return whether `value` names RC4 and no AES (DES may be present too).
[[nodiscard]] bool is_rc4_without_aes(std::uint32_t value);

// The date from which a domain made AES keys at every password change: the whenCreated of its
// RID-521 group (Read-only Domain Controllers, created when the domain reached the 2008 level).
// PingCastle and RC4-ADAssessment use the same threshold. A heuristic: it dates the schema
// preparation, not each DC's upgrade.
struct AesThreshold
{
  std::optional<std::int64_t> since; // Unix seconds; nullopt = the group or its whenCreated was not read
  std::string group_dn;
};

// Return the AES threshold of `domain` (DNS name) in `snapshot`.
[[nodiscard]] AesThreshold aes_threshold(const Snapshot& snapshot, std::string_view domain);

enum class AesKeys { probably_present, probably_missing, unknown };

// Return whether `account` probably has AES keys: missing when its password was last set before
// `threshold`, unknown when either date is missing.
[[nodiscard]] AesKeys aes_keys(const Account& account, const AesThreshold& threshold);

// Return whether `account` is a krbtgt account: "krbtgt", or an RODC's "krbtgt_NNNNN".
[[nodiscard]] bool is_krbtgt_account(const Account& account);

// Days after creation during which a computer that never logged on counts as freshly pre-created.
inline constexpr std::int64_t k_fresh_computer_days = 30;

// Return whether `account` is a pre-created computer that has not joined yet (no lastLogonTimestamp,
// created less than k_fresh_computer_days before `reference_time`): Windows writes its
// msDS-SupportedEncryptionTypes at the first policy refresh, so an empty value is expected
// (PingCastle #358: offline domain join, Autopilot).
[[nodiscard]] bool is_fresh_precreated_computer(const Account& account, std::int64_t reference_time);

} // namespace kerbready
