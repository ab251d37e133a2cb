#include "src/input/adexplorer.hpp"

#include "src/util/ad.hpp"
#include "src/util/input_guard.hpp"
#include "src/util/text.hpp"
#include "src/util/utf16.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <istream>
#include <map>
#include <set>

namespace kerbready::collect {

namespace {

// ADSTYPEENUM (Microsoft Learn, "ADSTYPEENUM enumeration", iads.h): the types whose layout in a
// snapshot is known.
enum AdsType : std::uint32_t {
  ads_dn_string = 1,
  ads_case_exact_string = 2,
  ads_case_ignore_string = 3,
  ads_printable_string = 4,
  ads_numeric_string = 5,
  ads_boolean = 6,
  ads_integer = 7,
  ads_octet_string = 8,
  ads_utc_time = 9,
  ads_large_integer = 10,
  ads_object_class = 12,
  ads_nt_security_descriptor = 25,
};

bool
is_string_type(std::uint32_t type)
{
  return (type >= ads_dn_string && type <= ads_numeric_string) || type == ads_object_class;
}

// Fixed bytes per value after the count, for the types stored as an array of fixed-size values or
// of offsets/lengths; 0 for an unknown type.
std::uint64_t
per_value_bytes(std::uint32_t type)
{
  if (is_string_type(type) || type == ads_boolean || type == ads_integer || type == ads_octet_string ||
      type == ads_nt_security_descriptor) {
    return 4;
  }
  if (type == ads_large_integer) {
    return 8;
  }
  if (type == ads_utc_time) {
    return 16; // SYSTEMTIME: eight WORDs
  }
  return 0;
}

// Random reads from a seekable stream through a small direct-mapped block cache: memory stays
// bounded whatever the file's size, and the values objects share (stored once, earlier in the file)
// cost a cached read.
class ByteSource
{
public:
  ByteSource(std::istream& in, std::uint64_t size) : m_in(in), m_size(size) {}

  [[nodiscard]] std::uint64_t size() const { return m_size; }

  // Copy the `n` bytes at `offset` to `out`; false when they are not all inside the file or the
  // stream fails.
  [[nodiscard]] bool read(std::uint64_t offset, std::size_t n, char* out)
  {
    if (offset > m_size || n > m_size - offset) {
      return false;
    }
    while (n > 0) {
      const auto index = offset / k_block;
      const auto* block = load(index);
      if (block == nullptr) {
        return false;
      }
      const auto within = static_cast<std::size_t>(offset - index * k_block);
      const auto take = std::min(n, block->bytes.size() - within);
      std::memcpy(out, block->bytes.data() + within, take);
      out += take;
      offset += take;
      n -= take;
    }
    return true;
  }

private:
  static constexpr std::size_t k_block = std::size_t{64} * 1024;
  static constexpr std::size_t k_blocks = 64;

  struct Block
  {
    std::uint64_t index = UINT64_MAX;
    std::vector<char> bytes;
  };

  const Block* load(std::uint64_t index)
  {
    auto& block = m_blocks[index % k_blocks];
    if (block.index == index) {
      return &block;
    }
    const auto start = index * k_block;
    const auto length = static_cast<std::size_t>(std::min<std::uint64_t>(k_block, m_size - start));
    block.bytes.resize(length);
    block.index = UINT64_MAX;
    m_in.clear();
    m_in.seekg(static_cast<std::streamoff>(start));
    m_in.read(block.bytes.data(), static_cast<std::streamsize>(length));
    if (!m_in || static_cast<std::size_t>(m_in.gcount()) != length) {
      return nullptr;
    }
    block.index = index;
    return &block;
  }

  std::istream& m_in;
  std::uint64_t m_size;
  std::array<Block, k_blocks> m_blocks;
};

struct Property
{
  std::string name; // lowercase
  std::uint32_t type = 0;
};

// The longest string value read (in bytes of UTF-16): far beyond any attribute kerbready reads.
constexpr std::uint64_t k_max_string_bytes = std::uint64_t{8} * 1024 * 1024;
// The longest attribute name in the property table.
constexpr std::uint32_t k_max_name_bytes = 64 * 1024;
// The smallest property record: name length, unknown int32, type, DN length, two GUIDs, 4 bytes.
constexpr std::uint64_t k_min_property_bytes = 4 + 4 + 4 + 4 + 16 + 16 + 4;

std::string
two_digits(unsigned value)
{
  return fmt::format("{:02}", value);
}

class Reader
{
public:
  Reader(ByteSource& source, const std::string& name) : m_source(source), m_name(name) {}

