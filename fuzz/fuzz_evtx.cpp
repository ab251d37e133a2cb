// libFuzzer target: the .evtx reader (libevtx renders each record to XML, which parse_event_xml
// reads), then classification and aggregation. libevtx reads files, so each input is written to
// one temporary file per process first.

#include "src/events/evtx_reader.hpp"
#include "src/events/summary.hpp"

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  if (!kerbready::events::evtx_supported()) {
    return 0;
  }
  static const std::filesystem::path path =
    std::filesystem::temp_directory_path() / ("kr-fuzz-evtx-" + std::to_string(::getpid()) + ".evtx");
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  kerbready::events::EventSummary summary;
  const auto stats =
    kerbready::events::read_evtx_file(path, [&](const kerbready::events::Event& e) { summary.add(e); });
  if (stats && stats->events != summary.events) {
    __builtin_trap();
  }
  return 0;
}
