#include "tests/support/dns_records.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("SPN-DANGLING-HOST: SPN host matches no computer", "[checks][SPN-DANGLING-HOST]")
{
  test::SnapshotBuilder b;
  b.computer("WEB01");
  b.user("svc_orphan").service_principal_names = {"HTTP/gone01.corp.example.com", "HTTP/app.partner.example"};
  const auto findings = test::run_check(b.build(), "SPN-DANGLING-HOST");
  REQUIRE(findings.size() == 2);
  // Under a loaded domain: medium and ranked first.
  CHECK(findings[0].subject == "HTTP/gone01.corp.example.com");
  CHECK(findings[0].severity == Severity::medium);
  // Under no domain or zone read: not judged, listed at info.
  CHECK(findings[1].severity == Severity::info);
  CHECK(findings[1].subject == "1 name outside what was read");
  CHECK(findings[1].evidence.at(0).name == "app.partner.example");
}

TEST_CASE("SPN-DANGLING-HOST: known names", "[checks][SPN-DANGLING-HOST]")
{
  test::SnapshotBuilder b;
  b.computer("APP01").additional_dns_host_names = {"portal.corp.example.com"};
  b.user("svc").service_principal_names = {
    "HTTP/app01", "HTTP/APP01.corp.example.com", "HTTP/portal.corp.example.com", "HTTP/portal",
    "ldap/corp.example.com", "ldap/CORP", "ldap/0f1e2d3c-aaaa-bbbb-cccc-123456789abc._msdcs.corp.example.com",
    "HTTP/10.1.1.1", "kadmin/changepw"};
  CHECK(test::run_check(b.build(), "SPN-DANGLING-HOST").empty());
}

TEST_CASE("SPN-DANGLING-HOST: DNS-aware severity", "[checks][SPN-DANGLING-HOST]")
{
  test::SnapshotBuilder b;
  b.user("svc").service_principal_names = {"HTTP/gone01.corp.example.com", "HTTP/vip.corp.example.com"};
  test::add_dns_node(b.snapshot(), "vip", "corp.example.com", {test::a_record(10, 0, 0, 9)});
  const auto findings = test::run_check(b.build(), "SPN-DANGLING-HOST");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].subject == "HTTP/gone01.corp.example.com");
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[0].summary.find("no DNS record") != std::string::npos);
  CHECK(findings[1].severity == Severity::medium);
  CHECK(findings[1].summary.find("exists in DNS") != std::string::npos);
}
