#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("PU-PRIVILEGED-DELEGABLE: admins without NOT_DELEGATED", "[checks][PU-PRIVILEGED-DELEGABLE]")
{
  test::SnapshotBuilder b;
  b.user("admin1");
  b.user("admin2").user_account_control |= uac::not_delegated;
  b.gmsa("gmsa_admin");
  b.domain_controller("DC01").primary_group_id = 516;
  const std::string base = ",CN=Users,DC=corp,DC=example,DC=com";
  b.group("Domain Admins", 512).members = {"CN=admin1" + base, "CN=admin2" + base,
                                           "CN=gmsa_admin,CN=Managed Service Accounts,DC=corp,DC=example,DC=com"};
  b.group("Domain Controllers", 516);
  const auto findings = test::run_check(b.build(), "PU-PRIVILEGED-DELEGABLE");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].subject == "admin1");
  CHECK(findings[1].subject == "gmsa_admin$");
  CHECK(findings[0].remediation.find("-AccountNotDelegated $true") != std::string::npos);
}

TEST_CASE("PU-PRIVILEGED-DELEGABLE: protected or unprivileged", "[checks][PU-PRIVILEGED-DELEGABLE]")
{
  test::SnapshotBuilder b;
  b.user("admin1");
  b.user("plain");
  const std::string base = ",CN=Users,DC=corp,DC=example,DC=com";
  b.group("Domain Admins", 512).members = {"CN=admin1" + base};
  b.group("Protected Users", 525).members = {"CN=admin1" + base};
  CHECK(test::run_check(b.build(), "PU-PRIVILEGED-DELEGABLE").empty());
}
