#include "src/trust.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("TRUST-TGT-DELEGATION: 0x800 on an outbound trust", "[checks][TRUST-TGT-DELEGATION]")
{
  test::SnapshotBuilder b;
  b.trust("deleg.example", trust_attr::forest_transitive | trust_attr::cross_organization_enable_tgt_delegation);
  const auto findings = test::run_check(b.build(), "TRUST-TGT-DELEGATION");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].remediation.find("/EnableTGTDelegation:no") != std::string::npos);
}

TEST_CASE("TRUST-TGT-DELEGATION: blocked, or inbound only", "[checks][TRUST-TGT-DELEGATION]")
{
  test::SnapshotBuilder b;
  b.trust("blocked.example", trust_attr::forest_transitive | trust_attr::cross_organization_no_tgt_delegation);
  b.trust("in.example", trust_attr::forest_transitive | trust_attr::cross_organization_enable_tgt_delegation,
          trust_type::uplevel, trust_direction::inbound);
  CHECK(test::run_check(b.build(), "TRUST-TGT-DELEGATION").empty());
}
