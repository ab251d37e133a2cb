#include "src/cli/config_file.hpp"

#include "src/triage/suppressions.hpp"
#include "src/util/error.hpp"
#include "src/util/input_guard.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <string_view>

namespace kerbready::cli {

namespace {

constexpr std::string_view k_option = "--config";
constexpr std::string_view k_extras = "INI was not able to parse ";

class BomTolerantConfig : public CLI::ConfigTOML
{
public:
  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override
  {
    std::string text((std::istreambuf_iterator<char>(input)), std::istreambuf_iterator<char>());
    if (util::starts_with_utf8_bom(text)) {
      text.erase(0, 3);
    }
    std::istringstream stripped(text);
    return CLI::ConfigTOML::from_config(stripped);
  }
};

std::string
read_whole(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Fatal(fmt::format("--config {}: cannot open for reading", path), ExitStatus::usage);
  }
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string
unquote(std::string_view s)
{
  s = util::trim(s);
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) {
    s = s.substr(1, s.size() - 2);
  }
  return std::string(s);
}

// The line of `text` that sets `key` in the section `section` ("" for the top level), or 0.
std::size_t
find_key_line(std::string_view text, std::string_view section, std::string_view key)
{
  std::string current;
  std::size_t number = 0;
  for (auto line : util::split(text, '\n')) {
    ++number;
    line = util::trim(line);
    if (!line.empty() && line.back() == '\r') {
      line = util::trim(line.substr(0, line.size() - 1));
    }
    if (line.size() >= 2 && line.front() == '[' && line.back() == ']') {
      current = unquote(line.substr(1, line.size() - 2));
      continue;
    }
    const auto eq = line.find('=');
    const auto name = unquote(line.substr(0, eq));
    if (current == section && name == key) {
      return number;
    }
    // "scan.key = …" at the top level.
    if (current.empty() && !section.empty() && name == fmt::format("{}.{}", section, key)) {
      return number;
    }
  }
  return 0;
}

} // namespace

std::vector<std::string>
check_config_files(int argc, const char* const* argv)
{
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") {
      break;
    }
    if (arg == k_option && i + 1 < argc) {
      files.emplace_back(argv[++i]);
    } else if (arg.size() > k_option.size() + 1 && arg.substr(0, k_option.size() + 1) == "--config=") {
      files.emplace_back(arg.substr(k_option.size() + 1));
    }
  }
  for (const auto& file : files) {
    util::require_regular_file(file, k_option);
    if (auto problem = triage::check_toml(read_whole(file), file)) {
      throw Fatal(*problem, ExitStatus::usage);
    }
  }
  return files;
}

std::shared_ptr<CLI::Config>
make_config_reader()
{
  return std::make_shared<BomTolerantConfig>();
}

std::string
describe_config_error(const std::string& what, const std::vector<std::string>& files)
{
  const auto at = what.find(k_extras);
  if (at == std::string::npos) {
    return what;
  }
  const std::string full = what.substr(at + k_extras.size());
  const auto dot = full.rfind('.');
  const std::string section = dot == std::string::npos ? std::string() : full.substr(0, dot);
  const std::string key = dot == std::string::npos ? full : full.substr(dot + 1);
  const auto known = section.empty() ? std::string("no section: options belong in [scan]")
                                     : fmt::format("see kerbready {} --help", util::sanitize(section, 60));
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (const auto line = find_key_line(text, section, key); line > 0) {
      return fmt::format("{}:{}: unknown option '{}' ({})", file, line, util::sanitize(key, 60), known);
    }
  }
  const auto file = files.empty() ? std::string("--config") : files.front();
  return fmt::format("{}: unknown option '{}' ({})", file, util::sanitize(full, 60), known);
}

} // namespace kerbready::cli
