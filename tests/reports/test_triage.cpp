#include "reports/reporter.hpp"
#include "src/scan/scan.hpp"
#include "src/scan/verdict.hpp"
#include "src/triage/stored_report.hpp"
#include "src/triage/suppressions.hpp"
#include "src/triage/triage.hpp"
#include "src/util/text.hpp"
#include "tests/support/snapshot_builder.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace kerbready;

namespace {

StoredFinding
stored(const std::string& id, const std::string& check_id, Severity severity = Severity::high)
{
  StoredFinding f;
  f.id = id;
  f.check_id = check_id;
  f.severity = severity;
  f.subject = "subject of " + id;
  return f;
}

// Duplicate SPNs on two pairs of accounts, and one malformed SPN.
Report
sample_report()
{
  test::SnapshotBuilder b;
  b.user("a").service_principal_names = {"HTTP/web.corp.example.com", "HTTP/sql.corp.example.com"};
  b.user("b").service_principal_names = {"HTTP/web.corp.example.com", "HTTP/sql.corp.example.com"};
  b.user("c").service_principal_names = {"HTTP/bad name.corp.example.com"};
  auto report = run_checks(b.build(), {"SPN-DUPLICATE", "SPN-MALFORMED"});
  report.metadata.tool_version = "test";
  report.metadata.source = "snapshot";
  return report;
}

Suppression
rule(std::string finding_id, std::string check_id, std::string subject, std::int64_t expires_day)
{
  Suppression s;
  s.finding_id = std::move(finding_id);
  s.check_id = std::move(check_id);
  s.subject = std::move(subject);
  s.reason = "because";
  s.owner = "owner@corp.example.com";
  s.expires = "2026-01-31";
  s.expires_day = expires_day;
  s.origin = "test.toml:1";
  return s;
}

} // namespace

TEST_CASE("diff_reports: new, unchanged, resolved by id", "[triage]")
{
  StoredReport before;
  before.data_sets = static_cast<unsigned>(DataSet::domain);
  before.evaluated_checks = {"SPN-DUPLICATE", "SPN-MALFORMED"};
  before.findings = {stored("A", "SPN-DUPLICATE"), stored("B", "SPN-DUPLICATE"), stored("C", "SPN-MALFORMED")};
  StoredReport after;
  after.data_sets = static_cast<unsigned>(DataSet::domain);
  after.evaluated_checks = {"SPN-DUPLICATE"}; // SPN-MALFORMED did not run this time
  after.findings = {stored("B", "SPN-DUPLICATE"), stored("D", "SPN-DUPLICATE", Severity::low)};

  const auto diff = diff_reports(before, after);
  CHECK(diff.count(Change::added) == 1);
  CHECK(diff.count(Change::unchanged) == 1);
  CHECK(diff.count(Change::resolved) == 1);
  CHECK(diff.count(Change::not_reevaluated) == 1);
  REQUIRE(diff.entries.size() == 4);
  CHECK(diff.entries[0].finding.id == "D");
  CHECK(diff.entries[0].change == Change::added);
  CHECK(diff.entries[1].finding.id == "A");
  CHECK(diff.entries[1].change == Change::resolved);
  CHECK_FALSE(diff.entries[1].gap);
  // C's check did not run: not resolved, not re-evaluated.
  CHECK(diff.entries[2].finding.id == "C");
  CHECK(diff.entries[2].change == Change::not_reevaluated);
  REQUIRE(diff.entries[2].gap);
  CHECK(diff.entries[2].gap->reason == GapReason::check_not_run);
  CHECK(diff.entries[3].finding.id == "B");
  CHECK(diff.entries[3].change == Change::unchanged);

  CHECK(diff.has_new_at_or_above(Severity::low));
  CHECK_FALSE(diff.has_new_at_or_above(Severity::medium));
  after.findings[1].suppressed = true;
  CHECK_FALSE(diff_reports(before, after).has_new_at_or_above(Severity::info));
}

namespace {

// A complete scan of two domains with every data set, the events and the checks of the
// reevaluation_gap tests.
StoredReport
full_scan()
{
  StoredReport r;
  r.data_sets = (DataSet::domain | DataSet::configuration) | (DataSet::dns | DataSet::sysvol);
  r.events_read = true;
  r.forest_root = "corp.example.com";
  r.domains = {"corp.example.com", "child.corp.example.com"};
  r.evaluated_checks = {"SPN-DUPLICATE", "GPO-NTLM-LMCOMPAT", "DNS-CNAME-NO-SPN", "EVT-NTLM-V1"};
  return r;
}

StoredFinding
in_domain(StoredFinding f, std::string domain)
{
  f.domains.push_back(std::move(domain));
  return f;
}

std::optional<GapReason>
gap_of(const StoredFinding& f, const StoredReport& after)
{
  const auto gap = reevaluation_gap(f, full_scan(), after);
  if (gap) {
    CHECK_FALSE(gap->detail.empty());
  }
  return gap ? std::optional<GapReason>(gap->reason) : std::nullopt;
}

} // namespace

