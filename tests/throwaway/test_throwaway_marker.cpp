#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("THROWAWAY-MARKER: an account with the marker", "[checks][THROWAWAY-MARKER]")
{
  test::SnapshotBuilder b;
  b.user("throwaway_probe");
  b.user("svc_web");
  const auto findings = test::run_check(b.build(), "THROWAWAY-MARKER");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].subject == "throwaway_probe");
  CHECK(findings[0].id == make_finding_id("THROWAWAY-MARKER", findings[0].key));
}

TEST_CASE("THROWAWAY-MARKER: no marker, no finding", "[checks][THROWAWAY-MARKER]")
{
  test::SnapshotBuilder b;
  b.user("svc_throwaway_probe");
  b.computer("THROWAWAY01");
  CHECK(test::run_check(b.build(), "THROWAWAY-MARKER").empty());
}
