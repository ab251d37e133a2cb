#pragma once

// Reader for .evtx files, the only code that uses libevtx (Debian's libevtx-dev). Each record is
// rendered to XML by libevtx and parsed by parse_event_xml(), so .evtx and wevtutil XML give the
// same Event. Records libevtx cannot render are skipped with a diagnostic; a truncated or damaged
// file yields the records of its complete chunks and is marked damaged (ReadStats::damaged) from
// the first record not read, so the input counts as partial. libevtx reads chunk by chunk: memory does not grow with
// the number of records. Built without libevtx, reading an .evtx file fails with a clear message.

#include "src/events/event.hpp"
#include "src/util/error.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace kerbready::events {

// Return why an .evtx file of `file_size` bytes starting with `header` (its first bytes, up to
// 4096) cannot hold everything its file header announces: a header cut short, or fewer complete
// 64 KiB chunks than the header's chunk count. nullopt when the size is consistent. Pure; the
// reader calls it before libevtx, which skips a cut chunk without saying so.
[[nodiscard]] std::optional<std::string> evtx_truncation(std::string_view header, std::uint64_t file_size);

// Return whether this build can read .evtx files.
[[nodiscard]] bool evtx_supported();

// Read every record of the .evtx file at `path`, calling `sink` for each event; an error when the
// file cannot be opened as an event log at all.
[[nodiscard]] expected<ReadStats> read_evtx_file(const std::filesystem::path& path, const EventSink& sink);

} // namespace kerbready::events
