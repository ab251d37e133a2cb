#include "src/ad/gpo.hpp"
#include "src/ad/gpo_links.hpp"
#include "tests/support/gpo_policies.hpp"
#include "tests/support/snapshot_builder.hpp"

#include <catch2/catch.hpp>

using namespace kerbready;

namespace {

const std::string k_level(gpo_value::lm_compatibility_level);

// The display name of the GPO whose LmCompatibilityLevel is in force for `dn`, or "".
std::string
winner(const Snapshot& snapshot, const std::string& dn)
{
  const auto applied = gpos_applying_to(snapshot, dn);
  const auto eff = effective_value(applied, k_level);
  return eff.source == nullptr ? std::string() : eff.source->policy->display_name;
}

} // namespace

TEST_CASE("gpo links: gPLink parsing", "[gpo][links]")
{
  const auto links = parse_gplink(test::gplink_entry(test::k_gpo_a, 0) + test::gplink_entry(test::k_gpo_b, 1) +
                                  "[LDAP://cn={33333333-3333-3333-3333-333333333333},cn=policies;2]" +
                                  "[garbage][LDAP://;0][LDAP://cn=x;notanumber][LDAP://cn=y;-1][unterminated");
  REQUIRE(links.size() == 3);
  CHECK(links[0].guid == test::k_gpo_a);
  CHECK(links[0].link_order == 3);
  CHECK_FALSE(links[0].disabled());
  CHECK(links[1].disabled());
  CHECK_FALSE(links[1].enforced());
  CHECK(links[2].enforced());
  CHECK(links[2].link_order == 1); // the last entry has link order 1
  CHECK(parse_gplink("").empty());
  CHECK(parse_gplink(" ").empty());
}

TEST_CASE("gpo links: precedence", "[gpo][links]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  test::add_gpo(s, "A", test::k_gpo_a, {{k_level, "1"}});
  test::add_gpo(s, "B", test::k_gpo_b, {{k_level, "5"}});
  test::add_gpo(s, "C", test::k_gpo_c, {{k_level, "2"}});

  SECTION("order within a container: link order 1 (the last entry) wins")
  {
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a) + test::gplink_entry(test::k_gpo_b));
    CHECK(winner(s, test::k_root_dn) == "B");
    s.gpo_link_containers.clear();
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_b) + test::gplink_entry(test::k_gpo_a));
    CHECK(winner(s, test::k_root_dn) == "A");
  }
  SECTION("a disabled link does not apply")
  {
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a) + test::gplink_entry(test::k_gpo_b, 1));
    CHECK(winner(s, test::k_root_dn) == "A");
    const auto unlinked = unlinked_gpos(s, "corp.example.com");
    REQUIRE(unlinked.size() == 2); // B (disabled link only) and C (no link)
    CHECK(unlinked[0]->display_name == "B");
    CHECK(unlinked[1]->display_name == "C");
  }
  SECTION("the DC OU inherits the root and its own links win; the root does not see OU links")
  {
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a));
    test::link_gpos(s, test::k_dc_ou_dn, test::gplink_entry(test::k_gpo_b));
    CHECK(winner(s, test::k_dc_ou_dn) == "B");
    CHECK(winner(s, test::k_root_dn) == "A");
    CHECK(winner(s, "OU=Servers,DC=corp,DC=example,DC=com") == "A");
    CHECK(winner(s, "OU=x,OU=Domain Controllers,DC=corp,DC=example,DC=com") == "B");
  }
  SECTION("block inheritance drops non-enforced root links")
  {
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a));
    test::link_gpos(s, test::k_dc_ou_dn, "", 1);
    CHECK(winner(s, test::k_dc_ou_dn).empty());
    CHECK(winner(s, test::k_root_dn) == "A");
  }
  SECTION("a blocking OU in the middle of the chain drops only the links above it")
  {
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a));
    test::link_gpos(s, "OU=Tier1,DC=corp,DC=example,DC=com", test::gplink_entry(test::k_gpo_b), 1);
    test::link_gpos(s, "OU=Servers,OU=Tier1,DC=corp,DC=example,DC=com", "");
    CHECK(winner(s, "OU=Servers,OU=Tier1,DC=corp,DC=example,DC=com") == "B");
    CHECK(winner(s, "CN=web01,OU=Servers,OU=Tier1,DC=corp,DC=example,DC=com") == "B");
    const auto applied = gpos_applying_to(s, "OU=Servers,OU=Tier1,DC=corp,DC=example,DC=com");
    REQUIRE(applied.size() == 1); // A from the root is blocked
  }
  SECTION("an OU whose name holds an escaped comma")
  {
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a));
    test::link_gpos(s, R"(OU=Sales\, EMEA,DC=corp,DC=example,DC=com)", test::gplink_entry(test::k_gpo_c));
    CHECK(winner(s, R"(OU=Sales\, EMEA,DC=corp,DC=example,DC=com)") == "C");
    CHECK(winner(s, R"(OU=x,OU=Sales\, EMEA,DC=corp,DC=example,DC=com)") == "C");
    CHECK(winner(s, "OU= EMEA,DC=corp,DC=example,DC=com") == "A");
  }
  SECTION("an enforced root link ignores block inheritance and wins over the OU's links")
  {
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a, 2));
    test::link_gpos(s, test::k_dc_ou_dn, test::gplink_entry(test::k_gpo_b), 1);
    CHECK(winner(s, test::k_dc_ou_dn) == "A");
  }
  SECTION("enforced at the root wins over enforced at the OU")
  {
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a, 2));
    test::link_gpos(s, test::k_dc_ou_dn, test::gplink_entry(test::k_gpo_b, 2));
    CHECK(winner(s, test::k_dc_ou_dn) == "A");
  }
  SECTION("a GPO with computer settings disabled contributes nothing")
  {
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a) + test::gplink_entry(test::k_gpo_b));
    RawObject gpc;
    gpc.dn = std::string("CN=") + test::k_gpo_b + ",CN=Policies,CN=System,DC=corp,DC=example,DC=com";
    gpc.attributes["flags"] = {"2"};
    s.gpos.push_back(gpc);
    CHECK(winner(s, test::k_root_dn) == "A");
  }
  SECTION("without gPLink data links are unknown and values_in_force lists every GPO")
  {
    CHECK_FALSE(gpo_links_known(s, "corp.example.com"));
    const auto in_force = values_in_force(s, k_level);
    REQUIRE(in_force.size() == 3);
    CHECK_FALSE(in_force[0].links_evaluated);
    CHECK(unlinked_gpos(s, "corp.example.com").empty());
  }
  SECTION("values_in_force: root and DC scopes, and an OU only when its winner differs")
  {
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a));
    test::link_gpos(s, "OU=Inherits,DC=corp,DC=example,DC=com", test::gplink_entry(test::k_gpo_a));
    test::link_gpos(s, "OU=Legacy,DC=corp,DC=example,DC=com", test::gplink_entry(test::k_gpo_c));
    const auto in_force = values_in_force(s, k_level);
    REQUIRE(in_force.size() == 4);
    CHECK(in_force[0].scope.kind == ScopeKind::domain_members);
    CHECK(in_force[1].scope.kind == ScopeKind::domain_controllers);
    CHECK(in_force[1].policy->display_name == "A");
    // OU=Inherits links A again: its own link, so it is reported as its own scope.
    CHECK(in_force[2].scope.dn == "OU=Inherits,DC=corp,DC=example,DC=com");
    CHECK(in_force[3].scope.dn == "OU=Legacy,DC=corp,DC=example,DC=com");
    CHECK(in_force[3].policy->display_name == "C");
    CHECK(in_force[3].source.find("linked at OU=Legacy") != std::string::npos);
  }
}

