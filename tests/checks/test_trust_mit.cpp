#include "src/ad/trust.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("TRUST-MIT: realm trusts are listed", "[checks][TRUST-MIT]")
{
  test::SnapshotBuilder b;
  b.trust("REALM.EXAMPLE", trust_attr::non_transitive, trust_type::mit);
  b.trust("partner.example", 0);
  const auto findings = test::run_check(b.build(), "TRUST-MIT");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].subject == "REALM.EXAMPLE");
  CHECK(findings[0].remediation.find("ksetup /setenctypeattr \"REALM.EXAMPLE\"") != std::string::npos);
}

TEST_CASE("TRUST-MIT: no realm trust", "[checks][TRUST-MIT]")
{
  test::SnapshotBuilder b;
  b.trust("REALM.EXAMPLE", 0, trust_type::mit, trust_direction::disabled);
  CHECK(test::run_check(b.build(), "TRUST-MIT").empty());
}
