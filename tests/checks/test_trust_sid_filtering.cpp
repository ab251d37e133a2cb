#include "src/ad/trust.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("TRUST-SID-FILTERING: outbound external trust without quarantine", "[checks][TRUST-SID-FILTERING]")
{
  test::SnapshotBuilder b;
  b.trust("open.example", 0, trust_type::uplevel, trust_direction::outbound);
  b.trust("both.example", 0);
  const auto findings = test::run_check(b.build(), "TRUST-SID-FILTERING");
  CHECK(findings.size() == 2);
}

TEST_CASE("TRUST-SID-FILTERING: filtered, inbound, forest and within-forest trusts", "[checks][TRUST-SID-FILTERING]")
{
  test::SnapshotBuilder b;
  b.trust("filtered.example", trust_attr::quarantined_domain);
  b.trust("inbound.example", 0, trust_type::uplevel, trust_direction::inbound);
  b.trust("forest.example", trust_attr::forest_transitive);
  b.trust("child.corp.example.com", trust_attr::within_forest);
  CHECK(test::run_check(b.build(), "TRUST-SID-FILTERING").empty());
}