TEST_CASE("reevaluation_gap: a complete scan that looked resolves", "[triage][resolved]")
{
  const auto after = full_scan();
  CHECK_FALSE(gap_of(in_domain(stored("A", "SPN-DUPLICATE"), "corp.example.com"), after));
  CHECK_FALSE(gap_of(in_domain(stored("A", "SPN-DUPLICATE"), "CHILD.corp.example.com"), after)); // case-insensitive
  CHECK_FALSE(gap_of(stored("A", "SPN-DUPLICATE"), after)); // forest-wide: every domain was read
  CHECK_FALSE(gap_of(in_domain(stored("G", "GPO-NTLM-LMCOMPAT"), "corp.example.com"), after));
  CHECK_FALSE(gap_of(stored("N", "DNS-CNAME-NO-SPN"), after));
  CHECK_FALSE(gap_of(stored("E", "EVT-NTLM-V1"), after));
}

TEST_CASE("reevaluation_gap: each reason a missing finding is not resolved", "[triage][resolved]")
{
  const auto spn = in_domain(stored("A", "SPN-DUPLICATE"), "child.corp.example.com");

  SECTION("the scan is incomplete")
  {
    auto after = full_scan();
    after.complete = false;
    after.completeness_verifiable = false; // incompleteness is named first
    CHECK(gap_of(spn, after) == GapReason::scan_incomplete);
  }
  SECTION("its completeness cannot be verified")
  {
    auto after = full_scan();
    after.completeness_verifiable = false;
    CHECK(gap_of(spn, after) == GapReason::completeness_not_verifiable);
    CHECK(gap_of(stored("E", "EVT-NTLM-V1"), after) == GapReason::completeness_not_verifiable);
  }
  SECTION("the check was excluded with --check or not evaluated")
  {
    auto after = full_scan();
    after.evaluated_checks = {"GPO-NTLM-LMCOMPAT"};
    CHECK(gap_of(spn, after) == GapReason::check_not_run);
    // An unknown check (from a later kerbready) that did not run.
    CHECK(gap_of(stored("X", "NO-SUCH-CHECK"), after) == GapReason::check_not_run);
  }
  SECTION("SYSVOL was not read: GPO findings, not the others")
  {
    auto after = full_scan();
    after.data_sets &= ~static_cast<unsigned>(DataSet::sysvol);
    const auto gap = reevaluation_gap(stored("G", "GPO-NTLM-LMCOMPAT"), full_scan(), after);
    REQUIRE(gap);
    CHECK(gap->reason == GapReason::data_set_not_read);
    CHECK_THAT(gap->detail, Catch::Contains("SYSVOL"));
    CHECK_FALSE(gap_of(spn, after));
  }
  SECTION("the DNS partitions were not read: DNS findings")
  {
    auto after = full_scan();
    after.data_sets &= ~static_cast<unsigned>(DataSet::dns);
    CHECK(gap_of(stored("N", "DNS-CNAME-NO-SPN"), after) == GapReason::data_set_not_read);
    CHECK_FALSE(gap_of(spn, after));
  }
  SECTION("no audit events were read: event findings")
  {
    auto after = full_scan();
    after.events_read = false;
    CHECK(gap_of(stored("E", "EVT-NTLM-V1"), after) == GapReason::data_set_not_read);
    CHECK_FALSE(gap_of(spn, after));
  }
  SECTION("the finding's domain was not read")
  {
    auto after = full_scan();
    after.domains = {"corp.example.com"};
    CHECK(gap_of(spn, after) == GapReason::domain_not_read);
    // A finding without a domain rests on every domain the earlier scan read.
    CHECK(gap_of(stored("A", "SPN-DUPLICATE"), after) == GapReason::domain_not_read);
    CHECK_FALSE(gap_of(in_domain(stored("A", "SPN-DUPLICATE"), "corp.example.com"), after));
    // A domain the earlier scan did not read either (a trusted forest) is not asked for.
    CHECK_FALSE(
      gap_of(in_domain(in_domain(stored("T", "SPN-DUPLICATE"), "other.example.org"), "corp.example.com"), after));
  }
}

