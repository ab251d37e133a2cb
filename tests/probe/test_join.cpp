#include "src/probe/join.hpp"
#include "src/scan/scan.hpp"
#include "tests/support/snapshot_builder.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace kerbready;
using namespace kerbready::probe;
using collect::ProbeOutcome;

namespace {

collect::ProbeResult
result(const std::string& spn, ProbeOutcome outcome, const std::string& ticket = "")
{
  collect::ProbeResult r;
  r.request = {spn, spn, "target"};
  r.outcome = outcome;
  r.ticket_etype = ticket;
  if (outcome != ProbeOutcome::ok) {
    r.message = std::string(collect::name_of(outcome)) + " message";
  }
  return r;
}

const Finding*
find(const Report& report, const std::string& check_id, const std::string& subject)
{
  for (const auto& f : report.findings) {
    if (f.check_id == check_id && f.subject == subject) {
      return &f;
    }
  }
  return nullptr;
}

std::vector<std::string>
evidence(const Finding& f, const std::string& name)
{
  std::vector<std::string> out;
  for (const auto& e : f.evidence) {
    if (e.name == name) {
      out.push_back(e.value);
    }
  }
  return out;
}

// WEB01$ and svc_web share HTTP/web01; APP01$ has an alternate name without HOST/ SPN; NOHOST01$
// has no SPN at all.
Snapshot
lab()
{
  test::SnapshotBuilder b;
  b.computer("WEB01").service_principal_names.push_back("HTTP/web01.corp.example.com");
  b.user("svc_web").service_principal_names = {"HTTP/web01.corp.example.com"};
  b.computer("APP01").additional_dns_host_names = {"fileshare.corp.example.com"};
  b.computer("NOHOST01", false);
  return b.build();
}

} // namespace

TEST_CASE("probe join: a KDC refusal confirms the duplicate and the missing HOST/ SPN", "[probe][join]")
{
  const auto snapshot = lab();
  const auto before = run_checks(snapshot, {"SPN-DUPLICATE", "SPN-MISSING-HOST"});
  const auto* dup_before = find(before, "SPN-DUPLICATE", "HTTP/web01.corp.example.com");
  const auto* app_before = find(before, "SPN-MISSING-HOST", "APP01$");
  REQUIRE(dup_before != nullptr);
  REQUIRE(app_before != nullptr);

  const auto report = join_probe(before, snapshot,
                                 {result("HTTP/WEB01.corp.example.com", ProbeOutcome::principal_unknown),
                                  result("cifs/fileshare.corp.example.com", ProbeOutcome::principal_unknown),
                                  result("cifs/app01.corp.example.com", ProbeOutcome::ok, "rc4-hmac")});
  const auto* dup = find(report, "SPN-DUPLICATE", "HTTP/web01.corp.example.com");
  const auto* app = find(report, "SPN-MISSING-HOST", "APP01$");
  REQUIRE(dup != nullptr);
  REQUIRE(app != nullptr);
  CHECK(evidence(*dup, "confirmed by the KDC") ==
        std::vector<std::string>{"HTTP/WEB01.corp.example.com: principal_unknown (principal_unknown message)"});
  CHECK(dup->priority == dup_before->priority + k_confirmed_boost);
  CHECK(evidence(*app, "confirmed by the KDC").size() == 1);
  // app01 itself has its HOST/ SPN: a ticket for it says nothing about the alternate name.
  CHECK(evidence(*app, "not confirmed by the KDC").empty());
  CHECK(app->priority == app_before->priority + k_confirmed_boost);
  CHECK(report.metadata.collection.at("probe").find("2 findings confirmed by the KDC") != std::string::npos);
}

