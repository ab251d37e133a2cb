#include "src/events/summary.hpp"
#include "src/scan/scan.hpp"
#include "tests/support/dfs_blobs.hpp"
#include "tests/support/dns_records.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"

#include <algorithm>

using namespace kerbready;

namespace {

const std::string k_zone = "corp.example.com";
const std::string k_base = "CN=Dfs-Configuration,CN=System,DC=corp,DC=example,DC=com";

const Finding*
by_key(const std::vector<Finding>& findings, const std::string& key)
{
  const auto it = std::find_if(findings.begin(), findings.end(), [&](const Finding& f) { return f.key == key; });
  return it == findings.end() ? nullptr : &*it;
}

} // namespace

TEST_CASE("NAME-SINGLE-LABEL: DFS target, CNAME target and SPN host written as a short name",
          "[checks][NAME-SINGLE-LABEL]")
{
  test::SnapshotBuilder b;
  b.computer("FS01");
  b.computer("WEB01");
  b.user("svc_web").service_principal_names = {"HTTP/WEB01"};
  auto& s = b.snapshot();
  test::add_dns_node(s, "fs01", k_zone, {test::a_record(10, 0, 0, 1)});
  test::add_dns_node(s, "files", k_zone, {test::cname_record("fs01")});
  test::add_dfs_object(s, "CN=apps," + k_base, "msdfs-namespacev2",
                       {{"msdfs-targetlistv2", {test::target_list({"\\\\fs01.corp.example.com\\apps"})}}});
  test::add_dfs_object(
    s, "CN=l1,CN=apps," + k_base, "msdfs-linkv2",
    {{"msdfs-linkpathv2", {"/tools"}}, {"msdfs-targetlistv2", {test::target_list({"\\\\FS01\\tools"})}}});
  const auto findings = test::run_check(b.build(), "NAME-SINGLE-LABEL");
  REQUIRE(findings.size() == 3);
  for (const auto& f : findings) {
    CHECK(f.severity == Severity::low);
  }
  const auto* dfs = by_key(findings, "dfs|\\\\corp.example.com\\apps /tools|\\\\fs01\\tools");
  REQUIRE(dfs != nullptr);
  CHECK(dfs->summary.find("short name FS01") != std::string::npos);
  CHECK(dfs->remediation.find("-TargetPath '\\\\fs01.corp.example.com\\tools'") != std::string::npos);
  CHECK(dfs->affected.at(0).sam_account_name == "FS01$");

  const auto* cname = by_key(findings, "cname|files.corp.example.com");
  REQUIRE(cname != nullptr);
  CHECK(cname->summary.find("single-label name fs01") != std::string::npos);
  CHECK(cname->remediation.find("-HostNameAlias 'fs01.corp.example.com'") != std::string::npos);

  const auto* spn = by_key(findings, "spn|cn=svc_web,cn=users,dc=corp,dc=example,dc=com|http/web01");
  REQUIRE(spn != nullptr);
  CHECK(spn->subject == "HTTP/WEB01");
  CHECK(spn->remediation.find("setspn -S \"HTTP/web01.corp.example.com\" \"svc_web\"") != std::string::npos);

  // DNS-CNAME-NO-SPN leaves the short-target alias to this check.
  CHECK(test::run_check(b.build(), "DNS-CNAME-NO-SPN").empty());
}

TEST_CASE("NAME-SINGLE-LABEL: full names, Windows' own short SPNs and names other checks own",
          "[checks][NAME-SINGLE-LABEL]")
{
  test::SnapshotBuilder b;
  b.computer("FS01");                                                     // HOST/FS01 + HOST/fs01.corp…
  b.computer("SQL01").service_principal_names.push_back("TERMSRV/SQL01"); // its own short name
  b.user("svc_sql").service_principal_names = {"MSSQLSvc/SQL01:1433", "MSSQLSvc/sql01.corp.example.com:1433"};
  b.user("svc_app").service_principal_names = {"HTTP/legacyapp", "E3514235-4B06-11D1-AB04-00C04FC2DCD2/abc/corp"};
  b.user("krbtgt").service_principal_names = {"kadmin/changepw"};
  auto& s = b.snapshot();
  test::add_dns_node(s, "fs01", k_zone, {test::a_record(10, 0, 0, 1)});
  test::add_dns_node(s, "files", k_zone, {test::cname_record("fs01.corp.example.com")});
  // A short DFS target nobody holds an SPN for is DFS-TARGET-ALIAS's; an IP target too.
  test::add_dfs_object(
    s, "CN=apps," + k_base, "msdfs-namespacev2",
    {{"msdfs-targetlistv2",
      {test::target_list({"\\\\fs01.corp.example.com\\apps", "\\\\NAS9\\apps", "\\\\10.1.1.1\\a"})}}});
  CHECK(test::run_check(b.build(), "NAME-SINGLE-LABEL").empty());
}