TEST_CASE("diff_reports: an incomplete scan resolves nothing; new findings still count", "[triage][resolved]")
{
  auto before = full_scan();
  before.findings = {stored("A", "SPN-DUPLICATE"), stored("B", "SPN-DUPLICATE")};
  auto after = full_scan();
  after.complete = false;
  after.findings = {stored("B", "SPN-DUPLICATE"), stored("C", "SPN-DUPLICATE", Severity::critical)};
  const auto diff = diff_reports(before, after);
  CHECK(diff.count(Change::resolved) == 0);
  CHECK(diff.count(Change::not_reevaluated) == 1);
  CHECK(diff.count(Change::added) == 1);
  CHECK(diff.count(Change::unchanged) == 1);
  CHECK(diff.has_new_at_or_above(Severity::critical));
  after.complete = true;
  CHECK(diff_reports(before, after).count(Change::resolved) == 1);
}

TEST_CASE("glob_match: *, ? and case", "[triage]")
{
  CHECK(glob_match("HTTP/*.corp.example.com", "http/web01.CORP.example.com"));
  CHECK(glob_match("*", ""));
  CHECK(glob_match("a?c", "abc"));
  CHECK_FALSE(glob_match("a?c", "ac"));
  CHECK_FALSE(glob_match("HTTP/*.corp.example.com", "HTTP/web01.corp.example.org"));
  CHECK(glob_match("*sql*:1433", "MSSQLSvc/sql01.corp.example.com:1433"));
  CHECK_FALSE(glob_match("web", "web01"));
  // Pathological patterns stay fast (no exponential backtracking).
  CHECK_FALSE(glob_match("a*a*a*a*a*a*a*a*a*a*b", std::string(5000, 'a')));
}

TEST_CASE("parse_date: calendar dates only", "[triage]")
{
  CHECK(parse_date("1970-01-01") == 0);
  CHECK(parse_date("2026-01-01") == 20454);
  CHECK(parse_date("2024-02-29") == 19782);
  CHECK_FALSE(parse_date("2026-02-29"));
  CHECK_FALSE(parse_date("2026-13-01"));
  CHECK_FALSE(parse_date("2026-1-01"));
  CHECK_FALSE(parse_date("tomorrow"));
}

TEST_CASE("apply_suppressions: first live rule wins; expired and unmatched are reported", "[triage]")
{
  auto report = sample_report();
  REQUIRE(report.findings.size() == 3);
  const auto today = *parse_date("2026-01-15");
  std::string duplicate_web;
  for (const auto& f : report.findings) {
    if (f.check_id == "SPN-DUPLICATE" && f.subject == "HTTP/web.corp.example.com") {
      duplicate_web = f.id;
    }
  }
  REQUIRE_FALSE(duplicate_web.empty());
  apply_suppressions(report,
                     {rule(duplicate_web, "", "", today),             // active, by id
                      rule("", "SPN-MALFORMED", "", today - 1),       // expired yesterday
                      rule("", "", "HTTP/*sql*", today + 30),         // active, by subject
                      rule("", "SPN-DUPLICATE", "nothing/*", today)}, // matches nothing
                     "test.toml", today);
  const auto& t = report.triage;
  CHECK(t.suppressed_count() == 2);
  CHECK(t.is_suppressed(duplicate_web));
  REQUIRE(t.suppressions.size() == 4);
  CHECK(t.suppressions[0].state == SuppressionState::active);
  CHECK(t.suppressions[1].state == SuppressionState::expired);
  CHECK(t.suppressions[1].matched == 1);
  CHECK(t.suppressions[2].state == SuppressionState::active);
  CHECK(t.suppressions[3].state == SuppressionState::unmatched);
  // The expired rule silences nothing: the malformed SPN is reported again and still gates.
  CHECK(report.has_findings_at_or_above(Severity::low));
  CHECK_FALSE(report.has_findings_at_or_above(Severity::high));
}

TEST_CASE("apply_baseline marks findings; suppressed new findings do not gate", "[triage]")
{
  auto report = sample_report();
  StoredReport baseline = to_stored(report);
  baseline.path = "old.json";
  baseline.findings.erase(baseline.findings.begin()); // the first finding is new
  baseline.findings.push_back(stored("SPN-DUPLICATE-00000000000000ff", "SPN-DUPLICATE"));
  const auto first = report.findings.front().id;

  apply_baseline(report, baseline);
  REQUIRE(report.triage.baseline);
  CHECK(report.triage.change_of(first) == Change::added);
  CHECK(report.triage.change_of(report.findings.back().id) == Change::unchanged);
  CHECK(report.triage.baseline->diff.count(Change::resolved) == 1);
  CHECK(report.triage.baseline->diff.has_new_at_or_above(Severity::high));

  auto suppressed = sample_report();
  apply_suppressions(suppressed, {rule(first, "", "", 100000)}, "s.toml", 0);
  apply_baseline(suppressed, baseline);
  CHECK_FALSE(suppressed.triage.baseline->diff.has_new_at_or_above(Severity::info));
}

