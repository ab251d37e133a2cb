#include "src/util/input_guard.hpp"

#include "src/util/error.hpp"

#include <fmt/format.h>

namespace kerbready::util {

namespace {

namespace fs = std::filesystem;

std::string_view
type_name(fs::file_type type)
{
  switch (type) {
  case fs::file_type::directory:
    return "a directory";
  case fs::file_type::fifo:
    return "a FIFO";
  case fs::file_type::socket:
    return "a socket";
  case fs::file_type::block:
    return "a block device";
  case fs::file_type::character:
    return "a character device";
  default:
    return "an unknown kind of file";
  }
}

// Skip a string starting at text[i] (the opening quote); return the index after it and count the
// newlines it spans in `line`.
std::size_t
skip_string(std::string_view text, std::size_t i, bool escapes, std::size_t& line)
{
  const char quote = text[i];
  const bool multi = text.substr(i, 3) == std::string(3, quote);
  const std::string_view close = multi ? text.substr(i, 3) : text.substr(i, 1);
  i += close.size();
  while (i < text.size()) {
    if (escapes && text[i] == '\\') {
      if (i + 1 < text.size() && text[i + 1] == '\n') {
        ++line;
      }
      i += 2;
      continue;
    }
    if (text.substr(i, close.size()) == close) {
      return i + close.size();
    }
    if (text[i] == '\n') {
      ++line;
      if (!multi) {
        return i; // an unterminated one-line string: the parser reports it
      }
    }
    ++i;
  }
  return i;
}

} // namespace

std::optional<std::string>
regular_file_problem(const fs::path& path)
{
  std::error_code error;
  const auto status = fs::status(path, error);
  if (status.type() == fs::file_type::not_found) {
    return std::string("no such file");
  }
  if (error) {
    return error.message();
  }
  if (status.type() != fs::file_type::regular) {
    return fmt::format("not a regular file ({})", type_name(status.type()));
  }
  return std::nullopt;
}

void
require_regular_file(const fs::path& path, std::string_view what)
{
  std::error_code error;
  if (fs::status(path, error).type() == fs::file_type::not_found) {
    return; // the reader reports a missing file, as it always has
  }
  if (const auto problem = regular_file_problem(path)) {
    throw Fatal(fmt::format("{} {}: {}", what, path.string(), *problem), ExitStatus::usage);
  }
}

void
require_output_path(const fs::path& path, std::string_view what)
{
  std::error_code error;
  const auto status = fs::status(path, error);
  if (status.type() == fs::file_type::not_found || status.type() == fs::file_type::regular) {
    return;
  }
  throw Fatal(
    fmt::format("{} {}: {}", what, path.string(),
                error ? error.message()
                      : fmt::format("not a regular file ({}): refusing to write there", type_name(status.type()))),
    ExitStatus::usage);
}

std::optional<std::size_t>
find_excess_nesting(std::string_view text, NestingSyntax syntax, std::size_t max_depth)
{
  const bool toml = syntax == NestingSyntax::toml;
  std::size_t depth = 0;
  std::size_t line = 1;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"') {
      i = skip_string(text, i, true, line);
      continue;
    }
    if (toml && c == '\'') {
      i = skip_string(text, i, false, line);
      continue;
    }
    if (toml && c == '#') {
      while (i < text.size() && text[i] != '\n') {
        ++i;
      }
      continue;
    }
    if (c == '\n') {
      ++line;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        return line;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
    ++i;
  }
  return std::nullopt;
}

bool
starts_with_utf8_bom(std::string_view text)
{
  return text.substr(0, 3) == "\xEF\xBB\xBF";
}

std::optional<std::string>
foreign_bom_problem(std::string_view text)
{
  using namespace std::string_view_literals;
  const bool utf32 = text.substr(0, 4) == "\xFF\xFE\0\0"sv || text.substr(0, 4) == "\0\0\xFE\xFF"sv;
  if (!utf32 && text.substr(0, 2) != "\xFF\xFE" && text.substr(0, 2) != "\xFE\xFF") {
    return std::nullopt;
  }
  return fmt::format("{} byte-order mark: the file must be UTF-8 (save it as UTF-8)", utf32 ? "UTF-32" : "UTF-16");
}

} // namespace kerbready::util
