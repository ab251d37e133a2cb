#include "tests/support/dns_records.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

namespace {
const std::string k_zone = "corp.example.com";
}

TEST_CASE("DNS-VIP-NO-SPN: static names without SPN", "[checks][DNS-VIP-NO-SPN]")
{
  test::SnapshotBuilder b;
  b.computer("APP01");
  auto& s = b.snapshot();
  test::add_dns_node(s, "app01", k_zone, {test::a_record(10, 0, 0, 7, 3700000)});
  test::add_dns_node(s, "reports", k_zone, {test::a_record(10, 0, 0, 7)}); // A-record alias of APP01
  test::add_dns_node(s, "lb-web", k_zone, {test::a_record(10, 0, 9, 9)});  // VIP
  const auto findings = test::run_check(b.build(), "DNS-VIP-NO-SPN");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].subject == "reports.corp.example.com");
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].affected.at(0).sam_account_name == "APP01$");
  CHECK(findings[1].subject == "lb-web.corp.example.com");
  CHECK(findings[1].severity == Severity::low);
}

TEST_CASE("DNS-VIP-NO-SPN: computers, SPN-covered names, dynamic and locator records", "[checks][DNS-VIP-NO-SPN]")
{
  test::SnapshotBuilder b;
  b.computer("APP01");
  b.user("svc_web").service_principal_names = {"HTTP/web.corp.example.com"};
  auto& s = b.snapshot();
  test::add_dns_node(s, "app01", k_zone, {test::a_record(10, 0, 0, 7)});
  test::add_dns_node(s, "web", k_zone, {test::a_record(10, 0, 9, 9)});
  test::add_dns_node(s, "laptop-42", k_zone, {test::a_record(10, 0, 5, 42, 3700000)});
  test::add_dns_node(s, "@", k_zone, {test::a_record(10, 0, 0, 1)});
  test::add_dns_node(s, "DomainDnsZones", k_zone, {test::a_record(10, 0, 0, 1)});
  test::add_dns_node(s, "_ldap._tcp", k_zone, {test::a_record(10, 0, 0, 1)});
  CHECK(test::run_check(b.build(), "DNS-VIP-NO-SPN").empty());
}