  expected<AdExplorerInfo> run(const std::function<void(Entry&&)>& sink)
  {
    if (auto header = read_header(); !header) {
      return unexpected(header.error());
    }
    if (auto table = read_properties(); !table) {
      return unexpected(table.error());
    }
    std::uint64_t at = k_adexplorer_header_size;
    for (std::uint64_t i = 0; i < m_info.objects; ++i) {
      auto entry = read_object(i, at);
      if (!entry) {
        return unexpected(entry.error());
      }
      sink(std::move(*entry));
    }
    for (const auto& [key, skipped] : m_skipped) {
      m_info.skipped.push_back(skipped);
    }
    return std::move(m_info);
  }

private:
  [[nodiscard]] std::string fail(std::uint64_t offset, std::string_view what) const
  {
    return fmt::format("{}: offset {} (0x{:x}): {}", m_name, offset, offset, what);
  }

  expected<std::uint32_t> u32(std::uint64_t offset, std::string_view what)
  {
    std::array<unsigned char, 4> b{};
    if (!m_source.read(offset, b.size(), reinterpret_cast<char*>(b.data()))) {
      return unexpected(fail(
        offset, fmt::format("{} lies past the end of the file ({} bytes): truncated snapshot", what, m_source.size())));
    }
    return static_cast<std::uint32_t>(b[0] | (b[1] << 8U) | (b[2] << 16U) | (std::uint32_t{b[3]} << 24U));
  }

  expected<std::uint64_t> u64(std::uint64_t offset, std::string_view what)
  {
    auto low = u32(offset, what);
    if (!low) {
      return unexpected(low.error());
    }
    auto high = u32(offset + 4, what);
    if (!high) {
      return unexpected(high.error());
    }
    return (std::uint64_t{*high} << 32U) | *low;
  }

  expected<std::string> bytes(std::uint64_t offset, std::uint64_t n, std::uint64_t end, std::string_view what)
  {
    if (offset > end || n > end - offset) {
      return unexpected(fail(offset, fmt::format("{} of {} bytes runs past offset {}", what, n, end)));
    }
    std::string out(static_cast<std::size_t>(n), '\0');
    if (!m_source.read(offset, out.size(), out.data())) {
      return unexpected(fail(offset, fmt::format("{} cannot be read", what)));
    }
    return out;
  }

  expected<void> read_header()
  {
    if (m_source.size() < k_adexplorer_header_size) {
      return unexpected(fail(m_source.size(), fmt::format("the file ends inside the {}-byte header: truncated snapshot",
                                                          k_adexplorer_header_size)));
    }
    auto head = bytes(0, k_adexplorer_header_size, k_adexplorer_header_size, "header");
    if (!head) {
      return unexpected(head.error());
    }
    if (!is_adexplorer_snapshot(*head)) {
      return unexpected(fail(0, "no AD Explorer snapshot signature"));
    }
    auto marker = u32(10, "format marker");
    if (!marker) {
      return unexpected(marker.error());
    }
    if (*marker != k_adexplorer_marker) {
      return unexpected(fail(10, fmt::format("format marker 0x{:x} is not the one this reader knows (0x{:x})", *marker,
                                             k_adexplorer_marker)));
    }
    auto filetime = u64(14, "snapshot time");
    if (!filetime) {
      return unexpected(filetime.error());
    }
    if (*filetime <= static_cast<std::uint64_t>(INT64_MAX)) {
      m_info.taken_at = util::filetime_to_unix(static_cast<std::int64_t>(*filetime));
    }
    std::string_view server(head->data() + 542, 520);
    server = server.substr(0, server.size() - server.size() % 2);
    for (std::size_t i = 0; i + 1 < server.size(); i += 2) {
      if (server[i] == '\0' && server[i + 1] == '\0') {
        server = server.substr(0, i);
        break;
      }
    }
    m_info.server = util::utf16le_to_utf8(server);
    auto objects = u32(1062, "object count");
    auto table = u64(1070, "property table offset");
    if (!objects || !table) {
      return unexpected(!objects ? objects.error() : table.error());
    }
    if (*table < k_adexplorer_header_size || *table >= m_source.size()) {
      return unexpected(fail(
        1070, fmt::format("the property table's offset {} lies outside the file ({} bytes)", *table, m_source.size())));
    }
    m_objects_end = *table;
    // Every object takes at least its 8-byte size and table count.
    if (*objects > (m_objects_end - k_adexplorer_header_size) / 8) {
      return unexpected(fail(1062, fmt::format("object count {} cannot fit in the {} bytes before the property table",
                                               *objects, m_objects_end - k_adexplorer_header_size)));
    }
    m_info.objects = *objects;
    m_budget = (m_source.size() * k_adexplorer_max_expansion) + (std::uint64_t{64} << 20U);
    return {};
  }

