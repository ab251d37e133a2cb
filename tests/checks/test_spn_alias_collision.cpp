#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("SPN-ALIAS-COLLISION: another computer holds cifs/ for a host's name", "[checks][SPN-ALIAS-COLLISION]")
{
  test::SnapshotBuilder b;
  b.computer("FS01");
  b.computer("FS02").service_principal_names.push_back("cifs/fs01.corp.example.com");
  const auto findings = test::run_check(b.build(), "SPN-ALIAS-COLLISION");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[0].subject == "cifs/fs01.corp.example.com");
  CHECK(findings[0].affected[0].sam_account_name == "FS02$");
  CHECK(findings[0].affected[1].sam_account_name == "FS01$");
}

TEST_CASE("SPN-ALIAS-COLLISION: service account is info (app-pool pattern)", "[checks][SPN-ALIAS-COLLISION]")
{
  test::SnapshotBuilder b;
  b.computer("WEB01");
  b.user("svc_web").service_principal_names = {"HTTP/web01.corp.example.com"};
  const auto findings = test::run_check(b.build(), "SPN-ALIAS-COLLISION");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::info);
}

TEST_CASE("SPN-ALIAS-COLLISION: the forest's sPNMappings decide", "[checks][SPN-ALIAS-COLLISION]")
{
  test::SnapshotBuilder b;
  b.computer("WEB01");
  b.computer("WEB02").service_principal_names.push_back("HTTP/web01.corp.example.com");
  SECTION("http removed from the mapping: no collision")
  {
    b.with_configuration({"host=cifs,rpcss"});
    CHECK(test::run_check(b.build(), "SPN-ALIAS-COLLISION").empty());
  }
  SECTION("a custom class mapped to host collides")
  {
    b.with_configuration({"host=cifs,rpcss,customsvc"});
    b.computer("APP01");
    b.computer("APP02").service_principal_names.push_back("CustomSvc/app01.corp.example.com");
    const auto findings = test::run_check(b.build(), "SPN-ALIAS-COLLISION");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].subject == "CustomSvc/app01.corp.example.com");
  }
}

TEST_CASE("SPN-ALIAS-COLLISION: negatives", "[checks][SPN-ALIAS-COLLISION]")
{
  test::SnapshotBuilder b;
  b.computer("WEB01").service_principal_names.push_back("HTTP/web01.corp.example.com");
  b.user("svc_sql").service_principal_names = {"MSSQLSvc/web01.corp.example.com:1433",
                                               "HTTP/web01.corp.example.com:8080"};
  b.user("svc_other").service_principal_names = {"HTTP/intranet.corp.example.com"};
  CHECK(test::run_check(b.build(), "SPN-ALIAS-COLLISION").empty());
}
