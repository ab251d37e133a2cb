#pragma once

// Read commands in fix text back the way the shell would, so tests can tell what is quoted (and
// what the quoted strings hold) from what the shell would interpret.

#include "src/util/shell_quote.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace kerbready::test {

struct ParsedCommand
{
  std::string unquoted;            // everything outside quotes, as the shell sees it
  std::vector<std::string> quoted; // the decoded quoted strings, in order
  bool unterminated = false;       // a quote was never closed
};

// The byte length of a PowerShell single-quote character (U+0027, U+2018-U+201B) at `s[i]`, or 0.
inline std::size_t
powershell_quote_at(std::string_view s, std::size_t i)
{
  if (s[i] == '\'') {
    return 1;
  }
  // U+2018..U+201B are E2 80 98..9B.
  if (i + 2 < s.size() && s[i] == '\xE2' && s[i + 1] == '\x80' && static_cast<unsigned char>(s[i + 2]) >= 0x98 &&
      static_cast<unsigned char>(s[i + 2]) <= 0x9B) {
    return 3;
  }
  return 0;
}

// Split `line` like PowerShell's tokenizer does for single-quoted strings: a quote character opens
// a string, a doubled quote character inside it stands for the second one, a lone one closes it.
inline ParsedCommand
parse_powershell(std::string_view line)
{
  ParsedCommand out;
  for (std::size_t i = 0; i < line.size();) {
    const auto open = powershell_quote_at(line, i);
    if (open == 0) {
      out.unquoted += line[i];
      ++i;
      continue;
    }
    i += open;
    std::string text;
    bool closed = false;
    while (i < line.size()) {
      const auto q = powershell_quote_at(line, i);
      if (q == 0) {
        text += line[i];
        ++i;
        continue;
      }
      const auto next = i + q < line.size() ? powershell_quote_at(line, i + q) : 0;
      if (next != 0) {
        text.append(line.substr(i + q, next));
        i += q + next;
        continue;
      }
      i += q;
      closed = true;
      break;
    }
    out.quoted.push_back(text);
    out.unterminated = out.unterminated || !closed;
    out.unquoted += ' ';
  }
  return out;
}

// Split `line` like cmd.exe does: a double quote opens a string, the next one closes it.
inline ParsedCommand
parse_cmd(std::string_view line)
{
  ParsedCommand out;
  for (std::size_t i = 0; i < line.size();) {
    if (line[i] != '"') {
      out.unquoted += line[i];
      ++i;
      continue;
    }
    const auto close = line.find('"', i + 1);
    if (close == std::string_view::npos) {
      out.quoted.emplace_back(line.substr(i + 1));
      out.unterminated = true;
      break;
    }
    out.quoted.emplace_back(line.substr(i + 1, close - i - 1));
    out.unquoted += ' ';
    i = close + 1;
  }
  return out;
}

inline ParsedCommand
parse_command(util::Shell shell, std::string_view line)
{
  return shell == util::Shell::powershell ? parse_powershell(line) : parse_cmd(line);
}

} // namespace kerbready::test
