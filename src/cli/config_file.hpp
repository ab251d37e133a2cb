#pragma once

// The --config file (CLI11's TOML config, [scan] section), checked before CLI11 reads it: CLI11
// opens whatever it is given (a FIFO blocks), reports syntax errors without a file or line, and
// does not know a byte-order mark.

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

namespace kerbready::cli {

// Return the --config paths in `argv` ("--config FILE", "--config=FILE"), after checking each:
// a regular file, valid TOML, not nested too deeply. Throws Fatal (usage) with a one-line
// "FILE:LINE: message" otherwise.
std::vector<std::string> check_config_files(int argc, const char* const* argv);

// CLI11's TOML reader, skipping a UTF-8 byte-order mark.
[[nodiscard]] std::shared_ptr<CLI::Config> make_config_reader();

// Rewrite CLI11's "INI was not able to parse scan.KEY" as "FILE:LINE: unknown option 'KEY' in
// [scan] …" by finding the key in `files`; other messages are returned unchanged.
[[nodiscard]] std::string describe_config_error(const std::string& what, const std::vector<std::string>& files);

} // namespace kerbready::cli
