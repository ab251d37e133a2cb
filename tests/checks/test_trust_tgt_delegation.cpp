#include "src/ad/trust.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

// KB4490425: the setting lives on the incoming side (this domain trusted by the partner): an
// inbound-only trust with 0x800 is reported, an outbound-only one is not.
TEST_CASE("TRUST-TGT-DELEGATION: 0x800 on an inbound or bidirectional trust", "[checks][TRUST-TGT-DELEGATION]")
{
  test::SnapshotBuilder b;
  b.trust("in.example", trust_attr::forest_transitive | trust_attr::cross_organization_enable_tgt_delegation,
          trust_type::uplevel, trust_direction::inbound);
  b.trust("both.example", trust_attr::forest_transitive | trust_attr::cross_organization_enable_tgt_delegation);
  const auto findings = test::run_check(b.build(), "TRUST-TGT-DELEGATION");
  REQUIRE(findings.size() == 2);
  for (const auto& f : findings) {
    // netdom trust <trusting> /domain:<trusted>: the partner trusts us.
    CHECK(f.remediation.find("netdom trust \"" + f.subject +
                             "\" /domain:\"corp.example.com\" /EnableTGTDelegation:no") != std::string::npos);
  }
}

TEST_CASE("TRUST-TGT-DELEGATION: blocked, or outbound only", "[checks][TRUST-TGT-DELEGATION]")
{
  test::SnapshotBuilder b;
  b.trust("blocked.example", trust_attr::forest_transitive | trust_attr::cross_organization_no_tgt_delegation);
  b.trust("out.example", trust_attr::forest_transitive | trust_attr::cross_organization_enable_tgt_delegation,
          trust_type::uplevel, trust_direction::outbound);
  CHECK(test::run_check(b.build(), "TRUST-TGT-DELEGATION").empty());
}
