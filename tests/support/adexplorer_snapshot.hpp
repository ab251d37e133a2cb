#pragma once

// Writes small Sysinternals AD Explorer snapshots (docs/snapshot-format.md, "AD Explorer
// snapshots") for the reader's tests and the fuzz corpus: a header, objects whose attribute
// tables point at value blocks, and the property table after them. Tests then cut or patch the
// bytes at the offsets it records.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace kerbready::test {

inline void
put_u32(std::string& out, std::uint32_t value)
{
  for (int i = 0; i < 4; ++i) {
    out.push_back(static_cast<char>((value >> (8 * i)) & 0xffU));
  }
}

inline void
put_u64(std::string& out, std::uint64_t value)
{
  put_u32(out, static_cast<std::uint32_t>(value));
  put_u32(out, static_cast<std::uint32_t>(value >> 32U));
}

// Overwrite the four bytes at `offset` of `file` with `value`.
inline void
patch_u32(std::string& file, std::size_t offset, std::uint32_t value)
{
  std::string bytes;
  put_u32(bytes, value);
  file.replace(offset, 4, bytes);
}

// `text` (bytes taken as Latin-1 code units) as UTF-16LE, without a terminator.
inline std::string
wide(const std::string& text)
{
  std::string out;
  for (const char c : text) {
    out.push_back(c);
    out.push_back('\0');
  }
  return out;
}

// ADSI types (ADSTYPEENUM) the writer uses.
enum : std::uint32_t {
  type_dn = 1,
  type_case_ignore = 3,
  type_boolean = 6,
  type_integer = 7,
  type_octets = 8,
  type_utc_time = 9,
  type_large_integer = 10,
  type_object_class = 12,
  type_security_descriptor = 25,
  type_dn_with_binary = 27,
};

// Value blocks: the count, then what the type stores.
inline std::string
adx_wide_strings(const std::vector<std::string>& utf16_values)
{
  std::string out;
  put_u32(out, static_cast<std::uint32_t>(utf16_values.size()));
  auto at = static_cast<std::uint32_t>(4 + 4 * utf16_values.size());
  for (const auto& v : utf16_values) {
    put_u32(out, at);
    at += static_cast<std::uint32_t>(v.size() + 2);
  }
  for (const auto& v : utf16_values) {
    out += v;
    out += std::string(2, '\0');
  }
  return out;
}

inline std::string
adx_strings(const std::vector<std::string>& values)
{
  std::vector<std::string> utf16;
  for (const auto& v : values) {
    utf16.push_back(wide(v));
  }
  return adx_wide_strings(utf16);
}

inline std::string
adx_u32s(const std::vector<std::uint32_t>& values)
{
  std::string out;
  put_u32(out, static_cast<std::uint32_t>(values.size()));
  for (const auto v : values) {
    put_u32(out, v);
  }
  return out;
}

inline std::string
adx_i64s(const std::vector<std::int64_t>& values)
{
  std::string out;
  put_u32(out, static_cast<std::uint32_t>(values.size()));
  for (const auto v : values) {
    put_u64(out, static_cast<std::uint64_t>(v));
  }
  return out;
}

inline std::string
adx_octets(const std::vector<std::string>& values)
{
  std::string out;
  put_u32(out, static_cast<std::uint32_t>(values.size()));
  for (const auto& v : values) {
    put_u32(out, static_cast<std::uint32_t>(v.size()));
  }
  for (const auto& v : values) {
    out += v;
  }
  return out;
}

inline std::string
adx_descriptors(const std::vector<std::string>& values)
{
  std::string out;
  put_u32(out, static_cast<std::uint32_t>(values.size()));
  for (const auto& v : values) {
    put_u32(out, static_cast<std::uint32_t>(v.size()));
    out += v;
  }
  return out;
}

// One SYSTEMTIME value.
inline std::string
adx_time(unsigned year, unsigned month, unsigned day, unsigned hour, unsigned minute, unsigned second)
{
  std::string out;
  put_u32(out, 1);
  for (const unsigned word : {year, month, 0U, day, hour, minute, second, 0U}) {
    out.push_back(static_cast<char>(word & 0xffU));
    out.push_back(static_cast<char>((word >> 8U) & 0xffU));
  }
  return out;
}

