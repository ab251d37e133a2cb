#include "src/gpo.hpp"

#include "src/util/text.hpp"
#include "src/util/utf16.hpp"

#include <fmt/format.h>

namespace kerbready {

std::vector<GpoRegistryValue>
parse_gpttmpl(std::string_view bytes)
{
  const auto text = util::decode_text_with_bom(bytes);
  std::vector<GpoRegistryValue> values;
  bool in_registry = false;
  for (auto line : util::split(text, '\n')) {
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    line = util::trim(line);
    if (line.empty() || line.front() == ';') {
      continue;
    }
    if (line.front() == '[') {
      in_registry = util::iequals(line, "[Registry Values]");
      continue;
    }
    if (!in_registry) {
      continue;
    }
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) {
      continue;
    }
    const auto rest = line.substr(eq + 1);
    const auto comma = rest.find(',');
    if (comma == std::string_view::npos) {
      continue;
    }
    const auto type = util::parse_int(util::trim(rest.substr(0, comma)));
    if (!type || *type < 0 || *type > 0xFFFF) {
      continue;
    }
    GpoRegistryValue value;
    value.path = std::string(util::trim(line.substr(0, eq)));
    value.type = static_cast<std::uint32_t>(*type);
    value.data = std::string(util::trim(rest.substr(comma + 1)));
    if (!value.path.empty()) {
      values.push_back(std::move(value));
    }
  }
  return values;
}

const GpoRegistryValue*
find_registry_value(const GpoPolicy& policy, std::string_view path)
{
  // Later lines win, as when the template is applied.
  const GpoRegistryValue* found = nullptr;
  for (const auto& value : policy.registry_values) {
    if (util::iequals(value.path, path)) {
      found = &value;
    }
  }
  return found;
}

std::optional<std::uint32_t>
registry_dword(const GpoRegistryValue& value)
{
  if (value.type != 4) {
    return std::nullopt;
  }
  auto data = util::trim(value.data);
  if (data.size() >= 2 && data.front() == '"' && data.back() == '"') {
    data = data.substr(1, data.size() - 2);
  }
  std::optional<std::int64_t> parsed;
  if (util::istarts_with(data, "0x") && data.size() > 2 && data.size() <= 10) {
    std::int64_t v = 0;
    for (const char c : data.substr(2)) {
      int digit = -1;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      }
      if (digit < 0) {
        return std::nullopt;
      }
      v = v * 16 + digit;
    }
    parsed = v;
  } else {
    parsed = util::parse_int(data);
  }
  // DWORDs appear as unsigned (4294967295) or signed (-1) decimal.
  if (!parsed || *parsed < INT32_MIN || *parsed > static_cast<std::int64_t>(UINT32_MAX)) {
    return std::nullopt;
  }
  return static_cast<std::uint32_t>(*parsed);
}

std::string
registry_value_name(std::string_view path)
{
  const auto slash = path.rfind('\\');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string
gpo_label(const GpoPolicy& policy)
{
  return policy.display_name.empty() ? policy.guid : fmt::format("{} {}", policy.display_name, policy.guid);
}

std::vector<AffectedObject>
gpo_affected(const GpoPolicy& policy)
{
  if (policy.dn.empty()) {
    return {};
  }
  return {AffectedObject{policy.dn, policy.display_name, policy.domain}};
}

std::string
gpo_key(const GpoPolicy& policy)
{
  return util::to_lower(policy.guid);
}

} // namespace kerbready
