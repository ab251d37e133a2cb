#pragma once

// Opening event files: choose the reader from the file's content (or its extension when the
// content is ambiguous) and stream its events to a sink.

#include "src/events/event.hpp"
#include "src/util/error.hpp"

#include <filesystem>
#include <optional>
#include <string_view>

namespace kerbready::events {

enum class InputFormat { automatic, evtx, xml, json };

// Parse a --events-format value ("auto", "evtx", "xml", "json"); nullopt when unknown.
[[nodiscard]] std::optional<InputFormat> parse_input_format(std::string_view name);
[[nodiscard]] std::string_view name_of(InputFormat format);

// Return the format of the file at `path` from its first bytes: the .evtx signature "ElfFile",
// '<' for XML, '{' or '[' for JSON (after any BOM, in UTF-8 or UTF-16). Falls back to the
// extension; an error when neither tells.
[[nodiscard]] expected<InputFormat> detect_format(const std::filesystem::path& path);

// Read every event in the file at `path` as `format` (automatic: detect_format), calling `sink`
// for each. An error only when the file cannot be read at all; bad records are in the stats.
[[nodiscard]] expected<ReadStats> read_event_file(const std::filesystem::path& path, InputFormat format,
                                                  const EventSink& sink);

} // namespace kerbready::events