TEST_CASE("stored reports round-trip through our own JSON", "[triage][json]")
{
  auto report = sample_report();
  apply_suppressions(report, {rule("", "SPN-MALFORMED", "", 100000)}, "s.toml", 0);
  const auto stored_report = triage::parse_stored_report(reports::to_json_string(report), "r.json");
  REQUIRE(stored_report);
  CHECK(stored_report->path == "r.json");
  CHECK(stored_report->complete);
  CHECK(stored_report->evaluated_checks == std::vector<std::string>{"SPN-DUPLICATE", "SPN-MALFORMED"});
  CHECK(stored_report->completeness_verifiable);
  CHECK(stored_report->data_sets == report.metadata.data_sets);
  CHECK(stored_report->domains == report.metadata.domains);
  CHECK_FALSE(stored_report->events_read);
  REQUIRE(stored_report->findings.size() == report.findings.size());
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    CHECK(stored_report->findings[i].id == report.findings[i].id);
    CHECK(stored_report->findings[i].severity == report.findings[i].severity);
    CHECK(stored_report->findings[i].suppressed == (report.findings[i].check_id == "SPN-MALFORMED"));
  }
}

TEST_CASE("stored reports: completeness_verifiable and affected domains are read back", "[triage][json][resolved]")
{
  auto report = sample_report();
  const auto baseline = triage::parse_stored_report(reports::to_json_string(report), "old.json");
  REQUIRE(baseline);
  REQUIRE_FALSE(baseline->findings.empty());
  CHECK(baseline->findings.front().domains == std::vector<std::string>{report.metadata.domains.front()});

  // The newer report, hand-edited as a plain LDIF export would leave it: complete but unverifiable.
  report.findings.pop_back();
  auto doc = nlohmann::json::parse(reports::to_json_string(report));
  REQUIRE(doc["scan"]["completeness_verifiable"] == true);
  doc["scan"]["completeness_verifiable"] = false;
  const auto after = triage::parse_stored_report(doc.dump(), "new.json");
  REQUIRE(after);
  CHECK_FALSE(after->completeness_verifiable);
  const auto diff = diff_reports(*baseline, *after);
  CHECK(diff.count(Change::resolved) == 0);
  REQUIRE(diff.count(Change::not_reevaluated) == 1);
  CHECK(diff.entries.front().gap->reason == GapReason::completeness_not_verifiable);

  // Reports written before the key existed read as verifiable: the same finding is resolved.
  doc["scan"].erase("completeness_verifiable");
  const auto older = triage::parse_stored_report(doc.dump(), "new.json");
  REQUIRE(older);
  CHECK(older->completeness_verifiable);
  CHECK(diff_reports(*baseline, *older).count(Change::resolved) == 1);
}

TEST_CASE("stored reports: malformed or foreign files fail with one line", "[triage][json]")
{
  const auto error_of = [](std::string_view text) {
    const auto r = triage::parse_stored_report(text, "x.json");
    REQUIRE_FALSE(r);
    CHECK(r.error().find('\n') == std::string::npos);
    CHECK(r.error().rfind("x.json: ", 0) == 0);
    return r.error();
  };
  CHECK_THAT(error_of("{\"tool\": "), Catch::Contains("not valid JSON"));
  CHECK_THAT(error_of("[1, 2]"), Catch::Contains("not a kerbready JSON report"));
  CHECK_THAT(error_of(R"({"tool": "kerbready"})"), Catch::Contains("not a kerbready JSON report"));
  CHECK_THAT(error_of(R"({"tool": {"name": "kerbready"}, "schema_version": "2.0"})"),
             Catch::Contains("unsupported report schema_version"));
  CHECK_THAT(error_of(R"({"tool": {"name": "kerbready"}, "schema_version": "1.0", "scan": {}, "checks": []})"),
             Catch::Contains("missing \"findings\""));
  CHECK_THAT(error_of(R"({"tool": {"name": "kerbready"}, "schema_version": "1.0", "scan": {}, "checks": [],
                          "findings": [{"id": "X-1", "check_id": "X", "severity": "urgent"}]})"),
             Catch::Contains("findings[0]: unknown severity"));
  CHECK_THAT(error_of(R"({"tool": {"name": "kerbready"}, "schema_version": "1.0", "scan": {}, "checks": [],
                          "findings": [{"check_id": 3}]})"),
             Catch::Contains("findings[0]: missing string \"id\""));
}