class AdxSnapshot
{
public:
  // One attribute of an object: its property and its value block, or, when `shared_with` is set,
  // the value block of attribute `shared_with.second` of object `shared_with.first` (stored once,
  // referenced by a negative offset, as AD Explorer does).
  struct Attribute
  {
    std::uint32_t property = 0;
    std::string block;
    std::pair<int, int> shared_with{-1, -1};
  };

  // Add a property (attribute of the schema) and return its index.
  std::uint32_t property(const std::string& name, std::uint32_t ads_type)
  {
    m_properties.emplace_back(name, ads_type);
    return static_cast<std::uint32_t>(m_properties.size() - 1);
  }

  void object(std::vector<Attribute> attributes) { m_objects.push_back(std::move(attributes)); }

  std::uint64_t filetime = 132827825226331628ULL; // 2021-11-30T21:48:42Z
  std::string server = "dc.corp.example.com";

  // Offsets in the last build(): each object's start, each attribute's value block, the property
  // table.
  std::vector<std::size_t> object_offsets;
  std::vector<std::vector<std::size_t>> block_offsets;
  std::size_t table_offset = 0;

  std::string build()
  {
    std::string file = "win-ad-ob";
    file.push_back('\0');
    put_u32(file, 0x10001);
    put_u64(file, filetime);
    auto fixed = [&](const std::string& text) {
      std::string w = wide(text);
      w.resize(520, '\0');
      file += w;
    };
    fixed("test snapshot");
    fixed(server);
    put_u32(file, static_cast<std::uint32_t>(m_objects.size()));
    put_u32(file, 0);
    const std::size_t table_at = file.size();
    put_u32(file, 0); // property table offset, low and high: patched below
    put_u32(file, 0);
    put_u32(file, 0);
    put_u32(file, 0);
    object_offsets.clear();
    block_offsets.clear();
    for (const auto& attributes : m_objects) {
      const std::size_t start = file.size();
      object_offsets.push_back(start);
      std::string body;
      std::vector<std::size_t> blocks;
      const std::size_t head = 8 + 8 * attributes.size();
      std::string table;
      for (const auto& a : attributes) {
        put_u32(table, a.property);
        std::int64_t relative = 0;
        if (a.shared_with.first >= 0) {
          const auto target = block_offsets[static_cast<std::size_t>(a.shared_with.first)]
                                           [static_cast<std::size_t>(a.shared_with.second)];
          relative = static_cast<std::int64_t>(target) - static_cast<std::int64_t>(start);
          blocks.push_back(target);
        } else {
          relative = static_cast<std::int64_t>(head + body.size());
          blocks.push_back(start + head + body.size());
          body += a.block;
        }
        put_u32(table, static_cast<std::uint32_t>(static_cast<std::int32_t>(relative)));
      }
      put_u32(file, static_cast<std::uint32_t>(head + body.size()));
      put_u32(file, static_cast<std::uint32_t>(attributes.size()));
      file += table;
      file += body;
      block_offsets.push_back(std::move(blocks));
    }
    table_offset = file.size();
    patch_u32(file, table_at, static_cast<std::uint32_t>(table_offset));
    put_u32(file, static_cast<std::uint32_t>(m_properties.size()));
    for (const auto& [name, type] : m_properties) {
      const std::string w = wide(name) + std::string(2, '\0');
      put_u32(file, static_cast<std::uint32_t>(w.size()));
      file += w;
      put_u32(file, 0);
      put_u32(file, type);
      const std::string dn = wide("CN=" + name + ",CN=Schema,CN=Configuration,DC=corp,DC=example,DC=com");
      put_u32(file, static_cast<std::uint32_t>(dn.size()));
      file += dn;
      file += std::string(36, '\0');
    }
    put_u32(file, 0); // classes
    put_u32(file, 0); // rights
    return file;
  }

private:
  std::vector<std::pair<std::string, std::uint32_t>> m_properties;
  std::vector<std::vector<Attribute>> m_objects;
};

} // namespace kerbready::test
