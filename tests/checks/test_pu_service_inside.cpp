#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("PU-SERVICE-INSIDE: computers, gMSAs and SPN holders in Protected Users", "[checks][PU-SERVICE-INSIDE]")
{
  test::SnapshotBuilder b;
  b.computer("APP01");
  b.gmsa("gmsa_web");
  b.user("svc_http").service_principal_names = {"HTTP/web.corp.example.com"};
  b.user("alice");
  const std::string base = ",CN=Users,DC=corp,DC=example,DC=com";
  b.group("Servers-Group").members = {"CN=APP01,CN=Computers,DC=corp,DC=example,DC=com"};
  b.group("Protected Users", 525).members = {"CN=Servers-Group" + base,
                                             "CN=gmsa_web,CN=Managed Service Accounts,DC=corp,DC=example,DC=com",
                                             "CN=svc_http" + base, "CN=alice" + base};
  const auto findings = test::run_check(b.build(), "PU-SERVICE-INSIDE");
  REQUIRE(findings.size() == 3);
  for (const auto& f : findings) {
    CHECK(f.severity == Severity::high);
    CHECK(f.subject != "alice");
  }
}

TEST_CASE("PU-SERVICE-INSIDE: users only", "[checks][PU-SERVICE-INSIDE]")
{
  test::SnapshotBuilder b;
  b.user("alice");
  b.computer("APP01");
  b.group("Protected Users", 525).members = {"CN=alice,CN=Users,DC=corp,DC=example,DC=com"};
  CHECK(test::run_check(b.build(), "PU-SERVICE-INSIDE").empty());
}
