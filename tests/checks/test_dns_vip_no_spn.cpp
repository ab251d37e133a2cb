#include "src/ad/gpo.hpp"
#include "src/events/summary.hpp"
#include "src/scan/scan.hpp"
#include "tests/support/dfs_blobs.hpp"
#include "tests/support/dns_records.hpp"
#include "tests/support/gpo_policies.hpp"
#include "tests/support/run_check.hpp"
#include "tests/support/snapshot_builder.hpp"
#include "tests/support/two_domains.hpp"

#include <algorithm>

using namespace kerbready;

namespace {
const std::string k_zone = "corp.example.com";
}

TEST_CASE("DNS-VIP-NO-SPN: static names without SPN", "[checks][DNS-VIP-NO-SPN]")
{
  test::SnapshotBuilder b;
  b.computer("APP01");
  auto& s = b.snapshot();
  test::add_dns_node(s, "app01", k_zone, {test::a_record(10, 0, 0, 7, 3700000)});
  test::add_dns_node(s, "reports", k_zone, {test::a_record(10, 0, 0, 7)}); // A-record alias of APP01
  test::add_dns_node(s, "lb-web", k_zone, {test::a_record(10, 0, 9, 9)});  // VIP
  const auto findings = test::run_check(b.build(), "DNS-VIP-NO-SPN");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].subject == "reports.corp.example.com");
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].affected.at(0).sam_account_name == "APP01$");
  // Nothing refers to lb-web by name: it is grouped with the zone's other unreferenced names.
  CHECK(findings[1].subject == "1 unreferenced A record in zone corp.example.com");
  CHECK(findings[1].severity == Severity::info);
}

TEST_CASE("DNS-VIP-NO-SPN: printers and appliances are one info finding per zone", "[checks][DNS-VIP-NO-SPN]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  for (unsigned i = 1; i <= 25; ++i) {
    test::add_dns_node(s, "prn-ber-" + std::to_string(i), k_zone, {test::a_record(10, 30, 0, i)});
  }
  test::add_dns_node(s, "ilo-srv01", k_zone, {test::a_record(10, 90, 0, 1)});
  test::add_dns_node(s, "prn-par-1", "eu.corp.example.com", {test::a_record(10, 61, 0, 1)});
  // Referred to by name: a CNAME points at lb-erp, a DFS link target names nas01. They keep their own findings.
  test::add_dns_node(s, "lb-erp", k_zone, {test::a_record(10, 0, 9, 40)});
  test::add_dns_node(s, "erp", k_zone, {test::cname_record("lb-erp.corp.example.com")});
  test::add_dns_node(s, "nas01", k_zone, {test::a_record(10, 0, 9, 50)});
  test::add_dfs_object(s, "CN=apps,CN=Dfs-Configuration,CN=System,DC=corp,DC=example,DC=com", "msdfs-namespacev2",
                       {{"msdfs-targetlistv2", {test::target_list({"\\\\dc01.corp.example.com\\apps"})}}});
  test::add_dfs_object(
    s, "CN=l1,CN=apps,CN=Dfs-Configuration,CN=System,DC=corp,DC=example,DC=com", "msdfs-linkv2",
    {{"msdfs-linkpathv2", {"/tools"}}, {"msdfs-targetlistv2", {test::target_list({"\\\\NAS01\\tools"})}}});
  const auto findings = test::run_check(b.build(), "DNS-VIP-NO-SPN");
  std::vector<std::string> own;
  const Finding* corp = nullptr;
  const Finding* eu = nullptr;
  for (const auto& f : findings) {
    if (f.key == "zone|corp.example.com") {
      corp = &f;
    } else if (f.key == "zone|eu.corp.example.com") {
      eu = &f;
    } else {
      own.push_back(f.subject);
      CHECK(f.severity == Severity::low);
    }
  }
  std::sort(own.begin(), own.end());
  CHECK(own == std::vector<std::string>{"lb-erp.corp.example.com", "nas01.corp.example.com"});
  REQUIRE(corp != nullptr);
  REQUIRE(eu != nullptr);
  CHECK(corp->severity == Severity::info);
  CHECK(corp->subject == "26 unreferenced A records in zone corp.example.com");
  CHECK(corp->affected.size() == 26);
  CHECK(corp->evidence.back().value == "6"); // 20 listed, 6 counted
  CHECK(corp->id == make_finding_id("DNS-VIP-NO-SPN", "zone|corp.example.com"));
  CHECK(eu->affected.size() == 1);
}

