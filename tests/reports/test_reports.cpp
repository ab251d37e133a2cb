#include "reports/reporter.hpp"
#include "src/scan/scan.hpp"
#include "tests/support/snapshot_builder.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace kerbready;

namespace {

Report
hostile_report()
{
  test::SnapshotBuilder b;
  b.computer("WEB01");
  // Terminal escapes, invalid UTF-8 and a C1 CSI in directory strings.
  b.user("svc\x1b[2J").service_principal_names = {"HTTP/web01.corp.example.com\x1b]0;owned\x07",
                                                  "HTTP/web01.corp.example.com\x1b]0;owned\x07",
                                                  "HTTP/bad\xff\xfe.corp.example.com",
                                                  "HTTP/x\xC2\x9B"
                                                  "31m"};
  b.user("svc2").service_principal_names = {"HTTP/web01.corp.example.com\x1b]0;owned\x07"};
  auto report = run_checks(b.build());
  report.metadata.tool_version = "test";
  report.metadata.source = "snapshot";
  return report;
}

} // namespace

TEST_CASE("finding ids are stable (golden)", "[reports]")
{
  // Changing these values breaks every ticket system that dedups on them: never do. The values
  // were computed independently (FNV-1a-64 in Python) from "<CHECK-ID>\n<key>".
  CHECK(make_finding_id("SPN-DUPLICATE", "http/web01.corp.example.com") == "SPN-DUPLICATE-87e400db162396e5");
  CHECK(make_finding_id("SPN-MISSING-HOST", "corp.example.com|app01$") == "SPN-MISSING-HOST-1545259d55c08e05");
}

TEST_CASE("finding ids: same subject in any case, same id; different check, different id", "[reports]")
{
  test::SnapshotBuilder a;
  a.user("x").service_principal_names = {"HTTP/App"};
  a.user("y").service_principal_names = {"http/app"};
  test::SnapshotBuilder b;
  b.user("y").service_principal_names = {"HTTP/APP"};
  b.user("x").service_principal_names = {"http/App"};
  const auto ra = run_checks(a.build(), {"SPN-DUPLICATE"});
  const auto rb = run_checks(b.build(), {"SPN-DUPLICATE"});
  REQUIRE(ra.findings.size() == 1);
  REQUIRE(rb.findings.size() == 1);
  CHECK(ra.findings[0].id == rb.findings[0].id);
  CHECK(make_finding_id("SPN-DUPLICATE", "k") != make_finding_id("SPN-MALFORMED", "k"));
}

TEST_CASE("text report never prints directory control characters", "[reports]")
{
  const auto report = hostile_report();
  REQUIRE_FALSE(report.findings.empty());
  std::ostringstream out;
  reports::write_text(report, out, {});
  const auto text = out.str();
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\x07') == std::string::npos);
  CHECK(text.find("\xC2\x9B") == std::string::npos);
  CHECK(text.find("\\x1b]0;owned") != std::string::npos);
  CHECK(text.find("svc\\x1b[2J") != std::string::npos);
}

TEST_CASE("text report uses colour only when asked", "[reports]")
{
  const auto report = hostile_report();
  std::ostringstream colored;
  reports::write_text(report, colored, {.color = true});
  CHECK(colored.str().find("\x1b[") != std::string::npos);
}

TEST_CASE("JSON report stays valid with hostile strings", "[reports]")
{
  const auto report = hostile_report();
  const auto text = reports::to_json_string(report);
  nlohmann::json doc;
  REQUIRE_NOTHROW(doc = nlohmann::json::parse(text));
  CHECK(doc["schema_version"] == "1.4");
  CHECK(doc["findings"].size() == report.findings.size());
  CHECK(doc["scan"]["complete"] == true);
  bool saw_replacement = false;
  for (const auto& f : doc["findings"]) {
    CHECK(f["id"].get<std::string>().rfind(f["check_id"].get<std::string>() + "-", 0) == 0);
    if (f["subject"].get<std::string>().find("\xEF\xBF\xBD") != std::string::npos) {
      saw_replacement = true;
    }
  }
  CHECK(saw_replacement);
}

TEST_CASE("runner: order, defaults, not-evaluated checks and completeness", "[reports]")
{
  test::SnapshotBuilder b;
  b.domain_controller("DC1").service_principal_names.push_back("HTTP/10.0.0.1");
  b.user("svc").service_principal_names = {"HTTP/10.0.0.2", "HTTP/broken:port"};
  auto snapshot = b.build();
  auto report = run_checks(snapshot);
  REQUIRE(report.findings.size() >= 3);
  for (std::size_t i = 1; i < report.findings.size(); ++i) {
    CHECK(report.findings[i - 1].priority >= report.findings[i].priority);
  }
  // The DC's IP SPN outranks the service account's.
  CHECK(report.findings[0].check_id == "SPN-IP-ADDRESS");
  CHECK(report.findings[0].tier0);
  CHECK(report.complete());

  snapshot.data_sets = 0;
  report = run_checks(snapshot);
  CHECK(report.findings.empty());
  CHECK_FALSE(report.complete());
  for (const auto& r : report.checks) {
    if ((r.check->needs & static_cast<unsigned>(DataSet::domain)) != 0) {
      CHECK(r.status == CheckStatus::not_evaluated);
    }
  }

  snapshot = b.build();
  snapshot.diagnostics.push_back({"f:1", "bad SID"});
  CHECK_FALSE(run_checks(snapshot).complete());
}
