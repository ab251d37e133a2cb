#include "src/ad/gpo.hpp"
#include "src/scan/scan.hpp"
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

TEST_CASE("GPO-NTLM-LMCOMPAT: with GPO links, the value in force per scope", "[checks][GPO-NTLM-LMCOMPAT]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  const std::string level(gpo_value::lm_compatibility_level);
  test::add_gpo(s, "Legacy", test::k_gpo_a, {{level, "1"}});
  test::add_gpo(s, "Hardened", test::k_gpo_b, {{level, "5"}});
  SECTION("the root link wins for members; the DC OU overrides it")
  {
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a));
    test::link_gpos(s, test::k_dc_ou_dn, test::gplink_entry(test::k_gpo_b));
    const auto findings = test::run_check(b.build(), "GPO-NTLM-LMCOMPAT");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].subject ==
          "LmCompatibilityLevel for domain members of corp.example.com (except where OU GPOs override)");
    CHECK(findings[0].summary.find("not in the snapshot") == std::string::npos);
    REQUIRE(findings[0].evidence.size() == 2);
    CHECK(findings[0].evidence[1].value.find("GPO Legacy") != std::string::npos);
    CHECK(findings[0].evidence[1].value.find("linked at DC=corp") != std::string::npos);
  }
  SECTION("a weak GPO that is linked nowhere is not in force")
  {
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_b));
    CHECK(test::run_check(b.build(), "GPO-NTLM-LMCOMPAT").empty());
  }
  SECTION("a weak GPO linked with a disabled link is not in force; the DCs keep the default")
  {
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a, 1));
    const auto findings = test::run_check(b.build(), "GPO-NTLM-LMCOMPAT");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::medium);
    CHECK(findings[0].summary.find("default, 3") != std::string::npos);
  }
  SECTION("an enforced weak root link reaches the DCs despite block inheritance")
  {
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a, 2));
    test::link_gpos(s, test::k_dc_ou_dn, test::gplink_entry(test::k_gpo_b), 1);
    const auto findings = test::run_check(b.build(), "GPO-NTLM-LMCOMPAT");
    REQUIRE(findings.size() == 2);
    bool dcs = false;
    for (const auto& f : findings) {
      dcs = dcs || f.subject.find("domain controllers") != std::string::npos;
      CHECK(f.evidence[1].value.find("enforced") != std::string::npos);
    }
    CHECK(dcs);
  }
}

TEST_CASE("GPO-NTLM-LMCOMPAT: without link data, every GPO and a note", "[checks][GPO-NTLM-LMCOMPAT]")
{
  test::SnapshotBuilder b;
  test::add_gpo(b.snapshot(), "Legacy", test::k_gpo_a, {{std::string(gpo_value::lm_compatibility_level), "0"}});
  const auto findings = test::run_check(b.build(), "GPO-NTLM-LMCOMPAT");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].summary.find("GPO links not in the snapshot") != std::string::npos);
}

// Domain controllers accept NTLMv1 at levels 0-4 and at the default (3); only 5 refuses it
// (Microsoft Learn, "Network security: LAN Manager authentication level"). Members at 3-4 send
// NTLMv2 only and are not reported.
TEST_CASE("GPO-NTLM-LMCOMPAT: domain controllers below level 5 accept NTLMv1", "[checks][GPO-NTLM-LMCOMPAT]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  const std::string level(gpo_value::lm_compatibility_level);
  SECTION("no GPO sets it: the DCs run at the default, 3; members too, and that is fine for them")
  {
    test::add_gpo(s, "Other", test::k_gpo_a, {{std::string(gpo_value::ntlm_min_client_sec), "537395200"}});
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a));
    const auto findings = test::run_check(b.build(), "GPO-NTLM-LMCOMPAT");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].subject == "LmCompatibilityLevel for domain controllers of corp.example.com");
    CHECK(findings[0].severity == Severity::medium);
    CHECK(findings[0].tier0);
    CHECK(findings[0].key == "dcs|ou=domain controllers,dc=corp,dc=example,dc=com");
  }
  SECTION("level 4 on the DCs, 3 on members: the DCs only")
  {
    test::add_gpo(s, "Members", test::k_gpo_a, {{level, "3"}});
    test::add_gpo(s, "DCs", test::k_gpo_b, {{level, "4"}});
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a));
    test::link_gpos(s, test::k_dc_ou_dn, test::gplink_entry(test::k_gpo_b));
    const auto findings = test::run_check(b.build(), "GPO-NTLM-LMCOMPAT");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].subject == "LmCompatibilityLevel for domain controllers of corp.example.com");
    CHECK(findings[0].severity == Severity::medium);
    CHECK(findings[0].summary.find("accept NTLMv1 responses") != std::string::npos);
    CHECK(findings[0].evidence.at(1).value.find("GPO DCs") != std::string::npos);
  }
  SECTION("level 5 on the DCs: nothing")
  {
    test::add_gpo(s, "Members", test::k_gpo_a, {{level, "3"}});
    test::add_gpo(s, "DCs", test::k_gpo_b, {{level, "5"}});
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a));
    test::link_gpos(s, test::k_dc_ou_dn, test::gplink_entry(test::k_gpo_b));
    CHECK(test::run_check(b.build(), "GPO-NTLM-LMCOMPAT").empty());
  }
}
