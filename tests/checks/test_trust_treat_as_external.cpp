#include "src/ad/trust.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("TRUST-TREAT-AS-EXTERNAL: forest trust with the bit", "[checks][TRUST-TREAT-AS-EXTERNAL]")
{
  test::SnapshotBuilder b;
  b.trust("other.example", trust_attr::forest_transitive | trust_attr::treat_as_external);
  const auto findings = test::run_check(b.build(), "TRUST-TREAT-AS-EXTERNAL");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::low);
  CHECK(findings[0].evidence.back().value.find("TREAT_AS_EXTERNAL") != std::string::npos);
}

TEST_CASE("TRUST-TREAT-AS-EXTERNAL: plain forest trust, bit on a non-forest trust", "[checks][TRUST-TREAT-AS-EXTERNAL]")
{
  test::SnapshotBuilder b;
  b.trust("other.example", trust_attr::forest_transitive);
  b.trust("ext.example", trust_attr::treat_as_external);
  CHECK(test::run_check(b.build(), "TRUST-TREAT-AS-EXTERNAL").empty());
}
