#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("PU-GROUP-MISSING: groups read, no RID 525", "[checks][PU-GROUP-MISSING]")
{
  test::SnapshotBuilder b;
  SECTION("missing")
  {
    b.group("Domain Admins", 512);
    const auto findings = test::run_check(b.build(), "PU-GROUP-MISSING");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::medium);
  }
  SECTION("no group read: unknown")
  {
    const auto findings = test::run_check(b.build(), "PU-GROUP-MISSING");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::info);
  }
}

TEST_CASE("PU-GROUP-MISSING: group present", "[checks][PU-GROUP-MISSING]")
{
  test::SnapshotBuilder b;
  b.group("Protected Users", 525);
  CHECK(test::run_check(b.build(), "PU-GROUP-MISSING").empty());
}
