// The scan pipeline (src/scan/scan.hpp): stages enrich, finalize sorts and judges once, after triage.
#include "src/ad/trust.hpp"
#include "src/scan/scan.hpp"
#include "tests/support/snapshot_builder.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

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
