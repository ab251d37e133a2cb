// The progress section of the HTML report (reports/html_dashboard.hpp). Charts are inline SVG with
// their numbers in data-* attributes and <title> tooltips, so that a reader, a test or a screen
// reader gets the values without the script. The per-day counts are the events summary's
// (src/events/summary.hpp, carried in Report::traffic), never recounted here.

#include "reports/html_dashboard.hpp"

#include "reports/escape.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace kerbready::reports {

namespace {

// Sanitize `text` (no control characters, valid UTF-8) and escape it for HTML text and attributes.
std::string
h(std::string_view text, std::size_t max = 300)
{
  return escape_markup(util::to_valid_utf8(util::sanitize(text, max)), Markup::html);
}

constexpr int k_width = 760;
constexpr int k_left = 56;
constexpr int k_right = 704; // the right axis (NTLM share) is drawn here
constexpr int k_top = 16;
constexpr int k_bottom = 196;
constexpr int k_height = 250;

constexpr std::string_view k_ntlm_color = "#dc2626";
constexpr std::string_view k_kerberos_color = "#1d4ed8";
constexpr std::string_view k_ntlm_v1_color = "#d97706";
constexpr std::string_view k_share_color = "#111827";

std::string_view
severity_color(std::size_t severity)
{
  constexpr std::string_view colors[] = {"#991b1b", "#dc2626", "#d97706", "#0e7490", "#6b7280"};
  return severity < std::size(colors) ? colors[severity] : "#6b7280";
}

// The colour of a readiness as the JSON report names it; grey for none.
std::string_view
readiness_color(std::string_view readiness)
{
  if (readiness == "ready") {
    return "#15803d";
  }
  if (readiness == "ready_with_caveats") {
    return "#d97706";
  }
  if (readiness == "not_ready") {
    return "#991b1b";
  }
  if (readiness == "directory_ready_no_traffic_evidence") {
    return "#1e40af";
  }
  if (readiness == "unknown") {
    return "#374151";
  }
  return "#e5e7eb";
}

double
scale(std::uint64_t value, std::uint64_t max)
{
  return static_cast<double>(k_bottom - k_top) * static_cast<double>(value) /
         static_cast<double>(std::max<std::uint64_t>(max, 1));
}

// The x position of column `i` of `n`, evenly spread over the plot.
double
column_x(std::size_t i, std::size_t n)
{
  if (n <= 1) {
    return (k_left + k_right) / 2.0;
  }
  return k_left + static_cast<double>(k_right - k_left) * static_cast<double>(i) / static_cast<double>(n - 1);
}

void
legend(std::ostream& out, int x, int y, std::string_view color, std::string_view label, bool dashed = false)
{
  out << fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3"{}/>)", x, y - 4, x + 18,
                     y - 4, color, dashed ? R"( stroke-dasharray="4 3")" : "");
  out << fmt::format(R"(<text x="{}" y="{}">{}</text>)", x + 22, y, label);
}

