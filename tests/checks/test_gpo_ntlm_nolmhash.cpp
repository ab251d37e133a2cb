#include "src/ad/gpo.hpp"
#include "tests/support/gpo_policies.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("GPO-NTLM-NOLMHASH: NoLMHash = 0", "[checks][GPO-NTLM-NOLMHASH]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  test::add_gpo(s, "Legacy", test::k_gpo_a, {{std::string(gpo_value::no_lm_hash), "0"}});
  SECTION("without links")
  {
    const auto findings = test::run_check(b.build(), "GPO-NTLM-NOLMHASH");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::medium);
    CHECK(findings[0].summary.find("GPO links not in the snapshot") != std::string::npos);
  }
  SECTION("linked at the root: members and DCs")
  {
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a));
    CHECK(test::run_check(b.build(), "GPO-NTLM-NOLMHASH").size() == 2);
  }
}

TEST_CASE("GPO-NTLM-NOLMHASH: NoLMHash = 1, or overridden", "[checks][GPO-NTLM-NOLMHASH]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  test::add_gpo(s, "Legacy", test::k_gpo_a, {{std::string(gpo_value::no_lm_hash), "0"}});
  test::add_gpo(s, "Fixed", test::k_gpo_b, {{std::string(gpo_value::no_lm_hash), "1"}});
  SECTION("link order 1 sets 1")
  {
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a) + test::gplink_entry(test::k_gpo_b));
    CHECK(test::run_check(b.build(), "GPO-NTLM-NOLMHASH").empty());
  }
  SECTION("only the good GPO, without links")
  {
    s.gpo_policies.erase(s.gpo_policies.begin());
    CHECK(test::run_check(b.build(), "GPO-NTLM-NOLMHASH").empty());
  }
}
