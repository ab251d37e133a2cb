#include "src/ad/trust.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("TRUST-SELECTIVE-AUTH: selective authentication", "[checks][TRUST-SELECTIVE-AUTH]")
{
  test::SnapshotBuilder b;
  b.trust("sel.example", trust_attr::forest_transitive | trust_attr::cross_organization);
  const auto findings = test::run_check(b.build(), "TRUST-SELECTIVE-AUTH");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::info);
}

TEST_CASE("TRUST-SELECTIVE-AUTH: forest-wide authentication", "[checks][TRUST-SELECTIVE-AUTH]")
{
  test::SnapshotBuilder b;
  b.trust("open.example", trust_attr::forest_transitive);
  b.trust("gone.example", trust_attr::cross_organization, trust_type::uplevel, trust_direction::disabled);
  CHECK(test::run_check(b.build(), "TRUST-SELECTIVE-AUTH").empty());
}