void
axes(std::ostream& out, std::uint64_t max, std::string_view first, std::string_view last)
{
  out << fmt::format(R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#9ca3af"/>)", k_left, k_top, k_bottom);
  out << fmt::format(R"(<line x1="{0}" y1="{2}" x2="{1}" y2="{2}" stroke="#9ca3af"/>)", k_left, k_right, k_bottom);
  out << fmt::format(R"(<text x="{}" y="{}" text-anchor="end">{}</text>)", k_left - 4, k_top + 10, max);
  out << fmt::format(R"(<text x="{}" y="{}" text-anchor="end">0</text>)", k_left - 4, k_bottom);
  out << fmt::format(R"(<text class="first" x="{}" y="{}">{}</text>)", k_left, k_bottom + 16, h(first, 40));
  out << fmt::format(R"(<text class="last" x="{}" y="{}" text-anchor="end">{}</text>)", k_right, k_bottom + 16,
                     h(last, 40));
}

std::string
share_text(const TrafficDay& d, bool both)
{
  if (!both || d.ntlm + d.kerberos == 0) {
    return {};
  }
  return fmt::format("{:.1f}", 100.0 * static_cast<double>(d.ntlm) / static_cast<double>(d.ntlm + d.kerberos));
}

// NTLM, Kerberos service tickets and NTLMv1 per day on the left axis, the NTLM share on the right.
void
daily_chart(std::ostream& out, const TrafficEvidence& traffic)
{
  const auto& all = traffic.per_day;
  const std::size_t hidden = all.size() > k_max_chart_days ? all.size() - k_max_chart_days : 0;
  const std::vector<TrafficDay> days(all.begin() + static_cast<std::ptrdiff_t>(hidden), all.end());
  // As `kerbready events` does: a share only when both protocols were seen at all.
  const bool both = traffic.ntlm > 0 && traffic.kerberos > 0;
  std::uint64_t max = 1;
  for (const auto& d : days) {
    max = std::max({max, d.ntlm, d.kerberos, d.ntlm_v1});
  }
  const auto caption =
    fmt::format("NTLM and Kerberos per day (UTC), {} day{}{}", days.size(), days.size() == 1 ? "" : "s",
                hidden > 0 ? fmt::format("; the {} earlier days are not drawn", hidden) : std::string());
  out << fmt::format("<figure id=\"chart-daily\" data-days=\"{}\" data-hidden-days=\"{}\"><figcaption>{}</figcaption>\n"
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\" "
                     "aria-label=\"{}\">\n",
                     days.size(), hidden, caption, k_width, k_height, caption);
  axes(out, max, days.front().day, days.back().day);
  out << fmt::format(R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#9ca3af"/>)", k_right, k_top, k_bottom);
  out << fmt::format(R"(<text x="{}" y="{}">100%</text><text x="{}" y="{}">0%</text>)", k_right + 4, k_top + 10,
                     k_right + 4, k_bottom);
  const auto y = [&](std::uint64_t v) { return k_bottom - scale(v, max); };
  const auto series = [&](std::string_view name, std::string_view color, auto value) {
    std::string points;
    for (std::size_t i = 0; i < days.size(); ++i) {
      points += fmt::format("{}{:.1f},{:.1f}", i == 0 ? "" : " ", column_x(i, days.size()), y(value(days[i])));
    }
    out << fmt::format(R"(<polyline class="series-{}" fill="none" stroke="{}" stroke-width="2" points="{}"/>)", name,
                       color, points)
        << '\n';
  };
  series("ntlm", k_ntlm_color, [](const TrafficDay& d) { return d.ntlm; });
  series("kerberos", k_kerberos_color, [](const TrafficDay& d) { return d.kerberos; });
  series("ntlm-v1", k_ntlm_v1_color, [](const TrafficDay& d) { return d.ntlm_v1; });
  std::string share_points;
  for (std::size_t i = 0; i < days.size(); ++i) {
    if (const auto& d = days[i]; both && d.ntlm + d.kerberos > 0) {
      const double share = static_cast<double>(d.ntlm) / static_cast<double>(d.ntlm + d.kerberos);
      share_points += fmt::format("{}{:.1f},{:.1f}", share_points.empty() ? "" : " ", column_x(i, days.size()),
                                  k_bottom - static_cast<double>(k_bottom - k_top) * share);
    }
  }
  if (!share_points.empty()) {
    out << fmt::format(R"(<polyline class="series-share" fill="none" stroke="{}" stroke-width="1.5" )"
                       R"(stroke-dasharray="4 3" points="{}"/>)",
                       k_share_color, share_points)
        << '\n';
  }
  const double step =
    days.size() <= 1 ? 40.0 : static_cast<double>(k_right - k_left) / static_cast<double>(days.size() - 1);
  for (std::size_t i = 0; i < days.size(); ++i) {
    const auto& d = days[i];
    const auto share = share_text(d, both);
    const double x = column_x(i, days.size());
    out << fmt::format("<g class=\"day\" data-day=\"{}\" data-ntlm=\"{}\" data-kerberos=\"{}\" data-ntlm-v1=\"{}\" "
                       "data-share=\"{}\"><title>{}: NTLM {}, Kerberos {}, NTLM share {}, NTLMv1 {}</title>",
                       h(d.day, 20), d.ntlm, d.kerberos, d.ntlm_v1, share, h(d.day, 20), d.ntlm, d.kerberos,
                       share.empty() ? "n/a" : share + "%", d.ntlm_v1);
    out << fmt::format(R"(<rect x="{:.1f}" y="{}" width="{:.1f}" height="{}" fill="transparent"/>)", x - step / 2,
                       k_top, step, k_bottom - k_top);
    out << fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="2.5" fill="{}"/>)", x, y(d.ntlm), k_ntlm_color);
    out << fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="2.5" fill="{}"/>)", x, y(d.kerberos), k_kerberos_color);
    out << "</g>\n";
  }
  const int ly = k_bottom + 40;
  legend(out, k_left, ly, k_ntlm_color, "NTLM");
  legend(out, k_left + 90, ly, k_kerberos_color, "Kerberos service tickets");
  legend(out, k_left + 290, ly, k_ntlm_v1_color, "NTLMv1/LM");
  legend(out, k_left + 410, ly, k_share_color, "NTLM share (right axis)", true);
  out << "</svg></figure>\n";
}

// One stacked column per scan: findings that are not suppressed, by severity, critical at the bottom.
void
burndown_chart(std::ostream& out, const History& history)
{
  const auto& points = history.points;
  std::uint64_t max = 1;
  for (const auto& p : points) {
    std::uint64_t total = 0;
    for (const auto n : p.findings) {
      total += n;
    }
    max = std::max(max, total);
  }
  const auto n = points.size();
  const double width = std::clamp(
    static_cast<double>(k_right - k_left) / static_cast<double>(std::max<std::size_t>(n, 1)) * 0.7, 2.0, 28.0);
  const bool incomplete = std::any_of(points.begin(), points.end(), [](const HistoryPoint& p) { return !p.complete; });
  const auto caption =
    fmt::format("Findings by severity over {} scan{} (not suppressed){}", n, n == 1 ? "" : "s",
                incomplete ? "; pale columns are incomplete scans, whose findings may be missing" : "");
  out << fmt::format("<figure id=\"chart-burndown\" data-points=\"{}\"><figcaption>{}</figcaption>\n"
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\" "
                     "aria-label=\"{}\">\n",
                     n, caption, k_width, k_height, caption);
  axes(out, max, points.front().started_at.substr(0, 10), points.back().started_at.substr(0, 10));
  for (std::size_t i = 0; i < n; ++i) {
    const auto& p = points[i];
    const bool current = p.source.empty();
    std::string counts;
    std::string tooltip;
    for (std::size_t s = 0; s < p.findings.size(); ++s) {
      const auto name = name_of(static_cast<Severity>(s));
      counts += fmt::format(" data-{}=\"{}\"", name, p.findings[s]);
      tooltip += fmt::format(", {} {}", name, p.findings[s]);
    }
    out << fmt::format("<g class=\"point\" data-started=\"{}\" data-source=\"{}\" data-complete=\"{}\" "
                       "data-current=\"{}\"{}{}><title>{}{}{}{}</title>",
                       h(p.started_at, 40), h(p.source, 200), p.complete ? 1 : 0, current ? 1 : 0, counts,
                       p.complete ? "" : R"( opacity="0.4")", h(p.started_at, 40),
                       current ? " (this scan)" : " (" + h(p.source, 200) + ")", tooltip,
                       p.complete ? "" : "; incomplete scan");
    double top = k_bottom;
    for (std::size_t s = 0; s < p.findings.size(); ++s) {
      const double height = scale(p.findings[s], max);
      if (p.findings[s] == 0) {
        continue;
      }
      top -= height;
      out << fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}"/>)",
                         column_x(i, n) - width / 2, top, width, height, severity_color(s));
    }
    out << "</g>\n";
  }
  int lx = k_left;
  for (std::size_t s = 0; s < static_cast<std::size_t>(Severity::count_); ++s) {
    out << fmt::format(R"(<rect x="{}" y="{}" width="12" height="12" fill="{}"/><text x="{}" y="{}">{}</text>)", lx,
                       k_bottom + 30, severity_color(s), lx + 16, k_bottom + 40, name_of(static_cast<Severity>(s)));
    lx += 90;
  }
  out << "</svg></figure>\n";
}

