#include "src/gpo.hpp"
#include "tests/support/gpo_policies.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("GPO-UNLINKED: NTLM GPO linked nowhere", "[checks][GPO-UNLINKED]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  test::add_gpo(s, "Linked", test::k_gpo_a, {{std::string(gpo_value::lm_compatibility_level), "5"}});
  test::add_gpo(s, "Prepared block", test::k_gpo_b, {{std::string(gpo_value::restrict_sending_ntlm), "2"}});
  test::add_gpo(s, "Unrelated", test::k_gpo_c, {{R"(MACHINE\Software\Other\Value)", "1"}});
  SECTION("with links")
  {
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a));
    const auto findings = test::run_check(b.build(), "GPO-UNLINKED");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].subject.find("Prepared block") != std::string::npos);
    CHECK(findings[0].summary.find("RestrictSendingNTLMTraffic") != std::string::npos);
  }
  SECTION("without link data nothing is claimed")
  {
    CHECK(test::run_check(b.build(), "GPO-UNLINKED").empty());
  }
}
