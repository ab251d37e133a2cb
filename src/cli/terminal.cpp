#include "src/cli/commands.hpp"

#include <cstdio>
#include <cstdlib>

#ifdef _WIN32
#  include <io.h>
#  define KR_ISATTY _isatty
#  define KR_FILENO _fileno
#else
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

} // namespace kerbready::cli
