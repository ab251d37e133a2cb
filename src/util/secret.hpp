#pragma once

// Keeping a password's footprint small: zeroing buffers the compiler may not optimise away,
// taking a secret out of the environment, and keeping it out of core dumps.

#include <cstddef>
#include <optional>
#include <string>

namespace kerbready::util {

// Overwrite `size` bytes at `data` with zeros; never elided by the optimiser.
void secure_zero(void* data, std::size_t size);

// Overwrite the characters of `s` (its whole capacity) with zeros, then clear it.
void secure_zero(std::string& s);

// Return the value of the environment variable `name` (nullopt when unset), then zero the
// environment's copy and remove the variable, so that it is neither inherited by child processes
// nor left readable in the process environment for the rest of the run.
[[nodiscard]] std::optional<std::string> take_environment_secret(const char* name);

// Make the process produce no core dump from now on (RLIMIT_CORE 0; on Linux also not dumpable,
// which keeps other processes of the same user from reading its memory). Nothing on Windows.
// Return whether it succeeded.
bool disable_core_dumps();

} // namespace kerbready::util
