#include "src/cli/commands.hpp"

#include <cstdio>
#include <cstdlib>

#include <iostream>
#include <string>

#ifdef _WIN32
#  include <io.h>
#  include <windows.h>
#  define KR_ISATTY _isatty
#  define KR_FILENO _fileno
#else
#  include <termios.h>
#  include <unistd.h>
#  define KR_ISATTY isatty
#  define KR_FILENO fileno
#endif

namespace kerbready::cli {

bool
use_color(const std::string& mode)
{
  if (mode == "always") {
    return true;
  }
  if (mode == "never") {
    return false;
  }
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') {
    return false;
  }
  return KR_ISATTY(KR_FILENO(stdout)) != 0;
}

bool
stderr_is_terminal()
{
  return KR_ISATTY(KR_FILENO(stderr)) != 0;
}

std::optional<std::string>
read_password_from_terminal(const std::string& prompt)
{
  if (KR_ISATTY(KR_FILENO(stdin)) == 0) {
    return std::nullopt;
  }
  std::cerr << prompt << std::flush;
  std::string line;
#ifdef _WIN32
  HANDLE input = GetStdHandle(STD_INPUT_HANDLE);
  DWORD mode = 0;
  GetConsoleMode(input, &mode);
  SetConsoleMode(input, mode & ~static_cast<DWORD>(ENABLE_ECHO_INPUT));
  const bool ok = static_cast<bool>(std::getline(std::cin, line));
  SetConsoleMode(input, mode);
#else
  termios saved{};
  const bool have_termios = tcgetattr(STDIN_FILENO, &saved) == 0;
  if (have_termios) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  const bool ok = static_cast<bool>(std::getline(std::cin, line));
  if (have_termios) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  }
#endif
  std::cerr << '\n';
  if (!ok) {
    return std::nullopt;
  }
  return line;
}

} // namespace kerbready::cli
