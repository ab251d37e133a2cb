#include "src/ad/gpo.hpp"

#include "src/util/text.hpp"
#include "src/util/utf16.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kerbready {

namespace {

constexpr std::size_t k_max_line_problems = 3;

bool
has_control_characters(std::string_view text)
{
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t' && c != '\r' && c != '\n') || u == 0x7F;
  });
}

// Return whether `value` is one of the signatures Windows accepts for a security template.
bool
is_template_signature(std::string_view value)
{
  value = util::trim(value);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  return util::iequals(value, "$CHICAGO$") || util::iequals(value, "$Windows NT$");
}

} // namespace

GptTmplFile
read_gpttmpl(std::string_view bytes)
{
  GptTmplFile file;
  auto& problems = file.problems;
  const bool utf16 =
    bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFF && static_cast<unsigned char>(bytes[1]) == 0xFE;
  if (util::trim(bytes).empty()) {
    problems.emplace_back("empty file");
    return file;
  }
  if (utf16 && bytes.size() % 2 != 0) {
    problems.push_back(fmt::format("UTF-16 file of {} bytes: cut inside a character", bytes.size()));
  }
  const auto text = util::decode_text_with_bom(bytes);
  if (!utf16 && !util::is_valid_utf8(text)) {
    problems.emplace_back("neither UTF-16LE with a byte-order mark nor UTF-8 text");
    return file;
  }
  if (has_control_characters(text)) {
    problems.emplace_back("binary content (control characters), not a security template");
    return file;
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    problems.emplace_back("no content after the byte-order mark");
    return file;
  }
  if (text.back() != '\n') {
    problems.emplace_back("the last line has no line end: the file is cut short");
  }
  std::size_t line_problems = 0;
  auto line_problem = [&](std::size_t number, std::string_view what, std::string_view line) {
    if (++line_problems <= k_max_line_problems) {
      problems.push_back(fmt::format("line {}: {}: '{}'", number, what, util::sanitize(line, 80)));
    }
  };
  std::string section;
  bool signed_template = false;
  bool has_revision = false;
  std::size_t number = 0;
  for (auto line : util::split(text, '\n')) {
    ++number;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    line = util::trim(line);
    if (line.empty() || line.front() == ';') {
      continue;
    }
    if (line.front() == '[') {
      if (line.back() != ']') {
        line_problem(number, "section header without ']'", line);
        section.clear();
        continue;
      }
      section = util::to_lower(util::trim(line.substr(1, line.size() - 2)));
      continue;
    }
    const auto eq = line.find('=');
    // Lines without '=' are legal only as the quoted lists of [File Security], [Registry Keys]
    // and [Service General Setting] ("name",mode,"SDDL").
    if (eq == std::string_view::npos && line.front() != '"') {
      line_problem(number, "not a key=value line", line);
      continue;
    }
    if (section == "version" && eq != std::string_view::npos &&
        util::iequals(util::trim(line.substr(0, eq)), "signature") && is_template_signature(line.substr(eq + 1))) {
      signed_template = true;
    }
    if (section == "version" && eq != std::string_view::npos &&
        util::iequals(util::trim(line.substr(0, eq)), "revision")) {
      has_revision = true;
    }
    if (section != "registry values") {
      continue;
    }
    const auto rest = eq == std::string_view::npos ? std::string_view() : line.substr(eq + 1);
    const auto comma = rest.find(',');
    std::optional<std::int64_t> type;
    if (comma != std::string_view::npos) {
      type = util::parse_int(util::trim(rest.substr(0, comma)));
    }
    GpoRegistryValue value;
    value.path = eq == std::string_view::npos ? std::string() : std::string(util::trim(line.substr(0, eq)));
    if (!type || *type < 0 || *type > 0xFFFF || value.path.empty()) {
      line_problem(number, "[Registry Values] entry is not PATH=TYPE,DATA", line);
      continue;
    }
    value.type = static_cast<std::uint32_t>(*type);
    value.data = std::string(util::trim(rest.substr(comma + 1)));
    file.values.push_back(std::move(value));
  }
  if (line_problems > k_max_line_problems) {
    problems.push_back(fmt::format("{} more malformed lines", line_problems - k_max_line_problems));
  }
  if (!signed_template) {
    problems.emplace_back(R"(no [Version] section with signature="$CHICAGO$": not a complete security template)");
  } else if (!has_revision) {
    // Windows writes [Version] last, so a template cut between its lines lacks the Revision.
    problems.emplace_back("[Version] has no Revision line: the file is cut short");
  }
  return file;
}

std::vector<GpoRegistryValue>
parse_gpttmpl(std::string_view bytes)
{
  return read_gpttmpl(bytes).values;
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

std::vector<std::string>
ntlm_exception_entries(std::string_view data)
{
  std::vector<std::string> out;
  for (auto part : util::split(data, ',')) {
    part = util::trim(part);
    if (part.size() >= 2 && part.front() == '"' && part.back() == '"') {
      part = util::trim(part.substr(1, part.size() - 2));
    }
    if (!part.empty()) {
      out.emplace_back(part);
    }
  }
  return out;
}

bool
ntlm_exception_matches(std::string_view entry, std::string_view name)
{
  if (entry.empty() || name.empty()) {
    return false;
  }
  const auto e = util::to_lower(entry);
  const auto n = util::to_lower(name);
  const auto star = e.find('*');
  if (star == std::string::npos) {
    return e == n;
  }
  if (e.find('*', star + 1) != std::string::npos) {
    return false;
  }
  const std::string_view head = std::string_view(e).substr(0, star);
  const std::string_view tail = std::string_view(e).substr(star + 1);
  return n.size() >= head.size() + tail.size() && std::string_view(n).substr(0, head.size()) == head &&
         std::string_view(n).substr(n.size() - tail.size()) == tail;
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
