#pragma once

// Check the commands in fix text the way an administrator would paste them.

#include "src/model/check.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"
#include "tests/support/command_parse.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace kerbready::test {

struct Verb
{
  std::string_view name;
  util::Shell shell;
};

inline const Verb k_verbs[] = {
  {"setspn ", util::Shell::cmd},
  {"netdom ", util::Shell::cmd},
  {"ksetup ", util::Shell::cmd},
  {"dfsutil ", util::Shell::cmd},
  {"Set-ADUser ", util::Shell::powershell},
  {"Set-ADObject ", util::Shell::powershell},
  {"Set-ADAccountControl ", util::Shell::powershell},
  {"Set-ADAuthenticationPolicy ", util::Shell::powershell},
  {"Get-ADUser ", util::Shell::powershell},
  {"Get-ADComputer ", util::Shell::powershell},
  {"Get-ADServiceAccount ", util::Shell::powershell},
  {"Set-ADAccountPassword ", util::Shell::powershell},
  {"Add-ADGroupMember ", util::Shell::powershell},
  {"Remove-ADGroupMember ", util::Shell::powershell},
  {"Remove-DfsnRootTarget ", util::Shell::powershell},
  {"New-DfsnRootTarget ", util::Shell::powershell},
  {"New-DfsnFolderTarget ", util::Shell::powershell},
  {"Remove-DfsnFolderTarget ", util::Shell::powershell},
  {"Remove-DnsServerResourceRecord ", util::Shell::powershell},
  {"Add-DnsServerResourceRecordCName ", util::Shell::powershell},
};

// Check every command in the fix text of `findings`, where `value` is a hostile directory string
// whose attacker part contains "pwned": the shell must read it back whole inside one quoted string,
// never outside quotes. Return whether `value` reached a command (quoted, or refused with
// "(no command: …)" in its place).
inline bool
check_commands(const std::vector<Finding>& findings, const std::string& value)
{
  bool reached = false;
  for (const auto& f : findings) {
    CAPTURE(f.check_id, f.remediation);
    reached = reached || f.remediation.find("(no command: ") != std::string::npos;
    for (const auto line : util::split(f.remediation, '\n')) {
      // A newline in a value must not start a line of its own.
      CHECK(util::trim(line).rfind("net user", 0) == std::string_view::npos);
      for (const auto& verb : k_verbs) {
        for (auto pos = line.find(verb.name); pos != std::string_view::npos; pos = line.find(verb.name, pos + 1)) {
          const auto command = line.substr(pos);
          CAPTURE(command);
          CHECK(util::is_command_safe(command));
          const auto parsed = test::parse_command(verb.shell, command);
          CHECK_FALSE(parsed.unterminated);
          CHECK(parsed.unquoted.find("pwned") == std::string::npos);
          CHECK(parsed.unquoted.find('&') == std::string::npos);
          for (const auto& quoted : parsed.quoted) {
            if (quoted.find("pwned") == std::string::npos) {
              continue;
            }
            // The shell reads the directory value back whole (host names may be lowered).
            CHECK(util::to_lower(quoted).find(util::to_lower(value)) != std::string::npos);
            reached = true;
            if (verb.shell == util::Shell::cmd) {
              CHECK(quoted.find_first_of("%!^`") == std::string::npos);
            }
          }
        }
      }
    }
  }
  return reached;
}

} // namespace kerbready::test
