#include "reports/reporter.hpp"
#include "src/report.hpp"
#include "src/trust.hpp"
#include "tests/support/snapshot_builder.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

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

TEST_CASE("verdict: without --sysvol the GPO checks are not evaluated, the scan stays complete", "[verdict]")
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
  // Missing DNS partitions still make the scan incomplete.
  b.snapshot().data_sets = static_cast<unsigned>(DataSet::domain);
  CHECK_FALSE(run_checks(b.build()).complete());
}
