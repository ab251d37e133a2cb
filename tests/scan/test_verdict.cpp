#include "reports/reporter.hpp"
#include "src/ad/trust.hpp"
#include "src/model/report.hpp"
#include "src/scan/scan.hpp"
#include "src/scan/verdict.hpp"
#include "tests/support/snapshot_builder.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

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
  SECTION("every data set present: caveats only, and no traffic evidence without events")
  {
    auto& s = b.snapshot();
    s.data_sets = DataSet::domain | DataSet::configuration;
    s.data_sets |= static_cast<unsigned>(DataSet::dns) | static_cast<unsigned>(DataSet::sysvol);
    auto report = run_checks(b.build());
    const auto& v = verdict_of(report, "corp.example.com");
    CHECK(v.not_evaluated.empty());
    CHECK(v.caveat_findings >= 1);
    if (v.blocking_findings == 0) {
      CHECK(v.readiness == Readiness::ready_no_traffic_evidence);
      report.traffic.present = true;
      report.traffic.days = 30;
      CHECK(compute_verdicts(report).at(0).readiness == Readiness::ready_with_caveats);
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

namespace {

// A report whose checks all ran, with no finding, over corp.example.com (the forest root) and
// emea.corp.example.com, and `days` days of events: 1,000 NTLM and 9,000 Kerberos events.
Report
report_with_events(std::size_t days)
{
  Report report;
  report.metadata.domains = {"corp.example.com", "emea.corp.example.com"};
  report.metadata.forest_root = "corp.example.com";
  report.metadata.data_sets = test::k_all_data_sets;
  report.traffic.present = true;
  report.traffic.days = days;
  report.traffic.ntlm = 1000;
  report.traffic.kerberos = 9000;
  return report;
}

UnexplainedNtlm
unexplained(const std::string& domain, const std::string& target, std::uint64_t count)
{
  UnexplainedNtlm u;
  u.domain = domain;
  u.target = target;
  u.count = count;
  u.accounts = {{"CORP\\svc_app", count}};
  u.clients = {{"ws01.corp.example.com", count}};
  u.reasons = {{"8 no SPN", count}};
  return u;
}

const DomainVerdict&
verdict_in(const std::vector<DomainVerdict>& verdicts, const std::string& domain)
{
  for (const auto& v : verdicts) {
    if (v.domain == domain) {
      return v;
    }
  }
  FAIL("no verdict for " << domain);
  throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE("verdict: NTLM no finding explains blocks readiness above the tolerance", "[verdict][events]")
{
  auto report = report_with_events(14);
  SECTION("nothing unexplained over enough days: ready")
  {
    for (const auto& v : compute_verdicts(report)) {
      CHECK(v.readiness == Readiness::ready);
      CHECK(v.evidence == std::vector<std::string>{"directory", "sysvol", "events"});
    }
  }
  SECTION("a few events a day, a small share: tolerated")
  {
    report.traffic.unexplained.push_back(unexplained("corp.example.com", "cifs/app.corp.example.com", 70));
    const auto verdicts = compute_verdicts(report);
    const auto& v = verdict_in(verdicts, "corp.example.com");
    CHECK(v.readiness == Readiness::ready); // 5 a day, 0.7%
    CHECK(v.unexplained_ntlm == 70);
    CHECK_FALSE(v.unexplained_blocks);
  }
  SECTION("above the count a day: not ready, naming the sources; only in the target's domain")
  {
    // 2,100 events over 14 days = 150 a day (> 100); 21% of all authentications.
    report.traffic.unexplained.push_back(unexplained("corp.example.com", "cifs/app.corp.example.com", 2100));
    const auto verdicts = compute_verdicts(report);
    const auto& v = verdict_in(verdicts, "corp.example.com");
    CHECK(v.readiness == Readiness::not_ready);
    CHECK(v.unexplained_blocks);
    CHECK(v.blocking_findings == 0);
    REQUIRE(v.top_targets.size() == 1);
    CHECK(v.top_targets[0].first == "cifs/app.corp.example.com");
    CHECK(v.top_accounts.at(0).first == "CORP\\svc_app");
    CHECK(v.top_clients.at(0).first == "ws01.corp.example.com");
    CHECK(v.top_reasons.at(0).first == "8 no SPN");
    CHECK(v.reason.find("2100 NTLM events no finding explains") == 0);
    CHECK(v.reason.find("cifs/app.corp.example.com (x2100)") != std::string::npos);
    CHECK(v.reason.find("CORP\\svc_app") != std::string::npos);
    CHECK(v.reason.find("8 no SPN") != std::string::npos);
    CHECK(verdict_in(verdicts, "emea.corp.example.com").readiness == Readiness::ready);
  }
  SECTION("above the share alone: not ready; raised limits: ready")
  {
    // 140 events over 14 days = 10 a day, but 1.4% of 10,000 authentications (> 1%).
    report.traffic.unexplained.push_back(unexplained("emea.corp.example.com", "http/intra.emea.corp.example.com", 140));
    CHECK(verdict_in(compute_verdicts(report), "emea.corp.example.com").readiness == Readiness::not_ready);
    CHECK(verdict_in(compute_verdicts(report), "corp.example.com").readiness == Readiness::ready);
    report.policy.unexplained_ntlm_max_share = 0.02;
    CHECK(verdict_in(compute_verdicts(report), "emea.corp.example.com").readiness == Readiness::ready);
    report.policy.unexplained_ntlm_max_per_day = 5;
    CHECK(verdict_in(compute_verdicts(report), "emea.corp.example.com").readiness == Readiness::not_ready);
  }
  SECTION("traffic whose domain cannot be told counts against every domain")
  {
    report.traffic.unexplained.push_back(unexplained("", "(no target)", 5000));
    for (const auto& v : compute_verdicts(report)) {
      CHECK(v.readiness == Readiness::not_ready);
      CHECK(v.unexplained_ntlm == 5000);
    }
  }
  SECTION("a blocking finding and unexplained NTLM: both in the reason")
  {
    report.traffic.unexplained.push_back(unexplained("corp.example.com", "cifs/app.corp.example.com", 2100));
    Finding f;
    f.check_id = "SPN-DUPLICATE";
    f.id = "SPN-DUPLICATE-0000000000000001";
    f.severity = Severity::high;
    f.affected.push_back(AffectedObject{"CN=x", "x", "corp.example.com"});
    report.findings.push_back(f);
    const auto verdicts = compute_verdicts(report);
    const auto& v = verdict_in(verdicts, "corp.example.com");
    CHECK(v.readiness == Readiness::not_ready);
    CHECK(v.reason.find("1 finding(s) at high or above") == 0);
    CHECK(v.reason.find("2100 NTLM events no finding explains") != std::string::npos);
  }
}

TEST_CASE("verdict: ready needs events over enough days; without them, no traffic evidence", "[verdict][events]")
{
  auto report = report_with_events(13);
  for (const auto& v : compute_verdicts(report)) {
    CHECK(v.readiness == Readiness::ready_no_traffic_evidence);
    CHECK(v.reason.find("events cover 13 day(s), 14 needed") != std::string::npos);
  }
  report.policy.min_event_days = 7;
  CHECK(compute_verdicts(report).at(0).readiness == Readiness::ready);
  report.traffic = TrafficEvidence{};
  for (const auto& v : compute_verdicts(report)) {
    CHECK(v.readiness == Readiness::ready_no_traffic_evidence);
    CHECK(v.reason.find("no audit events were given") != std::string::npos);
    CHECK(v.evidence == std::vector<std::string>{"directory", "sysvol"});
  }
  CHECK(name_of(Readiness::ready_no_traffic_evidence) == "directory_ready_no_traffic_evidence");
}

TEST_CASE("verdict: the reports state the evidence and the new readiness", "[verdict][events]")
{
  auto report = report_with_events(3);
  report.probed = true;
  report.traffic.first_seen = 1709251200; // 2024-03-01T00:00:00Z
  report.traffic.last_seen = 1709424000;  // 2024-03-03T00:00:00Z
  report.traffic.hosts = {{"dc1.corp.example.com", 800}, {"fs01.corp.example.com", 200}};
  report.traffic.host_count = 2;
  report.traffic.event_ids = {{4776, 800}, {4624, 200}, {8004, 5}, {4020, 1}};
  report.verdicts = compute_verdicts(report);
  const auto doc = nlohmann::json::parse(reports::to_json_string(report));
  CHECK(doc["schema_version"] == "1.4");
  const auto& v = doc["verdicts"][0];
  CHECK(v["readiness"] == "directory_ready_no_traffic_evidence");
  CHECK(v["evidence"]["kinds"] == nlohmann::json::array({"directory", "sysvol", "events", "kdc_probe"}));
  CHECK(v["evidence"]["event_days"] == 3);
  CHECK(v["evidence"]["min_event_days"] == 14);
  CHECK(v["evidence"]["first_event"] == "2024-03-01T00:00:00Z");
  CHECK(v["evidence"]["hosts"] == 2);
  CHECK(v["evidence"]["event_ids"]["4776"] == 800);
  CHECK(v["evidence"]["event_ids"]["8004"] == 5);
  CHECK(v["unexplained_ntlm"]["events"] == 0);
  CHECK(v["unexplained_ntlm"]["blocks"] == false);

  std::ostringstream text;
  reports::write_text(report, text, reports::OutputOptions{});
  CHECK(text.str().find("DIRECTORY READY, NO TRAFFIC EVIDENCE to block NTLM") != std::string::npos);
  CHECK(text.str().find("Evidence:  directory, sysvol, events, kdc probe; events over 3 day(s)") != std::string::npos);
  const auto evidence = reports::describe_evidence(report, report.verdicts.at(0));
  CHECK(evidence.find("4776 (DC) x800") != std::string::npos);
  CHECK(evidence.find("4624 (member) x200") != std::string::npos);
  CHECK(evidence.find("8004 (NTLM audit) x5") != std::string::npos);
  CHECK(evidence.find("4020 (NTLM reason) x1") != std::string::npos);
  CHECK(evidence.find("from 2 computer(s): dc1.corp.example.com, fs01.corp.example.com") != std::string::npos);
  std::ostringstream md;
  reports::write_markdown(report, md, reports::OutputOptions{});
  CHECK(md.str().find("**DIRECTORY READY: NO TRAFFIC EVIDENCE**") != std::string::npos);
  CHECK(md.str().find("| Evidence corp.example.com | directory, sysvol, events, kdc probe;") != std::string::npos);
  std::ostringstream html;
  reports::write_html(report, html, reports::OutputOptions{});
  CHECK(html.str().find("data-verdict=\"no_traffic_evidence\"") != std::string::npos);
  CHECK(html.str().find("Evidence: directory, sysvol, events, kdc probe") != std::string::npos);

  // Without events the JSON says so and has no unexplained_ntlm.
  report.traffic = TrafficEvidence{};
  report.verdicts = compute_verdicts(report);
  const auto plain = nlohmann::json::parse(reports::to_json_string(report));
  CHECK(plain["verdicts"][0]["evidence"]["events"] == false);
  CHECK_FALSE(plain["verdicts"][0].contains("unexplained_ntlm"));
}

TEST_CASE("verdict: a finding that names no domain counts against the domain it concerns", "[verdict]")
{
  auto report = report_with_events(14);
  Finding forest_wide;
  forest_wide.check_id = "SPN-MAPPINGS";
  forest_wide.id = "SPN-MAPPINGS-0000000000000001";
  forest_wide.severity = Severity::high;
  forest_wide.subject = "sPNMappings";
  report.findings.push_back(forest_wide);
  auto verdicts = compute_verdicts(report);
  // Forest-wide configuration: the forest root, not every domain.
  CHECK(verdict_in(verdicts, "corp.example.com").readiness == Readiness::not_ready);
  CHECK(verdict_in(verdicts, "emea.corp.example.com").readiness == Readiness::ready);
  // A subject that is a host (or an SPN's host) in a domain: that domain.
  report.findings[0].subject = "HTTP/intra.emea.corp.example.com";
  verdicts = compute_verdicts(report);
  CHECK(verdict_in(verdicts, "corp.example.com").readiness == Readiness::ready);
  CHECK(verdict_in(verdicts, "emea.corp.example.com").readiness == Readiness::not_ready);
  // The forest root was not scanned: every domain.
  report.findings[0].subject = "sPNMappings";
  report.metadata.forest_root = "elsewhere.example";
  for (const auto& v : compute_verdicts(report)) {
    CHECK(v.readiness == Readiness::not_ready);
  }
}
