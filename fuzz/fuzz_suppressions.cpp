// libFuzzer target: the suppressions file (TOML through toml11, then kerbready's own rules: ids,
// subject patterns, expiry dates). Whatever is accepted must match consistently.

#include "src/triage/suppressions.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = kerbready::triage::parse_suppressions(text, "fuzz.toml");
  if (!parsed && (parsed.error().empty() || parsed.error().find('\n') != std::string::npos)) {
    __builtin_trap(); // every error is one non-empty line
  }
  return 0;
}
