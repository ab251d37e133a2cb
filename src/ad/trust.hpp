#pragma once

// trustedDomain (TDO) values: bit and enum names from MS-ADTS 6.1.6.7.9 (trustAttributes),
// 6.1.6.7.15 (trustType) and 6.1.6.7.12 (trustDirection), and helpers the trust checks share.

#include "src/model/check.hpp"
#include "src/model/snapshot.hpp"

#include <cstdint>
#include <string>

namespace kerbready {

namespace trust_attr {
inline constexpr std::uint32_t non_transitive = 0x1;
inline constexpr std::uint32_t uplevel_only = 0x2;
inline constexpr std::uint32_t quarantined_domain = 0x4; // SID filtering
inline constexpr std::uint32_t forest_transitive = 0x8;
inline constexpr std::uint32_t cross_organization = 0x10; // selective authentication
inline constexpr std::uint32_t within_forest = 0x20;
inline constexpr std::uint32_t treat_as_external = 0x40;
inline constexpr std::uint32_t uses_rc4_encryption = 0x80;
inline constexpr std::uint32_t uses_aes_keys = 0x100;
inline constexpr std::uint32_t cross_organization_no_tgt_delegation = 0x200;
inline constexpr std::uint32_t pim_trust = 0x400;
inline constexpr std::uint32_t cross_organization_enable_tgt_delegation = 0x800;
} // namespace trust_attr

namespace trust_type {
inline constexpr std::uint32_t downlevel = 1;
inline constexpr std::uint32_t uplevel = 2;
inline constexpr std::uint32_t mit = 3;
inline constexpr std::uint32_t dce = 4;
inline constexpr std::uint32_t aad = 5;
} // namespace trust_type

namespace trust_direction {
inline constexpr std::uint32_t disabled = 0;
inline constexpr std::uint32_t inbound = 1;
inline constexpr std::uint32_t outbound = 2;
inline constexpr std::uint32_t bidirectional = 3;
} // namespace trust_direction

// Return "0x24 (QUARANTINED_DOMAIN, WITHIN_FOREST)" for `attributes`.
[[nodiscard]] std::string describe_trust_attributes(std::uint32_t attributes);

// Return "2 (UPLEVEL)" for `type`.
[[nodiscard]] std::string describe_trust_type(std::uint32_t type);

// Return "3 (bidirectional)" for `direction`.
[[nodiscard]] std::string describe_trust_direction(std::uint32_t direction);

// Return whether `trust` is an external trust: uplevel (AD) and neither within the forest nor
// forest-transitive (SharpHound's inference; "external" has no bit of its own).
[[nodiscard]] bool is_external_trust(const Trust& trust);

// Return whether `trust` is enabled (trustDirection present and not 0).
[[nodiscard]] bool is_enabled_trust(const Trust& trust);

// Return the name to show for `trust`: its trustPartner, else flatName, else the RDN.
[[nodiscard]] std::string trust_name(const Trust& trust);

// Return the finding every TRUST-* check starts from: subject the partner's name (trust_name), key
// the TDO's normalised DN, the TDO as affected object, and trust_evidence() as evidence.
[[nodiscard]] Finding trust_finding(const Trust& trust);

// Return an AffectedObject for the TDO `trust`.
[[nodiscard]] AffectedObject affected(const Trust& trust);

// Return trustType, trustDirection and trustAttributes of `trust` as evidence lines (present ones).
[[nodiscard]] std::vector<Evidence> trust_evidence(const Trust& trust);

} // namespace kerbready