  expected<void> read_properties()
  {
    std::uint64_t at = m_objects_end;
    const auto end = m_source.size();
    auto count = u32(at, "property count");
    if (!count) {
      return unexpected(count.error());
    }
    if (*count > (end - at - 4) / k_min_property_bytes) {
      return unexpected(
        fail(at, fmt::format("property count {} cannot fit in the {} bytes after it", *count, end - at - 4)));
    }
    at += 4;
    m_properties.reserve(*count);
    for (std::uint32_t i = 0; i < *count; ++i) {
      auto name_length = u32(at, "property name length");
      if (!name_length) {
        return unexpected(name_length.error());
      }
      if (*name_length > k_max_name_bytes) {
        return unexpected(fail(at, fmt::format("property {} has a name of {} bytes", i, *name_length)));
      }
      auto raw = bytes(at + 4, *name_length, end, "property name");
      if (!raw) {
        return unexpected(raw.error());
      }
      at += 4 + *name_length;
      auto type = u32(at + 4, "property type");
      auto dn_length = u32(at + 8, "property DN length");
      if (!type || !dn_length) {
        return unexpected(!type ? type.error() : dn_length.error());
      }
      at += 12;
      if (*dn_length > end - at || 36 > end - at - *dn_length) {
        return unexpected(
          fail(at, fmt::format("property {} (DN of {} bytes) runs past the end of the file", i, *dn_length)));
      }
      at += *dn_length + 36;
      auto name = util::utf16le_to_utf8(*raw);
      while (!name.empty() && name.back() == '\0') {
        name.pop_back();
      }
      m_properties.push_back(Property{attribute_base_name(name), *type});
    }
    return {};
  }

