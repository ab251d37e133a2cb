#pragma once

// Reporters turn a Report into one output format. They are listed in the explicit table
// k_reporters (reports/reporter.cpp); adding a format means a file here and a row there.

#include "src/report.hpp"

#include <ostream>
#include <span>
#include <string_view>

namespace kerbready::reports {

struct OutputOptions
{
  bool color = false; // ANSI colour (text only): on a TTY and never under NO_COLOR
  int width = 100;
};

using WriteFn = void (*)(const Report&, std::ostream&, const OutputOptions&);

struct Reporter
{
  std::string_view name;
  std::string_view description;
  WriteFn write;
};

// Return every reporter, in table order.
[[nodiscard]] std::span<const Reporter> all_reporters();

// Return the reporter called `name`, or nullptr.
[[nodiscard]] const Reporter* find_reporter(std::string_view name);

void write_text(const Report& report, std::ostream& out, const OutputOptions& options);
void write_json(const Report& report, std::ostream& out, const OutputOptions& options);

// Return the report as the JSON document write_json writes (schema docs/report.schema.json).
[[nodiscard]] std::string to_json_string(const Report& report);

} // namespace kerbready::reports