TEST_CASE("suppressions file: valid TOML", "[triage][toml]")
{
  const auto rules = triage::parse_suppressions(R"(# accepted exceptions
[[suppression]]
id = "SPN-DUPLICATE-434e69b8b4320ca1"
reason = "old intranet account"
owner = "web-team"
expires = 2026-09-30

[[suppression]]
check = "SPN-MALFORMED"
subject = "HTTP/*.lab.corp.example.com"
reason = "lab"
owner = "lab-team"
expires = "2024-02-29"
)",
                                                "s.toml");
  REQUIRE(rules);
  REQUIRE(rules->size() == 2);
  CHECK((*rules)[0].finding_id == "SPN-DUPLICATE-434e69b8b4320ca1");
  CHECK((*rules)[0].expires == "2026-09-30");
  CHECK((*rules)[0].expires_day == *parse_date("2026-09-30"));
  CHECK((*rules)[0].origin == "s.toml:2");
  CHECK((*rules)[1].check_id == "SPN-MALFORMED");
  CHECK((*rules)[1].subject == "HTTP/*.lab.corp.example.com");
  CHECK((*rules)[1].origin == "s.toml:8");
  CHECK(triage::parse_suppressions("", "empty.toml")->empty());
}

TEST_CASE("suppressions file: every mistake is one line naming file and line", "[triage][toml]")
{
  const auto error_of = [](const std::string& text) {
    const auto r = triage::parse_suppressions(text, "s.toml");
    REQUIRE_FALSE(r);
    CHECK(r.error().find('\n') == std::string::npos);
    return r.error();
  };
  const std::string tail = "reason = \"r\"\nowner = \"o\"\nexpires = 2026-01-01\n";
  CHECK_THAT(error_of("[[suppression]\n"), Catch::StartsWith("s.toml:1: invalid TOML"));
  CHECK_THAT(error_of("[[suppression]]\nid = \"X\"\nreason = \"r\"\nowner = \"o\"\nexpires = 2026-02-30\n"),
             Catch::StartsWith("s.toml:5: invalid TOML"));
  CHECK_THAT(error_of("[[suppression]]\nid = \"X\"\nexpiry = 2026-01-01\n" + tail),
             Catch::StartsWith("s.toml:3: unknown key \"expiry\""));
  CHECK_THAT(error_of("[[suppression]]\n" + tail), Catch::Contains("selects nothing"));
  CHECK_THAT(error_of("[[suppression]]\ncheck = \"NO-SUCH\"\n" + tail), Catch::Contains("unknown check id"));
  CHECK_THAT(error_of("[[suppression]]\nsubject = \"*\"\n" + tail), Catch::Contains("every finding"));
  CHECK_THAT(error_of("[[suppression]]\nid = \"X\"\nreason = \" \"\nowner = \"o\"\nexpires = 2026-01-01\n"),
             Catch::Contains("reason and an owner"));
  CHECK_THAT(error_of("[[suppression]]\nid = \"X\"\nreason = \"r\"\nowner = \"o\"\n"), Catch::Contains("expiry date"));
  CHECK_THAT(error_of("[[suppression]]\nid = \"X\"\nreason = \"r\"\nowner = \"o\"\nexpires = \"soon\"\n"),
             Catch::Contains("is not a date"));
  CHECK_THAT(error_of("[[suppression]]\nid = 5\n" + tail), Catch::Contains("must be a string"));
  CHECK_THAT(error_of("[suppressions]\nid = \"X\"\n"), Catch::Contains("unknown key \"suppressions\""));
}

TEST_CASE("suppressions file: a subject of wildcards only is refused", "[triage][toml]")
{
  const std::string tail = "reason = \"r\"\nowner = \"o\"\nexpires = 2026-01-01\n";
  for (const std::string pattern : {"*", "**", "*?", "?*", "?**?", "***"}) {
    CAPTURE(pattern);
    const auto r = triage::parse_suppressions(
      "[[suppression]]\ncheck = \"SPN-MALFORMED\"\nsubject = \"" + pattern + "\"\n" + tail, "s.toml");
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error(), Catch::StartsWith("s.toml:3: subject") && Catch::Contains("every finding"));
  }
  for (const std::string pattern : {"?", "??", "a*", "*.lab.*", "?*x"}) {
    CAPTURE(pattern);
    CHECK(triage::parse_suppressions("[[suppression]]\nsubject = \"" + pattern + "\"\n" + tail, "s.toml"));
  }
  const auto id = triage::parse_suppressions("[[suppression]]\nid = \"SPN-*\"\n" + tail, "s.toml");
  REQUIRE_FALSE(id);
  CHECK_THAT(id.error(), Catch::StartsWith("s.toml:2: id") && Catch::Contains("wildcard"));
}

