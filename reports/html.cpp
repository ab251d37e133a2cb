// The HTML report: one self-contained file for people (no network, no external assets; a CSP meta
// tag forbids loading any). Top to bottom: the readiness verdict per domain, summary cards, charts
// drawn as inline SVG (findings by severity, by cause, and the trend against a baseline when one
// was given), the progress charts (reports/html_dashboard.hpp: NTLM per day with --events, the
// burn-down and verdict history with --archive or --history), the fix list (checks in priority
// order), and the findings table, which sorts on a header click and filters by text, severity and
// suppression. Each finding expands (<details>) to its evidence and remediation. The table is
// rendered here, not by the script, so the page reads without JavaScript. Every directory string
// is sanitized and HTML-escaped.

#include "reports/escape.hpp"
#include "reports/html_dashboard.hpp"
#include "reports/reporter.hpp"
#include "src/util/ad.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>

namespace kerbready::reports {

namespace {

// Sanitize `text` (no control characters, valid UTF-8) and escape it for HTML text and attributes.
std::string
h(std::string_view text, std::size_t max = 600)
{
  return escape_markup(util::to_valid_utf8(util::sanitize(text, max)), Markup::html);
}

constexpr std::string_view k_style = R"(
:root{--critical:#991b1b;--high:#dc2626;--medium:#d97706;--low:#0e7490;--info:#6b7280;--ok:#15803d;--ink:#111827;
--muted:#6b7280;--line:#e5e7eb;--bg:#f9fafb}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);
background:var(--bg)}main{max-width:1200px;margin:0 auto;padding:24px}h1{font-size:22px;margin:0 0 4px}
h2{font-size:17px;margin:28px 0 10px}.meta{color:var(--muted);margin:0 0 16px}
.verdict{display:flex;gap:12px;align-items:center;padding:14px 16px;border-radius:8px;margin:8px 0;color:#fff}
.verdict .label{font-weight:700;font-size:18px;letter-spacing:.04em}.verdict .domain{font-weight:600}
.verdict.ready{background:var(--ok)}.verdict.at_risk{background:var(--medium)}.verdict.not_ready{background:var(--critical)}
.verdict.unknown{background:#374151}.verdict.no_traffic_evidence{background:#1e40af}.cards{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:110px}
.card b{display:block;font-size:22px}.card span{color:var(--muted);font-size:12px}
.charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0;background:#fff;border:1px solid var(--line);
border-radius:8px;padding:12px}figcaption{font-weight:600;margin-bottom:6px}svg text{font:12px system-ui,sans-serif}
.fixes li{margin:4px 0}.controls{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin:8px 0}
.controls input[type=search]{padding:6px 8px;min-width:280px;border:1px solid #d1d5db;border-radius:6px}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid var(--line)}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#f3f4f6;cursor:pointer;user-select:none;white-space:nowrap}th[aria-sort=ascending]::after{content:" \25B2"}
th[aria-sort=descending]::after{content:" \25BC"}.sev{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;
font-size:12px;font-weight:600}.sev.critical{background:var(--critical)}.sev.high{background:var(--high)}
.sev.medium{background:var(--medium)}.sev.low{background:var(--low)}.sev.info{background:var(--info)}
.tag{display:inline-block;padding:0 6px;border-radius:4px;font-size:12px;border:1px solid #d1d5db;margin-right:4px}
.tag.new{border-color:var(--high);color:var(--high)}tr.suppressed{opacity:.6}summary{cursor:pointer;word-break:break-all}
.detail{margin:8px 0 4px}.detail dt{font-weight:600;margin-top:6px}.detail dd{margin:2px 0 0 0}
pre{background:#f3f4f6;padding:8px;border-radius:6px;white-space:pre-wrap;word-break:break-all;margin:4px 0}
code{word-break:break-all}.diag{background:#fef2f2;border:1px solid #fecaca;padding:8px 12px;border-radius:8px}
)";

// Sorting and filtering; the page is complete without it. data-ready="1" on <body> says it ran.
constexpr std::string_view k_script = R"(
(function () {
  'use strict';
  var table = document.getElementById('findings-table');
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var filter = document.getElementById('filter');
  var severity = document.getElementById('severity-filter');
  var suppressed = document.getElementById('show-suppressed');
  var shown = document.getElementById('shown-count');
  function apply() {
    var text = filter.value.trim().toLowerCase();
    var maxSeverity = severity.value === '' ? 9 : Number(severity.value);
    var count = 0;
    rows.forEach(function (row) {
      var visible = (text === '' || row.textContent.toLowerCase().indexOf(text) !== -1) &&
        Number(row.dataset.severity) <= maxSeverity && (suppressed.checked || row.dataset.suppressed !== '1');
      row.hidden = !visible;
      if (visible) { count += 1; }
    });
    shown.textContent = count + ' of ' + rows.length + ' findings shown';
  }
  function sortBy(th) {
    var key = th.dataset.sort;
    var numeric = th.dataset.type === 'num';
    var descending = th.getAttribute('aria-sort') === 'ascending';
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
    rows.sort(function (a, b) {
      var x = a.dataset[key], y = b.dataset[key];
      var order = numeric ? Number(x) - Number(y) : (x < y ? -1 : (x > y ? 1 : 0)); // the same order in every locale
      if (order === 0) { order = Number(a.dataset.rank) - Number(b.dataset.rank); }
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    th.addEventListener('click', function () { sortBy(th); });
  });
  filter.addEventListener('input', apply);
  severity.addEventListener('change', apply);
  suppressed.addEventListener('change', apply);
  apply();
  document.body.dataset.ready = '1';
})();
)";

std::string_view
severity_color(Severity severity)
{
  switch (severity) {
  case Severity::critical:
    return "#991b1b";
  case Severity::high:
    return "#dc2626";
  case Severity::medium:
    return "#d97706";
  case Severity::low:
    return "#0e7490";
  default:
    return "#6b7280";
  }
}

struct Bar
{
  std::string label;
  std::size_t value = 0;
  std::string_view color;
  std::size_t second = 0; // a second, paler bar (the baseline) when `paired`
};

// A horizontal bar chart as inline SVG; with `paired`, each row has a thin baseline bar too.
void
bar_chart(std::ostream& out, std::string_view id, std::string_view caption, const std::vector<Bar>& bars, bool paired)
{
  const std::size_t max_value = std::max<std::size_t>(
    1, std::accumulate(bars.begin(), bars.end(), std::size_t{0}, [&](std::size_t m, const Bar& b) {
      return std::max({m, b.value, paired ? b.second : 0});
    }));
  constexpr int k_label_width = 110;
  constexpr int k_bar_width = 220;
  const int row_height = paired ? 30 : 22;
  const int height = static_cast<int>(bars.size()) * row_height + 8;
  out << fmt::format("<figure id=\"{}\"><figcaption>{}</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                     "width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\">\n",
                     id, caption, k_label_width + k_bar_width + 50, height, caption);
  int y = 4;
  for (const auto& b : bars) {
    const auto width = [&](std::size_t v) {
      return static_cast<int>(static_cast<double>(k_bar_width) * static_cast<double>(v) /
                              static_cast<double>(max_value));
    };
    out << fmt::format(R"(<g class="bar" data-label="{}" data-value="{}"><text x="0" y="{}">{}</text>)", h(b.label),
                       b.value, y + 14, h(b.label));
    out << fmt::format(R"(<rect x="{}" y="{}" width="{}" height="16" fill="{}"/>)", k_label_width, y + 2,
                       width(b.value), b.color);
    out << fmt::format(R"(<text x="{}" y="{}">{}</text>)", k_label_width + width(b.value) + 6, y + 14, b.value);
    if (paired) {
      out << fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"6\" fill=\"{}\" opacity=\"0.35\"><title>baseline: "
        "{}</title></rect>",
        k_label_width, y + 20, width(b.second), b.color, b.second);
    }
    out << "</g>\n";
    y += row_height;
  }
  out << "</svg></figure>\n";
}

void
write_verdicts(std::ostream& out, const Report& report)
{
  out << "<section id=\"verdicts\" aria-label=\"Readiness verdict\">\n";
  for (const auto& v : report.verdicts) {
    const auto shown = display_verdict(v);
    out << fmt::format(
      "<div class=\"verdict {}\" data-domain=\"{}\" data-verdict=\"{}\"><span class=\"label\">{}</span>"
      "<span class=\"domain\">{}</span><span>{}<br><small class=\"evidence\">Evidence: {}</small>"
      "</span></div>\n",
      h(shown), h(v.domain), h(shown), verdict_label(v), h(v.domain), h(v.reason), h(describe_evidence(report, v)));
  }
  out << "</section>\n";
}

void
write_cards(std::ostream& out, const Report& report)
{
  const auto card = [&](std::string_view id, std::size_t value, std::string_view label) {
    out << fmt::format(R"(<div class="card" id="card-{}"><b>{}</b><span>{}</span></div>)", id, value, label);
  };
  out << "<div class=\"cards\">";
  card("findings", report.findings.size(), "findings");
  for (int i = 0; i < static_cast<int>(Severity::count_); ++i) {
    const auto s = static_cast<Severity>(i);
    card(name_of(s), report.count(s), name_of(s));
  }
  const auto& t = report.triage;
  if (t.suppressions_path) {
    card("suppressed", t.suppressed_count(), "suppressed");
  }
  if (t.baseline) {
    card("new", t.baseline->diff.count(Change::added), "new since baseline");
    card("resolved", t.baseline->diff.count(Change::resolved), "resolved since baseline");
    card("not-reevaluated", t.baseline->diff.count(Change::not_reevaluated), "not re-evaluated (not resolved)");
  }
  out << "</div>\n";
}

void
write_charts(std::ostream& out, const Report& report)
{
  out << "<section class=\"charts\" aria-label=\"Charts\">\n";
  std::vector<Bar> by_severity;
  for (int i = 0; i < static_cast<int>(Severity::count_); ++i) {
    const auto s = static_cast<Severity>(i);
    by_severity.push_back({std::string(name_of(s)), report.count(s), severity_color(s), 0});
  }
  bar_chart(out, "chart-severity", "Findings by severity", by_severity, false);
  std::vector<Bar> by_cause;
  for (int i = 0; i < static_cast<int>(FallbackCause::count_); ++i) {
    const auto c = static_cast<FallbackCause>(i);
    by_cause.push_back({std::string(name_of(c)), report.count(c), "#1d4ed8", 0});
  }
  std::stable_sort(by_cause.begin(), by_cause.end(), [](const Bar& a, const Bar& b) { return a.value > b.value; });
  bar_chart(out, "chart-cause", "Findings by cause of NTLM fallback", by_cause, false);
  if (const auto& b = report.triage.baseline) {
    std::vector<Bar> trend;
    for (int i = 0; i < static_cast<int>(Severity::count_); ++i) {
      const auto s = static_cast<Severity>(i);
      const auto before = static_cast<std::size_t>(
        std::count_if(b->findings.begin(), b->findings.end(), [&](const StoredFinding& f) { return f.severity == s; }));
      trend.push_back({std::string(name_of(s)), report.count(s), severity_color(s), before});
    }
    const auto not_reevaluated = b->diff.count(Change::not_reevaluated);
    bar_chart(out, "chart-trend",
              not_reevaluated == 0
                ? fmt::format("Now against the baseline of {} (pale bars)", h(b->started_at, 40))
                : fmt::format("Now against the baseline of {} (pale bars); {} baseline findings were not re-evaluated, "
                              "so lower bars do not mean they were resolved",
                              h(b->started_at, 40), not_reevaluated),
              trend, true);
  }
  out << "</section>\n";
}

// The fix list: one line per check, most urgent first, with its default remediation.
void
write_fixes(std::ostream& out, const Report& report)
{
  struct Fix
  {
    std::string check_id;
    int priority = 0;
    std::size_t count = 0;
    std::size_t first_rank = 0;
  };
  std::vector<Fix> fixes;
  std::size_t rank = 0;
  for (const auto& f : report.findings) {
    ++rank;
    if (report.triage.is_suppressed(f.id)) {
      continue;
    }
    auto it = std::find_if(fixes.begin(), fixes.end(), [&](const Fix& x) { return x.check_id == f.check_id; });
    if (it == fixes.end()) {
      fixes.push_back({f.check_id, f.priority, 0, rank});
      it = fixes.end() - 1;
    }
    ++it->count;
  }
  if (fixes.empty()) {
    return;
  }
  out << "<section class=\"fixes\" id=\"fixes\"><h2>Fix first</h2><ol>\n";
  for (const auto& x : fixes) {
    const auto* check = report_check(report, x.check_id);
    out << fmt::format("<li><b>{}</b> ({} findings, first is #{}): {}</li>\n",
                       check != nullptr ? h(check->title) : h(x.check_id), x.count, x.first_rank,
                       check != nullptr ? h(check->remediation) : std::string());
  }
  out << "</ol></section>\n";
}

void
write_finding_row(std::ostream& out, const Report& report, const Finding& f, std::size_t rank)
{
  const auto change = report.triage.change_of(f.id);
  const auto* s = report.triage.suppression_of(f.id);
  const auto domain = finding_domain(report, f);
  out << fmt::format("<tr class=\"finding{}\" id=\"{}\" data-rank=\"{}\" data-severity=\"{}\" data-check=\"{}\" "
                     "data-subject=\"{}\" data-domain=\"{}\" data-status=\"{}\" data-suppressed=\"{}\">",
                     s != nullptr ? " suppressed" : "", h(f.id), rank, static_cast<int>(f.severity), h(f.check_id),
                     h(util::to_lower(f.subject), 200), h(domain), change ? name_of(*change) : "",
                     s != nullptr ? 1 : 0);
  out << fmt::format("<td>{}</td><td><span class=\"sev {}\">{}</span></td><td>{}</td>", rank, name_of(f.severity),
                     name_of(f.severity), h(f.check_id));
  out << fmt::format("<td><details><summary>{}</summary><div class=\"detail\"><p>{}</p><dl>", h(f.subject, 300),
                     h(f.summary));
  out << fmt::format("<dt>Cause</dt><dd>{}: {}{}</dd>", name_of(f.cause), describe(f.cause),
                     f.tier0 ? " (Tier-0 object affected)" : "");
  if (!f.affected.empty()) {
    out << "<dt>Affected objects</dt>";
    for (const auto& a : f.affected) {
      out << fmt::format("<dd>{}<code>{}</code></dd>", a.sam_account_name.empty() ? "" : h(a.sam_account_name) + " ",
                         h(a.dn));
    }
  }
  if (!f.evidence.empty()) {
    out << "<dt>Evidence</dt>";
    for (const auto& e : f.evidence) {
      out << fmt::format("<dd class=\"evidence\">{}: <code>{}</code></dd>", h(e.name), h(e.value));
    }
  }
  std::vector<std::string> lines;
  for (const auto line : util::split(f.remediation, '\n')) {
    lines.push_back(h(line));
  }
  out << fmt::format("<dt>Fix</dt><dd><pre class=\"remediation\">{}</pre></dd>", fmt::join(lines, "\n"));
  if (s != nullptr) {
    out << fmt::format("<dt>Suppressed</dt><dd>{} (owner {}, until {}; {})</dd>", h(s->rule.reason), h(s->rule.owner),
                       h(s->rule.expires), h(s->rule.origin));
  }
  out << fmt::format("<dt>Finding id</dt><dd><code>{}</code></dd></dl></div></details></td>", h(f.id));
  out << fmt::format("<td>{}</td><td>", h(domain));
  if (change == Change::added) {
    out << "<span class=\"tag new\">new</span>";
  }
  if (s != nullptr) {
    out << "<span class=\"tag\">suppressed</span>";
  }
  out << "</td></tr>\n";
}

void
write_findings(std::ostream& out, const Report& report)
{
  out
    << "<section id=\"findings\"><h2>Findings</h2>\n<div class=\"controls\">"
       "<input id=\"filter\" type=\"search\" placeholder=\"Filter: text, SPN, account, check…\" aria-label=\"Filter\">"
       "<select id=\"severity-filter\" aria-label=\"Severity\"><option value=\"\">all severities</option>";
  for (int i = 0; i < static_cast<int>(Severity::count_) - 1; ++i) {
    out << fmt::format("<option value=\"{}\">{} and above</option>", i, name_of(static_cast<Severity>(i)));
  }
  out << "</select><label><input id=\"show-suppressed\" type=\"checkbox\" checked> show suppressed</label>"
         "<span id=\"shown-count\"></span></div>\n";
  out << "<table id=\"findings-table\"><thead><tr><th data-sort=\"rank\" data-type=\"num\">#</th>"
         "<th data-sort=\"severity\" data-type=\"num\">Severity</th><th data-sort=\"check\">Check</th>"
         "<th data-sort=\"subject\">Subject (click for evidence and fix)</th><th data-sort=\"domain\">Domain</th>"
         "<th data-sort=\"status\">Status</th></tr></thead>\n<tbody>\n";
  std::size_t rank = 0;
  for (const auto& f : report.findings) {
    write_finding_row(out, report, f, ++rank);
  }
  out << "</tbody></table>\n";
  if (report.findings.empty()) {
    out << "<p id=\"no-findings\">No findings.</p>\n";
  }
  if (const auto& b = report.triage.baseline; b && b->diff.count(Change::resolved) > 0) {
    out << "<h2>Resolved since the baseline</h2><ul id=\"resolved\">\n";
    for (const auto& e : b->diff.entries) {
      if (e.change == Change::resolved) {
        out << fmt::format("<li><span class=\"sev {}\">{}</span> {} <code>{}</code> ({})</li>\n",
                           name_of(e.finding.severity), name_of(e.finding.severity), h(e.finding.check_id),
                           h(e.finding.subject), h(e.finding.id));
      }
    }
    out << "</ul>\n";
  }
  if (const auto& b = report.triage.baseline; b && b->diff.count(Change::not_reevaluated) > 0) {
    out << "<h2>Not re-evaluated since the baseline</h2><p>Missing from this scan, but this scan did not look at "
           "them: they are not resolved.</p><ul id=\"not-reevaluated\">\n";
    for (const auto& e : b->diff.entries) {
      if (e.change == Change::not_reevaluated) {
        out << fmt::format("<li data-reason=\"{}\"><span class=\"sev {}\">{}</span> {} <code>{}</code> ({}): {}</li>\n",
                           e.gap ? name_of(e.gap->reason) : "", name_of(e.finding.severity),
                           name_of(e.finding.severity), h(e.finding.check_id), h(e.finding.subject), h(e.finding.id),
                           e.gap ? h(e.gap->detail) : "");
      }
    }
    out << "</ul>\n";
  }
  out << "</section>\n";
}

} // namespace

void
write_html(const Report& report, std::ostream& out, const OutputOptions& /*options*/)
{
  const auto& m = report.metadata;
  std::vector<std::string> domains;
  for (const auto& d : m.domains) {
    domains.push_back(h(d, 200));
  }
  const auto title = fmt::format("Kerberos readiness: {}",
                                 domains.empty() ? "(no domain)" : fmt::format("{}", fmt::join(domains, ", ")));
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "script-src 'unsafe-inline'; img-src data:\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<link rel=\"icon\" "
         "href=\"data:,\">\n";
  out << fmt::format("<title>{}</title>\n<style>{}</style></head>\n<body>\n<main>\n", title, k_style);
  out << fmt::format("<h1>{}</h1>\n", title);
  std::vector<std::string> inputs;
  for (const auto& input : m.inputs) {
    inputs.push_back(h(input, 200));
  }
  out << fmt::format(
    "<p class=\"meta\">kerbready {} &middot; {} {} &middot; {} &middot; {} objects read &middot; scan {}</p>\n",
    h(m.tool_version, 40), h(m.source, 20), fmt::join(inputs, ", "), util::format_iso8601(m.started_at), m.objects_read,
    report.complete() ? "complete" : "<b>INCOMPLETE</b>");
  write_verdicts(out, report);
  if (!report.diagnostics.empty()) {
    out << fmt::format(
      "<p class=\"diag\" id=\"diagnostics\">The scan is incomplete: {} diagnostics; first: {}: {}</p>\n",
      report.diagnostics.size(), h(report.diagnostics.front().where, 200), h(report.diagnostics.front().message, 300));
  }
  write_cards(out, report);
  write_charts(out, report);
  write_dashboard(out, report);
  write_fixes(out, report);
  write_findings(out, report);
  out << fmt::format("</main>\n<script>{}</script>\n</body></html>\n", k_script);
}

} // namespace kerbready::reports
