#include "src/ad/gpt_ini.hpp"

#include "src/util/text.hpp"
#include "src/util/utf16.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kerbready {

GptIni
read_gpt_ini(std::string_view bytes)
{
  GptIni ini;
  const auto text = util::decode_text_with_bom(bytes);
  if (util::trim(text).empty()) {
    ini.problems.emplace_back("empty file");
    return ini;
  }
  if (!util::is_valid_utf8(text) || std::any_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && c != '\t' && c != '\r' && c != '\n') || u == 0x7F;
      })) {
    ini.problems.emplace_back("binary content, not an INI file");
    return ini;
  }
  std::string section;
  bool general = false;
  for (auto line : util::split(text, '\n')) {
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    line = util::trim(line);
    if (line.empty() || line.front() == ';') {
      continue;
    }
    if (line.front() == '[' && line.back() == ']') {
      section = util::to_lower(util::trim(line.substr(1, line.size() - 2)));
      general = general || section == "general";
      continue;
    }
    const auto eq = line.find('=');
    if (section != "general" || eq == std::string_view::npos ||
        !util::iequals(util::trim(line.substr(0, eq)), "version")) {
      continue;
    }
    const auto value = util::parse_int(util::trim(line.substr(eq + 1)));
    if (!value || *value < 0 || *value > static_cast<std::int64_t>(UINT32_MAX)) {
      ini.problems.push_back(fmt::format("Version is not a number: '{}'", util::sanitize(line, 80)));
      continue;
    }
    ini.version = static_cast<std::uint32_t>(*value);
  }
  if (!ini.version && ini.problems.empty()) {
    ini.problems.emplace_back(general ? "[General] has no Version line" : "no [General] section");
  }
  return ini;
}

} // namespace kerbready
