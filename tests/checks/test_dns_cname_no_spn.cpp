#include "src/scan/scan.hpp"
#include "tests/support/dns_records.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"
#include "tests/support/two_domains.hpp"

using namespace kerbready;

namespace {
const std::string k_zone = "corp.example.com";
}

TEST_CASE("DNS-CNAME-NO-SPN: aliases without SPN, on the wrong computer, outside the zones",
          "[checks][DNS-CNAME-NO-SPN]")
{
  test::SnapshotBuilder b;
  b.computer("FS01");
  b.computer("WEB01");
  b.computer("OLDWEB").service_principal_names.push_back("HOST/intranet.corp.example.com");
  auto& s = b.snapshot();
  test::add_dns_node(s, "fs01", k_zone, {test::a_record(10, 0, 0, 1)});
  test::add_dns_node(s, "web01", k_zone, {test::a_record(10, 0, 0, 2)});
  test::add_dns_node(s, "files", k_zone, {test::cname_record("fs01.corp.example.com")});
  test::add_dns_node(s, "share", k_zone, {test::cname_record("files.corp.example.com")});
  test::add_dns_node(s, "intranet", k_zone, {test::cname_record("web01.corp.example.com")});
  test::add_dns_node(s, "crm", k_zone, {test::cname_record("tenant.saas.example.net")});
  const auto findings = test::run_check(b.build(), "DNS-CNAME-NO-SPN");
  REQUIRE(findings.size() == 4);
  CHECK(findings[0].subject == "intranet.corp.example.com");
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[0].summary.find("KRB_AP_ERR_MODIFIED") != std::string::npos);
  for (const auto& f : findings) {
    if (f.subject == "files.corp.example.com") {
      CHECK(f.severity == Severity::medium);
      CHECK(f.remediation.find("netdom computername \"fs01.corp.example.com\" /add:\"files.corp.example.com\"") !=
            std::string::npos);
      CHECK(f.affected.at(0).sam_account_name == "FS01$");
    }
    if (f.subject == "share.corp.example.com") {
      CHECK(f.severity == Severity::medium);
      CHECK(f.evidence.at(0).value == "share.corp.example.com -> files.corp.example.com -> fs01.corp.example.com");
    }
    if (f.subject == "crm.corp.example.com") {
      CHECK(f.severity == Severity::low);
      CHECK(f.summary.find("leaves the loaded zones") != std::string::npos);
    }
  }
}

TEST_CASE("DNS-CNAME-NO-SPN: aliases covered by SPNs, locator names, tombstones", "[checks][DNS-CNAME-NO-SPN]")
{
  test::SnapshotBuilder b;
  b.computer("FS01").service_principal_names.push_back("HOST/files.corp.example.com");
  b.user("svc_web").service_principal_names = {"HTTP/portal.corp.example.com"};
  b.computer("WEB01");
  auto& s = b.snapshot();
  test::add_dns_node(s, "fs01", k_zone, {test::a_record(10, 0, 0, 1)});
  test::add_dns_node(s, "web01", k_zone, {test::a_record(10, 0, 0, 2)});
  test::add_dns_node(s, "files", k_zone, {test::cname_record("fs01.corp.example.com")});
  test::add_dns_node(s, "portal", k_zone, {test::cname_record("web01.corp.example.com")});
  test::add_dns_node(s, "0f1e2d3c-aaaa", "_msdcs.corp.example.com", {test::cname_record("dc01.corp.example.com")});
  test::add_dns_node(s, "old", k_zone, {test::cname_record("web01.corp.example.com")}).tombstoned = true;
  CHECK(test::run_check(b.build(), "DNS-CNAME-NO-SPN").empty());
}

TEST_CASE("DNS-CNAME-NO-SPN: not evaluated without the DNS partitions", "[checks][DNS-CNAME-NO-SPN]")
{
  test::SnapshotBuilder b;
  const auto report = run_checks(b.build(), {"DNS-CNAME-NO-SPN"});
  REQUIRE(report.checks.size() == 1);
  CHECK(report.checks[0].status == CheckStatus::not_evaluated);
}

// Issue 13, "judge only what was read".
TEST_CASE("DNS-CNAME-NO-SPN: an alias into a delegated child zone that was not read is outside what was read",
          "[checks][DNS-CNAME-NO-SPN][scope]")
{
  for (const bool with_configuration : {true, false}) {
    CAPTURE(with_configuration);
    auto parent = test::parent_domain(with_configuration);
    test::add_dns_node(parent.snapshot(), "app", k_zone, {test::cname_record("web.child.corp.example.com")});
    test::add_dns_node(parent.snapshot(), "old", k_zone, {test::cname_record("gone.corp.example.com")});
    const auto findings = test::run_check(parent.build(), "DNS-CNAME-NO-SPN");
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].subject == "old.corp.example.com"); // dangles inside what was read: judged
    CHECK(findings[0].severity == Severity::low);
    CHECK(findings[1].severity == Severity::info);
    CHECK(findings[1].evidence.at(0).name == "app.corp.example.com");
    CHECK(findings[1].evidence.at(0).value.find("points to web.child.corp.example.com, in ") == 0);
  }
}

TEST_CASE("DNS-CNAME-NO-SPN: a forest-wide scan judges aliases into the child zone",
          "[checks][DNS-CNAME-NO-SPN][scope]")
{
  auto parent = test::parent_domain();
  test::add_dns_node(parent.snapshot(), "app", k_zone, {test::cname_record("web.child.corp.example.com")});
  auto child = test::child_domain();
  test::add_dns_node(child.snapshot(), "web", test::k_child, {test::a_record(10, 0, 1, 9)});
  const auto findings = test::run_check(test::merged(parent.build(), child.build()), "DNS-CNAME-NO-SPN");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].subject == "app.corp.example.com");
  CHECK(findings[0].severity == Severity::low);
  CHECK(findings[0].summary.find("no computer account") != std::string::npos);
}
