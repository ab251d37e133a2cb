// Reading the archived reports behind the HTML report's history (src/triage/history.hpp): good
// reports in time order whatever their names, every bad file skipped and named, never a failure.

#include "src/triage/history.hpp"
#include "src/util/ad.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <random>

using namespace kerbready;
namespace fs = std::filesystem;

namespace {

struct TempDir
{
  fs::path path;
  TempDir()
  {
    std::random_device random;
    path = fs::temp_directory_path() /
           fmt::format("kr-history-{:x}", std::uniform_int_distribution<std::uint64_t>()(random));
    fs::create_directories(path);
  }
  ~TempDir()
  {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  void write(const std::string& name, const std::string& text) const
  {
    std::ofstream(path / name, std::ios::binary) << text;
  }
};

std::string
report_json(const std::string& started_at, int high, int low, const std::string& verdicts, bool complete = true)
{
  std::string findings;
  for (int i = 0; i < high + low; ++i) {
    findings += fmt::format(R"({}{{"id":"X-{}","check_id":"X","severity":"{}"}})", i == 0 ? "" : ",", i,
                            i < high ? "high" : "low");
  }
  return fmt::format(R"({{"schema_version":"1.4","tool":{{"name":"kerbready","version":"0.1.0"}},)"
                     R"("scan":{{"started_at":"{}","complete":{},"domains":["corp.example.com"]}},)"
                     R"("checks":[],"findings":[{}],"verdicts":[{}]}})",
                     started_at, complete ? "true" : "false", findings, verdicts);
}

bool
skipped_names(const History& h, const std::string& name)
{
  return std::any_of(h.skipped.begin(), h.skipped.end(),
                     [&](const std::string& s) { return s.find(name) != std::string::npos; });
}

} // namespace

TEST_CASE("history: archived reports in time order, bad files skipped and named", "[triage][history][dashboard]")
{
  TempDir dir;
  // Names out of time order: the time line follows scan.started_at.
  dir.write("b.json", report_json("2026-11-01T02:00:00Z", 3, 1,
                                  R"({"domain":"corp.example.com","readiness":"not_ready"},)"
                                  R"({"domain":"child.corp.example.com","readiness":"ready"})"));
  dir.write("a.json", report_json("2026-11-02T02:00:00Z", 1, 1,
                                  R"({"domain":"corp.example.com","readiness":"ready_with_caveats"},)"
                                  R"({"domain":"x.test","readiness":"<script>alert(1)</script>"},{"domain":7})",
                                  false));
  dir.write("malformed.json", R"({"schema_version":"1.4","tool":{"name":"kerbready")");
  dir.write("binary.json", std::string("\x00\xff\xfe\x1b[31m\x07junk", 12));
  dir.write("other.json", R"({"name":"not a report"})");
  dir.write("deep.json", std::string(100000, '[') + std::string(100000, ']'));
  dir.write("hostile-time.json", report_json("2026-11-03T02:00:00Z\x1b]0;owned\x07<b>", 0, 0, ""));
  dir.write("notes.txt", "not a report, not read");
  fs::create_directory(dir.path / "folder.json");

  const auto history = triage::read_history(dir.path.string());
  REQUIRE(history);
  CHECK(history->present);
  REQUIRE(history->points.size() == 2);
  CHECK(history->points[0].source == "b.json");
  CHECK(history->points[0].started_at == "2026-11-01T02:00:00Z");
  CHECK(history->points[0].findings[static_cast<std::size_t>(Severity::high)] == 3);
  CHECK(history->points[0].findings[static_cast<std::size_t>(Severity::low)] == 1);
  CHECK(history->points[0].complete);
  CHECK(history->points[0].verdicts == std::vector<std::pair<std::string, std::string>>{
                                         {"child.corp.example.com", "ready"}, {"corp.example.com", "not_ready"}});
  CHECK(history->points[1].source == "a.json");
  CHECK(!history->points[1].complete);
  // An unknown readiness name and a malformed entry are left out, not shown.
  CHECK(history->points[1].verdicts ==
        std::vector<std::pair<std::string, std::string>>{{"corp.example.com", "ready_with_caveats"}});

  CHECK(history->skipped.size() == 6);
  for (const auto* name :
       {"malformed.json", "binary.json", "other.json", "deep.json", "hostile-time.json", "folder.json"}) {
    INFO(name);
    CHECK(skipped_names(*history, name));
  }
  CHECK(!skipped_names(*history, "notes.txt"));
  CHECK(history->not_read == 0);
}

TEST_CASE("history: a missing directory is an empty history; a file is an error", "[triage][history][dashboard]")
{
  TempDir dir;
  const auto missing = triage::read_history((dir.path / "not-yet").string());
  REQUIRE(missing);
  CHECK(missing->present);
  CHECK(missing->points.empty());
  CHECK(missing->skipped.empty());
  dir.write("file", "x");
  CHECK(!triage::read_history((dir.path / "file").string()));
}

TEST_CASE("history: at most k_max_history_reports files are read, the newest by name", "[triage][history][dashboard]")
{
  TempDir dir;
  const std::size_t extra = 3;
  for (std::size_t i = 0; i < k_max_history_reports + extra; ++i) {
    // kerbready-YYYYMMDDTHHMMSSZ.json names sort by time; day i after 2026-01-01.
    const auto day = 1767225600 + static_cast<std::int64_t>(i) * 86400;
    dir.write(fmt::format("kerbready-{:06}.json", i), report_json(util::format_iso8601(day), 0, 1, ""));
  }
  const auto history = triage::read_history(dir.path.string());
  REQUIRE(history);
  CHECK(history->not_read == extra);
  REQUIRE(history->points.size() == k_max_history_reports);
  CHECK(history->points.front().source == fmt::format("kerbready-{:06}.json", extra));
  CHECK(history->points.back().source == fmt::format("kerbready-{:06}.json", k_max_history_reports + extra - 1));
}

TEST_CASE("history: this scan's point counts findings that are not suppressed", "[triage][history][dashboard]")
{
  Report report;
  report.metadata.started_at = 1767225600;
  Finding a;
  a.id = "A-1";
  a.severity = Severity::critical;
  Finding b;
  b.id = "B-1";
  b.severity = Severity::critical;
  report.findings = {a, b};
  report.triage.suppressions_path = "s.toml";
  report.triage.suppressions.push_back(SuppressionResult{});
  report.triage.suppression_by_id["B-1"] = 0;
  DomainVerdict v;
  v.domain = "corp.example.com";
  v.readiness = Readiness::ready_no_traffic_evidence;
  report.verdicts = {v};
  const auto point = triage::history_point(report);
  CHECK(point.started_at == "2026-01-01T00:00:00Z");
  CHECK(point.source.empty());
  REQUIRE(report.triage.is_suppressed("B-1"));
  CHECK(point.findings[static_cast<std::size_t>(Severity::critical)] == 1);
  CHECK(point.verdicts ==
        std::vector<std::pair<std::string, std::string>>{{"corp.example.com", "directory_ready_no_traffic_evidence"}});
}
