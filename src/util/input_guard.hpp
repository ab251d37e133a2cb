#pragma once

// Refusing hostile input before it is parsed: files that are not regular files (a FIFO or a
// device would block or never end), and text nested so deeply that a recursive parser (toml11,
// nlohmann::json) would exhaust the stack.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace kerbready::util {

// Deepest nesting of arrays and tables/objects accepted in JSON and TOML input.
constexpr std::size_t k_max_nesting = 64;

// Return why `path` cannot be read as a regular file ("no such file", "not a regular file (a
// FIFO)"), or nullopt when it can. Uses std::filesystem::status only: never opens the file, since
// opening a FIFO for reading blocks.
[[nodiscard]] std::optional<std::string> regular_file_problem(const std::filesystem::path& path);

// Throw Fatal (usage) "WHAT PATH: <problem>" when `path` exists and is not a regular file. A
// missing file passes: its reader reports it with its own message and exit status.
void require_regular_file(const std::filesystem::path& path, std::string_view what);

// Throw Fatal (usage) "WHAT PATH: not a regular file (…)" when something other than a regular
// file (a directory, a FIFO, a device, a socket) exists at the output path `path`. A missing file
// is fine: it is created.
void require_output_path(const std::filesystem::path& path, std::string_view what);

// How strings and comments look in the text given to find_excess_nesting.
enum class NestingSyntax {
  json, // "…" strings with backslash escapes
  toml, // "…" and '…' strings (and their """ / ''' multi-line forms), # comments
};

// Return the 1-based line on which the nesting of [ ] and { } outside strings and comments first
// exceeds `max_depth`, or nullopt. Linear, with no recursion: safe on any input.
[[nodiscard]] std::optional<std::size_t> find_excess_nesting(std::string_view text, NestingSyntax syntax,
                                                             std::size_t max_depth = k_max_nesting);

// Return whether `text` starts with a UTF-8 byte-order mark (EF BB BF).
[[nodiscard]] bool starts_with_utf8_bom(std::string_view text);

// Return "UTF-16 byte-order mark …" when `text` starts with a UTF-16 or UTF-32 byte-order mark
// (a text format read as UTF-8 cannot be in those encodings), else nullopt.
[[nodiscard]] std::optional<std::string> foreign_bom_problem(std::string_view text);

} // namespace kerbready::util
