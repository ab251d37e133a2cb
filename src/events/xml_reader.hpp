#pragma once

// Reader for Windows event XML: `wevtutil qe <log> /f:xml` output (a sequence of <Event>
// elements, usually without a root element), `Get-WinEvent | % ToXml`, exports wrapped in <Events>,
// and the XML that libevtx renders for one .evtx record. Streaming: it holds one event at a time,
// and no token longer than k_max_token bytes. Untrusted input: a malformed event is skipped with a
// diagnostic and reading resumes at the next <Event>; nothing in the input can make it crash.

#include "src/events/event.hpp"
#include "src/events/input.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace kerbready::events {

inline constexpr std::size_t k_max_token = std::size_t{1024} * 1024; // a tag or text run longer than this is malformed
inline constexpr std::size_t k_max_value = std::size_t{64} * 1024;   // longer data values are cut

// Read every <Event> in `in`, calling `sink` for each; `name` labels diagnostics.
ReadStats read_xml_events(TextStream& in, std::string_view name, const EventSink& sink);

// Parse `xml`, which holds one <Event> element, into `event`; return why it failed, or nullopt.
[[nodiscard]] std::optional<std::string> parse_event_xml(std::string_view xml, Event& event);

} // namespace kerbready::events
