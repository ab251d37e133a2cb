#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("SPN-MISSING-HOST: names without HOST/ SPNs", "[checks][SPN-MISSING-HOST]")
{
  test::SnapshotBuilder b;
  SECTION("alternate DNS name without an SPN")
  {
    b.computer("APP01").additional_dns_host_names = {"fileshare.corp.example.com"};
    const auto findings = test::run_check(b.build(), "SPN-MISSING-HOST");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::medium);
    REQUIRE(findings[0].evidence.size() >= 1);
    CHECK(findings[0].evidence[0].value == "fileshare.corp.example.com");
    CHECK(findings[0].remediation.find("setspn -S \"HOST/fileshare.corp.example.com\" \"APP01$\"") !=
          std::string::npos);
  }
  SECTION("no SPNs at all, DC is high")
  {
    b.domain_controller("DC9").service_principal_names = {};
    const auto findings = test::run_check(b.build(), "SPN-MISSING-HOST");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::high);
    CHECK(findings[0].summary.find("dc9.corp.example.com") != std::string::npos);
  }
  SECTION("HOST/ held by another account still counts as present")
  {
    b.computer("NODE1", false).service_principal_names = {"HOST/node1"};
    b.user("svc").service_principal_names = {"HOST/node1.corp.example.com"};
    CHECK(test::run_check(b.build(), "SPN-MISSING-HOST").empty());
  }
}

TEST_CASE("SPN-MISSING-HOST: negatives", "[checks][SPN-MISSING-HOST]")
{
  test::SnapshotBuilder b;
  b.computer("WEB01");
  b.computer("OLD01", false).user_account_control |= uac::account_disable;
  b.gmsa("gmsa_web");
  CHECK(test::run_check(b.build(), "SPN-MISSING-HOST").empty());
}
