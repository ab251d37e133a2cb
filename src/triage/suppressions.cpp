#include "src/triage/suppressions.hpp"

#include "src/model/check.hpp"
#include "src/util/input_guard.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <toml.hpp>

namespace kerbready::triage {

namespace {

class SuppressionError : public std::runtime_error
{
public:
  SuppressionError(std::size_t line, const std::string& what) : std::runtime_error(what), m_line(line) {}

  [[nodiscard]] std::size_t line() const { return m_line; }

private:
  std::size_t m_line;
};

std::size_t
line_of(const toml::value& v)
{
  return v.location().line();
}

// Whether the glob `pattern` matches every subject (or every subject but the shortest): it is made
// only of wildcards and has a '*'. "*", "**", "*?", "?*" and "?**?" all are.
bool
matches_everything(std::string_view pattern)
{
  return pattern.find('*') != std::string_view::npos && pattern.find_first_not_of("*?") == std::string_view::npos;
}

std::string
string_field(const toml::value& table, const std::string& key)
{
  if (!table.contains(key)) {
    return {};
  }
  const auto& v = table.at(key);
  if (!v.is_string()) {
    throw SuppressionError(line_of(v), fmt::format("\"{}\" must be a string", key));
  }
  return v.as_string().str;
}

Suppression
convert(const toml::value& table, std::size_t index, const std::string& name)
{
  static const std::set<std::string> k_keys = {"id", "check", "subject", "reason", "owner", "expires"};
  const auto line = line_of(table);
  if (!table.is_table()) {
    throw SuppressionError(line, "each suppression must be a table ([[suppression]])");
  }
  for (const auto& [key, value] : table.as_table()) {
    if (k_keys.count(key) == 0) {
      throw SuppressionError(line_of(value), fmt::format("unknown key \"{}\" (expected id, check, subject, reason, "
                                                         "owner, expires)",
                                                         util::sanitize(key, 60)));
    }
  }
  Suppression s;
  s.finding_id = string_field(table, "id");
  s.check_id = string_field(table, "check");
  s.subject = string_field(table, "subject");
  s.reason = string_field(table, "reason");
  s.owner = string_field(table, "owner");
  s.origin = fmt::format("{}:{}", name, line);
  if (s.finding_id.empty() && s.check_id.empty() && s.subject.empty()) {
    throw SuppressionError(line, fmt::format("suppression #{} selects nothing: set id, check or subject", index + 1));
  }
  if (!s.check_id.empty() && find_check(s.check_id) == nullptr) {
    throw SuppressionError(
      line, fmt::format("unknown check id \"{}\" (see kerbready list-checks)", util::sanitize(s.check_id, 60)));
  }
  if (matches_everything(s.subject)) {
    throw SuppressionError(line_of(table.at("subject")),
                           fmt::format("subject \"{}\" is only wildcards and would suppress every finding: use a "
                                       "check id instead",
                                       util::sanitize(s.subject, 60)));
  }
  if (s.finding_id.find_first_of("*?") != std::string::npos) {
    throw SuppressionError(line_of(table.at("id")),
                           fmt::format("id \"{}\" has a wildcard: ids match exactly (use subject for a glob)",
                                       util::sanitize(s.finding_id, 60)));
  }
  if (util::trim(s.reason).empty() || util::trim(s.owner).empty()) {
    throw SuppressionError(line, "every suppression needs a reason and an owner");
  }
  if (!table.contains("expires")) {
    throw SuppressionError(line, "every suppression needs an expiry date (expires = YYYY-MM-DD)");
  }
  const auto& expires = table.at("expires");
  if (expires.is_local_date()) {
    const auto& d = expires.as_local_date();
    s.expires = fmt::format("{:04}-{:02}-{:02}", d.year, d.month + 1, d.day);
  } else if (expires.is_string()) {
    s.expires = expires.as_string().str;
  } else {
    throw SuppressionError(line_of(expires), "expires must be a date (YYYY-MM-DD)");
  }
  const auto day = parse_date(s.expires);
  if (!day) {
    throw SuppressionError(line_of(expires),
                           fmt::format("expires \"{}\" is not a date (YYYY-MM-DD)", util::sanitize(s.expires, 40)));
  }
  s.expires_day = *day;
  return s;
}

// toml11's messages span several lines: "[error] toml::fn: message", " --> file", " 5 | source",
// "   |  ^--- detail". Fold them into "NAME:5: invalid TOML: message (detail)".
std::string
toml_error_line(std::string_view what, const std::string& name)
{
  std::string message;
  std::string line_number = "1";
  std::string detail;
  for (const auto raw : util::split(what, '\n')) {
    const auto line = util::trim(raw);
    if (message.empty() && line.rfind("[error] ", 0) == 0) {
      message = std::string(line.substr(8));
      const auto colon = message.find(": ");
      if (message.rfind("toml::", 0) == 0 && colon != std::string::npos) {
        message.erase(0, colon + 2);
      }
    } else if (const auto bar = line.find(" | ");
               bar != std::string_view::npos && line_number == "1" && util::parse_int(line.substr(0, bar))) {
      line_number = std::string(line.substr(0, bar));
    } else if (const auto mark = line.find("^--- "); mark != std::string_view::npos && detail.empty()) {
      detail = std::string(line.substr(mark + 5));
    }
  }
  if (!detail.empty()) {
    message += fmt::format(" ({})", detail);
  }
  return fmt::format("{}:{}: invalid TOML: {}", name, line_number, util::sanitize(message, 300));
}

// Drop a UTF-8 byte-order mark from `text` (Windows editors write one: accepted); return the
// one-line error for text toml11 must not see: a UTF-16/32 byte-order mark, or nesting deep enough
// to exhaust the stack of its recursive parser.
std::optional<std::string>
prepare_toml(std::string_view& text, const std::string& name)
{
  if (util::starts_with_utf8_bom(text)) {
    text.remove_prefix(3);
  }
  if (const auto bom = util::foreign_bom_problem(text)) {
    return fmt::format("{}:1: {}", name, *bom);
  }
  if (const auto line = util::find_excess_nesting(text, util::NestingSyntax::toml)) {
    return fmt::format("{}:{}: arrays or tables nested deeper than {} levels", name, *line, util::k_max_nesting);
  }
  // TOML is UTF-8 (toml.io, "Spec"). Checked here, not left to toml11: its report of invalid UTF-8
  // inside a quoted string (toml11 3.7.1 parser.hpp, parse_literal_string and parse_basic_string:
  // inner_loc.reset(first) with an iterator of another buffer) reads out of bounds; found by
  // fuzz_suppressions (fuzz/regressions/suppressions/).
  // No UTF-8 sequence holds a newline byte, so the file is valid exactly when each line is.
  std::size_t line = 1;
  for (const auto& text_line : util::split(text, '\n')) {
    if (!util::is_valid_utf8(text_line)) {
      return fmt::format("{}:{}: not valid UTF-8 (TOML files are UTF-8)", name, line);
    }
    ++line;
  }
  return std::nullopt;
}

} // namespace

std::optional<std::string>
check_toml(std::string_view text, const std::string& name)
{
  if (auto problem = prepare_toml(text, name)) {
    return problem;
  }
  try {
    std::istringstream in{std::string(text)};
    (void)toml::parse(in, name);
  } catch (const toml::exception& e) {
    return toml_error_line(e.what(), name);
  } catch (const std::exception& e) {
    return fmt::format("{}: {}", name, util::sanitize(e.what(), 200));
  }
  return std::nullopt;
}

expected<std::vector<Suppression>>
parse_suppressions(std::string_view text, const std::string& name)
{
  if (auto problem = prepare_toml(text, name)) {
    return unexpected(std::move(*problem));
  }
  try {
    std::istringstream in{std::string(text)};
    const auto doc = toml::parse(in, name);
    std::vector<Suppression> out;
    for (const auto& [key, value] : doc.as_table()) {
      if (key != "suppression") {
        throw SuppressionError(
          line_of(value), fmt::format("unknown key \"{}\" (expected [[suppression]] tables)", util::sanitize(key, 60)));
      }
    }
    if (!doc.contains("suppression")) {
      return out;
    }
    const auto& list = doc.at("suppression");
    if (!list.is_array()) {
      throw SuppressionError(line_of(list), "\"suppression\" must be an array of tables ([[suppression]])");
    }
    std::size_t index = 0;
    for (const auto& table : list.as_array()) {
      out.push_back(convert(table, index++, name));
    }
    return out;
  } catch (const SuppressionError& e) {
    return unexpected(fmt::format("{}:{}: {}", name, e.line(), e.what()));
  } catch (const toml::exception& e) {
    return unexpected(toml_error_line(e.what(), name));
  } catch (const std::exception& e) {
    return unexpected(fmt::format("{}: {}", name, util::sanitize(e.what(), 200)));
  }
}

expected<std::vector<Suppression>>
read_suppressions(const std::string& path)
{
  if (const auto problem = util::regular_file_problem(path)) {
    return unexpected(fmt::format("suppressions file {}: {}", path, *problem));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return unexpected(fmt::format("cannot read suppressions file {}", path));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_suppressions(text.str(), path);
}

} // namespace kerbready::triage
