#include "src/util/ad.hpp"

#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>

namespace kerbready::util {

namespace {

int
hex_value(char c)
{
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

} // namespace

namespace {

// Remove leading and trailing spaces and tabs from `s` in place (no new string).
void
trim_in_place(std::string& s)
{
  const auto trimmed = trim(s);
  if (trimmed.size() != s.size()) {
    s = std::string(trimmed);
  }
}

// Whether `c` ends a run of plain DN characters (see parse_dn).
bool
is_dn_special(char c)
{
  return c == '\\' || c == '"' || c == '=' || c == ',' || c == ';';
}

} // namespace

expected<std::vector<Rdn>>
parse_dn(std::string_view dn)
{
  std::vector<Rdn> out;
  if (trim(dn).empty()) {
    return out;
  }
  out.reserve(static_cast<std::size_t>(std::count(dn.begin(), dn.end(), ',')) + 1);
  Rdn current;
  std::string* field = &current.type;
  bool in_quotes = false;
  auto finish = [&]() -> expected<void> {
    if (field == &current.type) {
      return unexpected(fmt::format("RDN without '=' in DN"));
    }
    trim_in_place(current.type);
    // Unescaped trailing spaces are insignificant; escaped ones were appended as "\x01 " markers
    // below, so a plain trim is safe here.
    trim_in_place(current.value);
    out.push_back(std::move(current));
    current = Rdn{};
    field = &current.type;
    return {};
  };
  for (std::size_t i = 0; i < dn.size(); ++i) {
    // Copy a run of ordinary characters at once: most of a DN is plain text.
    std::size_t run = i;
    while (run < dn.size() && !is_dn_special(dn[run])) {
      ++run;
    }
    if (run > i) {
      field->append(dn.substr(i, run - i));
      i = run;
      if (i == dn.size()) {
        break;
      }
    }
    const char c = dn[i];
    if (c == '\\') {
      if (i + 1 >= dn.size()) {
        return unexpected(std::string("dangling escape at the end of DN"));
      }
      const int h1 = hex_value(dn[i + 1]);
      const int h2 = i + 2 < dn.size() ? hex_value(dn[i + 2]) : -1;
      if (h1 >= 0 && h2 >= 0) {
        *field += static_cast<char>(h1 * 16 + h2);
        i += 2;
      } else {
        *field += dn[i + 1];
        i += 1;
      }
    } else if (c == '"') {
      in_quotes = !in_quotes;
    } else if (c == '=' && field == &current.type && !in_quotes) {
      field = &current.value;
    } else if ((c == ',' || c == ';') && !in_quotes) {
      if (auto r = finish(); !r) {
        return unexpected(r.error());
      }
    } else {
      *field += c;
    }
  }
  if (auto r = finish(); !r) {
    return unexpected(r.error());
  }
  return out;
}

namespace {

// Whether normalize_dn(dn) is `dn` lowercased, as it is for nearly every DN: no escape, quote or
// ';', and no space or tab at either end or beside a ',' or '=', so that parse_dn would neither
// unescape nor trim anything (an RDN without '=' fails to parse, and then `dn` lowercased is the
// answer too).
bool
normalizes_to_lower(std::string_view dn)
{
  for (std::size_t i = 0; i < dn.size(); ++i) {
    const char c = dn[i];
    if (c == '\\' || c == '"' || c == ';') {
      return false;
    }
    if (c == ' ' || c == '\t') {
      if (i == 0 || i + 1 == dn.size()) {
        return false;
      }
      const char before = dn[i - 1];
      const char after = dn[i + 1];
      if (before == ',' || before == '=' || after == ',' || after == '=') {
        return false;
      }
    }
  }
  return true;
}

} // namespace

void
normalize_dn_into(std::string& out, std::string_view dn)
{
  out.clear();
  if (normalizes_to_lower(dn)) {
    append_lower(out, dn);
    return;
  }
  auto rdns = parse_dn(dn);
  out = rdns ? normalize_dn(*rdns) : to_lower(dn);
}

std::string
normalize_dn(std::string_view dn)
{
  std::string out;
  normalize_dn_into(out, dn);
  return out;
}

std::string
normalize_dn(const std::vector<Rdn>& rdns)
{
  std::size_t size = 0;
  for (const auto& rdn : rdns) {
    size += rdn.type.size() + rdn.value.size() + 2;
  }
  std::string out;
  out.reserve(size);
  for (const auto& rdn : rdns) {
    if (!out.empty()) {
      out += ',';
    }
    append_lower(out, rdn.type);
    out += '=';
    append_lower(out, rdn.value);
  }
  return out;
}

std::string
domain_of_dn(std::string_view dn)
{
  auto rdns = parse_dn(dn);
  return rdns ? domain_of_dn(*rdns) : std::string();
}

std::string
domain_of_dn(const std::vector<Rdn>& rdns)
{
  // The trailing DC= components are rdns[first, last); the root-most one is rdns[last - 1].
  std::size_t first = rdns.size();
  while (first > 0 && iequals(rdns[first - 1].type, "dc")) {
    --first;
  }
  std::size_t last = rdns.size();
  // Skip DomainDnsZones/ForestDnsZones, the leaf-most DC label under the domain of a DNS partition.
  if (first < last && (iequals(rdns[first].value, "DomainDnsZones") || iequals(rdns[first].value, "ForestDnsZones"))) {
    ++first;
  }
  std::string out;
  for (std::size_t i = first; i < last; ++i) {
    if (!out.empty()) {
      out += '.';
    }
    append_lower(out, rdns[i].value);
  }
  return out;
}

std::string
first_rdn_value(std::string_view dn)
{
  auto rdns = parse_dn(dn);
  if (!rdns || rdns->empty()) {
    return {};
  }
  return rdns->front().value;
}

expected<std::string>
decode_sid(std::string_view bytes)
{
  if (bytes.size() >= 4 && (bytes.substr(0, 2) == "S-" || bytes.substr(0, 2) == "s-")) {
    return std::string(bytes);
  }
  if (bytes.size() < 8) {
    return unexpected(fmt::format("SID of {} bytes is truncated (at least 8 needed)", bytes.size()));
  }
  const auto revision = static_cast<unsigned char>(bytes[0]);
  const auto count = static_cast<unsigned char>(bytes[1]);
  if (revision != 1) {
    return unexpected(fmt::format("SID revision {} is not 1", revision));
  }
  if (count > 15) {
    return unexpected(fmt::format("SID claims {} sub-authorities (at most 15)", count));
  }
  const std::size_t expected_size = 8 + 4 * static_cast<std::size_t>(count);
  if (bytes.size() != expected_size) {
    return unexpected(
      fmt::format("SID has {} bytes but its {} sub-authorities need {}", bytes.size(), count, expected_size));
  }
  std::uint64_t authority = 0;
  for (std::size_t i = 2; i < 8; ++i) {
    authority = (authority << 8) | static_cast<unsigned char>(bytes[i]);
  }
  // std::to_chars instead of fmt::format: one SID per account is decoded while loading.
  std::string out = "S-1-";
  std::array<char, 24> digits{};
  auto append_number = [&](std::uint64_t number) {
    const auto result = std::to_chars(digits.data(), digits.data() + digits.size(), number);
    out.append(digits.data(), result.ptr);
  };
  append_number(authority);
  for (std::size_t k = 0; k < count; ++k) {
    const std::size_t o = 8 + 4 * k;
    const std::uint32_t sub = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[o])) |
                              static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[o + 1])) << 8 |
                              static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[o + 2])) << 16 |
                              static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[o + 3])) << 24;
    out += '-';
    append_number(sub);
  }
  return out;
}

