#include "src/ad/security_descriptor.hpp"

#include "src/util/ad.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kerbready {

namespace {

constexpr std::uint16_t k_se_dacl_present = 0x0004;
constexpr std::uint16_t k_se_self_relative = 0x8000;
constexpr std::size_t k_header_size = 20; // Revision, Sbz1, Control, four offsets
constexpr std::size_t k_acl_header_size = 8;
constexpr std::size_t k_ace_header_size = 4;
constexpr std::uint32_t k_object_type_present = 0x1;
constexpr std::uint32_t k_inherited_object_type_present = 0x2;

std::uint16_t
u16(std::string_view b, std::size_t at)
{
  return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) | (static_cast<unsigned char>(b[at + 1]) << 8));
}

std::uint32_t
u32(std::string_view b, std::size_t at)
{
  return static_cast<std::uint32_t>(u16(b, at)) | (static_cast<std::uint32_t>(u16(b, at + 2)) << 16);
}

// Decode the SID at the start of `bytes` (which may run on past it); its length comes from its own
// SubAuthorityCount.
expected<std::string>
sid_at(std::string_view bytes)
{
  if (bytes.size() < 8) {
    return unexpected(fmt::format("SID cut short ({} bytes, at least 8 needed)", bytes.size()));
  }
  const auto count = static_cast<unsigned char>(bytes[1]);
  const std::size_t size = 8 + 4 * static_cast<std::size_t>(count);
  if (count > 15 || size > bytes.size()) {
    return unexpected(
      fmt::format("SID claims {} sub-authorities, more than the {} bytes left hold", count, bytes.size()));
  }
  return util::decode_sid(bytes.substr(0, size));
}

void
add_unique(std::vector<std::string>& list, std::string sid)
{
  if (std::find(list.begin(), list.end(), sid) == list.end()) {
    list.push_back(std::move(sid));
  }
}

} // namespace

expected<DaclGrants>
parse_dacl_grants(std::string_view bytes)
{
  if (bytes.size() < k_header_size) {
    return unexpected(
      fmt::format("security descriptor cut short ({} bytes, the header needs {})", bytes.size(), k_header_size));
  }
  if (static_cast<unsigned char>(bytes[0]) != 1) {
    return unexpected(fmt::format("security descriptor revision {} is not 1", static_cast<unsigned char>(bytes[0])));
  }
  const auto control = u16(bytes, 2);
  if ((control & k_se_self_relative) == 0) {
    return unexpected(std::string("security descriptor is not self-relative (SE_SELF_RELATIVE unset)"));
  }
  DaclGrants grants;
  const auto dacl_offset = u32(bytes, 16);
  if ((control & k_se_dacl_present) == 0 || dacl_offset == 0) {
    return grants; // no DACL: nothing is granted through it
  }
  if (dacl_offset < k_header_size || dacl_offset > bytes.size() || bytes.size() - dacl_offset < k_acl_header_size) {
    return unexpected(
      fmt::format("DACL offset {} lies outside the {} bytes of the descriptor", dacl_offset, bytes.size()));
  }
  grants.dacl_present = true;
  const auto acl = bytes.substr(dacl_offset);
  const auto acl_revision = static_cast<unsigned char>(acl[0]);
  if (acl_revision != 2 && acl_revision != 4) {
    return unexpected(fmt::format("DACL revision {} is neither 2 nor 4", acl_revision));
  }
  const std::size_t acl_size = u16(acl, 2);
  const std::size_t ace_count = u16(acl, 4);
  if (acl_size < k_acl_header_size || acl_size > acl.size()) {
    return unexpected(fmt::format("DACL size {} does not fit the {} bytes after its offset", acl_size, acl.size()));
  }
  if (ace_count > k_max_aces || ace_count * (k_ace_header_size + 4) > acl_size - k_acl_header_size) {
    return unexpected(fmt::format("DACL claims {} ACEs, more than its {} bytes hold", ace_count, acl_size));
  }
  std::size_t at = k_acl_header_size;
  for (std::size_t i = 0; i < ace_count; ++i) {
    if (acl_size - at < k_ace_header_size) {
      return unexpected(fmt::format("ACE {} of {} starts past the end of the DACL", i + 1, ace_count));
    }
    const auto type = static_cast<std::uint8_t>(acl[at]);
    const std::size_t ace_size = u16(acl, at + 2);
    if (ace_size < k_ace_header_size + 4 || ace_size > acl_size - at) {
      return unexpected(
        fmt::format("ACE {} of {} has size {}, outside the DACL's {} bytes", i + 1, ace_count, ace_size, acl_size));
    }
    const auto body = acl.substr(at + k_ace_header_size, ace_size - k_ace_header_size); // Mask first
    std::size_t sid_start = 4;
    const bool object_ace = type == ace_type::access_allowed_object || type == ace_type::access_allowed_callback_object;
    const bool grants_access =
      type == ace_type::access_allowed || type == ace_type::access_allowed_callback || object_ace;
    if (object_ace) {
      if (body.size() < 8) {
        return unexpected(fmt::format("object ACE {} of {} cut short", i + 1, ace_count));
      }
      const auto flags = u32(body, 4);
      sid_start =
        8 + ((flags & k_object_type_present) != 0 ? 16 : 0) + ((flags & k_inherited_object_type_present) != 0 ? 16 : 0);
    }
    if (grants_access || type == ace_type::access_denied) {
      if (sid_start > body.size()) {
        return unexpected(fmt::format("ACE {} of {} ends before its SID", i + 1, ace_count));
      }
      auto sid = sid_at(body.substr(sid_start));
      if (!sid) {
        return unexpected(fmt::format("ACE {} of {}: {}", i + 1, ace_count, sid.error()));
      }
      add_unique(grants_access ? grants.allowed : grants.denied, std::move(*sid));
    }
    at += ace_size;
  }
  return grants;
}

} // namespace kerbready
