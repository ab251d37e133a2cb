#include "src/probe/probe.hpp"

#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace kerbready::collect {

namespace {

// MIT krb5 com_err codes (krb5/krb5.h); kept here so this file needs no krb5 headers.
constexpr std::int64_t k_s_principal_unknown = -1765328377L;
constexpr std::int64_t k_principal_not_unique = -1765328376L;
constexpr std::int64_t k_etype_nosupp = -1765328370L;
constexpr std::int64_t k_skew = -1765328347L;
constexpr std::int64_t k_kdc_unreach = -1765328228L;
constexpr std::int64_t k_realm_cant_resolve = -1765328164L;
constexpr std::int64_t k_realm_unknown = -1765328230L;
constexpr std::int64_t k_cc_notfound = -1765328243L;
constexpr std::int64_t k_fcc_nofile = -1765328189L;
constexpr std::int64_t k_tkt_expired = -1765328352L;

bool
acceptable(std::string_view target)
{
  if (target.empty() || target.size() > 255) {
    return false;
  }
  for (const char c : target) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '@' || c == '\\') {
      return false;
    }
  }
  return true;
}

} // namespace

std::string_view
name_of(ProbeOutcome outcome)
{
  switch (outcome) {
  case ProbeOutcome::ok:
    return "ok";
  case ProbeOutcome::principal_unknown:
    return "principal_unknown";
  case ProbeOutcome::not_unique:
    return "not_unique";
  case ProbeOutcome::etype_not_supported:
    return "etype_not_supported";
  case ProbeOutcome::kdc_unreachable:
    return "kdc_unreachable";
  case ProbeOutcome::clock_skew:
    return "clock_skew";
  case ProbeOutcome::no_credentials:
    return "no_credentials";
  default:
    return "other";
  }
}

ProbeOutcome
parse_outcome(std::string_view name)
{
  for (int i = 0; i < static_cast<int>(ProbeOutcome::count_); ++i) {
    const auto outcome = static_cast<ProbeOutcome>(i);
    if (name_of(outcome) == name) {
      return outcome;
    }
  }
  return ProbeOutcome::count_;
}

std::string_view
describe(ProbeOutcome outcome)
{
  switch (outcome) {
  case ProbeOutcome::ok:
    return "the KDC issued a ticket: clients can use Kerberos";
  case ProbeOutcome::principal_unknown:
    return "no account holds the SPN (KDC_ERR_S_PRINCIPAL_UNKNOWN): clients fall back to NTLM";
  case ProbeOutcome::not_unique:
    return "several accounts hold the SPN (KDC_ERR_PRINCIPAL_NOT_UNIQUE): clients fall back to NTLM";
  case ProbeOutcome::etype_not_supported:
    return "no common encryption type (KDC_ERR_ETYPE_NOSUPP): clients fall back to NTLM";
  case ProbeOutcome::kdc_unreachable:
    return "no KDC answered: clients without line of sight to a DC use NTLM";
  case ProbeOutcome::clock_skew:
    return "clock skew too great (KRB_AP_ERR_SKEW): fix time synchronisation";
  case ProbeOutcome::no_credentials:
    return "no usable ticket-granting ticket: run kinit first";
  default:
    return "the KDC refused for another reason";
  }
}

ProbeOutcome
classify_krb5_error(std::int64_t code)
{
  switch (code) {
  case 0:
    return ProbeOutcome::ok;
  case k_s_principal_unknown:
    return ProbeOutcome::principal_unknown;
  case k_principal_not_unique:
    return ProbeOutcome::not_unique;
  case k_etype_nosupp:
    return ProbeOutcome::etype_not_supported;
  case k_skew:
    return ProbeOutcome::clock_skew;
  case k_kdc_unreach:
  case k_realm_cant_resolve:
  case k_realm_unknown:
    return ProbeOutcome::kdc_unreachable;
  case k_cc_notfound:
  case k_fcc_nofile:
  case k_tkt_expired:
    return ProbeOutcome::no_credentials;
  default:
    return ProbeOutcome::other;
  }
}

