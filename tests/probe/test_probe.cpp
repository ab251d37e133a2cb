#include "src/probe/probe.hpp"

#include <catch2/catch.hpp>

using namespace kerbready::collect;

TEST_CASE("probe: KDC answers are classified", "[probe]")
{
  CHECK(classify_krb5_error(0) == ProbeOutcome::ok);
  CHECK(classify_krb5_error(-1765328377L) == ProbeOutcome::principal_unknown); // KDC_ERR_S_PRINCIPAL_UNKNOWN
  CHECK(classify_krb5_error(-1765328376L) == ProbeOutcome::not_unique);        // KDC_ERR_PRINCIPAL_NOT_UNIQUE
  CHECK(classify_krb5_error(-1765328370L) == ProbeOutcome::etype_not_supported);
  CHECK(classify_krb5_error(-1765328347L) == ProbeOutcome::clock_skew);
  CHECK(classify_krb5_error(-1765328228L) == ProbeOutcome::kdc_unreachable); // KRB5_KDC_UNREACH
  CHECK(classify_krb5_error(-1765328164L) == ProbeOutcome::kdc_unreachable); // cannot resolve the realm's KDC
  CHECK(classify_krb5_error(-1765328189L) == ProbeOutcome::no_credentials);
  CHECK(classify_krb5_error(-1765328372L) == ProbeOutcome::other); // KDC_ERR_POLICY
  for (int i = 0; i < static_cast<int>(ProbeOutcome::count_); ++i) {
    CHECK(!name_of(static_cast<ProbeOutcome>(i)).empty());
    CHECK(!describe(static_cast<ProbeOutcome>(i)).empty());
  }
  CHECK(etype_name(18) == "aes256-cts-hmac-sha1-96");
  CHECK(etype_name(23) == "rc4-hmac");
  CHECK(etype_name(99) == "etype 99");
}

namespace {

std::vector<ProbeTarget>
targets(std::initializer_list<const char*> names, const char* source = "target")
{
  std::vector<ProbeTarget> out;
  for (const auto* name : names) {
    out.push_back({name, source});
  }
  return out;
}

ProbeResult
answer(const ProbeRequest& request, ProbeOutcome outcome)
{
  ProbeResult r;
  r.request = request;
  r.outcome = outcome;
  return r;
}

} // namespace

TEST_CASE("probe: requests are built from targets, bounded and de-duplicated", "[probe]")
{
  const auto requests = build_requests(
    targets({"files.corp.example.com", "FILES.corp.example.com", "HTTP/web01", " ", "bad name", "x@evil", "sql01"}),
    {"cifs", "http"}, {1433}, 100);
  std::vector<std::string> spns;
  for (const auto& r : requests) {
    spns.push_back(r.spn);
  }
  CHECK(spns == std::vector<std::string>{"cifs/files.corp.example.com", "http/files.corp.example.com",
                                         "MSSQLSvc/files.corp.example.com:1433", "HTTP/web01", "cifs/sql01",
                                         "http/sql01", "MSSQLSvc/sql01:1433"});
  CHECK(build_requests(targets({"a", "b", "c"}), {"cifs", "http"}, {}, 3).size() == 3);
  CHECK(build_requests({}, k_default_service_classes, {}, 10).empty());
}

TEST_CASE("probe: each request keeps its target's source; the first source of a duplicate wins", "[probe]")
{
  auto list = targets({"web01.corp.example.com"}, "dns-cname");
  list.push_back({"WEB01.corp.example.com", "spn-host"});
  list.push_back({"HTTP/app01.corp.example.com", "spn-duplicate"});
  list.push_back({"app01.corp.example.com", "dfs"});
  const auto requests = build_requests(list, {"http"}, {}, 100);
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].spn == "http/web01.corp.example.com");
  CHECK(requests[0].source == "dns-cname");
  CHECK(requests[1].spn == "HTTP/app01.corp.example.com");
  CHECK(requests[1].source == "spn-duplicate");
}

