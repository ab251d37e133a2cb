#include "src/util/shell_quote.hpp"
#include "tests/support/command_parse.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

using namespace kerbready;

namespace {

// A value for every character class the quoting must handle; "pwned" marks the attacker's part.
const char* const k_quotable_everywhere[] = {
  "svc_web",
  "WEB01$",
  "HTTP/web & net user pwned P@ss1 /add & rem",
  "svc'; Add-ADGroupMember 'Domain Admins' pwned; '",
  "svc\xE2\x80\x99; Add-ADGroupMember pwned; \xE2\x80\x98",  // U+2019, U+2018
  "svc\xE2\x80\x9A\xE2\x80\x9B pwned | calc > out < in (x)", // U+201A, U+201B, pipes, redirections
  "CN=O'Brien\\, Pat,OU=Users,DC=corp,DC=example,DC=com",
  "J\xC3\xBCrgen \xE2\x82\xAC",
  "\\\\corp.example.com\\ns",
  "",
};

} // namespace

TEST_CASE("util::quote_powershell round-trips through PowerShell's single-quote rules", "[util][shell_quote]")
{
  CHECK(util::quote_powershell("svc_web") == "'svc_web'");
  CHECK(util::quote_powershell("O'Brien") == "'O''Brien'");
  CHECK(util::quote_powershell("a\xE2\x80\x99"
                               "b") == "'a\xE2\x80\x99\xE2\x80\x99"
                                       "b'");
  CHECK(util::quote_powershell("$(calc) `n \"x\"") == "'$(calc) `n \"x\"'");
  for (const auto* value : k_quotable_everywhere) {
    CAPTURE(value);
    const auto quoted = util::quote_powershell(value);
    REQUIRE(quoted);
    const auto parsed = test::parse_powershell("Set-ADUser " + *quoted + " -Enabled $true");
    CHECK_FALSE(parsed.unterminated);
    REQUIRE(parsed.quoted.size() == 1);
    CHECK(parsed.quoted[0] == value);
    CHECK(parsed.unquoted.find("pwned") == std::string::npos);
  }
}

TEST_CASE("util::quote_cmd double-quotes what cmd can quote", "[util][shell_quote]")
{
  CHECK(util::quote_cmd("HTTP/web01.corp.example.com") == "\"HTTP/web01.corp.example.com\"");
  CHECK(util::quote_cmd("WEB01$") == "\"WEB01$\"");
  for (const auto* value : k_quotable_everywhere) {
    CAPTURE(value);
    const std::string v = value;
    if (v.find('$') != std::string::npos && v.back() != '$') {
      continue;
    }
    const auto quoted = util::quote_cmd(value);
    REQUIRE(quoted);
    const auto parsed = test::parse_cmd("setspn -D " + *quoted + " \"svc\"");
    CHECK_FALSE(parsed.unterminated);
    REQUIRE(parsed.quoted.size() == 2);
    CHECK(parsed.quoted[0] == value);
    CHECK(parsed.unquoted.find('&') == std::string::npos);
    CHECK(parsed.unquoted.find('|') == std::string::npos);
  }
  CHECK(util::quote_cmd("\\\\corp.example.com\\ns") == "\"\\\\corp.example.com\\ns\"");
}

TEST_CASE("util::quote_cmd refuses what cmd cannot quote safely", "[util][shell_quote]")
{
  const char* const refused[] = {
    "web\" & net user pwned /add & \"",
    "web%COMSPEC%",
    "web!x!",
    "web^&pwned",
    "web$(pwned)",            // PowerShell would expand it inside double quotes
    "web`pwned",              // PowerShell escape character
    "web\xE2\x80\x9D; pwned", // U+201D: a double quote to PowerShell
    "share\\",                // \" would escape the closing quote
    "-F",
    "/add",
  };
  for (const auto* value : refused) {
    CAPTURE(value);
    CHECK_FALSE(util::quote_cmd(value));
  }
}

TEST_CASE("util: control, newline and bidi characters never reach a command", "[util][shell_quote]")
{
  const std::string refused[] = {
    "web\n  net user pwned /add",
    "web\r\nx",
    std::string("web\0x", 5),
    "web\x1b[2J",
    "web\x7f",
    "web\xC2\x85x", // NEL
    "web\xC2\x9B"
    "2J",               // C1 CSI
    "web\xE2\x80\xA8x", // line separator
    "web\xE2\x80\xAEx", // RIGHT-TO-LEFT OVERRIDE
    "web\xE2\x81\xA6x", // LEFT-TO-RIGHT ISOLATE
    "web\xE2\x80\x8Fx", // RIGHT-TO-LEFT MARK
    "web\xFFx",         // invalid UTF-8
    "web\xC0\xAFx",     // overlong '/'
  };
  for (const auto& value : refused) {
    CAPTURE(value);
    CHECK_FALSE(util::is_command_safe(value));
    CHECK_FALSE(util::quote_powershell(value));
    CHECK_FALSE(util::quote_cmd(value));
  }
  CHECK(util::is_command_safe("J\xC3\xBCrgen \xE2\x82\xAC"));
}

TEST_CASE("util::shell_command quotes every argument or shows no command", "[util][shell_quote]")
{
  using util::Shell;
  CHECK(
    util::shell_command(Shell::cmd, "setspn -D {} {}", {{"HTTP/web01", "the SPN"}, {"WEB01$", "the account name"}}) ==
    "setspn -D \"HTTP/web01\" \"WEB01$\"");
  CHECK(util::shell_command(Shell::powershell, "Set-ADObject {} -Remove @{servicePrincipalName='x'}",
                            {{"CN=a'b", "the DN"}}) == "Set-ADObject 'CN=a''b' -Remove @{servicePrincipalName='x'}");
  CHECK(util::shell_command(Shell::cmd, "setspn -D {} {}", {{"HTTP/web01", "the SPN"}, {"a\"b", "the account name"}}) ==
        "(no command: the account name holds characters that cannot be quoted safely for cmd)");
  CHECK(util::shell_command(Shell::powershell, "Set-ADUser {}", {{"a\nb", "the account name"}}) ==
        "(no command: the account name holds characters that cannot be quoted safely for PowerShell)");
  CHECK_THROWS_AS(util::shell_command(Shell::cmd, "setspn -D {} {}", {{"a", "x"}}), std::logic_error);
  CHECK_THROWS_AS(util::shell_command(Shell::cmd, "setspn", {{"a", "x"}}), std::logic_error);
}
