#include "src/ad/forest_trust_info.hpp"

#include "src/util/ad.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <array>
#include <span>
#include <utility>

namespace kerbready {

namespace {

// Flags (4) + Timestamp (8) + RecordType (1): the smallest record after its RecordLen.
constexpr std::size_t k_record_head = 13;
constexpr std::size_t k_smallest_record = 4 + k_record_head;

// A bounds-checked little-endian reader over one span of bytes.
class Reader
{
public:
  explicit Reader(std::string_view bytes) : m_bytes(bytes) {}

  [[nodiscard]] std::size_t left() const { return m_bytes.size() - m_pos; }
  [[nodiscard]] std::size_t pos() const { return m_pos; }

  bool u32(std::uint32_t& out)
  {
    if (left() < 4) {
      return false;
    }
    out = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      out |= static_cast<std::uint32_t>(static_cast<unsigned char>(m_bytes[m_pos + i])) << (8 * i);
    }
    m_pos += 4;
    return true;
  }

  bool u64(std::uint64_t& out)
  {
    if (left() < 8) {
      return false;
    }
    out = 0;
    for (std::size_t i = 0; i < 8; ++i) {
      out |= static_cast<std::uint64_t>(static_cast<unsigned char>(m_bytes[m_pos + i])) << (8 * i);
    }
    m_pos += 8;
    return true;
  }

  bool u8(std::uint8_t& out)
  {
    if (left() < 1) {
      return false;
    }
    out = static_cast<std::uint8_t>(m_bytes[m_pos]);
    ++m_pos;
    return true;
  }

  bool take(std::size_t n, std::string_view& out)
  {
    if (left() < n) {
      return false;
    }
    out = m_bytes.substr(m_pos, n);
    m_pos += n;
    return true;
  }

private:
  std::string_view m_bytes;
  std::size_t m_pos = 0;
};

// Read a counted string (4-byte length, then that many bytes) of `record` into `out`.
expected<std::string>
counted(Reader& record, std::string_view what, std::size_t index)
{
  std::uint32_t length = 0;
  std::string_view bytes;
  if (!record.u32(length)) {
    return unexpected(fmt::format("record {}: its {} length is cut short", index, what));
  }
  if (!record.take(length, bytes)) {
    return unexpected(fmt::format("record {}: its {} length {} runs past the record ({} bytes left)", index, what,
                                  length, record.left()));
  }
  if (!util::is_valid_utf8(bytes)) {
    return unexpected(fmt::format("record {}: its {} is not UTF-8", index, what));
  }
  return std::string(bytes);
}

expected<ForestTrustRecord>
parse_record(std::string_view body, std::size_t index)
{
  Reader r(body);
  ForestTrustRecord rec;
  std::uint64_t timestamp = 0;
  if (!r.u32(rec.flags) || !r.u64(timestamp) || !r.u8(rec.type)) {
    return unexpected(fmt::format("record {} is shorter than its fixed fields", index));
  }
  if (timestamp != 0 && timestamp <= static_cast<std::uint64_t>(INT64_MAX)) {
    rec.timestamp = util::filetime_to_unix(static_cast<std::int64_t>(timestamp));
  }
  switch (rec.type) {
  case forest_trust_record::top_level_name:
  case forest_trust_record::top_level_name_exclusion: {
    auto name = counted(r, "name", index);
    if (!name) {
      return unexpected(name.error());
    }
    rec.name = std::move(*name);
    break;
  }
  case forest_trust_record::domain_info: {
    std::uint32_t sid_length = 0;
    std::string_view sid;
    if (!r.u32(sid_length)) {
      return unexpected(fmt::format("record {}: its SID length is cut short", index));
    }
    if (!r.take(sid_length, sid)) {
      return unexpected(
        fmt::format("record {}: its SID length {} runs past the record ({} bytes left)", index, sid_length, r.left()));
    }
    if (!sid.empty()) {
      auto text = util::decode_sid(sid);
      if (!text) {
        return unexpected(fmt::format("record {}: its SID: {}", index, text.error()));
      }
      rec.sid = std::move(*text);
    }
    auto dns = counted(r, "DNS name", index);
    if (!dns) {
      return unexpected(dns.error());
    }
    auto netbios = counted(r, "NetBIOS name", index);
    if (!netbios) {
      return unexpected(netbios.error());
    }
    rec.name = std::move(*dns);
    rec.netbios_name = std::move(*netbios);
    break;
  }
  default:
    // Binary data, scanner info and types defined later: kept without their data.
    return rec;
  }
  if (r.left() != 0) {
    return unexpected(fmt::format("record {}: {} bytes after its data", index, r.left()));
  }
  return rec;
}

std::string
describe_flags(std::uint32_t flags, std::span<const std::pair<std::uint32_t, const char*>> names)
{
  std::vector<std::string> out;
  std::uint32_t known = 0;
  for (const auto& [bit, name] : names) {
    known |= bit;
    if ((flags & bit) != 0) {
      out.emplace_back(name);
    }
  }
  if ((flags & ~known) != 0) {
    out.push_back(fmt::format("unknown 0x{:x}", flags & ~known));
  }
  return out.empty() ? std::string("enabled") : fmt::format("{}", fmt::join(out, ", "));
}

std::string_view
without_trailing_dot(std::string_view name)
{
  if (!name.empty() && name.back() == '.') {
    name.remove_suffix(1);
  }
  return name;
}

} // namespace

