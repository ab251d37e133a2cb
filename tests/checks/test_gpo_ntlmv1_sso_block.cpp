#include "src/ad/gpo.hpp"
#include "tests/support/gpo_policies.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("GPO-NTLMV1-SSO-BLOCK: Enforce and Audit", "[checks][GPO-NTLMV1-SSO-BLOCK]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  SECTION("Enforce: MS-CHAPv2 sign-on breaks, medium")
  {
    test::add_gpo(s, "NTLMv1", test::k_gpo_a, {{std::string(gpo_value::block_ntlmv1_sso), "1"}});
    const auto findings = test::run_check(b.build(), "GPO-NTLMV1-SSO-BLOCK");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::medium);
    CHECK(findings[0].summary.find("Enforce") != std::string::npos);
    CHECK(findings[0].summary.find("MS-CHAPv2") != std::string::npos);
  }
  SECTION("Audit: low, collect the 4024 events")
  {
    test::add_gpo(s, "NTLMv1", test::k_gpo_a, {{std::string(gpo_value::block_ntlmv1_sso), "0x0"}});
    const auto findings = test::run_check(b.build(), "GPO-NTLMV1-SSO-BLOCK");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::low);
    CHECK(findings[0].summary.find("4024") != std::string::npos);
  }
  SECTION("an undocumented value is named as such")
  {
    test::add_gpo(s, "NTLMv1", test::k_gpo_a, {{std::string(gpo_value::block_ntlmv1_sso), "7"}});
    const auto findings = test::run_check(b.build(), "GPO-NTLMV1-SSO-BLOCK");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::low);
    CHECK(findings[0].summary.find("does not document") != std::string::npos);
  }
  SECTION("linked: a later OU GPO with Audit overrides the domain's Enforce")
  {
    test::add_gpo(s, "Enforce", test::k_gpo_a, {{std::string(gpo_value::block_ntlmv1_sso), "1"}});
    test::add_gpo(s, "Audit", test::k_gpo_b, {{std::string(gpo_value::block_ntlmv1_sso), "0"}});
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a));
    test::link_gpos(s, "OU=Wifi,DC=corp,DC=example,DC=com", test::gplink_entry(test::k_gpo_b));
    const auto findings = test::run_check(b.build(), "GPO-NTLMV1-SSO-BLOCK");
    REQUIRE(findings.size() == 3); // members, DCs (Enforce), the OU (Audit)
    const auto ou = std::count_if(findings.begin(), findings.end(), [](const Finding& f) {
      return f.summary.find("OU=Wifi") != std::string::npos && f.severity == Severity::low;
    });
    CHECK(ou == 1);
  }
}

TEST_CASE("GPO-NTLMV1-SSO-BLOCK: unset and hostile values", "[checks][GPO-NTLMV1-SSO-BLOCK]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  SECTION("unset: the rollout default, not reported")
  {
    test::add_gpo(s, "Other", test::k_gpo_a, {{std::string(gpo_value::lm_compatibility_level), "5"}});
    CHECK(test::run_check(b.build(), "GPO-NTLMV1-SSO-BLOCK").empty());
  }
  SECTION("binary junk, control characters and overlong data are no value")
  {
    test::add_gpo(s, "Junk\x1b[31m", test::k_gpo_a,
                  {{std::string(gpo_value::block_ntlmv1_sso), std::string("1\r\n\x1b[0m", 7)}});
    test::add_gpo(s, "Long", test::k_gpo_b, {{std::string(gpo_value::block_ntlmv1_sso), std::string(100000, '1')}});
    CHECK(test::run_check(b.build(), "GPO-NTLMV1-SSO-BLOCK").empty());
  }
}