TEST_CASE("DNS-VIP-NO-SPN: computers, SPN-covered names, dynamic and locator records", "[checks][DNS-VIP-NO-SPN]")
{
  test::SnapshotBuilder b;
  b.computer("APP01");
  b.user("svc_web").service_principal_names = {"HTTP/web.corp.example.com"};
  auto& s = b.snapshot();
  test::add_dns_node(s, "app01", k_zone, {test::a_record(10, 0, 0, 7)});
  test::add_dns_node(s, "web", k_zone, {test::a_record(10, 0, 9, 9)});
  test::add_dns_node(s, "laptop-42", k_zone, {test::a_record(10, 0, 5, 42, 3700000)});
  test::add_dns_node(s, "@", k_zone, {test::a_record(10, 0, 0, 1)});
  test::add_dns_node(s, "DomainDnsZones", k_zone, {test::a_record(10, 0, 0, 1)});
  test::add_dns_node(s, "_ldap._tcp", k_zone, {test::a_record(10, 0, 0, 1)});
  CHECK(test::run_check(b.build(), "DNS-VIP-NO-SPN").empty());
}

// Issue 13, "judge only what was read": the glue record of a delegated child zone is not a VIP.
TEST_CASE("DNS-VIP-NO-SPN: the glue record of a delegated child zone is outside what was read",
          "[checks][DNS-VIP-NO-SPN][scope]")
{
  for (const bool with_configuration : {true, false}) {
    CAPTURE(with_configuration);
    auto parent = test::parent_domain(with_configuration);
    // Referred to by name (a DFS link target), so it would get a finding of its own.
    test::add_dfs_object(parent.snapshot(), "CN=apps,CN=Dfs-Configuration,CN=System,DC=corp,DC=example,DC=com",
                         "msdfs-namespacev2",
                         {{"msdfs-targetlistv2", {test::target_list({"\\\\dc2.child.corp.example.com\\apps"})}}});
    const auto findings = test::run_check(parent.build(), "DNS-VIP-NO-SPN");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::info);
    CHECK(findings[0].subject == "1 name outside what was read");
    CHECK(findings[0].evidence.at(0).name == "dc2.child.corp.example.com");
  }
}

TEST_CASE("DNS-VIP-NO-SPN: the child read alone says nothing about the parent's names in a forest-wide zone",
          "[checks][DNS-VIP-NO-SPN][scope]")
{
  auto child = test::child_domain();
  // The forest root's zone, replicated forest-wide, read through the child's DC: its names are
  // computers of the forest root, which was not read.
  test::add_dns_node(child.snapshot(), "web01", "corp.example.com", {test::a_record(10, 0, 0, 7)});
  test::add_dns_node(child.snapshot(), "portal", "corp.example.com", {test::cname_record("web01.corp.example.com")});
  const auto findings = test::run_check(child.build(), "DNS-VIP-NO-SPN");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::info);
  CHECK(findings[0].evidence.at(0).value == "in domain corp.example.com, which was not read");
}

TEST_CASE("DNS-VIP-NO-SPN: a forest-wide scan judges the child zone's names", "[checks][DNS-VIP-NO-SPN][scope]")
{
  auto child = test::child_domain();
  test::add_dns_node(child.snapshot(), "lb-web", test::k_child, {test::a_record(10, 0, 1, 40)});
  test::add_dns_node(child.snapshot(), "web", test::k_child, {test::cname_record("lb-web.child.corp.example.com")});
  const auto findings = test::run_check(test::merged(test::parent_domain().build(), child.build()), "DNS-VIP-NO-SPN");
  // The glue record is the child DC's name now (a computer read): not reported. The VIP is.
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].subject == "lb-web.child.corp.example.com");
  CHECK(findings[0].severity == Severity::low);
}

