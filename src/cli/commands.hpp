#pragma once

// One set_<name>_command() per sub-command, each in its own command_<name>.cpp. A command's
// callback stores its exit status in `status`; main() returns it.

#include "src/error.hpp"

#include <CLI/CLI.hpp>

namespace kerbready::cli {

void set_scan_command(CLI::App& app, ExitStatus& status);
void set_list_checks_command(CLI::App& app, ExitStatus& status);
void set_diff_command(CLI::App& app, ExitStatus& status);

// Return whether colour should be used on stdout for `mode` ("auto", "always", "never"): auto means
// stdout is a terminal and NO_COLOR is unset or empty.
[[nodiscard]] bool use_color(const std::string& mode);

} // namespace kerbready::cli