  // Read the UTF-16 string starting at `offset`, up to its NUL, inside the object area.
  expected<std::string> wide_string(std::uint64_t offset)
  {
    std::string raw;
    std::array<char, 256> chunk{};
    std::uint64_t at = offset;
    while (true) {
      if (at - offset >= k_max_string_bytes) {
        return unexpected(fail(offset, fmt::format("string value longer than {} MiB", k_max_string_bytes >> 20U)));
      }
      const auto left = m_objects_end - at;
      const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), left - left % 2));
      if (n == 0 || !m_source.read(at, n, chunk.data())) {
        return unexpected(fail(offset, fmt::format("string value has no terminating NUL before offset {}", at)));
      }
      for (std::size_t i = 0; i < n; i += 2) {
        if (chunk[i] == '\0' && chunk[i + 1] == '\0') {
          raw.append(chunk.data(), i);
          return util::utf16le_to_utf8(raw);
        }
      }
      raw.append(chunk.data(), n);
      at += n;
    }
  }

  // Account `n` decoded bytes against the entry's and the file's limits.
  expected<void> spend(std::uint64_t n, std::uint64_t where)
  {
    m_entry_bytes += n;
    m_spent += n;
    if (m_entry_bytes > k_max_record_bytes) {
      return unexpected(fail(where, fmt::format("object holds more than {} MiB of values", k_max_record_bytes >> 20U)));
    }
    if (m_spent > m_budget) {
      return unexpected(
        fail(where, fmt::format("values decode to more than {} times the file's size", k_adexplorer_max_expansion)));
    }
    return {};
  }

  expected<void> read_values(const Property& property, std::uint64_t start, std::vector<std::string>& out)
  {
    auto count = u32(start, "value count");
    if (!count) {
      return unexpected(count.error());
    }
    const auto step = per_value_bytes(property.type);
    const auto room = m_objects_end - start - 4;
    if (*count > k_max_values_per_record || std::uint64_t{*count} * step > room) {
      return unexpected(fail(start, fmt::format("attribute {} claims {} values, more than the object area holds",
                                                util::sanitize(property.name, 80), *count)));
    }
    m_entry_values += *count;
    if (m_entry_values > k_max_values_per_record) {
      return unexpected(fail(start, fmt::format("object holds more than {} values", k_max_values_per_record)));
    }
    const std::uint64_t table = start + 4;
    if (*count > 0) {
      if (auto spent = spend(std::uint64_t{*count} * 32, start); !spent) { // per-value overhead
        return unexpected(spent.error());
      }
    }
    out.reserve(*count);
    if (is_string_type(property.type)) {
      for (std::uint32_t v = 0; v < *count; ++v) {
        auto relative = u32(table + 4 * std::uint64_t{v}, "string offset");
        if (!relative) {
          return unexpected(relative.error());
        }
        const auto target = static_cast<std::int64_t>(start) + static_cast<std::int32_t>(*relative);
        if (target < static_cast<std::int64_t>(k_adexplorer_header_size) ||
            static_cast<std::uint64_t>(target) >= m_objects_end) {
          return unexpected(
            fail(table + 4 * std::uint64_t{v}, fmt::format("value {} of {} points at offset {}, outside the objects",
                                                           v + 1, util::sanitize(property.name, 80), target)));
        }
        auto text = wide_string(static_cast<std::uint64_t>(target));
        if (!text) {
          return unexpected(text.error());
        }
        if (auto spent = spend(text->size(), start); !spent) {
          return unexpected(spent.error());
        }
        out.push_back(std::move(*text));
      }
      return {};
    }
    if (property.type == ads_octet_string) {
      std::uint64_t data = table + 4 * std::uint64_t{*count};
      for (std::uint32_t v = 0; v < *count; ++v) {
        auto length = u32(table + 4 * std::uint64_t{v}, "value length");
        if (!length) {
          return unexpected(length.error());
        }
        auto value =
          bytes(data, *length, m_objects_end, fmt::format("value {} of {}", v + 1, util::sanitize(property.name, 80)));
        if (!value) {
          return unexpected(value.error());
        }
        if (auto spent = spend(*length, data); !spent) {
          return unexpected(spent.error());
        }
        data += *length;
        out.push_back(std::move(*value));
      }
      return {};
    }
    if (property.type == ads_nt_security_descriptor) {
      std::uint64_t at = table;
      for (std::uint32_t v = 0; v < *count; ++v) {
        auto length = u32(at, "security descriptor length");
        if (!length) {
          return unexpected(length.error());
        }
        auto value = bytes(at + 4, *length, m_objects_end,
                           fmt::format("value {} of {}", v + 1, util::sanitize(property.name, 80)));
        if (!value) {
          return unexpected(value.error());
        }
        if (auto spent = spend(*length, at); !spent) {
          return unexpected(spent.error());
        }
        at += 4 + std::uint64_t{*length};
        out.push_back(std::move(*value));
      }
      return {};
    }
    auto raw = bytes(table, std::uint64_t{*count} * step, m_objects_end, util::sanitize(property.name, 80));
    if (!raw) {
      return unexpected(raw.error());
    }
    const auto* p = reinterpret_cast<const unsigned char*>(raw->data());
    auto word = [&](std::size_t at) { return static_cast<unsigned>(p[at] | (p[at + 1] << 8U)); };
    auto dword = [&](std::size_t at) {
      return static_cast<std::uint32_t>(word(at) | (static_cast<std::uint32_t>(word(at + 2)) << 16U));
    };
    for (std::uint32_t v = 0; v < *count; ++v) {
      const std::size_t at = static_cast<std::size_t>(v) * static_cast<std::size_t>(step);
      switch (property.type) {
      case ads_boolean:
        out.emplace_back(dword(at) != 0 ? "TRUE" : "FALSE");
        break;
      case ads_integer:
        // LDAP's Integer syntax is a signed 32-bit value (0x80000000 reads as -2147483648).
        out.push_back(std::to_string(static_cast<std::int32_t>(dword(at))));
        break;
      case ads_large_integer:
        out.push_back(std::to_string(static_cast<std::int64_t>(dword(at) | (std::uint64_t{dword(at + 4)} << 32U))));
        break;
      default: // ads_utc_time: SYSTEMTIME year, month, day of week, day, hour, minute, second, ms
        out.push_back(fmt::format("{:04}{}{}{}{}{}.0Z", word(at), two_digits(word(at + 2)), two_digits(word(at + 6)),
                                  two_digits(word(at + 8)), two_digits(word(at + 10)), two_digits(word(at + 12))));
        break;
      }
    }
    return {};
  }

  expected<Entry> read_object(std::uint64_t index, std::uint64_t& at)
  {
    const auto begin = at;
    auto size = u32(begin, "object size");
    auto entries = u32(begin + 4, "object's attribute count");
    if (!size || !entries) {
      return unexpected(!size ? size.error() : entries.error());
    }
    if (*size < 8 || *size > m_objects_end - begin) {
      return unexpected(fail(begin, fmt::format("object {} of {} bytes runs past the property table at offset {}",
                                                index, *size, m_objects_end)));
    }
    if (*entries > (*size - 8) / 8) {
      return unexpected(fail(
        begin + 4, fmt::format("object {} claims {} attributes, more than its {} bytes hold", index, *entries, *size)));
    }
    at = begin + *size;
    Entry entry;
    entry.origin = fmt::format("{}@{}", m_name, begin);
    m_entry_bytes = 0;
    m_entry_values = 0;
    std::set<std::uint32_t> seen;
    std::string dn;
    for (std::uint32_t k = 0; k < *entries; ++k) {
      const auto slot = begin + 8 + 8 * std::uint64_t{k};
      auto property_index = u32(slot, "attribute index");
      auto offset = u32(slot + 4, "attribute offset");
      if (!property_index || !offset) {
        return unexpected(!property_index ? property_index.error() : offset.error());
      }
      if (*property_index >= m_properties.size()) {
        return unexpected(fail(slot, fmt::format("attribute index {} is past the property table ({} properties)",
                                                 *property_index, m_properties.size())));
      }
      if (!seen.insert(*property_index).second) {
        return unexpected(fail(slot, fmt::format("object {} lists attribute {} twice", index,
                                                 util::sanitize(m_properties[*property_index].name, 80))));
      }
      const auto& property = m_properties[*property_index];
      // Offsets are signed: objects share values stored with an earlier object.
      const auto start = static_cast<std::int64_t>(begin) + static_cast<std::int32_t>(*offset);
      if (start < static_cast<std::int64_t>(k_adexplorer_header_size) ||
          static_cast<std::uint64_t>(start) + 4 > m_objects_end) {
        return unexpected(fail(slot + 4, fmt::format("attribute {} points at offset {}, outside the objects",
                                                     util::sanitize(property.name, 80), start)));
      }
      if (per_value_bytes(property.type) == 0) {
        auto& skipped = m_skipped[property.name];
        skipped.name = property.name;
        skipped.ads_type = property.type;
        ++skipped.objects;
        continue;
      }
      std::vector<std::string> values;
      if (auto read = read_values(property, static_cast<std::uint64_t>(start), values); !read) {
        return unexpected(read.error());
      }
      if (property.name == "distinguishedname" && !values.empty()) {
        dn = values.front();
      }
      for (auto& value : values) {
        entry.add_value(property.name, std::move(value));
      }
    }
    entry.dn = std::move(dn);
    return entry;
  }

  ByteSource& m_source;
  const std::string& m_name;
  AdExplorerInfo m_info;
  std::vector<Property> m_properties;
  std::map<std::string, SkippedAttribute> m_skipped;
  std::uint64_t m_objects_end = 0;
  std::uint64_t m_budget = 0;
  std::uint64_t m_spent = 0;
  std::uint64_t m_entry_bytes = 0;
  std::uint64_t m_entry_values = 0;
};

} // namespace

