#pragma once

// The active Kerberos probe, the parts that need no KDC: which service tickets to ask for, how to
// classify what the KDC answered, and pacing. src/live/krb5_probe.* does the asking (MIT krb5);
// everything here is pure and unit-tested.
//
// A Windows client connecting to \\name or http://name asks the KDC for a ticket for
// <class>/<name> exactly as written; the answer predicts whether it will use Kerberos or fall back
// to NTLM: principal unknown (missing SPN), not unique (duplicate SPN), etype not supported (no
// common encryption type), KDC unreachable (no line of sight), clock skew.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kerbready::collect {

enum class ProbeOutcome {
  ok,
  principal_unknown,
  not_unique,
  etype_not_supported,
  kdc_unreachable,
  clock_skew,
  no_credentials, // no usable TGT in the credential cache
  other,
  count_
};

// Stable lowercase names ("principal_unknown"), used in JSON.
[[nodiscard]] std::string_view name_of(ProbeOutcome outcome);
// Parse a name written by name_of(); count_ when unknown.
[[nodiscard]] ProbeOutcome parse_outcome(std::string_view name);
// One line: what the outcome means for the client.
[[nodiscard]] std::string_view describe(ProbeOutcome outcome);

// Classify an MIT krb5 error code from a TGS exchange (0 = ok).
[[nodiscard]] ProbeOutcome classify_krb5_error(std::int64_t code);

// Classify the SECURITY_STATUS of an SSPI InitializeSecurityContext call for a service name with
// the Kerberos package (the Windows build's probe; SEC_E_OK and SEC_I_CONTINUE_NEEDED = ok). SSPI
// cannot tell a principal that is not unique from other failures: those are `other`.
[[nodiscard]] ProbeOutcome classify_sspi_status(std::uint32_t status);

// Return the name of Kerberos encryption type `etype` ("aes256-cts-hmac-sha1-96", "rc4-hmac").
[[nodiscard]] std::string etype_name(std::int32_t etype);

// A name to probe and where it came from ("target", "events", "dns-cname", "dfs", …).
struct ProbeTarget
{
  std::string name;   // a host name, or a full SPN
  std::string source; // shown in the output and written to the JSON
};

struct ProbeRequest
{
  std::string spn;    // "cifs/files.corp.example.com"
  std::string target; // the name it was made from
  std::string source; // the target's source
};

// The service classes probed by default: those Windows clients ask for most.
inline const std::vector<std::string> k_default_service_classes = {"cifs", "http", "host", "ldap"};

// Return the requests for `targets` (host names, or SPNs kept as they are) with each of
// `classes`, and MSSQLSvc/<host>:<port> for each of `mssql_ports`; duplicates (case-insensitive)
// removed, order kept (the first source of a duplicate wins), at most `max_requests`. Targets that
// are empty or contain whitespace or control characters are dropped.
[[nodiscard]] std::vector<ProbeRequest> build_requests(const std::vector<ProbeTarget>& targets,
                                                       const std::vector<std::string>& classes,
                                                       const std::vector<int>& mssql_ports, std::size_t max_requests);

struct ProbeResult
{
  ProbeRequest request;
  ProbeOutcome outcome = ProbeOutcome::other;
  std::string ticket_etype;  // ok: the ticket's encryption type (the service key's)
  std::string session_etype; // ok: the session key's
  std::string message;       // the library's error message, for other outcomes
  std::int64_t code = 0;     // the krb5 error code
};

// Spaces requests at most `rate` per second. `sleep` is injectable for tests.
class RateLimiter
{
public:
  using Clock = std::chrono::steady_clock;
  using SleepFn = std::function<void(std::chrono::nanoseconds)>;
  using NowFn = std::function<Clock::time_point()>;

  RateLimiter(double rate, SleepFn sleep, NowFn now);

  // Block until the next request may go.
  void wait();

private:
  std::chrono::nanoseconds m_interval;
  SleepFn m_sleep;
  NowFn m_now;
  Clock::time_point m_next{};
  bool m_first = true;
};

using RequestFn = std::function<ProbeResult(const ProbeRequest&)>;

// Send `requests` through `request`, each after `limiter.wait()`. When the first two both find no
// KDC, stop there: every further request would fail the same way.
[[nodiscard]] std::vector<ProbeResult> run_requests(const std::vector<ProbeRequest>& requests, const RequestFn& request,
                                                    RateLimiter& limiter);

// Return whether `results` is not empty and no KDC answered any of them.
[[nodiscard]] bool no_kdc_answered(const std::vector<ProbeResult>& results);

// Return the host part of `spn` ("files.corp.example.com" for "cifs/files.corp.example.com:445/x"),
// lowercase; empty when `spn` has no '/'.
[[nodiscard]] std::string spn_host(std::string_view spn);

} // namespace kerbready::collect