TEST_CASE("suppressions file: byte-order marks and deep nesting", "[triage][toml]")
{
  const std::string rule = "[[suppression]]\nid = \"X\"\nreason = \"r\"\nowner = \"o\"\nexpires = 2026-01-01\n";
  const auto with_bom = triage::parse_suppressions("\xEF\xBB\xBF" + rule, "s.toml");
  REQUIRE(with_bom);
  CHECK(with_bom->size() == 1);
  CHECK((*with_bom)[0].origin == "s.toml:1");
  const auto utf16 = triage::parse_suppressions(std::string("\xFF\xFE[\0[\0", 6), "s.toml");
  REQUIRE_FALSE(utf16);
  CHECK_THAT(utf16.error(), Catch::StartsWith("s.toml:1: UTF-16 byte-order mark"));
  const auto deep =
    triage::parse_suppressions(rule + "x = " + std::string(100000, '[') + std::string(100000, ']'), "s.toml");
  REQUIRE_FALSE(deep);
  CHECK(deep.error() == "s.toml:6: arrays or tables nested deeper than 64 levels");
  CHECK(triage::check_toml("a = [[1], {b = [2]}]\n", "c.toml") == std::nullopt);
  CHECK(triage::check_toml("a = \"open\n", "c.toml").value_or("").rfind("c.toml:1: invalid TOML", 0) == 0);
}

TEST_CASE("suppressions file and --config: invalid UTF-8 is refused before toml11 reads it", "[triage][toml]")
{
  // The fuzzer's input: invalid UTF-8 inside a quoted key made toml11 3.7.1 read out of bounds.
  const std::string crash = "'dsuppression\xba]'d?uppression]]\nidson\nidson 1.-01\n";
  const auto parsed = triage::parse_suppressions(crash, "s.toml");
  REQUIRE_FALSE(parsed);
  CHECK(parsed.error() == "s.toml:1: not valid UTF-8 (TOML files are UTF-8)");
  CHECK(triage::check_toml("[scan]\nformat = \"json\"\nfail-on = '\xff'\n", "c.toml") ==
        std::optional<std::string>("c.toml:3: not valid UTF-8 (TOML files are UTF-8)"));
  CHECK(triage::check_toml("[scan]\n# caf\xc3\xa9\n", "c.toml") == std::nullopt); // valid UTF-8 is fine
}

namespace {

// Findings whose subject, summary and evidence hold what each format must neutralise.
Report
hostile_report_for_outputs()
{
  test::SnapshotBuilder b;
  b.user("svc\x1b[2J").service_principal_names = {"=HYPERLINK(\"http://x\")|<script>alert(1)</script>`**\"\\\n",
                                                  "=HYPERLINK(\"http://x\")|<script>alert(1)</script>`**\"\\\n"};
  b.user("svc2").service_principal_names = {"=HYPERLINK(\"http://x\")|<script>alert(1)</script>`**\"\\\n"};
  b.user("svc3").service_principal_names = {"HTTP/bad\xff\xfe name"};
  auto report = run_checks(b.build(), {"SPN-DUPLICATE", "SPN-MALFORMED"});
  report.metadata.tool_version = "test";
  report.metadata.domains = {"corp.example.com\"}\n"};
  report.checks_subset = false;               // judge the two checks that ran
  report.verdicts = compute_verdicts(report); // domains and subset changed: judge again, as finalize does
  return report;
}

// Return `markdown` without its fenced code blocks, whose content is shown literally.
std::string
outside_code(std::string_view markdown)
{
  std::string out;
  bool in_code = false;
  for (const auto line : util::split(markdown, '\n')) {
    if (line.rfind("```", 0) == 0) {
      in_code = !in_code;
      continue;
    }
    if (!in_code) {
      out += std::string(line) + "\n";
    }
  }
  return out;
}

std::string
render(void (*write)(const Report&, std::ostream&, const reports::OutputOptions&), const Report& report)
{
  std::ostringstream out;
  write(report, out, {});
  return out.str();
}

} // namespace