bool
is_adexplorer_snapshot(std::string_view prefix)
{
  return prefix.substr(0, k_adexplorer_signature.size()) == k_adexplorer_signature;
}

bool
is_adexplorer_file(const std::string& path)
{
  if (util::regular_file_problem(path)) {
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  std::array<char, k_adexplorer_signature.size()> head{};
  in.read(head.data(), head.size());
  return in && is_adexplorer_snapshot(std::string_view(head.data(), head.size()));
}

expected<AdExplorerInfo>
read_adexplorer(std::istream& in, const std::string& name, const std::function<void(Entry&&)>& sink)
{
  in.clear();
  in.seekg(0, std::ios::end);
  const auto end = in.tellg();
  if (!in || end < 0) {
    return unexpected(fmt::format("{}: cannot tell the file's size", name));
  }
  in.seekg(0);
  ByteSource source(in, static_cast<std::uint64_t>(end));
  Reader reader(source, name);
  return reader.run(sink);
}

expected<AdExplorerInfo>
read_adexplorer_file(const std::string& path, const std::function<void(Entry&&)>& sink)
{
  if (const auto problem = util::regular_file_problem(path)) {
    return unexpected(fmt::format("{}: {}", path, *problem));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return unexpected(fmt::format("{}: cannot open for reading", path));
  }
  return read_adexplorer(in, path, sink);
}

} // namespace kerbready::collect
