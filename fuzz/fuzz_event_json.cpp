// libFuzzer target: the event JSON reader (Winlogbeat/ECS lines, NXLog, Get-WinEvent arrays), then
// classification and aggregation of whatever came out.

#include "src/events/input.hpp"
#include "src/events/json_reader.hpp"
#include "src/events/summary.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  kerbready::events::MemorySource source(std::string_view(reinterpret_cast<const char*>(data), size));
  kerbready::events::TextStream in(source);
  kerbready::events::EventSummary summary;
  const auto stats =
    kerbready::events::read_json_events(in, "fuzz", [&](const kerbready::events::Event& e) { summary.add(e); });
  if (stats.events != summary.events) {
    __builtin_trap();
  }
  return 0;
}
