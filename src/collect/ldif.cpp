#include "src/collect/ldif.hpp"

#include "src/util/text.hpp"

#include <fmt/format.h>

#include <fstream>
#include <istream>
#include <ostream>

namespace kerbready::collect {

std::string
attribute_base_name(std::string_view raw_name)
{
  const auto semicolon = raw_name.find(';');
  return util::to_lower(raw_name.substr(0, semicolon));
}

void
Entry::add_value(std::string_view raw_name, std::string value)
{
  const auto base = raw_name.substr(0, raw_name.find(';'));
  // Most values belong to an attribute already seen: compare before allocating a lowercase copy.
  for (auto& attribute : attributes) {
    if (util::iequals(attribute.name, base)) {
      attribute.values.push_back(std::move(value));
      return;
    }
  }
  attributes.push_back(Attribute{util::to_lower(base), {std::move(value)}});
}

LdifReader::LdifReader(std::istream& in, std::string name)
  : m_in(in),
    m_name(std::move(name))
{
}

std::string
LdifReader::where(std::size_t line) const
{
  return fmt::format("{}:{}", m_name, line);
}

bool
LdifReader::read_physical_line()
{
  if (!std::getline(m_in, m_line)) {
    m_line.clear();
    return false;
  }
  // getline stops at end of input without a newline: remember it to call the file truncated.
  m_saw_newline_at_end = !m_in.eof();
  if (!m_line.empty() && m_line.back() == '\r') {
    m_line.pop_back();
  }
  ++m_line_no;
  return true;
}

expected<std::optional<Entry>>
LdifReader::next()
{
  // Collect the logical lines of one record: unfold continuations, drop comments.
  struct LogicalLine
  {
    std::string text;
    std::size_t line_no;
  };
  std::vector<LogicalLine> lines;
  bool in_comment = false;
  while (true) {
    if (!read_physical_line()) {
      break;
    }
    if (m_line.size() > k_max_ldif_line) {
      return unexpected(fmt::format("{}: line longer than {} MiB (value too large)", where(m_line_no),
                                    k_max_ldif_line / (1024 * 1024)));
    }
    if (!m_saw_newline_at_end && !m_line.empty()) {
      // ldapsearch and kerbready end every line with a newline: a last line without one is a file
      // cut short (a copy interrupted, a full disk), and its value may be cut too.
      return unexpected(fmt::format("{}: file ends in the middle of a line (truncated?)", where(m_line_no)));
    }
    if (m_line.find('\0') != std::string::npos) {
      return unexpected(fmt::format("{}: NUL byte in LDIF text (binary data must be base64 with '::')",
                                    where(m_line_no)));
    }
    if (m_line.empty()) {
      if (!lines.empty()) {
        break; // end of record
      }
      in_comment = false;
      continue;
    }
    if (m_line.front() == ' ') {
      if (in_comment) {
        continue; // folded comment
      }
      if (lines.empty()) {
        return unexpected(fmt::format("{}: continuation line (leading space) with no line to continue",
                                      where(m_line_no)));
      }
      lines.back().text.append(m_line, 1);
      if (lines.back().text.size() > k_max_ldif_line) {
        return unexpected(fmt::format("{}: value longer than {} MiB", where(lines.back().line_no),
                                      k_max_ldif_line / (1024 * 1024)));
      }
      continue;
    }
    if (m_line.front() == '#') {
      in_comment = true;
      continue;
    }
    in_comment = false;
    lines.push_back(LogicalLine{std::move(m_line), m_line_no});
  }
  if (lines.empty()) {
    return std::optional<Entry>{};
  }

  std::size_t first = 0;
  if (m_first_record && util::istarts_with(lines[0].text, "version:")) {
    if (util::trim(lines[0].text.substr(8)) != "1") {
      return unexpected(fmt::format("{}: unsupported LDIF version (only 1)", where(lines[0].line_no)));
    }
    first = 1;
  }
  m_first_record = false;
  if (first == lines.size()) {
    return next(); // a version line alone, then a blank line
  }

  Entry entry;
  for (std::size_t i = first; i < lines.size(); ++i) {
    const auto& [text, line_no] = lines[i];
    if (text == "-") {
      return unexpected(fmt::format("{}: change record ('-' separator): only content records are read",
                                    where(line_no)));
    }
    const auto colon = text.find(':');
    if (colon == std::string::npos || colon == 0) {
      return unexpected(fmt::format("{}: expected 'attribute: value', found no colon", where(line_no)));
    }
    const std::string_view name = std::string_view(text).substr(0, colon);
    for (const char c : name) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                      || c == ';' || c == '=' || c == '.' || c == '*';
      if (!ok) {
        return unexpected(
          fmt::format("{}: invalid character in attribute description '{}'", where(line_no), util::sanitize(name, 80)));
      }
    }
    std::string value;
    std::string_view rest = std::string_view(text).substr(colon + 1);
    if (!rest.empty() && rest.front() == ':') {
      rest.remove_prefix(1);
      while (!rest.empty() && rest.front() == ' ') {
        rest.remove_prefix(1);
      }
      auto decoded = util::base64_decode(rest);
      if (!decoded) {
        return unexpected(fmt::format("{}: invalid base64 in value of '{}'", where(line_no), util::sanitize(name, 80)));
      }
      value = std::move(*decoded);
    } else if (!rest.empty() && rest.front() == '<') {
      return unexpected(fmt::format("{}: URL value (':<') for '{}' is not supported in a snapshot", where(line_no),
                                    util::sanitize(name, 80)));
    } else {
      while (!rest.empty() && rest.front() == ' ') {
        rest.remove_prefix(1);
      }
      value = std::string(rest);
    }

    if (i == first) {
      if (!util::iequals(name, "dn")) {
        return unexpected(fmt::format("{}: record does not start with 'dn:'", where(line_no)));
      }
      entry.dn = std::move(value);
      entry.origin = where(line_no);
      continue;
    }
    if (util::iequals(name, "dn")) {
      return unexpected(fmt::format("{}: second 'dn:' in one record (missing blank line?)", where(line_no)));
    }
    if (util::iequals(name, "changetype") || util::iequals(name, "control")) {
      return unexpected(fmt::format("{}: change record ('{}:'): only content records are read", where(line_no),
                                    util::to_lower(name)));
    }
    entry.add_value(name, std::move(value));
  }
  return std::optional<Entry>{std::move(entry)};
}