TEST_CASE("markdown, csv, jsonl and metrics neutralise directory strings", "[reports][outputs]")
{
  const auto report = hostile_report_for_outputs();
  REQUIRE(report.findings.size() >= 2);

  const auto markdown = render(reports::write_markdown, report);
  CHECK(outside_code(markdown).find("<script>") == std::string::npos);
  CHECK(outside_code(markdown).find("&lt;script&gt;") != std::string::npos);
  CHECK(markdown.find('\x1b') == std::string::npos);
  CHECK(util::is_valid_utf8(markdown));
  // A table row has exactly 6 unescaped pipes, whatever the subject holds.
  for (const auto line : util::split(markdown, '\n')) {
    if (line.rfind("| [", 0) == 0) {
      std::size_t pipes = 0;
      for (std::size_t i = 0; i < line.size(); ++i) {
        pipes += line[i] == '|' && (i == 0 || line[i - 1] != '\\') ? 1 : 0;
      }
      CHECK(pipes == 6);
    }
  }

  const auto csv = render(reports::write_csv, report);
  CHECK(csv.find(",\"=HYPERLINK") == std::string::npos);
  CHECK(csv.find(",\"'=HYPERLINK") != std::string::npos);
  CHECK(csv.find('\x1b') == std::string::npos);
  CHECK(util::is_valid_utf8(csv));

  const auto jsonl = render(reports::write_tickets, report);
  std::size_t lines = 0;
  for (const auto line : util::split(jsonl, '\n')) {
    if (line.empty()) {
      continue;
    }
    ++lines;
    const auto ticket = nlohmann::json::parse(line);
    CHECK(outside_code(ticket["description"].get<std::string>()).find("<script>") == std::string::npos);
    CHECK(ticket["dedup_key"].get<std::string>().rfind(ticket["check_id"].get<std::string>(), 0) == 0);
  }
  CHECK(lines == report.findings.size());

  const auto metrics = render(reports::write_metrics, report);
  // The line feed became a visible \x0a (sanitize), whose backslash is then escaped; the quote is escaped.
  // (Not ready: no audit events, so at best "directory ready, no traffic evidence".)
  CHECK(metrics.find(R"(kerbready_domain_ready{domain="corp.example.com\"}\\x0a"} 0)") != std::string::npos);
  for (const auto line : util::split(metrics, '\n')) {
    CHECK(line.find('\x1b') == std::string::npos);
  }
}

TEST_CASE("a hostile baseline's ids and check ids are neutralised in every format", "[reports][outputs]")
{
  auto report = sample_report();
  StoredReport baseline = to_stored(report);
  baseline.path = "old.json";
  // A finding that is gone (so listed as resolved: its check ran) whose id and subject came from a
  // doctored baseline file.
  auto hostile = stored("X-\x1b]0;owned\x07-<script>alert(1)</script>-[link](http://evil)-|cell|-\xE2\x80\xAE"
                        "gpj.exe",
                        "SPN-DUPLICATE");
  hostile.subject = "resolved\x1b[31m<b>*bold*</b>\xE2\x81\xA6";
  baseline.findings.push_back(hostile);
  apply_baseline(report, baseline);
  REQUIRE(report.triage.baseline->diff.count(Change::resolved) == 1);

  const auto text = render(reports::write_text, report);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find("\xE2\x80\xAE") == std::string::npos);
  CHECK(text.find("\\x1b]0;owned\\x07") != std::string::npos);
  CHECK(text.find("gpj.exe") != std::string::npos);

  const auto markdown = render(reports::write_markdown, report);
  CHECK(markdown.find('\x1b') == std::string::npos);
  CHECK(markdown.find("\xE2\x80\xAE") == std::string::npos);
  CHECK(markdown.find("\xE2\x81\xA6") == std::string::npos);
  CHECK(outside_code(markdown).find("<script>") == std::string::npos);
  CHECK(outside_code(markdown).find("<b>") == std::string::npos);
  CHECK(markdown.find("-[link](") == std::string::npos); // a live link
  CHECK(markdown.find("\\[link\\]") != std::string::npos);
  CHECK(markdown.find("\\|cell\\|") != std::string::npos);

  const auto html = render(reports::write_html, report);
  CHECK(html.find('\x1b') == std::string::npos);
  CHECK(html.find("\xE2\x80\xAE") == std::string::npos);
  CHECK(html.find("<script>alert") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);

  const auto csv = render(reports::write_csv, report);
  CHECK(csv.find('\x1b') == std::string::npos);

  // JSON formats keep the ids exactly (JSON escaping makes them inert) and stay parseable.
  const auto json = nlohmann::json::parse(render(reports::write_json, report));
  bool found = false;
  for (const auto& f : json["baseline"]["resolved_findings"]) {
    found = found || f["id"] == hostile.id;
  }
  CHECK(found);
  const auto jsonl = render(reports::write_tickets, report);
  CHECK(jsonl.find('\x1b') == std::string::npos);
  std::size_t resolved_lines = 0;
  for (const auto line : util::split(jsonl, '\n')) {
    if (line.empty()) {
      continue;
    }
    const auto ticket = nlohmann::json::parse(line);
    if (ticket["status"] == "resolved") {
      ++resolved_lines;
      CHECK(ticket["dedup_key"] == hostile.id);
      CHECK(ticket["title"].get<std::string>().find('\x1b') == std::string::npos);
      CHECK(ticket["labels"][1].get<std::string>().find('\x1b') == std::string::npos);
    }
  }
  CHECK(resolved_lines == 1);
}

