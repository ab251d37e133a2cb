#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("SPN-MALFORMED: broken SPNs", "[checks][SPN-MALFORMED]")
{
  const std::vector<std::string> bad = {
    "HTTP",         "/web01",           "HTTP/",      "HTTP/web01:",        "HTTP/web 01", "HTTP/web01:abc",
    "HTTP/web01:0", "HTTP/web01:70000", "HTTP/a/b/c", "HTTP/web01\x1b[31m", "HTTP/a:1:2",  "HTTP/web01/"};
  for (const auto& spn : bad) {
    test::SnapshotBuilder b;
    b.user("svc").service_principal_names = {spn};
    const auto findings = test::run_check(b.build(), "SPN-MALFORMED");
    INFO(spn);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].subject == spn);
  }
}

TEST_CASE("SPN-MALFORMED: valid forms", "[checks][SPN-MALFORMED]")
{
  test::SnapshotBuilder b;
  b.user("svc").service_principal_names = {
    "HTTP/web01",
    "HTTP/web01.corp.example.com:8443",
    "MSSQLSvc/sql01.corp.example.com:INSTANCE1",
    "ldap/dc1.corp.example.com/corp.example.com",
    "E3514235-4B06-11D1-AB04-00C04FC2DCD2/6d5c2f1a-1111-2222-3333-444455556666/corp.example.com",
    "HTTP/[fe80::1]:443",
    "kadmin/changepw"};
  CHECK(test::run_check(b.build(), "SPN-MALFORMED").empty());
}
