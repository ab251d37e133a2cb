#include "src/input/ldif.hpp"

#include "src/util/ad.hpp"
#include "src/util/input_guard.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
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

namespace {

char
ascii_lower(char c)
{
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// FNV-1a over the lowercased bytes of `name`: the same hash for any spelling of one attribute.
std::uint64_t
hash_ignoring_case(std::string_view name)
{
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : name) {
    hash ^= static_cast<unsigned char>(ascii_lower(c));
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

} // namespace

std::size_t
Entry::slot_of(std::string_view base) const
{
  const std::size_t mask = m_slots.size() - 1;
  auto i = static_cast<std::size_t>(hash_ignoring_case(base)) & mask;
  while (m_slots[i] != 0 && !util::iequals(attributes[m_slots[i] - 1].name, base)) {
    i = (i + 1) & mask;
  }
  return i;
}

void
Entry::rebuild_index()
{
  std::size_t slots = 64;
  while (slots < attributes.size() * 4) {
    slots *= 2;
  }
  m_slots.assign(slots, 0);
  for (std::size_t i = 0; i < attributes.size(); ++i) {
    m_slots[slot_of(attributes[i].name)] = static_cast<std::uint32_t>(i + 1);
  }
}

std::size_t
Entry::value_count() const
{
  std::size_t count = 0;
  for (const auto& attribute : attributes) {
    count += attribute.values.size();
  }
  return count;
}

namespace {

// The "low-high" of a ";range=low-high" option in `options` (";binary;range=0-1499"), or empty.
std::string_view
range_option(std::string_view options)
{
  for (std::size_t at = 0; at + 7 <= options.size(); ++at) {
    if (options[at] == ';' && util::istarts_with(options.substr(at + 1), "range=")) {
      const auto range = options.substr(at + 7);
      return range.substr(0, range.find(';'));
    }
  }
  return {};
}

} // namespace

void
Entry::add_value(std::string_view raw_name, std::string value)
{
  const auto base = raw_name.substr(0, raw_name.find(';'));
  auto& attribute = attribute_named(base);
  attribute.values.push_back(std::move(value));
  if (base.size() != raw_name.size()) {
    // AD's ranged retrieval (MS-ADTS 3.1.1.3.1.3.3): remember the attribute's last range.
    if (const auto range = range_option(raw_name.substr(base.size())); !range.empty()) {
      attribute.last_range.assign(range);
    }
  }
}

Attribute&
Entry::attribute_named(std::string_view base)
{
  // LDIF lists an attribute's values together: try the attribute of the previous value first.
  if (!attributes.empty() && util::iequals(attributes.back().name, base)) {
    return attributes.back();
  }
  std::size_t slot = 0;
  if (m_slots.empty()) {
    // Few attributes: a scan, comparing before allocating a lowercase copy.
    for (auto& attribute : attributes) {
      if (util::iequals(attribute.name, base)) {
        return attribute;
      }
    }
  } else {
    slot = slot_of(base);
    if (m_slots[slot] != 0) {
      return attributes[m_slots[slot] - 1];
    }
  }
  auto& added = attributes.emplace_back();
  added.name = util::to_lower(base);
  if (!m_slots.empty() && attributes.size() * 2 <= m_slots.size()) {
    m_slots[slot] = static_cast<std::uint32_t>(attributes.size());
  } else if (attributes.size() > k_index_from) {
    rebuild_index(); // first index, or the table became half full: amortised constant per attribute
  }
  return attributes.back();
}

std::vector<std::string>
Entry::truncated_ranges() const
{
  std::vector<std::string> out;
  for (const auto& attribute : attributes) {
    const auto& range = attribute.last_range;
    if (!range.empty() && (range.size() < 2 || range.substr(range.size() - 2) != "-*")) {
      out.push_back(fmt::format("{};range={}", attribute.name, range));
    }
  }
  return out;
}

namespace {

constexpr std::size_t k_mib = std::size_t{1024} * 1024;

// Bytes asked of the stream per read: large enough that reads are few, small enough to stay cheap.
constexpr std::size_t k_read_block = std::size_t{1024} * 1024;

} // namespace

LdifReader::LdifReader(std::istream& in, std::string name) : LdifReader(in, std::move(name), LdifPart{})
{
}

LdifReader::LdifReader(std::istream& in, std::string name, const LdifPart& part)
    : m_in(in)
    , m_name(std::move(name))
    , m_unread(part.bytes)
    , m_line_no(part.lines_before)
    , m_first_record(part.file_start)
{
}

std::string
LdifReader::where(std::size_t line) const
{
  return fmt::format("{}:{}", m_name, line);
}

bool
LdifReader::fill()
{
  if (m_input_done) {
    return false;
  }
  if (m_begin > 0) {
    std::memmove(m_buffer.data(), m_buffer.data() + m_begin, m_end - m_begin);
    m_end -= m_begin;
    m_begin = 0;
  }
  if (m_buffer.size() - m_end < k_read_block) {
    m_buffer.resize(m_end + k_read_block);
  }
  const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(m_buffer.size() - m_end, m_unread));
  m_in.read(m_buffer.data() + m_end, static_cast<std::streamsize>(want));
  const auto got = static_cast<std::size_t>(m_in.gcount());
  m_end += got;
  m_unread -= got;
  if (!m_in || m_unread == 0) {
    m_input_done = true; // end of input or of the part, or a read error that read_ldif_file reports
  }
  return got > 0;
}

expected<bool>
LdifReader::read_physical_line()
{
  std::size_t searched = m_begin; // bytes before this hold no newline
  while (true) {
    if (m_end > searched) {
      const auto* found = static_cast<const char*>(std::memchr(m_buffer.data() + searched, '\n', m_end - searched));
      if (found != nullptr) {
        const auto newline = static_cast<std::size_t>(found - m_buffer.data());
        m_line = std::string_view(m_buffer.data() + m_begin, newline - m_begin);
        m_begin = newline + 1;
        m_saw_newline_at_end = true;
        break;
      }
    }
    const std::size_t pending = m_end - m_begin;
    // A '\r' before the newline may still come: only more than limit + 1 bytes are surely too long.
    if (pending > k_max_ldif_line + 1) {
      return unexpected(
        fmt::format("{}: line longer than {} MiB (value too large)", where(m_line_no + 1), k_max_ldif_line / k_mib));
    }
    if (!fill()) {
      if (pending == 0) {
        m_line = {};
        return false;
      }
      // The last line has no newline: remember it to call the file truncated.
      m_line = std::string_view(m_buffer.data() + m_begin, pending);
      m_begin = m_end;
      m_saw_newline_at_end = false;
      break;
    }
    searched = m_begin + pending; // fill() moved the unread bytes to the front
  }
  if (!m_line.empty() && m_line.back() == '\r') {
    m_line.remove_suffix(1);
  }
  ++m_line_no;
  return true;
}

expected<void>
LdifReader::check_record_limits() const
{
  if (m_record.size() > k_max_record_bytes) {
    return unexpected(fmt::format("{}: record starting at line {} is larger than {} MiB (the limit per record)",
                                  where(m_line_no), m_lines.front().line_no, k_max_record_bytes / k_mib));
  }
  // The dn line, and the version line before the first record, hold no value of the entry.
  if (m_lines.size() > k_max_values_per_record + 1) {
    const bool versioned =
      m_first_record && util::istarts_with(std::string_view(m_record).substr(0, m_lines.front().size), "version:");
    if (m_lines.size() > k_max_values_per_record + (versioned ? 2 : 1)) {
      return unexpected(fmt::format("{}: record starting at line {} has more than {} values (the limit per record)",
                                    where(m_line_no), m_lines.front().line_no, k_max_values_per_record));
    }
  }
  return {};
}

expected<std::optional<Entry>>
LdifReader::next()
{
  // Collect the logical lines of one record: unfold continuations, drop comments.
  m_record.clear();
  m_lines.clear();
  bool in_comment = false;
  while (true) {
    const auto more = read_physical_line();
    if (!more) {
      return unexpected(more.error());
    }
    if (!*more) {
      break;
    }
    if (m_line.size() > k_max_ldif_line) {
      return unexpected(
        fmt::format("{}: line longer than {} MiB (value too large)", where(m_line_no), k_max_ldif_line / k_mib));
    }
    if (!m_saw_newline_at_end && !m_line.empty()) {
      // ldapsearch and kerbready end every line with a newline: a last line without one is a file
      // cut short (a copy interrupted, a full disk), and its value may be cut too.
      return unexpected(fmt::format("{}: file ends in the middle of a line (truncated?)", where(m_line_no)));
    }
    if (m_line.find('\0') != std::string_view::npos) {
      return unexpected(
        fmt::format("{}: NUL byte in LDIF text (binary data must be base64 with '::')", where(m_line_no)));
    }
    if (m_line.empty()) {
      if (!m_lines.empty()) {
        break; // end of record
      }
      in_comment = false;
      continue;
    }
    if (m_line.front() == ' ') {
      if (in_comment) {
        continue; // folded comment
      }
      if (m_lines.empty()) {
        return unexpected(
          fmt::format("{}: continuation line (leading space) with no line to continue", where(m_line_no)));
      }
      // The line continued is always the last one in m_record (comments are not stored).
      m_record.append(m_line.substr(1));
      m_lines.back().size += m_line.size() - 1;
      if (m_lines.back().size > k_max_ldif_line) {
        return unexpected(
          fmt::format("{}: value longer than {} MiB", where(m_lines.back().line_no), k_max_ldif_line / k_mib));
      }
      if (auto over = check_record_limits(); !over) {
        return unexpected(over.error());
      }
      continue;
    }
    if (m_line.front() == '#') {
      in_comment = true;
      if (util::istarts_with(m_line, "# kerbready-")) {
        if (auto marker = read_marker(); !marker) {
          return unexpected(marker.error());
        }
      }
      continue;
    }
    if (m_markers.end_count) {
      return unexpected(fmt::format("{}: record after the end marker of line {} (two snapshots joined?)",
                                    where(m_line_no), m_markers.end_line));
    }
    in_comment = false;
    m_lines.push_back(LogicalLine{m_record.size(), m_line.size(), m_line_no});
    m_record.append(m_line);
    if (auto over = check_record_limits(); !over) {
      return unexpected(over.error());
    }
  }
  if (m_lines.empty()) {
    return std::optional<Entry>{};
  }
  ++m_records;
  const auto text_of = [this](const LogicalLine& line) {
    return std::string_view(m_record).substr(line.offset, line.size);
  };

  std::size_t first = 0;
  if (m_first_record && util::istarts_with(text_of(m_lines[0]), "version:")) {
    if (util::trim(text_of(m_lines[0]).substr(8)) != "1") {
      return unexpected(fmt::format("{}: unsupported LDIF version (only 1)", where(m_lines[0].line_no)));
    }
    first = 1;
  }
  m_first_record = false;
  if (first == m_lines.size()) {
    --m_records;
    return next(); // a version line alone, then a blank line
  }

  Entry entry;
  entry.attributes.reserve(std::min<std::size_t>(m_lines.size() - first, 16));
  for (std::size_t i = first; i < m_lines.size(); ++i) {
    const std::string_view text = text_of(m_lines[i]);
    const std::size_t line_no = m_lines[i].line_no;
    if (text == "-") {
      return unexpected(
        fmt::format("{}: change record ('-' separator): only content records are read", where(line_no)));
    }
    const auto colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return unexpected(fmt::format("{}: expected 'attribute: value', found no colon", where(line_no)));
    }
    const std::string_view name = text.substr(0, colon);
    for (const char c : name) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == ';' || c == '=' || c == '.' || c == '*';
      if (!ok) {
        return unexpected(
          fmt::format("{}: invalid character in attribute description '{}'", where(line_no), util::sanitize(name, 80)));
      }
    }
    std::string value;
    std::string_view rest = text.substr(colon + 1);
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
      // Not where(): this runs once per entry, and fmt::format showed in the profile.
      entry.origin = m_name;
      entry.origin += ':';
      entry.origin += std::to_string(line_no);
      continue;
    }
    if (util::iequals(name, "dn")) {
      return unexpected(fmt::format("{}: second 'dn:' in one record (missing blank line?)", where(line_no)));
    }
    if (util::iequals(name, "changetype") || util::iequals(name, "control")) {
      return unexpected(
        fmt::format("{}: change record ('{}:'): only content records are read", where(line_no), util::to_lower(name)));
    }
    entry.add_value(name, std::move(value));
    if (entry.attributes.size() > k_max_attributes_per_record) {
      return unexpected(fmt::format("{}: record starting at line {} has more than {} distinct attributes (the limit "
                                    "per record)",
                                    where(line_no), m_lines[first].line_no, k_max_attributes_per_record));
    }
  }
  return std::optional<Entry>{std::move(entry)};
}

