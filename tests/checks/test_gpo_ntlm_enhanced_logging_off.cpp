#include "src/ad/gpo.hpp"
#include "src/scan/scan.hpp"
#include "tests/support/gpo_policies.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("GPO-NTLM-ENHANCED-LOGGING-OFF: enhanced NTLM logging disabled", "[checks][GPO-NTLM-ENHANCED-LOGGING-OFF]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  SECTION("both policies disabled in one GPO (no links)")
  {
    test::add_gpo(s, "Quiet", test::k_gpo_a,
                  {{std::string(gpo_value::ntlm_enhanced_logging), "0"},
                   {std::string(gpo_value::netlogon_enhanced_domain_ntlm_logs), "0"}});
    const auto findings = test::run_check(b.build(), "GPO-NTLM-ENHANCED-LOGGING-OFF");
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].severity == Severity::medium);
    CHECK((findings[0].summary.find("4020-4025") != std::string::npos ||
           findings[1].summary.find("4020-4025") != std::string::npos));
    CHECK((findings[0].summary.find("4030-4033") != std::string::npos ||
           findings[1].summary.find("4030-4033") != std::string::npos));
  }
  SECTION("linked: the DC policy counts for the Domain Controllers OU only")
  {
    test::add_gpo(s, "Quiet", test::k_gpo_a, {{std::string(gpo_value::netlogon_enhanced_domain_ntlm_logs), "0"}});
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a));
    const auto findings = test::run_check(b.build(), "GPO-NTLM-ENHANCED-LOGGING-OFF");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].summary.find("domain controllers") != std::string::npos);
  }
}

TEST_CASE("GPO-NTLM-ENHANCED-LOGGING-OFF: default, enabled and hostile values",
          "[checks][GPO-NTLM-ENHANCED-LOGGING-OFF]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  SECTION("enabled or unset: the default logs")
  {
    test::add_gpo(
      s, "Loud", test::k_gpo_a,
      {{std::string(gpo_value::ntlm_enhanced_logging), "1"}, {std::string(gpo_value::audit_ntlm_in_domain), "7"}});
    CHECK(test::run_check(b.build(), "GPO-NTLM-ENHANCED-LOGGING-OFF").empty());
  }
  SECTION("junk is not a 0")
  {
    test::add_gpo(s, "Junk\x1b[1m", test::k_gpo_a,
                  {{std::string(gpo_value::ntlm_enhanced_logging), std::string("\0\0", 2)},
                   {std::string(gpo_value::netlogon_enhanced_domain_ntlm_logs), std::string(4096, '0') + "x"}});
    CHECK(test::run_check(b.build(), "GPO-NTLM-ENHANCED-LOGGING-OFF").empty());
  }
}

TEST_CASE("verdict: names the enhanced NTLM evidence that cannot exist", "[verdict][GPO-NTLM-ENHANCED-LOGGING-OFF]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  SECTION("turned off: the reason says the 4020-4033 events cannot exist")
  {
    test::add_gpo(s, "Quiet", test::k_gpo_a, {{std::string(gpo_value::ntlm_enhanced_logging), "0"}});
    const auto report = run_checks(b.build(), {"GPO-NTLM-ENHANCED-LOGGING-OFF"});
    REQUIRE(report.verdicts.size() == 1);
    const auto& v = report.verdicts[0];
    REQUIRE(v.evidence_gaps.size() == 1);
    CHECK(v.evidence_gaps[0].find("4020-4033") != std::string::npos);
    CHECK(v.evidence_gaps[0].find("cannot exist") != std::string::npos);
    CHECK(v.reason.find("cannot exist") != std::string::npos);
  }
  SECTION("no SYSVOL copy: cannot be seen, so unknown")
  {
    const auto report = run_checks(b.build(), {"GPO-NTLM-ENHANCED-LOGGING-OFF"});
    REQUIRE(report.verdicts.size() == 1);
    const auto& v = report.verdicts[0];
    REQUIRE(v.evidence_gaps.size() == 1);
    CHECK(v.evidence_gaps[0].find("unknown") != std::string::npos);
    CHECK(v.reason.find("4020-4033") != std::string::npos);
  }
  SECTION("left at the default: no gap")
  {
    test::add_gpo(s, "Loud", test::k_gpo_a, {{std::string(gpo_value::ntlm_enhanced_logging), "1"}});
    const auto report = run_checks(b.build(), {"GPO-NTLM-ENHANCED-LOGGING-OFF"});
    REQUIRE(report.verdicts.size() == 1);
    CHECK(report.verdicts[0].evidence_gaps.empty());
    CHECK(report.verdicts[0].reason.find("4020-4033") == std::string::npos);
  }
}