TEST_CASE("gpo links: site links come before the domain, enforced ones win over all", "[gpo][links]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  test::add_gpo(s, "Site", test::k_gpo_a, {{k_level, "1"}});
  test::add_gpo(s, "Domain", test::k_gpo_b, {{k_level, "5"}});
  GpoLinkContainer site;
  site.dn = "CN=Default-First-Site-Name,CN=Sites,CN=Configuration,DC=corp,DC=example,DC=com";
  s.configuration.sites_read = true;
  const auto ou = std::string("OU=Servers,") + test::k_root_dn;
  SECTION("a site link alone applies to every scope")
  {
    test::set_gplink(site, test::gplink_entry(test::k_gpo_a));
    s.configuration.site_gpo_links.push_back(site);
    test::link_gpos(s, test::k_root_dn, "");
    CHECK(winner(b.build(), test::k_root_dn) == "Site");
    CHECK(winner(b.build(), ou) == "Site");
  }
  SECTION("the domain's link overrides a site link")
  {
    test::set_gplink(site, test::gplink_entry(test::k_gpo_a));
    s.configuration.site_gpo_links.push_back(site);
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_b));
    CHECK(winner(b.build(), test::k_root_dn) == "Domain");
  }
  SECTION("an enforced site link wins over an enforced domain link")
  {
    test::set_gplink(site, test::gplink_entry(test::k_gpo_a, 2));
    s.configuration.site_gpo_links.push_back(site);
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_b, 2));
    CHECK(winner(b.build(), test::k_root_dn) == "Site");
  }
  SECTION("block inheritance drops a non-enforced site link")
  {
    test::set_gplink(site, test::gplink_entry(test::k_gpo_a));
    s.configuration.site_gpo_links.push_back(site);
    test::link_gpos(s, test::k_root_dn, "");
    test::link_gpos(s, ou, "", 1);
    CHECK(winner(b.build(), ou).empty());
  }
}

TEST_CASE("gpo links: the value of another path where a value is in force", "[gpo][links]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  const std::string block(gpo_value::smb_client_block_ntlm);
  const std::string list(gpo_value::smb_client_block_ntlm_exceptions);
  SECTION("without links: the same GPO's value, or none")
  {
    test::add_gpo(s, "A", test::k_gpo_a, {{block, "1"}, {list, "nas01"}});
    test::add_gpo(s, "B", test::k_gpo_b, {{block, "1"}});
    const auto snapshot = b.build();
    const auto in_force = values_in_force(snapshot, block);
    REQUIRE(in_force.size() == 2);
    const auto* a = value_alongside(snapshot, in_force[0], list);
    REQUIRE(a != nullptr);
    CHECK(a->data == "nas01");
    CHECK(value_alongside(snapshot, in_force[1], list) == nullptr);
  }
  SECTION("with links: the winner among the GPOs of the scope, whichever GPO sets it")
  {
    test::add_gpo(s, "Block", test::k_gpo_a, {{block, "1"}, {list, "old"}});
    test::add_gpo(s, "List", test::k_gpo_b, {{list, "new"}});
    test::link_gpos(s, test::k_root_dn, test::gplink_entry(test::k_gpo_a) + test::gplink_entry(test::k_gpo_b));
    const auto snapshot = b.build();
    const auto in_force = values_in_force(snapshot, block);
    REQUIRE(!in_force.empty());
    for (const auto& v : in_force) {
      const auto* value = value_alongside(snapshot, v, list);
      REQUIRE(value != nullptr);
      CHECK(value->data == "new"); // link order 1 (the last entry) wins
    }
  }
}