expected<void>
LdifReader::read_marker()
{
  const std::string_view line = m_line;
  if (line.substr(0, k_snapshot_header.size()) == k_snapshot_header) {
    if (m_records > 0 || m_markers.header_line != 0) {
      return unexpected(
        fmt::format("{}: snapshot header after the first record (two snapshots joined?)", where(m_line_no)));
    }
    const auto fields = util::split(util::trim(line.substr(k_snapshot_header.size())), ' ');
    if (fields.empty() || fields[0] != "1") {
      return unexpected(fmt::format("{}: snapshot format '{}' is not one this kerbready reads (1)", where(m_line_no),
                                    util::sanitize(fields.empty() ? std::string_view() : fields[0], 40)));
    }
    for (std::size_t i = 1; i < fields.size(); ++i) {
      const auto field = fields[i];
      if (field.substr(0, 10) == "collected=") {
        m_markers.collected_at = util::parse_iso8601(field.substr(10));
        if (!m_markers.collected_at) {
          return unexpected(fmt::format("{}: collection time '{}' is not YYYY-MM-DDTHH:MM:SSZ", where(m_line_no),
                                        util::sanitize(field.substr(10), 60)));
        }
      } // other keys: written by a newer kerbready, not needed to read the records
    }
    m_markers.header_line = m_line_no;
    return {};
  }
  if (line.substr(0, k_snapshot_end.size()) == k_snapshot_end) {
    if (m_markers.end_count) {
      return unexpected(
        fmt::format("{}: second end marker (the first is at line {})", where(m_line_no), m_markers.end_line));
    }
    const auto fields = util::split(util::trim(line.substr(k_snapshot_end.size())), ' ');
    const auto count = fields.size() == 2 && fields[1] == "objects" ? util::parse_int(fields[0]) : std::nullopt;
    if (!count || *count < 0) {
      return unexpected(fmt::format("{}: end marker is not '{} N objects'", where(m_line_no), k_snapshot_end));
    }
    m_markers.end_count = static_cast<std::uint64_t>(*count);
    m_markers.end_line = m_line_no;
  }
  return {};
}

