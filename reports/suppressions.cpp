#include "reports/suppressions.hpp"

#include "src/check.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>
#include <toml.hpp>

#include <fstream>
#include <set>
#include <sstream>

namespace kerbready::reports {

namespace {

class SuppressionError : public std::runtime_error
{
public:
  SuppressionError(std::size_t line, const std::string& what)
    : std::runtime_error(what),
      m_line(line)
  {
  }

  [[nodiscard]] std::size_t line() const { return m_line; }

private:
  std::size_t m_line;
};

std::size_t
line_of(const toml::value& v)
{
  return v.location().line();
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
    throw SuppressionError(line, fmt::format("unknown check id \"{}\" (see kerbready list-checks)",
                                             util::sanitize(s.check_id, 60)));
  }
  if (s.subject == "*") {
    throw SuppressionError(line, "subject \"*\" would suppress every finding: use a check id instead");
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
    throw SuppressionError(line_of(expires), fmt::format("expires \"{}\" is not a date (YYYY-MM-DD)",
                                                         util::sanitize(s.expires, 40)));
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
    } else if (const auto bar = line.find(" | "); bar != std::string_view::npos && line_number == "1"
                                                  && util::parse_int(line.substr(0, bar))) {
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

} // namespace

expected<std::vector<Suppression>>
parse_suppressions(std::string_view text, const std::string& name)
{
  try {
    std::istringstream in{std::string(text)};
    const auto doc = toml::parse(in, name);
    std::vector<Suppression> out;
    for (const auto& [key, value] : doc.as_table()) {
      if (key != "suppression") {
        throw SuppressionError(line_of(value), fmt::format("unknown key \"{}\" (expected [[suppression]] tables)",
                                                           util::sanitize(key, 60)));
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
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return unexpected(fmt::format("cannot read suppressions file {}", path));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_suppressions(text.str(), path);
}

} // namespace kerbready::reports
