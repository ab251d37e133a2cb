// The HTML report's progress section (reports/html_dashboard.hpp): the per-day chart from the
// events' per-day counts, the burn-down and verdict history from archived reports, caps, and
// hostile strings from events and archived files kept as text.

#include "reports/html_dashboard.hpp"
#include "reports/reporter.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <sstream>

using namespace kerbready;

namespace {

std::string
dashboard(const Report& report)
{
  std::ostringstream out;
  reports::write_dashboard(out, report);
  return out.str();
}

std::size_t
count(const std::string& text, const std::string& needle)
{
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

HistoryPoint
point(std::string started_at, std::string source, std::size_t critical, std::size_t low,
      std::vector<std::pair<std::string, std::string>> verdicts, bool complete = true)
{
  HistoryPoint p;
  p.started_at = std::move(started_at);
  p.source = std::move(source);
  p.complete = complete;
  p.findings[static_cast<std::size_t>(Severity::critical)] = critical;
  p.findings[static_cast<std::size_t>(Severity::low)] = low;
  p.verdicts = std::move(verdicts);
  return p;
}

} // namespace

TEST_CASE("dashboard: nothing without events or history", "[reports][html][dashboard]")
{
  Report report;
  CHECK(dashboard(report).empty());
  report.traffic.present = true; // events joined, but none had a time
  CHECK(dashboard(report).empty());
}

TEST_CASE("dashboard: NTLM and Kerberos per day, with the NTLM share and NTLMv1", "[reports][html][dashboard]")
{
  Report report;
  report.traffic.present = true;
  report.traffic.per_day = {{"2026-11-01", 30, 90, 3}, {"2026-11-02", 10, 0, 0}, {"2026-11-03", 0, 0, 0}};
  report.traffic.ntlm = 40;
  report.traffic.kerberos = 90;
  const auto html = dashboard(report);
  CHECK(html.find(R"(<section id="dashboard")") != std::string::npos);
  CHECK(html.find(R"(id="chart-daily" data-days="3" data-hidden-days="0")") != std::string::npos);
  CHECK(count(html, R"(<g class="day")") == 3);
  CHECK(html.find(R"(data-day="2026-11-01" data-ntlm="30" data-kerberos="90" data-ntlm-v1="3" data-share="25.0")") !=
        std::string::npos);
  CHECK(html.find(R"(data-day="2026-11-02" data-ntlm="10" data-kerberos="0" data-ntlm-v1="0" data-share="100.0")") !=
        std::string::npos);
  // A day without authentications has no share.
  CHECK(html.find(R"(data-day="2026-11-03" data-ntlm="0" data-kerberos="0" data-ntlm-v1="0" data-share="")") !=
        std::string::npos);
  CHECK(html.find("series-share") != std::string::npos);
  CHECK(html.find("chart-burndown") == std::string::npos); // no history asked for

  SECTION("without Kerberos events at all there is no share, as kerbready events says")
  {
    report.traffic.kerberos = 0;
    for (auto& d : report.traffic.per_day) {
      d.kerberos = 0;
    }
    const auto only_ntlm = dashboard(report);
    CHECK(count(only_ntlm, R"(data-share="")") == 3);
    CHECK(only_ntlm.find("series-share") == std::string::npos);
  }
}

TEST_CASE("dashboard: at most k_max_chart_days days are drawn, the latest", "[reports][html][dashboard]")
{
  Report report;
  report.traffic.present = true;
  const std::size_t days = reports::k_max_chart_days + 10;
  for (std::size_t i = 0; i < days; ++i) {
    report.traffic.per_day.push_back({fmt::format("d{:04}", i), i, 1, 0});
  }
  const auto html = dashboard(report);
  CHECK(count(html, R"(<g class="day")") == reports::k_max_chart_days);
  CHECK(html.find(R"(data-hidden-days="10")") != std::string::npos);
  CHECK(html.find("the 10 earlier days are not drawn") != std::string::npos);
  CHECK(html.find(R"(data-day="d0009")") == std::string::npos);
  CHECK(html.find(fmt::format(R"(data-day="d{:04}")", days - 1)) != std::string::npos);
}

TEST_CASE("dashboard: burn-down by severity and verdicts per domain over archived reports",
          "[reports][html][dashboard]")
{
  Report report;
  report.history.present = true;
  report.history.dir = "/var/lib/kerbready/archive";
  report.history.points = {
    point("2026-11-01T02:00:00Z", "kerbready-20261101T020000Z.json", 4, 2, {{"corp.example.com", "not_ready"}}),
    point("2026-11-02T02:00:00Z", "kerbready-20261102T020000Z.json", 1, 2,
          {{"child.corp.example.com", "unknown"}, {"corp.example.com", "not_ready"}}, false),
    point("2026-11-03T02:00:00Z", "", 0, 1, {{"corp.example.com", "ready_with_caveats"}}),
  };
  report.history.skipped = {"/var/lib/kerbready/archive/bad.json: not valid JSON (byte 3)"};
  const auto html = dashboard(report);
  CHECK(html.find(R"(id="chart-burndown" data-points="3")") != std::string::npos);
  CHECK(count(html, R"(<g class="point")") == 3);
  CHECK(
    html.find(R"(data-started="2026-11-01T02:00:00Z" data-source="kerbready-20261101T020000Z.json" )"
              R"(data-complete="1" data-current="0" data-critical="4" data-high="0" data-medium="0" data-low="2")") !=
    std::string::npos);
  CHECK(html.find(R"(data-complete="0" data-current="0" data-critical="1")") != std::string::npos);
  CHECK(html.find(R"(data-current="1" data-critical="0" data-high="0" data-medium="0" data-low="1")") !=
        std::string::npos);
  CHECK(html.find("pale columns are incomplete scans") != std::string::npos);
  // Verdicts: one row per domain, one cell per scan; a scan that did not read a domain says so.
  CHECK(html.find(R"(id="chart-verdict-history" data-domains="2" data-hidden-domains="0")") != std::string::npos);
  CHECK(count(html, R"(<rect class="cell")") == 6);
  CHECK(html.find(R"(data-started="2026-11-01T02:00:00Z" data-verdict=""><title>child.corp.example.com )"
                  R"(2026-11-01T02:00:00Z: not scanned)") != std::string::npos);
  CHECK(html.find(R"(data-started="2026-11-03T02:00:00Z" data-verdict="ready_with_caveats")") != std::string::npos);
  CHECK(html.find(R"(id="history-summary" data-archived="2" data-skipped="1" data-not-read="0")") != std::string::npos);
  CHECK(html.find("1 skipped (unreadable, or not kerbready reports)") != std::string::npos);
  CHECK(html.find("bad.json: not valid JSON (byte 3)") != std::string::npos);
  CHECK(html.find("chart-daily") == std::string::npos); // no events
}

TEST_CASE("dashboard: an empty archive shows this scan alone", "[reports][html][dashboard]")
{
  Report report;
  report.history.present = true;
  report.history.dir = "archive";
  report.history.points = {point("2026-11-03T02:00:00Z", "", 2, 0, {})};
  const auto html = dashboard(report);
  CHECK(count(html, R"(<g class="point")") == 1);
  CHECK(html.find("chart-verdict-history") == std::string::npos); // no verdicts to draw
  CHECK(html.find(R"(data-archived="0" data-skipped="0")") != std::string::npos);
}

TEST_CASE("dashboard: hostile strings from events and archived files stay text", "[reports][html][dashboard]")
{
  const std::string hostile = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>\x1b]0;owned\x07\x1b[2J\r\n";
  Report report;
  report.traffic.present = true;
  report.traffic.ntlm = 1;
  report.traffic.kerberos = 1;
  report.traffic.per_day = {{hostile, 1, 1, 0}};
  report.history.present = true;
  report.history.dir = hostile;
  report.history.points = {point(hostile, hostile, 1, 0, {{hostile, "not_ready"}, {std::string(100000, 'd'), "ready"}}),
                           point("2026-11-03T02:00:00Z", "", 0, 0, {{hostile, hostile}})};
  report.history.skipped = {hostile + ": not valid JSON", std::string(50000, 'x')};
  std::ostringstream out;
  reports::write_html(report, out, {});
  const auto html = out.str();
  // The page's own script is the only one; nothing from the data became a tag or an attribute.
  CHECK(count(html, "<script") == 1);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("\x1b") == std::string::npos);
  CHECK(html.find('\x07') == std::string::npos);
  CHECK(html.find('\r') == std::string::npos);
  CHECK(html.find("&lt;script&gt;") != std::string::npos);
  // The quote that would end an attribute early is escaped wherever the string lands.
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img src=x onerror=alert(2)&gt;") !=
        std::string::npos);
  CHECK(html.find("\"'><img") == std::string::npos);
  // Overlong names are cut: the page stays small.
  CHECK(html.find(std::string(300, 'd')) == std::string::npos);
  CHECK(html.find(std::string(500, 'x')) == std::string::npos);
  CHECK(html.size() < 60000);
}

TEST_CASE("dashboard: the HTML report places it after the charts and before the fix list", "[reports][html][dashboard]")
{
  Report report;
  report.traffic.present = true;
  report.traffic.per_day = {{"2026-11-01", 1, 2, 0}};
  Finding f;
  f.id = "X-1";
  f.check_id = "X";
  f.severity = Severity::high;
  report.findings = {f};
  std::ostringstream out;
  reports::write_html(report, out, {});
  const auto html = out.str();
  const auto charts = html.find(R"(id="chart-cause")");
  const auto progress = html.find(R"(id="dashboard")");
  const auto fixes = html.find(R"(id="fixes")");
  REQUIRE(charts != std::string::npos);
  REQUIRE(progress != std::string::npos);
  REQUIRE(fixes != std::string::npos);
  CHECK(charts < progress);
  CHECK(progress < fixes);
}