expected<std::size_t>
read_ldif_file(const std::string& path, const std::function<void(Entry&&)>& sink)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return unexpected(fmt::format("{}: cannot open for reading", path));
  }
  LdifReader reader(in, path);
  std::size_t count = 0;
  while (true) {
    auto entry = reader.next();
    if (!entry) {
      return unexpected(entry.error());
    }
    if (!entry->has_value()) {
      break;
    }
    sink(std::move(**entry));
    ++count;
  }
  if (in.bad()) {
    return unexpected(fmt::format("{}: read error", path));
  }
  return count;
}

namespace {

// RFC 2849 SAFE-STRING: no NUL/CR/LF, ASCII only, not starting with space, ':' or '<', and we
// also base64 a trailing space so that round trips are exact.
bool
is_safe_string(std::string_view value)
{
  if (value.empty()) {
    return true;
  }
  if (value.front() == ' ' || value.front() == ':' || value.front() == '<' || value.back() == ' ') {
    return false;
  }
  for (const char c : value) {
    const auto b = static_cast<unsigned char>(c);
    if (b == 0 || b == '\r' || b == '\n' || b > 0x7E || b < 0x20) {
      return false;
    }
  }
  return true;
}

void
write_folded(std::ostream& out, std::string_view line)
{
  constexpr std::size_t width = 76;
  if (line.size() <= width) {
    out << line << '\n';
    return;
  }
  out << line.substr(0, width) << '\n';
  line.remove_prefix(width);
  while (!line.empty()) {
    const auto n = std::min(line.size(), width - 1);
    out << ' ' << line.substr(0, n) << '\n';
    line.remove_prefix(n);
  }
}

void
write_attribute(std::ostream& out, std::string_view name, std::string_view value)
{
  if (is_safe_string(value)) {
    write_folded(out, fmt::format("{}: {}", name, value));
  } else {
    write_folded(out, fmt::format("{}:: {}", name, util::base64_encode(value)));
  }
}

} // namespace

void
write_ldif_entry(std::ostream& out, const Entry& entry)
{
  write_attribute(out, "dn", entry.dn);
  for (const auto& attribute : entry.attributes) {
    for (const auto& value : attribute.values) {
      write_attribute(out, attribute.name, value);
    }
  }
  out << '\n';
}

} // namespace kerbready::collect