expected<std::vector<ForestTrustRecord>>
parse_forest_trust_info(std::string_view bytes)
{
  Reader r(bytes);
  std::uint32_t version = 0;
  std::uint32_t count = 0;
  if (!r.u32(version) || !r.u32(count)) {
    return unexpected(fmt::format("{} bytes: shorter than the version and record count", bytes.size()));
  }
  if (version != 1) {
    return unexpected(fmt::format("version {} (only 1 is defined)", version));
  }
  if (count > r.left() / k_smallest_record) {
    return unexpected(fmt::format("record count {} cannot fit in the {} bytes that follow", count, r.left()));
  }
  std::vector<ForestTrustRecord> records;
  records.reserve(count);
  for (std::size_t i = 1; i <= count; ++i) {
    std::uint32_t length = 0;
    std::string_view body;
    if (!r.u32(length)) {
      return unexpected(fmt::format("record {} of {}: cut short before its length", i, count));
    }
    if (!r.take(length, body)) {
      return unexpected(
        fmt::format("record {} of {}: length {} runs past the end ({} bytes left)", i, count, length, r.left()));
    }
    auto rec = parse_record(body, i);
    if (!rec) {
      return unexpected(rec.error());
    }
    records.push_back(std::move(*rec));
  }
  if (r.left() != 0) {
    return unexpected(fmt::format("{} bytes after the last of {} records", r.left(), count));
  }
  return records;
}

std::string
describe_tln_flags(std::uint32_t flags)
{
  static constexpr std::array<std::pair<std::uint32_t, const char*>, 3> k_names = {{
    {tln_flag::disabled_new, "LSA_TLN_DISABLED_NEW"},
    {tln_flag::disabled_admin, "LSA_TLN_DISABLED_ADMIN"},
    {tln_flag::disabled_conflict, "LSA_TLN_DISABLED_CONFLICT"},
  }};
  return describe_flags(flags, k_names);
}

std::string
describe_domain_info_flags(std::uint32_t flags)
{
  static constexpr std::array<std::pair<std::uint32_t, const char*>, 4> k_names = {{
    {domain_info_flag::sid_disabled_admin, "LSA_SID_DISABLED_ADMIN"},
    {domain_info_flag::sid_disabled_conflict, "LSA_SID_DISABLED_CONFLICT"},
    {domain_info_flag::nb_disabled_admin, "LSA_NB_DISABLED_ADMIN"},
    {domain_info_flag::nb_disabled_conflict, "LSA_NB_DISABLED_CONFLICT"},
  }};
  return describe_flags(flags, k_names);
}

bool
dns_name_is_under(std::string_view name, std::string_view suffix)
{
  name = without_trailing_dot(name);
  suffix = without_trailing_dot(suffix);
  if (suffix.empty() || name.size() < suffix.size()) {
    return false;
  }
  if (!util::iequals(name.substr(name.size() - suffix.size()), suffix)) {
    return false;
  }
  return name.size() == suffix.size() || name[name.size() - suffix.size() - 1] == '.';
}

RoutingAnswer
route_name(const std::vector<ForestTrustRecord>& info, std::string_view name)
{
  RoutingAnswer answer;
  const ForestTrustRecord* disabled = nullptr;
  bool covered = false;
  for (const auto& rec : info) {
    if (rec.type == forest_trust_record::top_level_name_exclusion && (rec.flags & tln_flag::disabled_mask) == 0 &&
        dns_name_is_under(name, rec.name)) {
      return RoutingAnswer{NameRouting::excluded, &rec};
    }
    if (rec.type == forest_trust_record::top_level_name && dns_name_is_under(name, rec.name)) {
      if ((rec.flags & tln_flag::disabled_mask) == 0) {
        covered = true;
      } else if (disabled == nullptr) {
        disabled = &rec;
      }
    }
  }
  if (covered) {
    answer.routing = NameRouting::routed;
  } else if (disabled != nullptr) {
    answer.routing = NameRouting::disabled;
    answer.record = disabled;
  }
  return answer;
}

} // namespace kerbready
