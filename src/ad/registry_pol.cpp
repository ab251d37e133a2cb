#include "src/ad/registry_pol.hpp"

#include "src/util/utf16.hpp"

#include <fmt/format.h>

namespace kerbready {

namespace {

constexpr std::size_t k_max_entries = 100000;
constexpr std::uint32_t k_reg_sz = 1;
constexpr std::uint32_t k_reg_expand_sz = 2;
constexpr std::uint32_t k_reg_dword = 4;
constexpr std::uint32_t k_reg_multi_sz = 7;

class Reader
{
public:
  explicit Reader(std::string_view bytes) : m_bytes(bytes) {}

  [[nodiscard]] std::size_t offset() const { return m_pos; }
  [[nodiscard]] bool at_end() const { return m_pos >= m_bytes.size(); }

  bool u16(std::uint16_t& out)
  {
    if (m_bytes.size() - m_pos < 2) {
      return false;
    }
    out = static_cast<std::uint16_t>(static_cast<unsigned char>(m_bytes[m_pos]) |
                                     (static_cast<unsigned char>(m_bytes[m_pos + 1]) << 8));
    m_pos += 2;
    return true;
  }

  bool u32(std::uint32_t& out)
  {
    if (m_bytes.size() - m_pos < 4) {
      return false;
    }
    out = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      out |= static_cast<std::uint32_t>(static_cast<unsigned char>(m_bytes[m_pos + i])) << (8 * i);
    }
    m_pos += 4;
    return true;
  }

  bool expect(char16_t c)
  {
    std::uint16_t v = 0;
    return u16(v) && v == static_cast<std::uint16_t>(c);
  }

  // A NUL-terminated UTF-16LE string, decoded to UTF-8.
  bool string(std::string& out)
  {
    const auto start = m_pos;
    std::uint16_t v = 0;
    while (u16(v)) {
      if (v == 0) {
        out = util::utf16le_to_utf8(m_bytes.substr(start, m_pos - 2 - start));
        return true;
      }
    }
    return false;
  }

  bool raw(std::size_t size, std::string& out)
  {
    if (m_bytes.size() - m_pos < size) {
      return false;
    }
    out.assign(m_bytes.substr(m_pos, size));
    m_pos += size;
    return true;
  }

private:
  std::string_view m_bytes;
  std::size_t m_pos = 0;
};

} // namespace

RegistryPolFile
parse_registry_pol(std::string_view bytes)
{
  RegistryPolFile file;
  Reader r(bytes);
  std::string signature;
  std::uint32_t version = 0;
  if (!r.raw(4, signature) || signature != "PReg" || !r.u32(version)) {
    file.problems.emplace_back("not a Registry.pol file (no PReg signature)");
    return file;
  }
  if (version != 1) {
    file.problems.push_back(fmt::format("unsupported Registry.pol version {}", version));
    return file;
  }
  while (!r.at_end()) {
    if (file.entries.size() >= k_max_entries) {
      file.problems.push_back(fmt::format("more than {} entries; the rest was not read", k_max_entries));
      break;
    }
    const auto start = r.offset();
    RegistryPolEntry e;
    std::uint32_t size = 0;
    const bool ok = r.expect(u'[') && r.string(e.key) && r.expect(u';') && r.string(e.value) && r.expect(u';') &&
                    r.u32(e.type) && r.expect(u';') && r.u32(size) && r.expect(u';') && r.raw(size, e.data) &&
                    r.expect(u']');
    if (!ok) {
      file.problems.push_back(fmt::format("malformed entry at offset {}; the rest was not read", start));
      break;
    }
    file.entries.push_back(std::move(e));
  }
  return file;
}

std::vector<GpoRegistryValue>
registry_pol_values(const RegistryPolFile& file, std::string_view hive)
{
  std::vector<GpoRegistryValue> values;
  for (const auto& e : file.entries) {
    if (e.value.empty() || e.value.rfind("**", 0) == 0) {
      continue;
    }
    GpoRegistryValue v;
    v.path = fmt::format("{}\\{}\\{}", hive, e.key, e.value);
    v.type = e.type;
    if (e.type == k_reg_dword) {
      if (e.data.size() != 4) {
        continue;
      }
      std::uint32_t d = 0;
      for (std::size_t i = 0; i < 4; ++i) {
        d |= static_cast<std::uint32_t>(static_cast<unsigned char>(e.data[i])) << (8 * i);
      }
      v.data = std::to_string(d);
    } else if (e.type == k_reg_sz || e.type == k_reg_expand_sz || e.type == k_reg_multi_sz) {
      auto text = util::utf16le_to_utf8(e.data);
      // Strings end in NUL; REG_MULTI_SZ separates its strings with NULs and ends with two.
      while (!text.empty() && text.back() == '\0') {
        text.pop_back();
      }
      if (e.type == k_reg_multi_sz) {
        for (auto& c : text) {
          if (c == '\0') {
            c = ',';
          }
        }
      }
      v.data = std::move(text);
    } else {
      continue;
    }
    values.push_back(std::move(v));
  }
  return values;
}

} // namespace kerbready
