// Every output format renders two fixed reports, built here and independent of the registered
// checks, and must equal its golden file in tests/golden/fixture/ (UPDATE_GOLDEN=1 rewrites them):
//
//   full     three domains (not ready, at risk, ready), audit events, a baseline comparison (new,
//            unchanged, resolved, not re-evaluated), suppressions (active, expired, unmatched) and
//            directory strings that try to escape every format (terminal escapes, newlines, bidi
//            controls, invalid UTF-8, HTML, Markdown, CSV formulas)
//   partial  an incomplete scan: a check not evaluated, a hostile diagnostic, no events, no triage
//
// The fixture's checks are its own (FIXTURE-*), never registered, so adding a check changes none
// of these goldens; only the example scan's golden shows a new check that fires on the example.
// The `kerbready diff` output is rendered from the full fixture and its baseline as well.

#include "reports/diff.hpp"
#include "reports/reporter.hpp"
#include "src/scan/scan.hpp"
#include "src/triage/stored_report.hpp"
#include "src/triage/triage.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using namespace kerbready;

namespace {

constexpr std::int64_t k_started_at = 1767225600; // 2026-01-01T00:00:00Z
constexpr std::int64_t k_day = 86400;
constexpr unsigned k_directory = DataSet::domain | DataSet::configuration;

// Stand-ins for checks: the reporters take a finding's check from the report first.
const Check k_spn_clash{.id = "FIXTURE-SPN-CLASH",
                        .title = "Two accounts hold one service principal name",
                        .severity = Severity::high,
                        .cause = FallbackCause::spn,
                        .description = "Fixture check: the KDC refuses a name two accounts hold.",
                        .remediation = "Remove the SPN from the account that does not run the service."};
const Check k_weak_etypes{.id = "FIXTURE-WEAK-ETYPES",
                          .title = "Account without AES keys",
                          .severity = Severity::medium,
                          .cause = FallbackCause::weak_crypto,
                          .description = "Fixture check: RC4-only accounts.",
                          .remediation = "Reset the password twice after enabling AES."};
const Check k_hostile{.id = "FIXTURE-HOSTILE-TEXT",
                      .title = "Title with <b>markup</b> | pipes & \"quotes\"",
                      .severity = Severity::low,
                      .cause = FallbackCause::app_config,
                      .description = "Fixture check: its findings carry directory strings that try to escape.",
                      .remediation = "Default fix: <script>alert('default')</script>"};
const Check k_info{.id = "FIXTURE-INFO-NOTE",
                   .title = "Informational note",
                   .severity = Severity::info,
                   .cause = FallbackCause::dfs,
                   .description = "Fixture check: info findings never count against a domain.",
                   .remediation = "Nothing to do."};
const Check k_needs_sysvol{.id = "FIXTURE-NEEDS-SYSVOL",
                           .title = "Policy read from SYSVOL",
                           .severity = Severity::high,
                           .cause = FallbackCause::app_config,
                           .description = "Fixture check: needs a SYSVOL copy.",
                           .remediation = "Scan with --sysvol.",
                           .needs = DataSet::domain | DataSet::sysvol};

AffectedObject
object(std::string sam, std::string dn, std::string domain)
{
  return {std::move(dn), std::move(sam), std::move(domain)};
}

Finding
finding(const Check& check, std::string subject, std::string summary, Severity severity, int bonus = 0)
{
  Finding f;
  f.check_id = std::string(check.id);
  f.severity = severity;
  f.cause = check.cause;
  f.subject = std::move(subject);
  f.key = f.subject;
  f.summary = std::move(summary);
  f.remediation = std::string(check.remediation);
  f.priority = severity_weight(severity) + bonus;
  return f;
}

// Fill ids (from check id and key, as the runner does) and the per-check counts.
void
number(Report& report)
{
  for (auto& f : report.findings) {
    f.id = make_finding_id(f.check_id, f.key);
  }
  for (auto& r : report.checks) {
    r.findings = static_cast<std::size_t>(std::count_if(report.findings.begin(), report.findings.end(),
                                                        [&](const Finding& f) { return f.check_id == r.check->id; }));
  }
}

ScanMetadata
metadata(std::vector<std::string> domains, unsigned data_sets)
{
  ScanMetadata m;
  m.tool_version = "0.0.0-fixture";
  m.source = "snapshot";
  m.inputs = {"fixture.ldif"};
  m.started_at = k_started_at;
  m.duration_ms = 1234;
  m.forest_root = domains.front();
  m.domains = std::move(domains);
  m.objects_read = 42;
  m.objects_per_partition = {{"CN=Configuration,DC=fixture,DC=test", 2}, {"DC=fixture,DC=test", 40}};
  m.data_sets = data_sets;
  m.collection = {{"collected_by", "fixture"}};
  m.fail_on = Severity::high;
  m.reference_time = k_started_at - 30 * k_day;
  m.reference_time_source = "snapshot";
  return m;
}

const char* const k_root = "fixture.test";
const char* const k_child = "child.fixture.test";
const char* const k_quiet = "quiet.fixture.test";

std::vector<Finding>
full_findings()
{
  std::vector<Finding> out;
  auto clash = finding(k_spn_clash, "HTTP/web01.fixture.test",
                       "2 accounts hold HTTP/web01.fixture.test: the KDC refuses to choose", Severity::high, 50);
  clash.tier0 = true;
  clash.affected = {object("WEB01$", "CN=WEB01,OU=Servers,DC=fixture,DC=test", k_root),
                    object("svc_web", "CN=svc_web,OU=Service Accounts,DC=fixture,DC=test", k_root)};
  clash.evidence = {{"servicePrincipalName of WEB01$", "HTTP/web01.fixture.test"},
                    {"servicePrincipalName of svc_web", "HTTP/web01.fixture.test"}};
  clash.observed = Observed{.count = 120,
                            .clients = 3,
                            .first_seen = k_started_at - 20 * k_day,
                            .last_seen = k_started_at - k_day,
                            .top_clients = {"ws01.fixture.test", "ws02.fixture.test", "10.0.0.7"}};
  out.push_back(std::move(clash));

  auto second = finding(k_spn_clash, "HTTP/app.fixture.test", "2 accounts hold HTTP/app.fixture.test", Severity::high);
  second.affected = {object("svc_app", "CN=svc_app,DC=fixture,DC=test", k_root)};
  out.push_back(std::move(second));

  auto weak = finding(k_weak_etypes, "svc_legacy", "svc_legacy has only RC4 keys", Severity::medium);
  weak.affected = {object("svc_legacy", "CN=svc_legacy,DC=child,DC=fixture,DC=test", k_child)};
  weak.evidence = {{"msDS-SupportedEncryptionTypes of svc_legacy", "4"}};
  out.push_back(std::move(weak));

  // Directory strings that try to escape: a terminal escape and a title change, a newline that
  // would start a line of its own, a bidi override, invalid UTF-8, a C1 CSI, HTML, Markdown
  // (pipes, emphasis, a link, backquotes) and CSV (a formula, quotes, commas).
  auto hostile = finding(k_hostile, "evil\x1b[2J\x1b]0;owned\x07\nFAKE: all clear \xe2\x80\xae txt.exe",
                         "<script>alert(1)</script> | *bold* _x_ [click](javascript:alert(1)) `code` "
                         "\xff\xfe \xC2\x9B"
                         "31m done",
                         Severity::low);
  hostile.key = "hostile-1";
  hostile.affected = {
    object("=HYPERLINK(\"http://x\",\"y\")", "CN=a\\,b \"q\",OU=<i>x</i>,DC=child,DC=fixture,DC=test", k_child)};
  hostile.evidence = {{"description of =cmd|' /C calc'!A0", "line one\nline two\r\n-- end"},
                      {"name & <tag>", "'single' \"double\" \xe2\x80\x98"
                                       "curly\xe2\x80\x99"}};
  hostile.remediation = "Rename it: Rename-ADObject -Identity 'CN=a' -NewName 'b'\n# a second line\n<img src=x>";
  out.push_back(std::move(hostile));

  auto low = finding(k_hostile, "plain-name", "a low finding in the quiet domain", Severity::low);
  low.affected = {object("plain", "CN=plain,DC=quiet,DC=fixture,DC=test", k_quiet)};
  out.push_back(std::move(low));

  auto info =
    finding(k_info, "\\\\fixture.test\\dfs", "a namespace note that counts against no domain", Severity::info);
  out.push_back(std::move(info));
  return out;
}

// The baseline the full fixture is compared with: one finding still there, one fixed since
// (resolved), one whose check this scan did not run (not re-evaluated).
StoredReport
full_baseline(const Report& today)
{
  StoredReport b;
  b.path = "baseline.json";
  b.started_at = "2025-12-01T00:00:00Z";
  b.data_sets = k_directory;
  b.events_read = true;
  b.forest_root = k_root;
  b.domains = {k_root, k_child, k_quiet};
  b.evaluated_checks = {"FIXTURE-HOSTILE-TEXT", "FIXTURE-INFO-NOTE", "FIXTURE-RETIRED", "FIXTURE-SPN-CLASH",
                        "FIXTURE-WEAK-ETYPES"};
  const auto same = std::find_if(today.findings.begin(), today.findings.end(),
                                 [](const Finding& f) { return f.check_id == "FIXTURE-WEAK-ETYPES"; });
  REQUIRE(same != today.findings.end());
  b.findings.push_back({same->id,
                        same->check_id,
                        "Account without AES keys",
                        same->severity,
                        "weak_crypto",
                        same->subject,
                        same->summary,
                        {k_child},
                        {},
                        false});
  b.findings.push_back({make_finding_id("FIXTURE-SPN-CLASH", "http/old.fixture.test"),
                        "FIXTURE-SPN-CLASH",
                        "Two accounts hold one service principal name",
                        Severity::high,
                        "spn",
                        "HTTP/old.fixture.test",
                        "2 accounts held HTTP/old.fixture.test",
                        {k_root},
                        {},
                        false});
  b.findings.push_back({make_finding_id("FIXTURE-RETIRED", "retired"),
                        "FIXTURE-RETIRED",
                        "A check this scan did not run",
                        Severity::medium,
                        "spn",
                        "retired",
                        "a finding of a check that did not run",
                        {k_root},
                        {},
                        false});
  return b;
}

struct Fixture
{
  Report report;
  std::optional<StoredReport> baseline;
};

Fixture
full_fixture()
{
  Fixture fx;
  auto& r = fx.report;
  r.metadata = metadata({k_root, k_child, k_quiet}, k_directory);
  r.metadata.collection["events"] = "3 files";
  for (const auto* c : {&k_hostile, &k_info, &k_spn_clash, &k_weak_etypes}) {
    r.checks.push_back({.check = c});
  }
  r.findings = full_findings();
  number(r);
  r.traffic.present = true;
  r.traffic.ntlm = 130;
  r.traffic.kerberos = 20000;
  r.traffic.first_seen = k_started_at - 30 * k_day;
  r.traffic.last_seen = k_started_at - k_day;
  r.traffic.days = 30;
  r.traffic.hosts = {{"dc01.fixture.test", 15000}, {"dc02.child.fixture.test", 5130}};
  r.traffic.host_count = 2;
  r.traffic.event_ids = {{4624, 30}, {4769, 20000}, {4776, 100}};
  r.traffic.unexplained = {{.domain = k_root,
                            .target = "files\x1b[31m.fixture.test",
                            .count = 10,
                            .accounts = {{"FIXTURE\\svc_<x>", 10}},
                            .clients = {{"ws03", 10}},
                            .reasons = {{"8 (no SPN)", 10}}}};

  TriageInputs inputs;
  inputs.baseline = full_baseline(r);
  fx.baseline = inputs.baseline;
  const auto today = k_started_at / k_day;
  auto rule = [](std::string finding_id, std::string check_id, std::string subject, std::string expires, int line) {
    Suppression s;
    s.finding_id = std::move(finding_id);
    s.check_id = std::move(check_id);
    s.subject = std::move(subject);
    s.reason = "accepted <risk> | until the \"migration\"";
    s.owner = "owner@fixture.test";
    s.expires = std::move(expires);
    s.expires_day = *parse_date(s.expires);
    s.origin = "suppressions.toml:" + std::to_string(line);
    return s;
  };
  const auto& second = *std::find_if(r.findings.begin(), r.findings.end(),
                                     [](const Finding& f) { return f.subject == "HTTP/app.fixture.test"; });
  inputs.suppressions = std::vector<Suppression>{rule(second.id, "", "", "2026-03-31", 1),
                                                 rule("", "FIXTURE-INFO-NOTE", "", "2025-12-31", 7),
                                                 rule("", "", "nothing-*", "2026-06-30", 13)};
  inputs.suppressions_path = "suppressions.toml";
  CHECK(today == *parse_date("2026-01-01"));
  scan::finalize_report(r, &inputs);
  return fx;
}

Fixture
partial_fixture()
{
  Fixture fx;
  auto& r = fx.report;
  r.metadata = metadata({k_root}, k_directory);
  r.metadata.completeness_verifiable = false;
  r.metadata.unverifiable_inputs = {"fixture.ldif"};
  r.checks.push_back({.check = &k_spn_clash});
  r.checks.push_back({.check = &k_needs_sysvol,
                      .status = CheckStatus::not_evaluated,
                      .reason = "needs sysvol (scan --sysvol DIR)",
                      .missing = static_cast<unsigned>(DataSet::sysvol)});
  auto f = finding(k_spn_clash, "HTTP/web01.fixture.test", "2 accounts hold HTTP/web01.fixture.test", Severity::medium);
  f.affected = {object("svc_web", "CN=svc_web,DC=fixture,DC=test", k_root)};
  r.findings.push_back(std::move(f));
  number(r);
  r.diagnostics = {{"fixture.ldif:17", "objectSid of CN=bad\x1b]0;owned\x07,DC=fixture,DC=test cannot be decoded\n"
                                       "FAKE: nothing else went wrong"}};
  scan::finalize_report(r, nullptr);
  return fx;
}

// Compare `actual` with the golden file tests/golden/fixture/`name`; UPDATE_GOLDEN=1 rewrites it.
void
golden(const std::string& name, const std::string& actual)
{
  const std::string path = std::string(KR_SOURCE_DIR) + "/tests/golden/fixture/" + name;
  const char* update = std::getenv("UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
  }
  std::ifstream in(path, std::ios::binary);
  INFO("golden " << path << " (UPDATE_GOLDEN=1 to accept)");
  REQUIRE(in.good());
  std::ostringstream expected;
  expected << in.rdbuf();
  if (expected.str() != actual) {
    std::istringstream a(actual);
    std::istringstream e(expected.str());
    std::string la;
    std::string le;
    int line = 0;
    while (true) {
      ++line;
      const bool more_a = static_cast<bool>(std::getline(a, la));
      const bool more_e = static_cast<bool>(std::getline(e, le));
      if (la != le || more_a != more_e) {
        FAIL_CHECK("line " << line << "\n  golden: " << (more_e ? le : "<end>")
                           << "\n  actual: " << (more_a ? la : "<end>"));
        break;
      }
    }
  }
}

void
render_every_format(const std::string& fixture, const Report& report)
{
  for (const auto& reporter : reports::all_reporters()) {
    std::ostringstream out;
    reporter.write(report, out, reports::OutputOptions{});
    golden(fixture + "." + std::string(reporter.name), out.str());
  }
}

} // namespace

