#include "reports/reporter.hpp"

#include <array>

namespace kerbready::reports {

namespace {

constexpr std::array k_reporters = {
  Reporter{"text", "prioritised report for people, 100 columns", write_text},
  Reporter{"json", "versioned JSON (docs/report.schema.json) for tickets and tools", write_json},
};

} // namespace

std::span<const Reporter>
all_reporters()
{
  return k_reporters;
}

const Reporter*
find_reporter(std::string_view name)
{
  for (const auto& reporter : k_reporters) {
    if (reporter.name == name) {
      return &reporter;
    }
  }
  return nullptr;
}

} // namespace kerbready::reports