ProbeOutcome
classify_sspi_status(std::uint32_t status)
{
  // winerror.h values (Microsoft Learn, "InitializeSecurityContext (Kerberos)", return values).
  switch (status) {
  case 0x00000000: // SEC_E_OK
  case 0x00090312: // SEC_I_CONTINUE_NEEDED: the ticket is in hand, the AP exchange would follow
    return ProbeOutcome::ok;
  case 0x80090303: // SEC_E_TARGET_UNKNOWN: the KDC knows no such service principal
    return ProbeOutcome::principal_unknown;
  case 0x80090342: // SEC_E_KDC_UNKNOWN_ETYPE
    return ProbeOutcome::etype_not_supported;
  case 0x80090324: // SEC_E_TIME_SKEW
    return ProbeOutcome::clock_skew;
  case 0x80090311: // SEC_E_NO_AUTHENTICATING_AUTHORITY: no KDC answered
    return ProbeOutcome::kdc_unreachable;
  case 0x8009030E: // SEC_E_NO_CREDENTIALS
  case 0x8009030D: // SEC_E_UNKNOWN_CREDENTIALS
    return ProbeOutcome::no_credentials;
  default:
    return ProbeOutcome::other;
  }
}

std::string
etype_name(std::int32_t etype)
{
  switch (etype) {
  case 1:
    return "des-cbc-crc";
  case 3:
    return "des-cbc-md5";
  case 17:
    return "aes128-cts-hmac-sha1-96";
  case 18:
    return "aes256-cts-hmac-sha1-96";
  case 19:
    return "aes128-cts-hmac-sha256-128";
  case 20:
    return "aes256-cts-hmac-sha384-192";
  case 23:
    return "rc4-hmac";
  case 24:
    return "rc4-hmac-exp";
  default:
    return fmt::format("etype {}", etype);
  }
}

std::vector<ProbeRequest>
build_requests(const std::vector<ProbeTarget>& targets, const std::vector<std::string>& classes,
               const std::vector<int>& mssql_ports, std::size_t max_requests)
{
  std::vector<ProbeRequest> out;
  std::set<std::string> seen;
  std::string_view source;
  const auto add = [&](std::string spn, const std::string& target) {
    if (out.size() >= max_requests) {
      return;
    }
    if (seen.insert(util::to_lower(spn)).second) {
      out.push_back(ProbeRequest{std::move(spn), target, std::string(source)});
    }
  };
  for (const auto& raw : targets) {
    source = raw.source;
    const auto target = std::string(util::trim(raw.name));
    if (!acceptable(target)) {
      continue;
    }
    if (target.find('/') != std::string::npos) {
      add(target, target); // already an SPN
      continue;
    }
    for (const auto& service_class : classes) {
      if (acceptable(service_class) && service_class.find('/') == std::string::npos) {
        add(fmt::format("{}/{}", service_class, target), target);
      }
    }
    for (const int port : mssql_ports) {
      if (port > 0 && port < 65536) {
        add(fmt::format("MSSQLSvc/{}:{}", target, port), target);
      }
    }
  }
  return out;
}

std::vector<ProbeResult>
run_requests(const std::vector<ProbeRequest>& requests, const RequestFn& request, RateLimiter& limiter)
{
  std::vector<ProbeResult> results;
  for (const auto& r : requests) {
    limiter.wait();
    results.push_back(request(r));
    if (results.size() == 2 && no_kdc_answered(results)) {
      break;
    }
  }
  return results;
}

bool
no_kdc_answered(const std::vector<ProbeResult>& results)
{
  return !results.empty() && std::all_of(results.begin(), results.end(), [](const ProbeResult& r) {
    return r.outcome == ProbeOutcome::kdc_unreachable;
  });
}

std::string
spn_host(std::string_view spn)
{
  const auto slash = spn.find('/');
  if (slash == std::string_view::npos) {
    return {};
  }
  auto host = spn.substr(slash + 1);
  host = host.substr(0, host.find_first_of("/:"));
  while (!host.empty() && host.back() == '.') {
    host.remove_suffix(1);
  }
  return util::to_lower(host);
}

RateLimiter::RateLimiter(double rate, SleepFn sleep, NowFn now)
    : m_interval(rate > 0 ? std::chrono::nanoseconds(static_cast<std::int64_t>(1e9 / rate))
                          : std::chrono::nanoseconds(0))
    , m_sleep(std::move(sleep))
    , m_now(std::move(now))
{
}

void
RateLimiter::wait()
{
  const auto now = m_now();
  if (m_first) {
    m_first = false;
    m_next = now + m_interval;
    return;
  }
  if (now < m_next) {
    m_sleep(m_next - now);
    m_next += m_interval;
  } else {
    m_next = now + m_interval;
  }
}

} // namespace kerbready::collect