TEST_CASE("NAME-SINGLE-LABEL: hostile names", "[checks][NAME-SINGLE-LABEL][hostile]")
{
  test::SnapshotBuilder b;
  b.computer("FS01");
  auto& evil = b.user("svc_\x1b]8;;x\x07");
  evil.service_principal_names = {"HTTP/fs01", std::string("HTTP/\0fs01", 10), "HTTP/" + std::string(4000, 'q'),
                                  "\xc3\x28/fs01", "HTTP/fs01:80\r\nsetspn -D"};
  auto& s = b.snapshot();
  test::add_dns_node(s, "a'; rm -rf", k_zone, {test::cname_record("fs01")});
  test::add_dns_node(s, "junk", k_zone, {std::string("\x05\x00\xff", 3), test::cname_record("\x01\x02")});
  const auto findings = test::run_check(b.build(), "NAME-SINGLE-LABEL");
  REQUIRE(!findings.empty());
  for (const auto& f : findings) {
    CHECK(f.remediation.find('\x1b') == std::string::npos);
    CHECK(f.remediation.find("\r\n") == std::string::npos);
    CHECK(f.remediation.find("-Name 'a'; rm") == std::string::npos);
  }
  const auto* alias = by_key(findings, "cname|a'; rm -rf.corp.example.com");
  REQUIRE(alias != nullptr);
  CHECK(alias->remediation.find("-Name 'a''; rm -rf'") != std::string::npos);
}

// A short name that NTLM events show in use is medium (events join, then relate).
TEST_CASE("NAME-SINGLE-LABEL: observed NTLM raises the finding to medium", "[checks][NAME-SINGLE-LABEL][events]")
{
  test::SnapshotBuilder b;
  b.computer("FS01");
  b.computer("WEB01");
  b.user("svc_web").service_principal_names = {"HTTP/WEB01"};
  auto& s = b.snapshot();
  test::add_dns_node(s, "fs01", k_zone, {test::a_record(10, 0, 0, 1)});
  test::add_dns_node(s, "files", k_zone, {test::cname_record("fs01")});
  const auto snapshot = b.build();

  events::EventSummary summary;
  events::Event e;
  e.event_id = 8001;
  e.time = 1709539200;
  e.computer = "WS01.corp.example.com";
  e.data = {{"TargetName", "HTTP/web01"}, {"UserName", "alice"}, {"DomainName", "CORP"}};
  summary.add(e);
  summary.add(e);
  summary.add(e);

  scan::ScanRequest request;
  request.only = {"NAME-SINGLE-LABEL"};
  request.events = &summary;
  const auto report = scan::run_scan(snapshot, request);
  std::vector<Finding> mine;
  std::copy_if(report.findings.begin(), report.findings.end(), std::back_inserter(mine),
               [](const Finding& f) { return f.check_id == "NAME-SINGLE-LABEL"; });
  REQUIRE(mine.size() == 2);
  const auto* spn = by_key(mine, "spn|cn=svc_web,cn=users,dc=corp,dc=example,dc=com|http/web01");
  REQUIRE(spn != nullptr);
  REQUIRE(spn->observed);
  CHECK(spn->observed->count == 3);
  CHECK(spn->severity == Severity::medium);
  CHECK(spn->summary.find("NTLM audit events show") != std::string::npos);
  const auto* cname = by_key(mine, "cname|files.corp.example.com");
  REQUIRE(cname != nullptr);
  CHECK(cname->severity == Severity::low);
  CHECK(!cname->observed);
}