std::string
snapshot_header(std::int64_t collected_at)
{
  return fmt::format("{} {} collected={}\n", k_snapshot_header, k_snapshot_format, util::format_iso8601(collected_at));
}

std::string
snapshot_end(std::uint64_t records)
{
  return fmt::format("{} {} objects\n", k_snapshot_end, records);
}

expected<LdifFileInfo>
read_ldif_file(const std::string& path, const std::function<void(Entry&&)>& sink)
{
  if (const auto problem = util::regular_file_problem(path)) {
    return unexpected(fmt::format("{}: {}", path, *problem)); // a FIFO would block in open()
  }
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
  LdifFileInfo info{count, reader.markers()};
  if (auto checked = check_snapshot_markers(path, info); !checked) {
    return unexpected(checked.error());
  }
  return info;
}

expected<void>
check_snapshot_markers(const std::string& path, const LdifFileInfo& info)
{
  const auto& markers = info.markers;
  const auto count = info.records;
  if (markers.header_line != 0 && !markers.end_count) {
    return unexpected(fmt::format("{}: no end marker after the last of {} records: the file was cut short (its header "
                                  "on line {} says kerbready wrote one)",
                                  path, count, markers.header_line));
  }
  if (markers.end_count && *markers.end_count != count) {
    return unexpected(fmt::format("{}:{}: the end marker counts {} objects but the file holds {}: records are missing "
                                  "or were added",
                                  path, markers.end_line, *markers.end_count, count));
  }
  return {};
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

// RFC 2849 AttributeDescription: AttributeType *(";" option), where AttributeType is ldap-oid
// (1*DIGIT *("." 1*DIGIT)) or ALPHA *(ALPHA / DIGIT / "-"), and an option is 1*(ALPHA / DIGIT / "-").
bool
is_attribute_description(std::string_view name)
{
  const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  const auto type_char = [&](char c) { return alpha(c) || digit(c) || c == '-'; };
  const auto parts = util::split(name, ';');
  const auto type = parts.front();
  if (type.empty()) {
    return false;
  }
  if (alpha(type.front())) {
    if (!std::all_of(type.begin(), type.end(), type_char)) {
      return false;
    }
  } else {
    for (const auto number : util::split(type, '.')) {
      if (number.empty() || !std::all_of(number.begin(), number.end(), digit)) {
        return false;
      }
    }
  }
  return std::all_of(parts.begin() + 1, parts.end(), [&](std::string_view option) {
    return !option.empty() && std::all_of(option.begin(), option.end(), type_char);
  });
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

expected<void>
write_ldif_entry(std::ostream& out, const Entry& entry)
{
  // Check every name before writing anything: a refused entry leaves no partial record behind. The
  // reader lowercases names, drops options and merges repeated names, so only names already in that
  // form (Entry's own) read back the same.
  for (std::size_t i = 0; i < entry.attributes.size(); ++i) {
    const auto& name = entry.attributes[i].name;
    const char* problem = nullptr;
    if (!is_attribute_description(name)) {
      problem = "is not an RFC 2849 attribute description";
    } else if (name == "dn" || name == "changetype" || name == "control") {
      problem = "has a meaning of its own in LDIF";
    } else if (name.find(';') != std::string::npos || util::to_lower(name) != name) {
      problem = "is not lowercase without options";
    } else if (entry.attributes[i].values.empty()) {
      problem = "has no values";
    } else {
      for (std::size_t j = 0; j < i && problem == nullptr; ++j) {
        problem = entry.attributes[j].name == name ? "appears twice" : nullptr;
      }
    }
    if (problem != nullptr) {
      return unexpected(fmt::format(R"(entry "{}": attribute name "{}" {}: not written)", util::sanitize(entry.dn, 300),
                                    util::sanitize(name, 80), problem));
    }
  }
  write_attribute(out, "dn", entry.dn);
  for (const auto& attribute : entry.attributes) {
    for (const auto& value : attribute.values) {
      write_attribute(out, attribute.name, value);
    }
  }
  out << '\n';
  return {};
}

} // namespace kerbready::collect
