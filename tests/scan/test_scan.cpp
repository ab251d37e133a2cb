// The scan pipeline (src/scan/scan.hpp): stages enrich, finalize sorts and judges once, after triage.
#include "src/ad/trust.hpp"
#include "src/input/entries.hpp"
#include "src/input/ldif.hpp"
#include "src/scan/scan.hpp"
#include "tests/support/snapshot_builder.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace kerbready;

namespace {

Suppression
suppress_check(std::string check_id)
{
  Suppression s;
  s.check_id = std::move(check_id);
  s.reason = "accepted";
  s.owner = "owner@corp.example.com";
  s.expires = "2099-12-31";
  s.expires_day = 47481;
  s.origin = "test.toml:1";
  return s;
}

} // namespace

TEST_CASE("pipeline: findings come out in one order and the verdict follows suppressions", "[scan]")
{
  test::SnapshotBuilder b;
  b.trust("partner.example", trust_attr::quarantined_domain); // TRUST-EXTERNAL, high
  b.user("svc_a").service_principal_names = {"http/web.corp.example.com"};
  b.user("svc_b").service_principal_names = {"http/web.corp.example.com"}; // SPN-DUPLICATE, high
  const auto snapshot = b.build();

  scan::ScanRequest request;
  request.only = {"TRUST-EXTERNAL", "SPN-DUPLICATE"};
  request.metadata.tool_version = "test";
  request.metadata.started_at = 1764547200; // 2025-12-01
  const auto plain = scan::run_scan(snapshot, request);
  REQUIRE(plain.findings.size() >= 2);
  CHECK(std::is_sorted(plain.findings.begin(), plain.findings.end(), [](const Finding& a, const Finding& b) {
    return a.priority != b.priority ? a.priority > b.priority : a.check_id < b.check_id;
  }));
  CHECK(plain.metadata.tool_version == "test");                // the caller's metadata is kept
  CHECK(plain.metadata.domains.front() == "corp.example.com"); // and the snapshot's added
  REQUIRE(plain.verdicts.size() == 1);
  CHECK(plain.verdicts[0].readiness == Readiness::not_ready);

  // Suppressing every high finding: the verdict, computed once after triage, no longer blocks.
  TriageInputs triage;
  triage.suppressions = std::vector<Suppression>{suppress_check("TRUST-EXTERNAL"), suppress_check("SPN-DUPLICATE")};
  triage.suppressions_path = "test.toml";
  request.triage = &triage;
  const auto suppressed = scan::run_scan(snapshot, request);
  CHECK(suppressed.triage.suppressed_count() == suppressed.findings.size());
  REQUIRE(suppressed.verdicts.size() == 1);
  CHECK(suppressed.verdicts[0].readiness != Readiness::not_ready);
  CHECK(suppressed.verdicts[0].blocking_findings == 0);
}

namespace {

// Every field of the findings and check results a report prints, in report order.
std::vector<std::string>
report_digest(const Report& report)
{
  std::vector<std::string> out;
  for (const auto& f : report.findings) {
    std::string line = fmt::format("{}|{}|{}|{}|{}|{}|{}|{}", f.id, f.check_id, static_cast<int>(f.severity),
                                   static_cast<int>(f.cause), f.priority, f.tier0, f.subject, f.summary);
    for (const auto& a : f.affected) {
      line += "|" + a.dn;
    }
    for (const auto& e : f.evidence) {
      line += "|" + e.name + "=" + e.value;
    }
    out.push_back(std::move(line));
  }
  for (const auto& c : report.checks) {
    out.push_back(fmt::format("{}|{}|{}|{}", c.check->id, static_cast<int>(c.status), c.findings, c.reason));
  }
  return out;
}

Snapshot
read_example(const std::string& relative)
{
  collect::SnapshotBuilder builder;
  const auto read = collect::read_ldif_file(std::string(KR_SOURCE_DIR) + "/" + relative,
                                            [&](collect::Entry&& entry) { builder.add(std::move(entry)); });
  REQUIRE(read);
  auto snapshot = std::move(builder).finish();
  snapshot.reference_time = 1'790'000'000; // 2026-09-21: pinned, stale grouping depends on it
  return snapshot;
}

} // namespace

TEST_CASE("checks on one thread and on several give the same report", "[scan][parallel]")
{
  // The check stage builds the shared tables side by side and runs the checks on N threads; the
  // report must not depend on N. The estate example plants a case for every directory check.
  for (const char* example : {"examples/estate/estate.ldif", "examples/corp.example.com.ldif"}) {
    INFO(example);
    const auto one = report_digest(run_checks(read_example(example), {}, k_default_stale_days, 1));
    REQUIRE(one.size() > 50);
    for (const unsigned threads : {2u, 3u, 8u}) {
      INFO(threads);
      // A fresh snapshot each time: its shared tables are built under the threads being tested.
      CHECK(report_digest(run_checks(read_example(example), {}, k_default_stale_days, threads)) == one);
    }
  }
}
