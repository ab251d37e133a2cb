#include "src/cli/commands.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <string>

#ifdef _WIN32
#include <io.h>
#include <windows.h>
#define KR_ISATTY _isatty
#define KR_FILENO _fileno
#else
#include <signal.h> // NOLINT(modernize-deprecated-headers): sigaction is POSIX, not in <csignal>
#include <termios.h>
#include <unistd.h>
#define KR_ISATTY isatty
#define KR_FILENO fileno
#endif

namespace kerbready::cli {

namespace {

// The terminal's state before the password prompt turned echo off, restored by a signal (Ctrl-C)
// arriving during the prompt: otherwise the shell is left without echo.
#ifdef _WIN32
HANDLE g_prompt_input = nullptr;
DWORD g_prompt_mode = 0;

BOOL WINAPI
restore_console_mode(DWORD /*event*/)
{
  SetConsoleMode(g_prompt_input, g_prompt_mode);
  return FALSE; // and let the default handler end the process
}
#else
termios g_prompt_saved{};
constexpr int k_prompt_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
struct sigaction g_prompt_previous[std::size(k_prompt_signals)]{};

extern "C" void
restore_echo_and_reraise(int signal_number)
{
  // Only async-signal-safe calls: tcsetattr, sigaction, raise.
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_prompt_saved);
  for (std::size_t i = 0; i < std::size(k_prompt_signals); ++i) {
    sigaction(k_prompt_signals[i], &g_prompt_previous[i], nullptr);
  }
  (void)raise(signal_number); // nothing to do if it fails: the handler is restored either way
}
#endif

} // namespace

void
prepare_console()
{
#ifdef _WIN32
  // Fails harmlessly when there is no console (output redirected to a file or a pipe).
  SetConsoleOutputCP(CP_UTF8);
  SetConsoleCP(CP_UTF8);
#endif
}

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
  g_prompt_input = input;
  g_prompt_mode = mode;
  SetConsoleCtrlHandler(restore_console_mode, TRUE);
  SetConsoleMode(input, mode & ~static_cast<DWORD>(ENABLE_ECHO_INPUT));
  const bool ok = static_cast<bool>(std::getline(std::cin, line));
  SetConsoleMode(input, mode);
  SetConsoleCtrlHandler(restore_console_mode, FALSE);
#else
  const bool have_termios = tcgetattr(STDIN_FILENO, &g_prompt_saved) == 0;
  if (have_termios) {
    struct sigaction restore
    {
    };
    restore.sa_handler = restore_echo_and_reraise;
    sigemptyset(&restore.sa_mask);
    for (std::size_t i = 0; i < std::size(k_prompt_signals); ++i) {
      sigaction(k_prompt_signals[i], &restore, &g_prompt_previous[i]);
    }
    termios quiet = g_prompt_saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  const bool ok = static_cast<bool>(std::getline(std::cin, line));
  if (have_termios) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_prompt_saved);
    for (std::size_t i = 0; i < std::size(k_prompt_signals); ++i) {
      sigaction(k_prompt_signals[i], &g_prompt_previous[i], nullptr);
    }
  }
#endif
  std::cerr << '\n';
  if (!ok) {
    return std::nullopt;
  }
  return line;
}

} // namespace kerbready::cli