// One row per domain, one cell per scan, coloured by the readiness that scan gave the domain.
void
verdict_chart(std::ostream& out, const History& history)
{
  const auto& points = history.points;
  std::set<std::string> all;
  for (const auto& p : points) {
    for (const auto& v : p.verdicts) {
      all.insert(v.first);
    }
  }
  if (all.empty()) {
    return;
  }
  std::vector<std::string> domains(all.begin(), all.end());
  const std::size_t hidden = domains.size() > k_max_chart_domains ? domains.size() - k_max_chart_domains : 0;
  domains.resize(domains.size() - hidden);
  constexpr int k_label = 220;
  constexpr int k_row = 22;
  const auto n = points.size();
  const double cell = std::clamp(
    static_cast<double>(k_width - k_label - 10) / static_cast<double>(std::max<std::size_t>(n, 1)), 2.0, 28.0);
  const int height = static_cast<int>(domains.size()) * k_row + 40;
  const auto caption = fmt::format("Readiness verdict per domain over {} scan{}{}", n, n == 1 ? "" : "s",
                                   hidden > 0 ? fmt::format("; {} more domains are not drawn", hidden) : std::string());
  out << fmt::format("<figure id=\"chart-verdict-history\" data-domains=\"{}\" data-hidden-domains=\"{}\">"
                     "<figcaption>{}</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" "
                     "height=\"{}\" role=\"img\" aria-label=\"{}\">\n",
                     domains.size(), hidden, caption, k_width, height, caption);
  for (std::size_t r = 0; r < domains.size(); ++r) {
    const int y = static_cast<int>(r) * k_row + 4;
    out << fmt::format(R"(<g class="domain" data-domain="{}"><text x="0" y="{}">{}</text>)", h(domains[r], 253), y + 14,
                       h(domains[r], 32));
    for (std::size_t i = 0; i < n; ++i) {
      const auto& verdicts = points[i].verdicts;
      const auto it =
        std::find_if(verdicts.begin(), verdicts.end(), [&](const auto& v) { return v.first == domains[r]; });
      const std::string readiness = it == verdicts.end() ? std::string() : it->second;
      out << fmt::format(R"(<rect class="cell" x="{:.1f}" y="{}" width="{:.1f}" height="18" fill="{}" )"
                         R"(data-started="{}" data-verdict="{}"><title>{} {}: {}</title></rect>)",
                         k_label + static_cast<double>(i) * cell, y, std::max(cell - 1, 1.0),
                         readiness_color(readiness), h(points[i].started_at, 40), h(readiness, 40), h(domains[r], 253),
                         h(points[i].started_at, 40), readiness.empty() ? "not scanned" : h(readiness, 40));
    }
    out << "</g>\n";
  }
  int lx = 0;
  const int ly = static_cast<int>(domains.size()) * k_row + 24;
  for (const std::string_view name :
       {"ready", "ready_with_caveats", "not_ready", "unknown", "directory_ready_no_traffic_evidence"}) {
    out << fmt::format(R"(<rect x="{}" y="{}" width="12" height="12" fill="{}"/><text x="{}" y="{}">{}</text>)", lx,
                       ly - 10, readiness_color(name), lx + 16, ly, name);
    lx += name.size() > 20 ? 250 : 130;
  }
  out << "</svg></figure>\n";
}

} // namespace

