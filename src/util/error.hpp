#pragma once

#include <tl/expected.hpp>

#include <stdexcept>
#include <string>

namespace kerbready {

// Exit statuses, documented in README.md. They gate pipelines, so never renumber them.
enum class ExitStatus : int {
  ok = 0,         // complete scan, nothing at or above --fail-on
  findings = 1,   // complete scan, findings at or above --fail-on
  usage = 2,      // bad command line
  incomplete = 3, // input unreadable, or the scan is partial
};

// Base of kerbready's exceptions; never thrown directly. Only main() catches it.
class ErrorBase : public std::runtime_error
{
public:
  using std::runtime_error::runtime_error;
};

// A failure a caller may handle. Carries a one-line, user-facing message.
class Error : public ErrorBase
{
public:
  using ErrorBase::ErrorBase;
};

// A failure that ends the run: main() prints "kerbready: error: <what>" and exits with `status`.
class Fatal : public ErrorBase
{
public:
  explicit Fatal(const std::string& what, ExitStatus status = ExitStatus::incomplete)
      : ErrorBase(what), m_status(status)
  {
  }

  [[nodiscard]] ExitStatus status() const { return m_status; }

private:
  ExitStatus m_status;
};

// Result of an operation that can fail with a one-line message.
template <typename T> using expected = tl::expected<T, std::string>;
using tl::unexpected;

} // namespace kerbready