TEST_CASE("domain verdicts follow unsuppressed findings", "[reports][outputs]")
{
  auto report = sample_report();
  report.metadata.domains = {"corp.example.com"};
  // sample_report runs two checks only, which alone makes every verdict "unknown"; judge the two.
  report.checks_subset = false;
  // The verdicts are computed once, after triage (finalize_report); judge again after each change.
  const auto judge = [&] {
    report.verdicts = compute_verdicts(report);
    return report.verdicts;
  };
  auto verdicts = judge();
  REQUIRE(verdicts.size() == 1);
  CHECK(reports::display_verdict(verdicts[0]) == "not_ready");
  apply_suppressions(report, {rule("", "SPN-DUPLICATE", "", 100000)}, "s.toml", 0);
  // Only a low finding is left, but no audit events say what still uses NTLM.
  CHECK(reports::display_verdict(judge()[0]) == "no_traffic_evidence");
  report.traffic.present = true;
  report.traffic.days = report.policy.min_event_days;
  CHECK(reports::display_verdict(judge()[0]) == "ready"); // only a low finding is left
  report.diagnostics.push_back({"x.ldif:1", "unreadable"});
  CHECK(reports::display_verdict(judge()[0]) == "unknown");
}

// A live finding whose account then goes stale is folded into its check's stale group: off the
// verdict, but nothing was fixed. The diff says not re-evaluated (folded_into_stale_group), never
// resolved; a finding whose account was deleted is resolved. Through the JSON reports, as
// `kerbready diff` and `scan --baseline` read them.
TEST_CASE("diff_reports: a finding folded into a stale group is not resolved", "[triage][resolved][stale]")
{
  constexpr std::int64_t k_now = 1767225600; // 2026-01-01
  constexpr std::int64_t k_day = 86400;
  const auto scan = [&](bool went_stale, bool deleted) {
    test::SnapshotBuilder b;
    b.group("Read-only Domain Controllers", 521).when_created = k_now - 6 * 365 * k_day;
    b.snapshot().reference_time = k_now;
    auto& live = b.computer("LIVE01");
    live.pwd_last_set = k_now - 2 * k_day;
    live.last_logon_timestamp = k_now - 2 * k_day;
    auto& old = b.user("old_app"); // no AES keys: password set before the domain had AES
    old.pwd_last_set = 1262304000;
    old.last_logon_timestamp = went_stale ? k_now - 400 * k_day : k_now - 3 * k_day;
    if (!deleted) {
      auto& gone = b.user("gone_app");
      gone.pwd_last_set = 1262304000;
      gone.last_logon_timestamp = k_now - 3 * k_day;
    }
    auto report = run_checks(b.build(), {"ENC-NO-AES-KEYS"});
    report.metadata.tool_version = "test";
    report.metadata.source = "snapshot";
    report.metadata.domains = {"corp.example.com"};
    return report;
  };
  const auto before_report = scan(false, false);
  const auto after_report = scan(true, true);
  const auto before = triage::parse_stored_report(reports::to_json_string(before_report), "old.json");
  const auto after = triage::parse_stored_report(reports::to_json_string(after_report), "new.json");
  REQUIRE(before);
  REQUIRE(after);
  const auto id_of = [](const Report& r, std::string_view subject) {
    for (const auto& f : r.findings) {
      if (f.subject == subject) {
        return f.id;
      }
    }
    return std::string();
  };
  const auto old_id = id_of(before_report, "old_app");
  const auto gone_id = id_of(before_report, "gone_app");
  REQUIRE(!old_id.empty());
  REQUIRE(!gone_id.empty());
  REQUIRE(id_of(after_report, "old_app").empty()); // folded: its own finding is gone

  const auto diff = diff_reports(*before, *after);
  const auto entry = [&](const std::string& id) -> const DiffEntry& {
    const auto it =
      std::find_if(diff.entries.begin(), diff.entries.end(), [&](const DiffEntry& e) { return e.finding.id == id; });
    REQUIRE(it != diff.entries.end());
    return *it;
  };
  const auto& folded = entry(old_id);
  CHECK(folded.change == Change::not_reevaluated);
  REQUIRE(folded.gap);
  CHECK(folded.gap->reason == GapReason::folded_into_stale_group);
  CHECK_THAT(folded.gap->detail, Catch::Contains("1 stale user"));
  CHECK(entry(gone_id).change == Change::resolved); // the account was deleted
  CHECK(diff.count(Change::added) == 1);            // the stale group itself

  SECTION("the account logs on again: its finding is back, unchanged")
  {
    const auto again = triage::parse_stored_report(reports::to_json_string(scan(false, true)), "again.json");
    REQUIRE(again);
    const auto back = diff_reports(*before, *again);
    const auto it = std::find_if(back.entries.begin(), back.entries.end(),
                                 [&](const DiffEntry& e) { return e.finding.id == old_id; });
    REQUIRE(it != back.entries.end());
    CHECK(it->change == Change::unchanged);
  }
}