std::optional<std::uint32_t>
sid_rid(std::string_view sid)
{
  const auto pos = sid.rfind('-');
  if (pos == std::string_view::npos) {
    return std::nullopt;
  }
  const auto value = parse_int(sid.substr(pos + 1));
  if (!value || *value < 0 || *value > 0xFFFFFFFFLL) {
    return std::nullopt;
  }
  return static_cast<std::uint32_t>(*value);
}

std::string
sid_domain_part(std::string_view sid)
{
  const auto pos = sid.rfind('-');
  return pos == std::string_view::npos ? std::string() : std::string(sid.substr(0, pos));
}

std::int64_t
days_from_civil(std::int64_t y, unsigned m, unsigned d)
{
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::optional<std::int64_t>
parse_generalized_time(std::string_view s)
{
  if (s.size() < 14) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < 14; ++i) {
    if (s[i] < '0' || s[i] > '9') {
      return std::nullopt;
    }
  }
  auto num = [&](std::size_t pos, std::size_t len) { return static_cast<int>(*parse_int(s.substr(pos, len))); };
  const int year = num(0, 4);
  const int month = num(4, 2);
  const int day = num(6, 2);
  const int hour = num(8, 2);
  const int minute = num(10, 2);
  const int second = num(12, 2);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  const auto days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return days * 86400 + std::int64_t{hour} * 3600 + std::int64_t{minute} * 60 + second;
}

std::optional<std::int64_t>
filetime_to_unix(std::int64_t filetime)
{
  if (filetime <= 0 || filetime == 0x7FFFFFFFFFFFFFFFLL) {
    return std::nullopt;
  }
  return filetime / 10000000 - 11644473600LL;
}

std::string
format_iso8601(std::int64_t unix_seconds)
{
  const std::chrono::sys_seconds tp{std::chrono::seconds{unix_seconds}};
  const auto days = std::chrono::floor<std::chrono::days>(tp);
  const std::chrono::year_month_day ymd{days};
  const std::chrono::hh_mm_ss hms{tp - days};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hms.hours().count(),
                     hms.minutes().count(), hms.seconds().count());
}

std::optional<std::int64_t>
parse_iso8601(std::string_view s)
{
  // YYYY-MM-DDTHH:MM:SSZ: the separators at fixed places, digits everywhere else.
  constexpr std::string_view shape = "dddd-dd-ddTdd:dd:ddZ";
  if (s.size() != shape.size()) {
    return std::nullopt;
  }
  std::string digits;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == 'd') {
      if (s[i] < '0' || s[i] > '9') {
        return std::nullopt;
      }
      digits += s[i];
    } else if (s[i] != shape[i]) {
      return std::nullopt;
    }
  }
  return parse_generalized_time(digits);
}

std::string
domain_of_host(std::string_view host, const std::set<std::string>& domains)
{
  std::string best;
  const auto lower = util::to_lower(host);
  for (const auto& d : domains) {
    const bool inside = lower == d || (lower.size() > d.size() && util::iends_with(lower, d) &&
                                       lower[lower.size() - d.size() - 1] == '.');
    if (inside && d.size() > best.size()) {
      best = d;
    }
  }
  return best;
}

} // namespace kerbready::util
