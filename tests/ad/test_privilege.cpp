#include "src/ad/privilege.hpp"
#include "tests/support/snapshot_builder.hpp"

#include <catch2/catch.hpp>

using namespace kerbready;

TEST_CASE("privilege: transitive membership through nested groups, cycles and primaryGroupID", "[privilege]")
{
  test::SnapshotBuilder b;
  b.user("alice");
  b.user("bob");
  b.user("carol").primary_group_id = 512;
  b.user("dave").admin_count = 1;
  b.user("erin");
  const auto& s0 = b.snapshot();
  const auto alice = s0.accounts[0].dn;
  const auto bob = s0.accounts[1].dn;
  b.group("Domain Admins", 512).members = {"CN=Tier0,CN=Users,DC=corp,DC=example,DC=com"};
  b.group("Tier0").members = {alice, "CN=Loop,CN=Users,DC=corp,DC=example,DC=com"};
  b.group("Loop").members = {"CN=Tier0,CN=Users,DC=corp,DC=example,DC=com", bob};
  b.builtin_group("Print Operators", 550).members = {"CN=erin,CN=Users,DC=corp,DC=example,DC=com"};
  const auto snapshot = b.build();
  const PrivilegeIndex index(snapshot);

  const auto& admins = snapshot.groups[0];
  const auto& members = index.graph().members(admins);
  REQUIRE(members.size() == 3); // alice, bob (through the cycle), carol (primary group)
  CHECK(index.graph().is_member(snapshot.accounts[2], admins));
  CHECK_FALSE(index.graph().is_member(snapshot.accounts[3], admins));

  const auto& ranked = index.ranked();
  REQUIRE(ranked.size() == 5);
  CHECK(ranked[0].weight == 90);
  CHECK(ranked[0].tier0);
  CHECK(ranked[0].groups.at(0) == "Domain Admins (corp.example.com)");
  CHECK(ranked[3].account->sam_account_name == "erin");
  CHECK(ranked[3].weight < ranked[0].weight);
  CHECK_FALSE(ranked[3].tier0); // Print Operators: privilege level 1, not Tier-0
  CHECK(ranked[4].account->sam_account_name == "dave");
  CHECK(ranked[4].admin_count_only);
  CHECK_FALSE(ranked[4].tier0);
  CHECK(index.find(snapshot.accounts[3]) != nullptr);
}

TEST_CASE("privilege: foreign security principals and other domains' RIDs", "[privilege]")
{
  test::SnapshotBuilder b;
  auto& remote = b.user("remote");
  remote.sid = "S-1-5-21-9-9-9-1500";
  remote.primary_group_id = 513;
  b.builtin_group("Administrators", 544).members = {
    "CN=S-1-5-21-9-9-9-1500,CN=ForeignSecurityPrincipals,DC=corp,DC=example,DC=com"};
  // A group named like a privileged one but with another RID grants nothing.
  b.group("Domain Admins Fake").sid = "S-1-5-21-1000-2000-3000-5120";
  // S-1-5-32-512 is not Domain Admins.
  auto& not_da = b.group("Weird");
  not_da.sid = "S-1-5-32-512";
  const auto snapshot = b.build();
  const PrivilegeIndex index(snapshot);
  REQUIRE(index.ranked().size() == 1);
  CHECK(index.ranked()[0].account->sam_account_name == "remote");
  CHECK(is_well_known_group(snapshot.groups[0], rid::administrators));
  CHECK_FALSE(is_well_known_group(snapshot.groups[2], rid::domain_admins));
}
