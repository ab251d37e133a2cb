#include "src/ad/trust.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("TRUST-DOWNLEVEL: NT4-style trusts", "[checks][TRUST-DOWNLEVEL]")
{
  test::SnapshotBuilder b;
  b.trust("NT4DOM", 0, trust_type::downlevel);
  b.trust("OLDDOM", 0, trust_type::downlevel, trust_direction::disabled);
  b.trust("partner.example", 0);
  const auto findings = test::run_check(b.build(), "TRUST-DOWNLEVEL");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].subject == "NT4DOM");
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[0].affected.at(0).domain == "corp.example.com");
}

TEST_CASE("TRUST-DOWNLEVEL: uplevel trusts only", "[checks][TRUST-DOWNLEVEL]")
{
  test::SnapshotBuilder b;
  b.trust("partner.example", trust_attr::forest_transitive);
  CHECK(test::run_check(b.build(), "TRUST-DOWNLEVEL").empty());
}
