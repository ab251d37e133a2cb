#include "reports/reporter.hpp"
#include "src/report.hpp"
#include "src/trust.hpp"
#include "tests/support/snapshot_builder.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

using namespace kerbready;

namespace {

const DomainVerdict&
verdict_of(const Report& report, const std::string& domain)
{
  for (const auto& v : report.verdicts) {
    if (v.domain == domain) {
      return v;
    }
  }
  FAIL("no verdict for " << domain);
  throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE("verdict: a high finding makes its domain not ready", "[verdict]")
{
  test::SnapshotBuilder b;
  b.trust("partner.example", trust_attr::quarantined_domain); // TRUST-EXTERNAL, high
  Domain other;
  other.dns_name = "other.example.com";
  b.snapshot().domains.push_back(other);
  const auto report = run_checks(b.build(), {"TRUST-EXTERNAL", "TRUST-DISABLED"});
  REQUIRE(report.verdicts.size() == 2);
  const auto& corp = verdict_of(report, "corp.example.com");
  CHECK(corp.readiness == Readiness::not_ready);
  CHECK(corp.blocking_causes == std::vector<FallbackCause>{FallbackCause::trust});
  CHECK(corp.blocking_checks == std::vector<std::string>{"TRUST-EXTERNAL"});
  // The other domain has no finding, but only a subset of checks ran: unknown, never "ready".
  CHECK(verdict_of(report, "other.example.com").readiness == Readiness::unknown);
}

TEST_CASE("verdict: caveats, ready and not evaluated", "[verdict]")
{
  test::SnapshotBuilder b;
  b.trust("gone.example", 0, trust_type::uplevel, trust_direction::disabled); // TRUST-DISABLED, low
  SECTION("data missing: unknown, with the checks that could not run")
  {
    b.snapshot().data_sets = 0;
    const auto report = run_checks(b.build());
    const auto& v = verdict_of(report, "corp.example.com");
    CHECK(v.readiness == Readiness::unknown);
    CHECK(v.not_evaluated.size() == report.checks.size());
  }
  SECTION("every data set present: caveats only")
  {
    auto& s = b.snapshot();
    s.data_sets = DataSet::domain | DataSet::configuration;
    s.data_sets |= static_cast<unsigned>(DataSet::dns) | static_cast<unsigned>(DataSet::sysvol);
    const auto report = run_checks(b.build());
    const auto& v = verdict_of(report, "corp.example.com");
    CHECK(v.not_evaluated.empty());
    CHECK(v.caveat_findings >= 1);
    if (v.blocking_findings == 0) {
      CHECK(v.readiness == Readiness::ready_with_caveats);
    } else {
      CHECK(v.readiness == Readiness::not_ready);
    }
  }
  SECTION("a partial snapshot is never ready")
  {
    auto& s = b.snapshot();
    s.data_sets = DataSet::domain | DataSet::configuration;
    s.data_sets |= static_cast<unsigned>(DataSet::dns) | static_cast<unsigned>(DataSet::sysvol);
    s.trusts.clear();
    s.diagnostics.push_back(Diagnostic{"x.ldif:1", "undecodable value"});
    const auto report = run_checks(b.build());
    const auto& v = verdict_of(report, "corp.example.com");
    if (v.blocking_findings == 0) {
      CHECK(v.readiness == Readiness::unknown);
    }
  }
}

TEST_CASE("verdict: shown in the JSON and text reports", "[verdict]")
{
  test::SnapshotBuilder b;
  b.trust("partner.example", trust_attr::quarantined_domain);
  const auto report = run_checks(b.build());
  const auto doc = nlohmann::json::parse(reports::to_json_string(report));
  REQUIRE(doc.contains("verdicts"));
  REQUIRE(doc["verdicts"].size() == 1);
  CHECK(doc["verdicts"][0]["domain"] == "corp.example.com");
  CHECK(doc["verdicts"][0]["readiness"] == "not_ready");
  CHECK(doc["verdicts"][0]["blocking_causes"][0] == "trust");
  // Existing keys stay.
  for (const auto* key : {"schema_version", "tool", "scan", "summary", "checks", "diagnostics", "findings"}) {
    CHECK(doc.contains(key));
  }
  std::ostringstream text;
  reports::write_text(report, text, reports::OutputOptions{});
  CHECK(text.str().find("Verdict:   corp.example.com - NOT READY to block NTLM") != std::string::npos);
}

TEST_CASE("verdict: without --sysvol or DNS the checks are not evaluated, the scan stays complete", "[verdict]")
{
  test::SnapshotBuilder b;
  b.snapshot().data_sets = test::k_all_data_sets & ~static_cast<unsigned>(DataSet::sysvol);
  const auto report = run_checks(b.build());
  bool gpo_not_evaluated = false;
  for (const auto& r : report.checks) {
    if (r.check->id == "GPO-NTLM-LMCOMPAT") {
      gpo_not_evaluated = r.status == CheckStatus::not_evaluated;
    }
  }
  CHECK(gpo_not_evaluated);
  CHECK(report.complete());
  REQUIRE(report.verdicts.size() == 1);
  if (report.verdicts[0].blocking_findings == 0) {
    CHECK(report.verdicts[0].readiness == Readiness::unknown);
  }
  // Without the DNS partitions too: still complete, DNS checks not evaluated, verdict not "ready".
  b.snapshot().data_sets = static_cast<unsigned>(DataSet::domain);
  const auto domain_only = run_checks(b.build());
  CHECK(domain_only.complete());
  CHECK(domain_only.verdicts.at(0).readiness != Readiness::ready);
  CHECK(domain_only.verdicts.at(0).readiness != Readiness::ready_with_caveats);
  // Without a domain naming context the scan is incomplete.
  b.snapshot().data_sets = 0;
  CHECK_FALSE(run_checks(b.build()).complete());
}

TEST_CASE("verdict: prerequisites and the ten fixes that matter most", "[verdict]")
{
  Report report;
  report.metadata.domains = {"corp.example.com", "other.example.com"};
  const auto add = [&](const std::string& check, int n, Severity severity, int priority, const std::string& domain) {
    Finding f;
    f.check_id = check;
    f.id = fmt::format("{}-{:016x}", check, n);
    f.severity = severity;
    f.priority = priority;
    f.affected.push_back(AffectedObject{"CN=x", "x", domain});
    report.findings.push_back(f);
    return f.id;
  };
  // Twelve high findings of one check, two medium ones of another, an info one above them all and
  // a finding of the other domain more urgent than everything.
  std::vector<std::string> a;
  for (int i = 0; i < 12; ++i) {
    a.push_back(add("SPN-DUPLICATE", i, Severity::high, 100 - i, "corp.example.com"));
  }
  const auto b1 = add("DNS-CNAME-NO-SPN", 1, Severity::medium, 50, "corp.example.com");
  const auto b2 = add("DNS-CNAME-NO-SPN", 2, Severity::medium, 49, "corp.example.com");
  add("TRUST-DISABLED", 1, Severity::info, 500, "corp.example.com");
  const auto other = add("TRUST-EXTERNAL", 1, Severity::high, 900, "other.example.com");
  // Shuffled: the verdict ranks by priority whatever order the findings are in.
  std::reverse(report.findings.begin(), report.findings.end());

  const auto verdicts = compute_verdicts(report);
  REQUIRE(verdicts.size() == 2);
  const auto& corp = verdicts[0];
  REQUIRE(corp.domain == "corp.example.com");
  CHECK(corp.prerequisites == a); // every high finding, most urgent first; no medium, no info
  // At most two of one check before the others had their turn: the two CNAME findings get in
  // although eight more duplicate-SPN findings outrank them; order stays by priority.
  REQUIRE(corp.top_fixes.size() == k_top_fixes);
  const std::vector<std::string> expected{a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], b1, b2};
  CHECK(corp.top_fixes == expected);
  CHECK(std::find(corp.top_fixes.begin(), corp.top_fixes.end(), other) == corp.top_fixes.end());
  CHECK(verdicts[1].top_fixes == std::vector<std::string>{other});
  CHECK(verdicts[1].prerequisites == std::vector<std::string>{other});
}

TEST_CASE("verdict: top fixes and prerequisites are in the JSON and text reports", "[verdict]")
{
  test::SnapshotBuilder b;
  b.trust("partner.example", trust_attr::quarantined_domain); // TRUST-EXTERNAL, high
  const auto report = run_checks(b.build(), {"TRUST-EXTERNAL"});
  REQUIRE(!report.findings.empty());
  const auto& f = report.findings.front();
  std::ostringstream json_out;
  reports::write_json(report, json_out, {});
  const auto doc = nlohmann::json::parse(json_out.str());
  const auto& v = doc["verdicts"][0];
  CHECK(v["prerequisites"][0] == f.id);
  CHECK(v["top_fixes"][0]["rank"] == 1);
  CHECK(v["top_fixes"][0]["id"] == f.id);
  CHECK(v["top_fixes"][0]["remediation"] == f.remediation);
  std::ostringstream text_out;
  reports::write_text(report, text_out, {});
  const auto text = text_out.str();
  CHECK(text.find("fix first (1):") != std::string::npos);
  CHECK(text.find("blocking prerequisites still open: #1") != std::string::npos);
  // The fixes come before the detailed list.
  CHECK(text.find("fix first") < text.find("Findings, most urgent first"));
}
