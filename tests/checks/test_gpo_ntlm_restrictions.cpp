#include "src/ad/gpo.hpp"
#include "tests/support/gpo_policies.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

using namespace kerbready;

TEST_CASE("GPO-NTLM-RESTRICTIONS: states are listed with their meaning", "[checks][GPO-NTLM-RESTRICTIONS]")
{
  test::SnapshotBuilder b;
  test::add_gpo(
    b.snapshot(), "DC NTLM", test::k_gpo_a,
    {{std::string(gpo_value::restrict_ntlm_in_domain), "7"}, {std::string(gpo_value::restrict_sending_ntlm), "1"}});
  const auto findings = test::run_check(b.build(), "GPO-NTLM-RESTRICTIONS");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::info);
  CHECK(findings[0].summary.find("RestrictNTLMInDomain = 7 (deny all)") != std::string::npos);
  CHECK(findings[0].summary.find("RestrictSendingNTLMTraffic = 1 (audit all)") != std::string::npos);
}

TEST_CASE("GPO-NTLM-RESTRICTIONS: GPOs without the settings", "[checks][GPO-NTLM-RESTRICTIONS]")
{
  test::SnapshotBuilder b;
  test::add_gpo(b.snapshot(), "Other", test::k_gpo_a, {{std::string(gpo_value::lm_compatibility_level), "5"}});
  CHECK(test::run_check(b.build(), "GPO-NTLM-RESTRICTIONS").empty());
}

TEST_CASE("GPO-NTLM-RESTRICTIONS: with links, per scope; RestrictNTLMInDomain on DCs only",
          "[checks][GPO-NTLM-RESTRICTIONS]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  test::add_gpo(
    s, "Block", test::k_gpo_a,
    {{std::string(gpo_value::restrict_ntlm_in_domain), "7"}, {std::string(gpo_value::restrict_sending_ntlm), "2"}});
  test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a));
  const auto findings = test::run_check(b.build(), "GPO-NTLM-RESTRICTIONS");
  REQUIRE(findings.size() == 2);
  for (const auto& f : findings) {
    const bool dcs = f.subject.find("domain controllers") != std::string::npos;
    CHECK((f.summary.find("RestrictNTLMInDomain") != std::string::npos) == dcs);
    CHECK(f.summary.find("RestrictSendingNTLMTraffic = 2 (deny all)") != std::string::npos);
  }
}
