#include "src/ad/trust.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("TRUST-DISABLED: disabled or direction-less trusts", "[checks][TRUST-DISABLED]")
{
  test::SnapshotBuilder b;
  b.trust("gone.example", 0, trust_type::uplevel, trust_direction::disabled);
  b.trust("odd.example", 0).trust_direction.reset();
  const auto findings = test::run_check(b.build(), "TRUST-DISABLED");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].severity == Severity::low);
}

TEST_CASE("TRUST-DISABLED: enabled trusts", "[checks][TRUST-DISABLED]")
{
  test::SnapshotBuilder b;
  b.trust("in.example", 0, trust_type::uplevel, trust_direction::inbound);
  CHECK(test::run_check(b.build(), "TRUST-DISABLED").empty());
}
