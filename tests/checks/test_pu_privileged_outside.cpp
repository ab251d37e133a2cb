#include "src/ad/privilege.hpp"
#include "src/input/entries.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

#include <fmt/format.h>

using namespace kerbready;

TEST_CASE("PU-PRIVILEGED-OUTSIDE: admins outside Protected Users, ranked", "[checks][PU-PRIVILEGED-OUTSIDE]")
{
  test::SnapshotBuilder b;
  b.user("ea_admin");
  b.user("nested_admin");
  b.user("backup_op");
  b.user("stale").admin_count = 1;
  b.user("protected_admin");
  b.user("svc_sql").service_principal_names = {"MSSQLSvc/sql01.corp.example.com"};
  b.user("disabled_admin").user_account_control |= uac::account_disable;
  b.computer("PAW01");
  const std::string base = ",CN=Users,DC=corp,DC=example,DC=com";
  b.group("Enterprise Admins", 519).members = {"CN=ea_admin" + base};
  b.group("Domain Admins", 512).members = {"CN=Admins-Nested" + base, "CN=protected_admin" + base, "CN=svc_sql" + base,
                                           "CN=disabled_admin" + base,
                                           "CN=PAW01,CN=Computers,DC=corp,DC=example,DC=com"};
  b.group("Admins-Nested").members = {"CN=nested_admin" + base};
  b.builtin_group("Backup Operators", 551).members = {"CN=backup_op" + base};
  b.group("Protected Users", 525).members = {"CN=protected_admin" + base};
  const auto findings = test::run_check(b.build(), "PU-PRIVILEGED-OUTSIDE");
  REQUIRE(findings.size() == 4);
  // Ranked by privilege: Tier-0 first (medium, +2), then operators and adminCount (low).
  CHECK(findings[0].subject == "ea_admin");
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].tier0);
  CHECK(findings[1].subject == "nested_admin");
  CHECK(findings[1].summary.find("Domain Admins") != std::string::npos);
  CHECK(findings[2].subject == "backup_op");
  CHECK(findings[2].severity == Severity::low);
  CHECK_FALSE(findings[2].tier0); // Backup Operators: privileged (ranked higher), not Tier-0
  CHECK_FALSE(findings[3].tier0);
  CHECK(findings[3].subject == "stale");
  CHECK(findings[3].summary.find("adminCount") != std::string::npos);
  CHECK(findings[0].priority > findings[2].priority);
  CHECK(findings[0].key == "cn=ea_admin,cn=users,dc=corp,dc=example,dc=com");
}

TEST_CASE("PU-PRIVILEGED-OUTSIDE: admins inside Protected Users through nesting", "[checks][PU-PRIVILEGED-OUTSIDE]")
{
  test::SnapshotBuilder b;
  b.user("admin1");
  const std::string base = ",CN=Users,DC=corp,DC=example,DC=com";
  b.group("Domain Admins", 512).members = {"CN=admin1" + base};
  b.group("Admins-PU").members = {"CN=admin1" + base};
  b.group("Protected Users", 525).members = {"CN=Admins-PU" + base};
  CHECK(test::run_check(b.build(), "PU-PRIVILEGED-OUTSIDE").empty());
}

