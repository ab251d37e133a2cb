#include "tests/support/dns_records.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"
#include "tests/support/two_domains.hpp"

using namespace kerbready;

TEST_CASE("SPN-DANGLING-HOST: SPN host matches no computer", "[checks][SPN-DANGLING-HOST]")
{
  test::SnapshotBuilder b;
  b.computer("WEB01");
  b.user("svc_orphan").service_principal_names = {"HTTP/gone01.corp.example.com", "HTTP/app.partner.example"};
  const auto findings = test::run_check(b.build(), "SPN-DANGLING-HOST");
  REQUIRE(findings.size() == 2);
  // Under a loaded domain: medium and ranked first.
  CHECK(findings[0].subject == "HTTP/gone01.corp.example.com");
  CHECK(findings[0].severity == Severity::medium);
  // Under no domain or zone read: not judged, listed at info.
  CHECK(findings[1].severity == Severity::info);
  CHECK(findings[1].subject == "1 name outside what was read");
  CHECK(findings[1].evidence.at(0).name == "app.partner.example");
}

TEST_CASE("SPN-DANGLING-HOST: known names", "[checks][SPN-DANGLING-HOST]")
{
  test::SnapshotBuilder b;
  b.computer("APP01").additional_dns_host_names = {"portal.corp.example.com"};
  b.user("svc").service_principal_names = {"HTTP/app01",
                                           "HTTP/APP01.corp.example.com",
                                           "HTTP/portal.corp.example.com",
                                           "HTTP/portal",
                                           "ldap/corp.example.com",
                                           "ldap/CORP",
                                           "ldap/0f1e2d3c-aaaa-bbbb-cccc-123456789abc._msdcs.corp.example.com",
                                           "HTTP/10.1.1.1",
                                           "kadmin/changepw"};
  CHECK(test::run_check(b.build(), "SPN-DANGLING-HOST").empty());
}

TEST_CASE("SPN-DANGLING-HOST: DNS-aware severity", "[checks][SPN-DANGLING-HOST]")
{
  test::SnapshotBuilder b;
  b.user("svc").service_principal_names = {"HTTP/gone01.corp.example.com", "HTTP/vip.corp.example.com"};
  test::add_dns_node(b.snapshot(), "vip", "corp.example.com", {test::a_record(10, 0, 0, 9)});
  const auto findings = test::run_check(b.build(), "SPN-DANGLING-HOST");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].subject == "HTTP/gone01.corp.example.com");
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[0].summary.find("no DNS record") != std::string::npos);
  CHECK(findings[1].severity == Severity::medium);
  CHECK(findings[1].summary.find("exists in DNS") != std::string::npos);
}

// Issue 13, "judge only what was read": each domain of a forest scanned on its own.
TEST_CASE("SPN-DANGLING-HOST: the child DC's _msdcs GUID SPNs are not dangling when the forest root was not read",
          "[checks][SPN-DANGLING-HOST][scope]")
{
  // A domain-only snapshot of the child (no Configuration partition: the forest root is unknown).
  auto child = test::child_domain(false);
  auto findings = test::run_check(child.build(), "SPN-DANGLING-HOST");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::info);
  CHECK(findings[0].subject == "1 name outside what was read");
  CHECK(findings[0].evidence.at(0).name == test::k_child_dc_guid_name);
  // The forest root's zone read (replicated forest-wide) but not its _msdcs zone: still not judged.
  test::add_dns_node(child.snapshot(), "@", "corp.example.com", {test::ns_record("dc1.corp.example.com")});
  findings = test::run_check(child.build(), "SPN-DANGLING-HOST");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::info);
}

TEST_CASE("SPN-DANGLING-HOST: hosts in a domain or forest that was not read are outside what was read",
          "[checks][SPN-DANGLING-HOST][scope]")
{
  for (const bool with_configuration : {true, false}) {
    CAPTURE(with_configuration);
    auto parent = test::parent_domain(with_configuration);
    parent.trust("partner.example", 0x8);
    parent.user("svc_app").service_principal_names = {"HTTP/app.child.corp.example.com",
                                                      "HTTP/dc2.child.corp.example.com", "HTTP/app.partner.example",
                                                      "HTTP/gone.corp.example.com"};
    const auto findings = test::run_check(parent.build(), "SPN-DANGLING-HOST");
    REQUIRE(findings.size() == 2);
    // What was read is still judged.
    CHECK(findings[0].subject == "HTTP/gone.corp.example.com");
    CHECK(findings[0].severity == Severity::high);
    CHECK(findings[1].severity == Severity::info);
    CHECK(findings[1].subject == "3 names outside what was read");
    REQUIRE(findings[1].evidence.size() == 3);
    CHECK(findings[1].evidence[0].name == "app.child.corp.example.com");
    CHECK(findings[1].evidence[1].value == "in trusted domain or forest partner.example, which was not read");
  }
}

TEST_CASE("SPN-DANGLING-HOST: a forest-wide scan judges the names of every domain",
          "[checks][SPN-DANGLING-HOST][scope]")
{
  auto parent = test::parent_domain();
  parent.user("svc_app").service_principal_names = {"HTTP/gone.child.corp.example.com",
                                                    "HTTP/dc2.child.corp.example.com"};
  auto child = test::child_domain();
  child.user("svc_child").service_principal_names = {"HTTP/gone.corp.example.com"};
  auto forest = test::merged(parent.build(), child.build());
  test::add_dns_node(forest, "0f1e2d3c-aaaa-bbbb-cccc-123456789abc", "_msdcs.corp.example.com",
                     {test::cname_record("dc2.child.corp.example.com")});
  const auto findings = test::run_check(forest, "SPN-DANGLING-HOST");
  REQUIRE(findings.size() == 2);
  for (const auto& f : findings) {
    CHECK(f.severity == Severity::high);
    CHECK(f.summary.find("no DNS record") != std::string::npos);
  }
  CHECK(findings[0].subject != findings[1].subject);
}
