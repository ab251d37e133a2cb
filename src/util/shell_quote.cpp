#include "src/util/shell_quote.hpp"

#include "src/util/text.hpp"

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace kerbready::util {
namespace {

// One code point of valid UTF-8 `s` at `i`: its value and its length in bytes.
struct CodePoint
{
  std::uint32_t value;
  std::size_t length;
};

CodePoint
decode_at(std::string_view s, std::size_t i)
{
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t len = 1;
  std::uint32_t cp = b0;
  if (b0 >= 0xF0) {
    len = 4;
    cp = b0 & 0x07u;
  } else if (b0 >= 0xE0) {
    len = 3;
    cp = b0 & 0x0Fu;
  } else if (b0 >= 0xC0) {
    len = 2;
    cp = b0 & 0x1Fu;
  }
  for (std::size_t k = 1; k < len; ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
  }
  return CodePoint{cp, len};
}

// Split valid UTF-8 `s` into code points.
std::vector<CodePoint>
code_points(std::string_view s)
{
  std::vector<CodePoint> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto cp = decode_at(s, i);
    out.push_back(cp);
    i += cp.length;
  }
  return out;
}

bool
is_forbidden(std::uint32_t cp)
{
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || cp == 0x061C || cp == 0x200E ||
         cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

// The characters PowerShell ends a single-quoted string at.
bool
is_powershell_single_quote(std::uint32_t cp)
{
  return cp == '\'' || (cp >= 0x2018 && cp <= 0x201B);
}

// What cmd.exe (or PowerShell, for a native command's double-quoted argument) would interpret.
bool
is_cmd_special(std::uint32_t cp)
{
  return cp == '"' || cp == '%' || cp == '!' || cp == '^' || cp == '`' || (cp >= 0x201C && cp <= 0x201E);
}

std::string_view
shell_name(Shell shell)
{
  return shell == Shell::powershell ? "PowerShell" : "cmd";
}

} // namespace

bool
is_command_safe(std::string_view value)
{
  if (!is_valid_utf8(value)) {
    return false;
  }
  for (const auto& cp : code_points(value)) {
    if (is_forbidden(cp.value)) {
      return false;
    }
  }
  return true;
}

std::optional<std::string>
quote_powershell(std::string_view value)
{
  if (!is_command_safe(value)) {
    return std::nullopt;
  }
  std::string out = "'";
  std::size_t i = 0;
  for (const auto& cp : code_points(value)) {
    const auto bytes = value.substr(i, cp.length);
    out.append(bytes);
    if (is_powershell_single_quote(cp.value)) {
      out.append(bytes);
    }
    i += cp.length;
  }
  out += '\'';
  return out;
}

std::optional<std::string>
quote_cmd(std::string_view value)
{
  if (!is_command_safe(value)) {
    return std::nullopt;
  }
  if (!value.empty() && (value.front() == '-' || value.front() == '/' || value.back() == '\\')) {
    return std::nullopt;
  }
  for (const auto& cp : code_points(value)) {
    if (is_cmd_special(cp.value)) {
      return std::nullopt;
    }
  }
  const auto dollar = value.find('$');
  if (dollar != std::string_view::npos && dollar + 1 != value.size()) {
    return std::nullopt;
  }
  std::string out = "\"";
  out.append(value);
  out += '"';
  return out;
}

std::optional<std::string>
quote_for(Shell shell, std::string_view value)
{
  return shell == Shell::powershell ? quote_powershell(value) : quote_cmd(value);
}

std::string
shell_command(Shell shell, std::string_view pattern, std::initializer_list<CommandArg> args)
{
  std::string out;
  const auto* arg = args.begin();
  std::size_t start = 0;
  for (auto pos = pattern.find("{}"); pos != std::string_view::npos; pos = pattern.find("{}", start)) {
    if (arg == args.end()) {
      throw std::logic_error("shell_command: more {} than arguments");
    }
    const auto quoted = quote_for(shell, arg->value);
    if (!quoted) {
      return std::string("(no command: ")
        .append(arg->what)
        .append(" holds characters that cannot be quoted safely for ")
        .append(shell_name(shell))
        .append(")");
    }
    out.append(pattern.substr(start, pos - start));
    out.append(*quoted);
    start = pos + 2;
    ++arg;
  }
  if (arg != args.end()) {
    throw std::logic_error("shell_command: more arguments than {}");
  }
  out.append(pattern.substr(start));
  return out;
}

} // namespace kerbready::util