TEST_CASE("probe join: a ticket where the directory predicts a refusal is said, without a boost", "[probe][join]")
{
  const auto snapshot = lab();
  const auto before = run_checks(snapshot, {"SPN-MISSING-HOST"});
  const auto* nohost_before = find(before, "SPN-MISSING-HOST", "NOHOST01$");
  REQUIRE(nohost_before != nullptr);
  const auto report =
    join_probe(before, snapshot, {result("cifs/nohost01.corp.example.com", ProbeOutcome::ok, "rc4-hmac")});
  const auto* nohost = find(report, "SPN-MISSING-HOST", "NOHOST01$");
  REQUIRE(nohost != nullptr);
  CHECK(evidence(*nohost, "not confirmed by the KDC") ==
        std::vector<std::string>{"cifs/nohost01.corp.example.com: ok, the KDC issued a ticket (rc4-hmac)"});
  CHECK(evidence(*nohost, "confirmed by the KDC").empty());
  CHECK(nohost->priority == nohost_before->priority);
}

TEST_CASE("probe join: through sPNMappings, and only outcomes that say something", "[probe][join]")
{
  test::SnapshotBuilder b;
  b.computer("WEB01");
  b.computer("WEB02").service_principal_names.push_back("HOST/web01.corp.example.com");
  const auto snapshot = b.build();
  const auto before = run_checks(snapshot, {"SPN-DUPLICATE"});
  REQUIRE(find(before, "SPN-DUPLICATE", "HOST/web01.corp.example.com") != nullptr);

  // cifs/web01 is looked up as host/web01 (default sPNMappings): the refusal is the duplicate's.
  auto report = join_probe(before, snapshot, {result("cifs/web01.corp.example.com", ProbeOutcome::not_unique)});
  CHECK(evidence(*find(report, "SPN-DUPLICATE", "HOST/web01.corp.example.com"), "confirmed by the KDC").size() == 1);

  // No KDC, or an etype refusal for an SPN finding: nothing to confirm.
  report = join_probe(before, snapshot,
                      {result("cifs/web01.corp.example.com", ProbeOutcome::kdc_unreachable),
                       result("HOST/web01.corp.example.com", ProbeOutcome::etype_not_supported),
                       result("cifs/elsewhere.corp.example.com", ProbeOutcome::principal_unknown)});
  const auto* dup = find(report, "SPN-DUPLICATE", "HOST/web01.corp.example.com");
  CHECK(evidence(*dup, "confirmed by the KDC").empty());
  CHECK(dup->priority == find(before, "SPN-DUPLICATE", "HOST/web01.corp.example.com")->priority);
  CHECK(report.metadata.collection.at("probe") ==
        "3 KDC answers (0 ok, 2 refused, 1 other); 0 findings confirmed by the KDC, 0 not confirmed; 2 refusals "
        "match no finding");
}

TEST_CASE("probe join: evidence is bounded and confirmed findings move up", "[probe][join]")
{
  test::SnapshotBuilder b;
  b.computer("APP01").additional_dns_host_names = {"alias.corp.example.com"};
  b.computer("APP02").additional_dns_host_names = {"other.corp.example.com"};
  const auto snapshot = b.build();
  const auto before = run_checks(snapshot, {"SPN-MISSING-HOST"});
  REQUIRE(before.findings.size() == 2);
  REQUIRE(before.findings[0].subject == "APP01$"); // same priority: by key
  std::vector<collect::ProbeResult> results;
  for (const auto* service : {"cifs", "http", "host", "ldap", "rpcss", "wsman", "www"}) {
    results.push_back(result(std::string(service) + "/other.corp.example.com", ProbeOutcome::principal_unknown));
  }
  auto report = join_probe(before, snapshot, results);
  scan::finalize_report(report, nullptr); // the one sort, after every stage
  REQUIRE(report.findings.size() == 2);
  CHECK(report.findings[0].subject == "APP02$");
  const auto confirmed = evidence(report.findings[0], "confirmed by the KDC");
  REQUIRE(confirmed.size() == k_max_evidence_per_finding + 1);
  CHECK(confirmed.back() == "… and 2 more");
  CHECK(report.findings[0].priority == before.findings[1].priority + k_confirmed_boost);
}
