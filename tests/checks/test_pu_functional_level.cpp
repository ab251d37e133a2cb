#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("PU-FUNCTIONAL-LEVEL: below 2012 R2, or unknown", "[checks][PU-FUNCTIONAL-LEVEL]")
{
  test::SnapshotBuilder b;
  SECTION("2012")
  {
    b.snapshot().domains[0].functional_level = 5;
    const auto findings = test::run_check(b.build(), "PU-FUNCTIONAL-LEVEL");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::medium);
    CHECK(findings[0].summary.find("2012") != std::string::npos);
  }
  SECTION("not read")
  {
    const auto findings = test::run_check(b.build(), "PU-FUNCTIONAL-LEVEL");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::info);
    CHECK(findings[0].summary.find("unknown") != std::string::npos);
  }
}

TEST_CASE("PU-FUNCTIONAL-LEVEL: 2012 R2 and later", "[checks][PU-FUNCTIONAL-LEVEL]")
{
  test::SnapshotBuilder b;
  b.snapshot().domains[0].functional_level = 7;
  CHECK(test::run_check(b.build(), "PU-FUNCTIONAL-LEVEL").empty());
}
