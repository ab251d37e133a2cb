#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("SPN-IP-ADDRESS: IPv4 and IPv6 hosts", "[checks][SPN-IP-ADDRESS]")
{
  test::SnapshotBuilder b;
  b.user("svc_app").service_principal_names = {"HTTP/10.0.0.15", "HTTP/[fe80::1]:8080", "cifs/2001:db8::5"};
  const auto findings = test::run_check(b.build(), "SPN-IP-ADDRESS");
  REQUIRE(findings.size() == 3);
  for (const auto& f : findings) {
    CHECK(f.cause == FallbackCause::ip_or_alias);
    CHECK(f.remediation.find("TryIPSPN") != std::string::npos);
  }
}

TEST_CASE("SPN-IP-ADDRESS: names that only look numeric", "[checks][SPN-IP-ADDRESS]")
{
  test::SnapshotBuilder b;
  b.user("svc").service_principal_names = {"HTTP/10.0.0.256", "HTTP/1.2.3", "HTTP/web01.corp.example.com",
                                           "MSSQLSvc/sql01.corp.example.com:1433", "HTTP/host/10.0.0.1"};
  CHECK(test::run_check(b.build(), "SPN-IP-ADDRESS").empty());
}
