#include "src/util/secret.hpp"

#include <cstdlib>
#include <cstring>

#ifdef _WIN32
#include <stdlib.h>
#else
#include <sys/resource.h>
#endif
#ifdef __linux__
#include <sys/prctl.h>
#endif

namespace kerbready::util {

void
secure_zero(void* data, std::size_t size)
{
  // Writes through a volatile pointer are observable behaviour: the compiler keeps them.
  auto* p = static_cast<volatile unsigned char*>(data);
  for (std::size_t i = 0; i < size; ++i) {
    p[i] = 0;
  }
}

void
secure_zero(std::string& s)
{
  s.resize(s.capacity());
  secure_zero(s.data(), s.size());
  s.clear();
}

std::optional<std::string>
take_environment_secret(const char* name)
{
  char* value = std::getenv(name);
  if (value == nullptr) {
    return std::nullopt;
  }
  std::string copy(value);
  secure_zero(value, std::strlen(value));
#ifdef _WIN32
  (void)_putenv_s(name, "");
#else
  (void)unsetenv(name);
#endif
  return copy;
}

bool
disable_core_dumps()
{
#ifdef _WIN32
  return true;
#else
  const rlimit none{};
  bool ok = setrlimit(RLIMIT_CORE, &none) == 0;
#ifdef __linux__
  ok = prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 && ok;
#endif
  return ok;
#endif
}

} // namespace kerbready::util
