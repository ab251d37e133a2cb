#include "src/gpo.hpp"
#include "tests/support/gpo_policies.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("GPO-NTLM-LMCOMPAT: levels below 3", "[checks][GPO-NTLM-LMCOMPAT]")
{
  test::SnapshotBuilder b;
  test::add_gpo(b.snapshot(), "Legacy", test::k_gpo_a, {{std::string(gpo_value::lm_compatibility_level), "1"}});
  const auto findings = test::run_check(b.build(), "GPO-NTLM-LMCOMPAT");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[0].key == "{11111111-1111-1111-1111-111111111111}");
}

TEST_CASE("GPO-NTLM-LMCOMPAT: strict levels; not evaluated without SYSVOL", "[checks][GPO-NTLM-LMCOMPAT]")
{
  test::SnapshotBuilder b;
  SECTION("level 5")
  {
    test::add_gpo(b.snapshot(), "Hardened", test::k_gpo_a, {{std::string(gpo_value::lm_compatibility_level), "5"}});
    CHECK(test::run_check(b.build(), "GPO-NTLM-LMCOMPAT").empty());
  }
  SECTION("no --sysvol: not evaluated, never 'no findings'")
  {
    const auto report = run_checks(b.build(), {"GPO-NTLM-LMCOMPAT"});
    REQUIRE(report.checks.size() == 1);
    CHECK(report.checks[0].status == CheckStatus::not_evaluated);
    CHECK(report.checks[0].reason.find("SYSVOL") != std::string::npos);
  }
}
