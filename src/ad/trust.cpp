#include "src/ad/trust.hpp"

#include "src/util/ad.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace kerbready {

namespace {

constexpr std::array<std::pair<std::uint32_t, const char*>, 15> k_attribute_names = {{
  {0x1, "NON_TRANSITIVE"},
  {0x2, "UPLEVEL_ONLY"},
  {0x4, "QUARANTINED_DOMAIN"},
  {0x8, "FOREST_TRANSITIVE"},
  {0x10, "CROSS_ORGANIZATION"},
  {0x20, "WITHIN_FOREST"},
  {0x40, "TREAT_AS_EXTERNAL"},
  {0x80, "USES_RC4_ENCRYPTION"},
  {0x100, "USES_AES_KEYS"},
  {0x200, "CROSS_ORGANIZATION_NO_TGT_DELEGATION"},
  {0x400, "PIM_TRUST"},
  {0x800, "CROSS_ORGANIZATION_ENABLE_TGT_DELEGATION"},
  {0x1000, "DISABLE_AUTH_TARGET_VALIDATION"},
  {0x400000, "TREE_PARENT"},
  {0x800000, "TREE_ROOT"},
}};

} // namespace

std::string
describe_trust_attributes(std::uint32_t attributes)
{
  std::vector<std::string> names;
  std::uint32_t known = 0;
  for (const auto& [bit, name] : k_attribute_names) {
    known |= bit;
    if ((attributes & bit) != 0) {
      names.emplace_back(name);
    }
  }
  if ((attributes & ~known) != 0) {
    names.push_back(fmt::format("unknown 0x{:x}", attributes & ~known));
  }
  return names.empty() ? fmt::format("0x{:x}", attributes)
                       : fmt::format("0x{:x} ({})", attributes, fmt::join(names, ", "));
}

std::string
describe_trust_type(std::uint32_t type)
{
  switch (type) {
  case trust_type::downlevel:
    return "1 (DOWNLEVEL: Windows NT-style domain, NetBIOS only)";
  case trust_type::uplevel:
    return "2 (UPLEVEL: Active Directory)";
  case trust_type::mit:
    return "3 (MIT: non-Windows Kerberos realm)";
  case trust_type::dce:
    return "4 (DCE)";
  case trust_type::aad:
    return "5 (AAD: Entra ID)";
  default:
    return fmt::format("{} (unknown)", type);
  }
}

std::string
describe_trust_direction(std::uint32_t direction)
{
  switch (direction) {
  case trust_direction::disabled:
    return "0 (disabled)";
  case trust_direction::inbound:
    return "1 (inbound: the partner trusts this domain)";
  case trust_direction::outbound:
    return "2 (outbound: this domain trusts the partner)";
  case trust_direction::bidirectional:
    return "3 (bidirectional)";
  default:
    return fmt::format("{} (unknown)", direction);
  }
}

bool
is_external_trust(const Trust& trust)
{
  if (!trust.trust_type || *trust.trust_type != trust_type::uplevel || !trust.trust_attributes) {
    return false;
  }
  return (*trust.trust_attributes & (trust_attr::within_forest | trust_attr::forest_transitive)) == 0;
}

bool
is_enabled_trust(const Trust& trust)
{
  return trust.trust_direction.value_or(trust_direction::disabled) != trust_direction::disabled;
}

std::string
trust_name(const Trust& trust)
{
  if (!trust.partner.empty()) {
    return trust.partner;
  }
  if (!trust.flat_name.empty()) {
    return trust.flat_name;
  }
  return util::first_rdn_value(trust.dn);
}

AffectedObject
affected(const Trust& trust)
{
  return AffectedObject{trust.dn, trust.flat_name, trust.domain};
}

std::vector<Evidence>
trust_evidence(const Trust& trust)
{
  std::vector<Evidence> out;
  const auto where = fmt::format(" of {}", trust.dn);
  if (trust.trust_type) {
    out.push_back(Evidence{"trustType" + where, describe_trust_type(*trust.trust_type)});
  }
  if (trust.trust_direction) {
    out.push_back(Evidence{"trustDirection" + where, describe_trust_direction(*trust.trust_direction)});
  }
  if (trust.trust_attributes) {
    out.push_back(Evidence{"trustAttributes" + where, describe_trust_attributes(*trust.trust_attributes)});
  }
  return out;
}

Finding
trust_finding(const Trust& trust)
{
  Finding f;
  f.subject = trust_name(trust);
  f.key = util::normalize_dn(trust.dn);
  f.affected.push_back(affected(trust));
  f.evidence = trust_evidence(trust);
  return f;
}

} // namespace kerbready
