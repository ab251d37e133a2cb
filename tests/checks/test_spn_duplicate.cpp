#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("SPN-DUPLICATE: two accounts sharing an SPN", "[checks][SPN-DUPLICATE]")
{
  test::SnapshotBuilder b;
  b.computer("WEB01").service_principal_names.push_back("HTTP/web01.corp.example.com");
  b.user("svc_web").service_principal_names = {"http/WEB01.corp.example.com"};

  SECTION("case-insensitive duplicate is found, with every holder")
  {
    const auto findings = test::run_check(b.build(), "SPN-DUPLICATE");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::high);
    CHECK(findings[0].cause == FallbackCause::spn);
    CHECK(findings[0].key == "http/web01.corp.example.com");
    CHECK(findings[0].affected.size() == 2);
    CHECK(findings[0].remediation.find("setspn -D") != std::string::npos);
  }
  SECTION("a DC among the holders makes it critical")
  {
    b.domain_controller("DC1").service_principal_names.push_back("HTTP/web01.corp.example.com");
    const auto findings = test::run_check(b.build(), "SPN-DUPLICATE");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::critical);
    CHECK(findings[0].affected.size() == 3);
    CHECK(findings[0].tier0);
  }
}

TEST_CASE("SPN-DUPLICATE: forest-wide across domains", "[checks][SPN-DUPLICATE]")
{
  test::SnapshotBuilder b;
  b.user("svc_a").service_principal_names = {"MSSQLSvc/sql.example.com:1433"};
  test::SnapshotBuilder child("child.corp.example.com");
  child.user("svc_b").service_principal_names = {"MSSQLSvc/SQL.example.com:1433"};
  auto snapshot = b.build();
  snapshot.accounts.push_back(child.build().accounts.front());
  const auto findings = test::run_check(snapshot, "SPN-DUPLICATE");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].affected[0].domain != findings[0].affected[1].domain);
}

TEST_CASE("SPN-DUPLICATE: no false positives", "[checks][SPN-DUPLICATE]")
{
  test::SnapshotBuilder b;
  SECTION("the same SPN twice on one account")
  {
    b.user("svc").service_principal_names = {"HTTP/app.corp.example.com", "http/APP.corp.example.com"};
    CHECK(test::run_check(b.build(), "SPN-DUPLICATE").empty());
  }
  SECTION("kadmin/changepw on every domain's krbtgt")
  {
    b.user("krbtgt").service_principal_names = {"kadmin/changepw"};
    test::SnapshotBuilder child("child.corp.example.com");
    child.user("krbtgt").service_principal_names = {"kadmin/changepw"};
    auto snapshot = b.build();
    snapshot.accounts.push_back(child.build().accounts.front());
    CHECK(test::run_check(snapshot, "SPN-DUPLICATE").empty());
  }
  SECTION("distinct SPNs")
  {
    b.computer("WEB01");
    b.computer("WEB02");
    CHECK(test::run_check(b.build(), "SPN-DUPLICATE").empty());
  }
}
