// libFuzzer target: the --config file check (nesting depth, byte-order mark, then strict TOML
// through toml11) that runs before CLI11 reads the file.

#include "src/triage/suppressions.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto problem = kerbready::triage::check_toml(text, "fuzz.toml");
  if (problem && (problem->empty() || problem->find('\n') != std::string::npos)) {
    __builtin_trap(); // every error is one non-empty line
  }
  return 0;
}