TEST_CASE("every output format renders the full fixture report as its golden", "[reports][golden]")
{
  const auto fx = full_fixture();
  render_every_format("full", fx.report);
}

TEST_CASE("every output format renders the partial fixture report as its golden", "[reports][golden]")
{
  const auto fx = partial_fixture();
  render_every_format("partial", fx.report);
}

TEST_CASE("kerbready diff renders the full fixture against its baseline as its golden", "[reports][golden]")
{
  const auto fx = full_fixture();
  REQUIRE(fx.baseline);
  std::ostringstream json;
  reports::write_json(fx.report, json, reports::OutputOptions{});
  // The newer side is read back from the JSON report, as `kerbready diff` reads it.
  auto after = triage::parse_stored_report(json.str(), "today.json");
  REQUIRE(after.has_value());
  const auto diff = diff_reports(*fx.baseline, *after);
  std::ostringstream text;
  reports::write_diff_text(*fx.baseline, *after, diff, text);
  golden("diff.txt", text.str());
  std::ostringstream doc;
  reports::write_diff_json(*fx.baseline, *after, diff, doc);
  golden("diff.json", doc.str());
}

TEST_CASE("the fixture reports use no registered check", "[reports][golden]")
{
  // Were a fixture id also a registered check, adding or editing that check would change these
  // goldens.
  for (const auto* c : {&k_spn_clash, &k_weak_etypes, &k_hostile, &k_info, &k_needs_sysvol}) {
    CHECK(find_check(c->id) == nullptr);
  }
}
