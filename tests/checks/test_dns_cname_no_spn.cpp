#include "tests/support/dns_records.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"
#include "src/scan/scan.hpp"

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
