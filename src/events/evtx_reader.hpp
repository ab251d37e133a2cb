#pragma once

// Reader for .evtx files, the only code that uses libevtx (Debian's libevtx-dev). Each record is
// rendered to XML by libevtx and parsed by parse_event_xml(), so .evtx and wevtutil XML give the
// same Event. Records libevtx cannot render are skipped with a diagnostic; a truncated file yields
// the records of its complete chunks. libevtx reads chunk by chunk: memory does not grow with the
// number of records. Built without libevtx, reading an .evtx file fails with a clear message.

#include "src/error.hpp"
#include "src/events/event.hpp"

#include <filesystem>

namespace kerbready::events {

// Return whether this build can read .evtx files.
[[nodiscard]] bool evtx_supported();

// Read every record of the .evtx file at `path`, calling `sink` for each event; an error when the
// file cannot be opened as an event log at all.
[[nodiscard]] expected<ReadStats> read_evtx_file(const std::filesystem::path& path, const EventSink& sink);

} // namespace kerbready::events
