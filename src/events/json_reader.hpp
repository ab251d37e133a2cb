#pragma once

// Reader for events as JSON, in the shapes administrators export them:
// - JSON lines from Winlogbeat / Elastic Agent (ECS: `winlog.event_id`, `winlog.event_data`,
//   `winlog.computer_name`, `@timestamp`) and from NXLog (flat `EventID`, `Hostname`, data keys);
// - `Get-WinEvent | ConvertTo-Json`: one array (or concatenated objects), pretty-printed, with
//   `Id`, `RecordId`, `TimeCreated`, `MachineName` and the positional `Properties`, which are named
//   from the event templates kerbready knows (positional_names()).
// Streaming: one record is held at a time, at most k_max_json_record bytes; a longer or invalid
// record is skipped with a diagnostic and reading goes on (in JSON lines, at the next line).

#include "src/events/event.hpp"
#include "src/events/input.hpp"

#include <span>
#include <string_view>

namespace kerbready::events {

inline constexpr std::size_t k_max_json_record = std::size_t{4} * 1024 * 1024;

// Read every event object in `in`, calling `sink` for each; `name` labels diagnostics.
ReadStats read_json_events(TextStream& in, std::string_view name, const EventSink& sink);

// Return the EventData names, in template order, of event `event_id`, or an empty span when
// kerbready does not know its template. Used for positional data (Get-WinEvent's Properties).
[[nodiscard]] std::span<const std::string_view> positional_names(std::uint32_t event_id);

} // namespace kerbready::events
