#include "src/events/reader.hpp"

#include "src/events/evtx_reader.hpp"
#include "src/events/input.hpp"
#include "src/events/json_reader.hpp"
#include "src/events/xml_reader.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <array>

namespace kerbready::events {

std::optional<InputFormat>
parse_input_format(std::string_view name)
{
  if (name == "auto") {
    return InputFormat::automatic;
  }
  if (name == "evtx") {
    return InputFormat::evtx;
  }
  if (name == "xml") {
    return InputFormat::xml;
  }
  if (name == "json") {
    return InputFormat::json;
  }
  return std::nullopt;
}

std::string_view
name_of(InputFormat format)
{
  switch (format) {
  case InputFormat::evtx:
    return "evtx";
  case InputFormat::xml:
    return "xml";
  case InputFormat::json:
    return "json";
  default:
    return "auto";
  }
}

expected<InputFormat>
detect_format(const std::filesystem::path& path)
{
  FileSource source(path);
  if (!source.is_open()) {
    return unexpected(fmt::format("{}: cannot open", path.string()));
  }
  std::array<char, 8> magic{};
  const auto n = source.read(magic.data(), magic.size());
  if (n == magic.size() && std::string_view(magic.data(), 7) == "ElfFile") {
    return InputFormat::evtx;
  }
  // Look at the first significant character of the decoded text.
  FileSource again(path);
  TextStream text(again);
  std::string head;
  while (head.size() < 4096 && text.next(head)) {
  }
  for (const char c : head) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      continue;
    }
    if (c == '<') {
      return InputFormat::xml;
    }
    if (c == '{' || c == '[') {
      return InputFormat::json;
    }
    break;
  }
  const auto ext = util::to_lower(path.extension().string());
  if (ext == ".evtx") {
    return InputFormat::evtx;
  }
  if (ext == ".xml") {
    return InputFormat::xml;
  }
  if (ext == ".json" || ext == ".jsonl" || ext == ".ndjson") {
    return InputFormat::json;
  }
  if (head.empty()) {
    return unexpected(fmt::format("{}: empty file", path.string()));
  }
  return unexpected(fmt::format("{}: not an event file kerbready knows (.evtx, wevtutil XML or JSON)", path.string()));
}

expected<ReadStats>
read_event_file(const std::filesystem::path& path, InputFormat format, const EventSink& sink)
{
  if (format == InputFormat::automatic) {
    auto detected = detect_format(path);
    if (!detected) {
      return unexpected(detected.error());
    }
    format = *detected;
  }
  if (format == InputFormat::evtx) {
    return read_evtx_file(path, sink);
  }
  FileSource source(path);
  if (!source.is_open()) {
    return unexpected(fmt::format("{}: cannot open", path.string()));
  }
  TextStream text(source);
  const auto name = path.filename().string();
  auto stats = format == InputFormat::xml ? read_xml_events(text, name, sink) : read_json_events(text, name, sink);
  if (source.failed()) {
    return unexpected(fmt::format("{}: read error", path.string()));
  }
  return stats;
}

} // namespace kerbready::events
