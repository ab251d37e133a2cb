#include "src/events/event.hpp"

#include "src/util/ad.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <array>

namespace kerbready::events {

namespace {

bool
digits(std::string_view s, std::size_t pos, std::size_t count, int& out)
{
  if (pos + count > s.size()) {
    return false;
  }
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (s[i] < '0' || s[i] > '9') {
      return false;
    }
    value = value * 10 + (s[i] - '0');
  }
  out = value;
  return true;
}

} // namespace

const std::string*
Event::field(std::string_view name) const
{
  for (const auto& [key, value] : data) {
    if (util::iequals(key, name)) {
      return &value;
    }
  }
  return nullptr;
}

std::string_view
Event::first_of(std::span<const std::string_view> names) const
{
  for (const auto name : names) {
    const auto* value = field(name);
    if (value != nullptr) {
      const auto trimmed = util::trim(*value);
      if (!trimmed.empty() && trimmed != "-") {
        return trimmed;
      }
    }
  }
  return {};
}

void
Event::clear()
{
  event_id = 0;
  record_id = 0;
  time = 0;
  provider.clear();
  channel.clear();
  computer.clear();
  data.clear();
}

void
ReadStats::skip(std::string where, std::string message)
{
  ++skipped;
  note(std::move(where), std::move(message));
}

void
ReadStats::damage(std::string where, std::string message)
{
  if (!damaged) {
    damaged = ReadDiagnostic{where, message};
  }
  note(std::move(where), std::move(message));
}

void
ReadStats::note(std::string where, std::string message)
{
  if (diagnostics.size() >= k_max_diagnostics) {
    ++diagnostics_dropped;
    return;
  }
  diagnostics.push_back(ReadDiagnostic{std::move(where), std::move(message)});
}

std::int64_t
parse_event_time(std::string_view text)
{
  text = util::trim(text);
  // .NET JSON dates: "/Date(1700000000000)/" or "\/Date(1700000000000+0100)\/".
  if (const auto at = text.find("Date("); at != std::string_view::npos) {
    std::size_t i = at + 5;
    bool negative = false;
    if (i < text.size() && text[i] == '-') {
      negative = true;
      ++i;
    }
    std::int64_t ms = 0;
    std::size_t n = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && n < 18) {
      ms = ms * 10 + (text[i] - '0');
      ++i;
      ++n;
    }
    if (n == 0) {
      return 0;
    }
    return (negative ? -ms : ms) / 1000;
  }
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!digits(text, 0, 4, year) || text.size() < 19 || text[4] != '-' || !digits(text, 5, 2, month) || text[7] != '-' ||
      !digits(text, 8, 2, day) || (text[10] != 'T' && text[10] != ' ' && text[10] != 't') ||
      !digits(text, 11, 2, hour) || text[13] != ':' || !digits(text, 14, 2, minute) || text[16] != ':' ||
      !digits(text, 17, 2, second)) {
    return 0;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return 0;
  }
  std::size_t i = 19;
  if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      ++i;
    }
  }
  std::int64_t offset = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    int oh = 0;
    int om = 0;
    const std::size_t mpos = i + 3 < text.size() && text[i + 3] == ':' ? i + 4 : i + 3;
    if (!digits(text, i + 1, 2, oh) || !digits(text, mpos, 2, om)) {
      return 0;
    }
    offset = (std::int64_t{oh} * 3600 + std::int64_t{om} * 60) * (text[i] == '-' ? -1 : 1);
  }
  const auto days = util::days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return days * 86400 + std::int64_t{hour} * 3600 + std::int64_t{minute} * 60 + second - offset;
}

std::string
day_of(std::int64_t t)
{
  // civil_from_days
  std::int64_t z = (t >= 0 ? t : t - 86399) / 86400;
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2 ? 1 : 0;
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

} // namespace kerbready::events