// PingCastle #322: Protected Users with more than 1500 members read through ranged retrieval must
// be evaluated completely, not cut at the first range.
TEST_CASE("PU-PRIVILEGED-OUTSIDE: a 2000-member Protected Users group read in ranges",
          "[checks][PU-PRIVILEGED-OUTSIDE]")
{
  collect::SnapshotBuilder builder;
  const std::string domain = "DC=corp,DC=example,DC=com";
  const std::string domain_sid = "S-1-5-21-1-2-3";
  auto sid_bytes = [](const std::string& text) { return text; }; // textual SIDs are accepted
  collect::Entry dom;
  dom.dn = domain;
  dom.add_value("objectClass", "domainDNS");
  dom.add_value("objectSid", sid_bytes(domain_sid));
  builder.add(dom);
  collect::Entry pu;
  pu.dn = "CN=Protected Users,CN=Users," + domain;
  pu.add_value("objectClass", "group");
  pu.add_value("sAMAccountName", "Protected Users");
  pu.add_value("objectSid", domain_sid + "-525");
  collect::Entry da;
  da.dn = "CN=Domain Admins,CN=Users," + domain;
  da.add_value("objectClass", "group");
  da.add_value("objectSid", domain_sid + "-512");
  for (int i = 0; i < 2000; ++i) {
    const auto dn = fmt::format("CN=user{},CN=Users,{}", i, domain);
    collect::Entry user;
    user.dn = dn;
    user.add_value("objectClass", "user");
    user.add_value("sAMAccountName", fmt::format("user{}", i));
    user.add_value("userAccountControl", "512");
    user.add_value("objectSid", fmt::format("{}-{}", domain_sid, 2000 + i));
    builder.add(user);
    pu.add_value(i < 1500 ? "member;range=0-1499" : "member;range=1500-*", dn);
  }
  da.add_value("member", fmt::format("CN=user1800,CN=Users,{}", domain));
  da.add_value("member", fmt::format("CN=user3,CN=Users,{}", domain));
  builder.add(pu);
  builder.add(da);
  collect::Entry outsider;
  outsider.dn = "CN=outsider,CN=Users," + domain;
  outsider.add_value("objectClass", "user");
  outsider.add_value("sAMAccountName", "outsider");
  outsider.add_value("userAccountControl", "512");
  outsider.add_value("objectSid", domain_sid + "-9999");
  builder.add(outsider);
  auto snapshot = std::move(builder).finish();
  REQUIRE(snapshot.diagnostics.empty());
  REQUIRE(snapshot.groups.size() == 2);
  const auto& pu_group =
    snapshot.groups[0].sam_account_name == "Protected Users" ? snapshot.groups[0] : snapshot.groups[1];
  REQUIRE(pu_group.members.size() == 2000);

  SECTION("members from both ranges count")
  {
    CHECK(test::run_check(snapshot, "PU-PRIVILEGED-OUTSIDE").empty());
  }
  SECTION("an admin outside the group is still found")
  {
    for (auto& g : snapshot.groups) {
      if (g.sam_account_name != "Protected Users") {
        g.members.push_back("CN=outsider,CN=Users," + domain);
      }
    }
    const auto findings = test::run_check(snapshot, "PU-PRIVILEGED-OUTSIDE");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].subject == "outsider");
  }
}

// Microsoft Learn, "Protected Users Security Group": accounts for services never belong in the
// group. A privileged service account without an SPN is still reported, with a gMSA or a tiered
// account as the advice.
TEST_CASE("PU-PRIVILEGED-OUTSIDE: service accounts without SPNs get a gMSA, not Protected Users",
          "[checks][PU-PRIVILEGED-OUTSIDE]")
{
  test::SnapshotBuilder b;
  const std::string svc_dn = "CN=svc_backup,CN=Users,DC=corp,DC=example,DC=com";
  const std::string in_ou_dn = "CN=backupjob,OU=Service Accounts,OU=Tier1,DC=corp,DC=example,DC=com";
  b.user("svc_backup");
  b.user("backupjob").dn = in_ou_dn;
  b.user("svcadmin"); // "svc" without a separator: a person's name as far as we can tell
  b.builtin_group("Backup Operators", 551).members = {svc_dn, in_ou_dn,
                                                      "CN=svcadmin,CN=Users,DC=corp,DC=example,DC=com"};
  const auto findings = test::run_check(b.build(), "PU-PRIVILEGED-OUTSIDE");
  REQUIRE(findings.size() == 3);
  for (const auto& f : findings) {
    const bool service = f.subject != "svcadmin";
    CHECK((f.remediation.find("Add-ADGroupMember -Identity 'Protected Users'") == std::string::npos) == service);
    CHECK((f.remediation.find("group managed service account") != std::string::npos) == service);
  }
}
