#pragma once

// Kerberos encryption types (msDS-SupportedEncryptionTypes bits, MS-KILE 2.2.7) and the "does this
// account probably have AES keys" heuristic the encryption and Protected Users checks share.

#include "src/model/snapshot.hpp"

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

// The date from which a domain made AES keys at every password change. AES keys
// (Primary:Kerberos-Newer-Keys) are only made while the domain functional level is 2008 or above
// (MS-SAMR 3.1.1.8.11.6), and the directory does not record when the level was raised, so the
// date is the best evidence the snapshot holds:
// - the domain object's whenCreated, when the domain's RID-521 group (Read-only Domain
//   Controllers) was created within k_same_promotion_seconds of it: the domain was born by a
//   2008-or-later DC and makes AES keys from its creation (dcpromo sets krbtgt's password a moment
//   before it creates that group, so the group's own date would call krbtgt pre-AES);
// - otherwise the RID-521 group's whenCreated: the domain is older and the group appeared when it
//   was prepared for 2008 (the PingCastle and RC4-ADAssessment threshold). A heuristic: it dates
//   the preparation, not the raise of the functional level.
// Passwords set before the domain existed (the built-in Administrator carried over from the
// first DC's local SAM, image-build accounts) have no AES keys under either rule.
struct AesThreshold
{
  std::optional<std::int64_t> since; // Unix seconds; nullopt = the group or its whenCreated was not read
  std::string source_dn;             // the object whose whenCreated is `since`
  std::string basis;                 // why that date, for the evidence
};

// Return the evidence label for `threshold`: "whenCreated of DN (why that date)".
[[nodiscard]] std::string aes_threshold_label(const AesThreshold& threshold);

// How close (seconds) the RID-521 group's creation must be to the domain's for both to count as
// one promotion. dcpromo creates them within minutes; a domain raised to 2008 later is years apart.
inline constexpr std::int64_t k_same_promotion_seconds = 86400;

// Return the AES threshold of `domain` (DNS name) in `snapshot`.
[[nodiscard]] AesThreshold aes_threshold(const Snapshot& snapshot, std::string_view domain);

enum class AesKeys { probably_present, probably_missing, unknown };

// Return whether `account` probably has AES keys: missing when its password was last set before
// `threshold`, unknown when either date is missing.
[[nodiscard]] AesKeys aes_keys(const Account& account, const AesThreshold& threshold);

enum class KrbtgtKind {
  none,
  domain, // "krbtgt": encrypts the domain's TGTs
  rodc,   // "krbtgt_NNNNN": one read-only DC's TGTs (MS-ADTS 3.1.1.9.2 msDS-KrbTgtLink)
  entra,  // "krbtgt_AzureAD": the Microsoft Entra Kerberos server object's key, rotated with
          // Set-AzureADKerberosServer -RotateServerKey, never by resetting the password
};

// Return which krbtgt account `account` is, by sAMAccountName.
[[nodiscard]] KrbtgtKind krbtgt_kind(const Account& account);

// Return whether `account` is a krbtgt account of any kind (krbtgt_kind() != none).
[[nodiscard]] bool is_krbtgt_account(const Account& account);

// Days after creation during which a computer that never logged on counts as freshly pre-created.
inline constexpr std::int64_t k_fresh_computer_days = 30;

// Return whether `account` is a pre-created computer that has not joined yet (no lastLogonTimestamp,
// created less than k_fresh_computer_days before `reference_time`): Windows writes its
// msDS-SupportedEncryptionTypes at the first policy refresh, so an empty value is expected
// (PingCastle #358: offline domain join, Autopilot).
[[nodiscard]] bool is_fresh_precreated_computer(const Account& account, std::int64_t reference_time);

} // namespace kerbready
