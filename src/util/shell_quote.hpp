#pragma once

// Quoting of directory strings for the commands shown in fix text, so that a pasted command runs
// what it says and nothing else. A value is either quoted completely or refused; it is never
// passed through as is.

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace kerbready::util {

enum class Shell { powershell, cmd };

// Return whether `value` may appear in a command at all: it is valid UTF-8 and holds no control
// character (C0, DEL, C1), no line or paragraph separator (U+2028, U+2029) and no bidi control
// (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069).
[[nodiscard]] bool is_command_safe(std::string_view value);

// Return `value` as one PowerShell single-quoted string: '…' with every quote character
// PowerShell accepts (U+0027 and U+2018-U+201B) doubled. Nothing when `value` is not
// is_command_safe().
[[nodiscard]] std::optional<std::string> quote_powershell(std::string_view value);

// Return `value` as one double-quoted cmd.exe argument ("…"). Nothing when cmd cannot quote it
// safely: besides what is_command_safe() refuses, `"`, `%`, `!`, `^`, a trailing `\` (it would
// escape the closing quote), a leading `-` or `/` (it would read as an option), and, because such
// commands are often pasted into PowerShell, a backquote, U+201C-U+201E and `$` anywhere but at
// the end (a computer account's "NAME$" stays allowed).
[[nodiscard]] std::optional<std::string> quote_cmd(std::string_view value);

// Return `value` quoted for `shell`, or nothing (see quote_powershell() and quote_cmd()).
[[nodiscard]] std::optional<std::string> quote_for(Shell shell, std::string_view value);

// An argument of shell_command(): a directory value and what it is, for the text shown when it
// cannot be quoted ("the account name").
struct CommandArg
{
  std::string_view value;
  std::string_view what;
};

// Return `pattern` with each "{}" replaced, in order, by the next of `args` quoted for `shell`.
// When an argument cannot be quoted, return "(no command: <what> holds characters that cannot be
// quoted safely for <shell>)" instead, so that no partial command is shown. Only "{}" is special
// in `pattern`; throw std::logic_error when the number of "{}" and of `args` differ.
[[nodiscard]] std::string shell_command(Shell shell, std::string_view pattern, std::initializer_list<CommandArg> args);

} // namespace kerbready::util