TEST_CASE("probe: the host of an SPN", "[probe]")
{
  CHECK(spn_host("cifs/Files.Corp.Example.com") == "files.corp.example.com");
  CHECK(spn_host("MSSQLSvc/sql01.corp.example.com:1433") == "sql01.corp.example.com");
  CHECK(spn_host("ldap/dc1.corp.example.com/corp.example.com") == "dc1.corp.example.com");
  CHECK(spn_host("HTTP/web01.") == "web01");
  CHECK(spn_host("web01").empty());
}

TEST_CASE("probe: requests stop early when no KDC answers the first two", "[probe]")
{
  const auto requests = build_requests(targets({"a", "b", "c"}), {"cifs"}, {}, 100);
  int waits = 0;
  RateLimiter limiter(
    50.0, [&](std::chrono::nanoseconds) {},
    [&] {
      ++waits;
      return RateLimiter::Clock::time_point{};
    });
  int sent = 0;
  const auto dead = run_requests(
    requests,
    [&](const ProbeRequest& r) {
      ++sent;
      return answer(r, ProbeOutcome::kdc_unreachable);
    },
    limiter);
  CHECK(sent == 2);
  CHECK(waits == 2);
  CHECK(no_kdc_answered(dead));

  sent = 0;
  const auto mixed = run_requests(
    requests,
    [&](const ProbeRequest& r) {
      ++sent;
      return answer(r, sent == 1 ? ProbeOutcome::ok : ProbeOutcome::kdc_unreachable);
    },
    limiter);
  CHECK(sent == 3); // a KDC answered once: a later outage does not stop the run early
  CHECK(!no_kdc_answered(mixed));
  CHECK(!no_kdc_answered({}));
}

TEST_CASE("probe: the rate limiter spaces requests", "[probe]")
{
  using namespace std::chrono;
  RateLimiter::Clock::time_point now{};
  nanoseconds slept{0};
  int sleeps = 0;
  RateLimiter limiter(
    4.0,
    [&](nanoseconds d) {
      slept += d;
      now += d;
      ++sleeps;
    },
    [&] { return now; });
  for (int i = 0; i < 5; ++i) {
    limiter.wait();
  }
  CHECK(sleeps == 4);
  CHECK(slept == milliseconds(1000)); // 5 requests at 4/s: 4 gaps of 250 ms
  now += seconds(10);                 // idle time is not saved up as a burst
  limiter.wait();
  CHECK(sleeps == 4);
  limiter.wait();
  CHECK(sleeps == 5);
}

TEST_CASE("SSPI statuses of the Windows probe are classified", "[probe]")
{
  CHECK(classify_sspi_status(0) == ProbeOutcome::ok);                         // SEC_E_OK
  CHECK(classify_sspi_status(0x00090312) == ProbeOutcome::ok);                // SEC_I_CONTINUE_NEEDED
  CHECK(classify_sspi_status(0x80090303) == ProbeOutcome::principal_unknown); // SEC_E_TARGET_UNKNOWN
  CHECK(classify_sspi_status(0x80090342) == ProbeOutcome::etype_not_supported);
  CHECK(classify_sspi_status(0x80090324) == ProbeOutcome::clock_skew);
  CHECK(classify_sspi_status(0x80090311) == ProbeOutcome::kdc_unreachable);
  CHECK(classify_sspi_status(0x8009030E) == ProbeOutcome::no_credentials);
  // Anything else, including an HRESULT that is not a security status, is not a verdict on the name.
  CHECK(classify_sspi_status(0x80090322) == ProbeOutcome::other); // SEC_E_WRONG_PRINCIPAL
  CHECK(classify_sspi_status(0x80004005) == ProbeOutcome::other); // E_FAIL
  CHECK(classify_sspi_status(0xFFFFFFFF) == ProbeOutcome::other);
}