void
write_dashboard(std::ostream& out, const Report& report)
{
  const bool daily = report.traffic.present && !report.traffic.per_day.empty();
  const auto& history = report.history;
  if (!daily && !history.present) {
    return;
  }
  out << "<section id=\"dashboard\" aria-label=\"Progress\"><h2>Progress</h2>\n<div class=\"charts\">\n";
  if (daily) {
    daily_chart(out, report.traffic);
  }
  if (history.present && !history.points.empty()) {
    burndown_chart(out, history);
    verdict_chart(out, history);
  }
  out << "</div>\n";
  if (history.present) {
    const auto archived = std::count_if(history.points.begin(), history.points.end(),
                                        [](const HistoryPoint& p) { return !p.source.empty(); });
    out << fmt::format("<p class=\"meta\" id=\"history-summary\" data-archived=\"{}\" data-skipped=\"{}\" "
                       "data-not-read=\"{}\">{} archived report{} read from <code>{}</code>",
                       archived, history.skipped.size(), history.not_read, archived, archived == 1 ? "" : "s",
                       h(history.dir, 300));
    if (!history.skipped.empty()) {
      out << fmt::format("; {} skipped (unreadable, or not kerbready reports)", history.skipped.size());
    }
    if (history.not_read > 0) {
      out << fmt::format("; the {} oldest were not read (at most {})", history.not_read, k_max_history_reports);
    }
    out << ".</p>\n";
    if (!history.skipped.empty()) {
      out << "<ul class=\"meta\" id=\"history-skipped\">\n";
      constexpr std::size_t k_listed = 10;
      for (std::size_t i = 0; i < history.skipped.size() && i < k_listed; ++i) {
        out << fmt::format("<li>{}</li>\n", h(history.skipped[i], 400));
      }
      if (history.skipped.size() > k_listed) {
        out << fmt::format("<li>and {} more</li>\n", history.skipped.size() - k_listed);
      }
      out << "</ul>\n";
    }
  }
  out << "</section>\n";
}

} // namespace kerbready::reports