// SRV record targets and plain names in an NTLM server exception list are references too: those
// names keep their own low finding. A wildcard or IP entry names no server.
TEST_CASE("DNS-VIP-NO-SPN: SRV targets and NTLM exception lists refer to names", "[checks][DNS-VIP-NO-SPN]")
{
  test::SnapshotBuilder b;
  auto& s = b.snapshot();
  test::add_dns_node(s, "sip01", k_zone, {test::a_record(10, 0, 9, 1)});
  test::add_dns_node(s, "_sip._tcp", k_zone, {test::srv_record("sip01.corp.example.com", 5060)});
  test::add_dns_node(s, "legacy-app", k_zone, {test::a_record(10, 0, 9, 2)});
  test::add_dns_node(s, "prn-01", k_zone, {test::a_record(10, 0, 9, 3)});
  test::add_dns_node(s, "prn-02", k_zone, {test::a_record(10, 0, 9, 4)});
  test::add_gpo(s, "NTLM exceptions", test::k_gpo_a,
                {{std::string(gpo_value::client_allowed_ntlm_servers), "LEGACY-APP,prn-*,10.0.9.4"}});
  const auto findings = test::run_check(b.build(), "DNS-VIP-NO-SPN");
  std::vector<std::string> own;
  const Finding* group = nullptr;
  for (const auto& f : findings) {
    if (f.key == "zone|corp.example.com") {
      group = &f;
    } else {
      own.push_back(f.subject);
      CHECK(f.severity == Severity::low);
    }
  }
  std::sort(own.begin(), own.end());
  CHECK(own == std::vector<std::string>{"legacy-app.corp.example.com", "sip01.corp.example.com"});
  REQUIRE(group != nullptr);
  CHECK(group->subject == "2 unreferenced A records in zone corp.example.com");
  CHECK(group->id == make_finding_id("DNS-VIP-NO-SPN", "zone|corp.example.com"));
}

// A name that NTLM events show clients using leaves the group: it is judged on its own, carries the
// traffic, and is high (blocking NTLM would fail those clients). Without events it stays grouped.
TEST_CASE("DNS-VIP-NO-SPN: names NTLM events reference leave the group", "[checks][DNS-VIP-NO-SPN][events]")
{
  test::SnapshotBuilder b;
  b.domain_controller("DC1");
  auto& s = b.snapshot();
  test::add_dns_node(s, "lb-crm", k_zone, {test::a_record(10, 0, 9, 10)});
  test::add_dns_node(s, "prn-01", k_zone, {test::a_record(10, 0, 9, 11)});
  const auto snapshot = b.build();

  events::EventSummary summary;
  events::Event e;
  e.event_id = 8001;
  e.time = 1709539200;
  e.computer = "WS01.corp.example.com";
  e.data = {{"TargetName", "HTTP/lb-crm.corp.example.com"}, {"UserName", "alice"}, {"DomainName", "CORP"}};
  summary.add(e);
  summary.add(e);

  const auto dns_findings = [](const Report& report) {
    std::vector<const Finding*> out;
    for (const auto& f : report.findings) {
      if (f.check_id == "DNS-VIP-NO-SPN") {
        out.push_back(&f);
      }
    }
    return out;
  };
  SECTION("without events both names are grouped")
  {
    const auto report = run_checks(snapshot, {"DNS-VIP-NO-SPN"});
    const auto found = dns_findings(report);
    REQUIRE(found.size() == 1);
    CHECK(found[0]->subject == "2 unreferenced A records in zone corp.example.com");
  }
  SECTION("with events, the name clients use is its own high finding with the traffic")
  {
    scan::ScanRequest request;
    request.only = {"DNS-VIP-NO-SPN"};
    request.events = &summary;
    const auto report = scan::run_scan(snapshot, request);
    const auto found = dns_findings(report);
    REQUIRE(found.size() == 2);
    const auto own = std::find_if(found.begin(), found.end(),
                                  [](const Finding* f) { return f->subject == "lb-crm.corp.example.com"; });
    REQUIRE(own != found.end());
    CHECK((*own)->severity == Severity::high);
    REQUIRE((*own)->observed);
    CHECK((*own)->observed->count == 2);
    CHECK(std::none_of((*own)->evidence.begin(), (*own)->evidence.end(),
                       [](const Evidence& ev) { return ev.name == "unreferenced name in zone"; }));
    const auto group =
      std::find_if(found.begin(), found.end(), [](const Finding* f) { return f->key == "zone|corp.example.com"; });
    REQUIRE(group != found.end());
    CHECK((*group)->subject == "1 unreferenced A record in zone corp.example.com");
    // The traffic is explained by the name's own finding, not reported again as a missing SPN.
    CHECK(std::none_of(report.findings.begin(), report.findings.end(),
                       [](const Finding& f) { return f.check_id == "EVT-NTLM-MISSING-SPN"; }));
    const auto result = std::find_if(report.checks.begin(), report.checks.end(),
                                     [](const CheckResult& r) { return r.check->id == "DNS-VIP-NO-SPN"; });
    REQUIRE(result != report.checks.end());
    CHECK(result->findings == 2);
  }
}
