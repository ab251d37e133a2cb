// libFuzzer target: a stored report read back as --baseline (JSON through nlohmann, then the
// fields kerbready keeps from it).

#include "src/triage/stored_report.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = kerbready::triage::parse_stored_report(text, "fuzz.json");
  if (!parsed && (parsed.error().empty() || parsed.error().find('\n') != std::string::npos)) {
    __builtin_trap(); // every error is one non-empty line
  }
  return 0;
}
