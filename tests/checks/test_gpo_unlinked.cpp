#include "src/ad/gpo.hpp"
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

// A GPO linked to an AD site applies to the computers in that site: it is not unlinked. Without
// site objects in the snapshot, the finding says a site link cannot be ruled out.
TEST_CASE("GPO-UNLINKED: site-linked GPOs are linked", "[checks][GPO-UNLINKED]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  test::add_gpo(s, "Linked", test::k_gpo_a, {{std::string(gpo_value::lm_compatibility_level), "5"}});
  test::add_gpo(s, "Site policy", test::k_gpo_b, {{std::string(gpo_value::restrict_sending_ntlm), "2"}});
  test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a));
  SECTION("linked to a site: not reported")
  {
    s.configuration.sites_read = true;
    GpoLinkContainer site;
    site.dn = "CN=Default-First-Site-Name,CN=Sites,CN=Configuration,DC=corp,DC=example,DC=com";
    test::set_gplink(site, test::gplink_entry(test::k_gpo_b));
    s.configuration.site_gpo_links.push_back(site);
    CHECK(test::run_check(b.build(), "GPO-UNLINKED").empty());
  }
  SECTION("sites read, no site link: unlinked")
  {
    s.configuration.sites_read = true;
    const auto findings = test::run_check(b.build(), "GPO-UNLINKED");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].summary.find("linked to no site, domain or OU") != std::string::npos);
  }
  SECTION("sites not read: reported, and it says a site link cannot be ruled out")
  {
    const auto findings = test::run_check(b.build(), "GPO-UNLINKED");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].summary.find("sites were not read") != std::string::npos);
  }
}
