#pragma once

// One Windows event as the readers hand it over, whatever the input format (.evtx, wevtutil XML,
// Winlogbeat/ECS JSON, Get-WinEvent JSON): the System fields kerbready uses and the EventData (or
// UserData) values by name. Nothing here knows what an event id means; classify.hpp does.

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kerbready::events {

struct Event
{
  std::uint32_t event_id = 0;
  std::uint64_t record_id = 0;
  std::int64_t time = 0; // TimeCreated, Unix seconds UTC; 0 when absent or unreadable
  std::string provider;
  std::string channel;
  std::string computer;
  std::vector<std::pair<std::string, std::string>> data; // EventData/UserData name -> value, in order

  // Return the value of the first data item called `name` (ASCII case-insensitive), or nullptr.
  [[nodiscard]] const std::string* field(std::string_view name) const;
  // Return the first of `names` that is present and neither empty nor "-", or an empty view.
  [[nodiscard]] std::string_view first_of(std::span<const std::string_view> names) const;
  [[nodiscard]] std::string_view first_of(std::initializer_list<std::string_view> names) const
  {
    return first_of(std::span<const std::string_view>(names.begin(), names.size()));
  }

  void clear();
};

// Receives each event read; the reference is valid only during the call (readers reuse it).
using EventSink = std::function<void(const Event&)>;

// Something in the input that could not be read as an event; reading goes on after it.
struct ReadDiagnostic
{
  std::string where; // "file:record N", "file:line N" or "file:offset N"
  std::string message;
};

// What reading one or more inputs produced, besides the events themselves.
struct ReadStats
{
  std::uint64_t records = 0;             // records/elements/lines seen that looked like events
  std::uint64_t events = 0;              // handed to the sink
  std::uint64_t skipped = 0;             // unreadable records
  std::uint64_t diagnostics_dropped = 0; // diagnostics beyond k_max_diagnostics
  std::vector<ReadDiagnostic> diagnostics;

  static constexpr std::size_t k_max_diagnostics = 100;

  // Record a skipped record and why (bounded: memory does not grow with bad input).
  void skip(std::string where, std::string message);
  // Record a note that is not a skipped record.
  void note(std::string where, std::string message);

  // Set when the input is cut short or damaged: where the unreadable part starts ("file:record
  // N", "file:line N") and why. What follows it was not read.
  std::optional<ReadDiagnostic> damaged;

  // Record that the input is unreadable from `where` on (the first call wins; each is noted).
  void damage(std::string where, std::string message);
  // Return whether events are missing: the input is damaged or records were skipped.
  [[nodiscard]] bool partial() const { return damaged.has_value() || skipped > 0; }
};

// Parse an event time: ISO 8601 with optional fraction and Z/offset ("2024-01-02T03:04:05.1234567Z"),
// the space-separated form python-evtx prints ("2024-01-02 03:04:05.123456"), and the .NET JSON
// date ("/Date(1700000000000)/"). Returns Unix seconds, or 0 when `text` is none of these.
[[nodiscard]] std::int64_t parse_event_time(std::string_view text);

// Return "YYYY-MM-DD" (UTC) for Unix seconds `t`.
[[nodiscard]] std::string day_of(std::int64_t t);

} // namespace kerbready::events
