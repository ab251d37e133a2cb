// The Markdown report, for wikis and tickets: a summary table, the findings table, then each
// finding in detail. Directory strings are sanitized (no control characters) and every Markdown and
// HTML metacharacter in them is escaped, so an SPN can neither format nor inject a page; commands
// go in fenced code blocks whose fence is longer than any backtick run inside.

#include "reports/escape.hpp"
#include "reports/reporter.hpp"
#include "src/util/ad.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <sstream>

namespace kerbready::reports {

namespace {

// Escape `text` (already a single line) for Markdown inline text, tables included.
std::string
md(std::string_view text, std::size_t max = 400)
{
  return escape_markup(util::sanitize(text, max), Markup::markdown);
}

std::string
fence_for(std::string_view code)
{
  std::size_t longest = 0;
  std::size_t run = 0;
  for (const char c : code) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

// Remediation text: indented lines are commands (a code block), the others prose.
void
remediation_markdown(std::ostream& out, std::string_view text)
{
  std::vector<std::string> code;
  auto flush = [&] {
    if (code.empty()) {
      return;
    }
    std::string joined;
    for (const auto& line : code) {
      joined += line + "\n";
    }
    const auto fence = fence_for(joined);
    out << "\n" << fence << "\n" << joined << fence << "\n\n";
    code.clear();
  };
  for (const auto line : util::split(text, '\n')) {
    if (!line.empty() && line.front() == ' ') {
      code.push_back(util::sanitize(util::trim(line), 400));
    } else {
      flush();
      out << md(line, 600) << "\n";
    }
  }
  flush();
}

} // namespace

std::string
finding_markdown(const Report& report, const Finding& f)
{
  std::ostringstream out;
  out << md(f.summary, 600) << "\n\n";
  out << fmt::format("- **Check:** {} ({})\n", f.check_id, md(finding_title(report, f)));
  out << fmt::format("- **Severity:** {}{}\n", name_of(f.severity), f.tier0 ? " (Tier-0 object affected)" : "");
  out << fmt::format("- **Cause:** {}: {}\n", name_of(f.cause), describe(f.cause));
  out << fmt::format("- **Domain:** {}\n", md(finding_domain(report, f)));
  out << fmt::format("- **Finding id:** {}\n", f.id);
  if (const auto change = report.triage.change_of(f.id)) {
    out << fmt::format("- **Since baseline:** {}\n", name_of(*change));
  }
  if (const auto* r = report.triage.suppression_of(f.id)) {
    out << fmt::format("- **Suppressed:** {} (owner {}, until {})\n", md(r->rule.reason), md(r->rule.owner),
                       md(r->rule.expires));
  }
  if (!f.affected.empty()) {
    out << "\n**Affected objects**\n\n";
    for (const auto& a : f.affected) {
      out << fmt::format("- {}{}\n", a.sam_account_name.empty() ? "" : md(a.sam_account_name) + ": ", md(a.dn));
    }
  }
  if (!f.evidence.empty()) {
    out << "\n**Evidence**\n\n";
    for (const auto& e : f.evidence) {
      out << fmt::format("- {}: {}\n", md(e.name), md(e.value));
    }
  }
  out << "\n**Fix**\n\n";
  remediation_markdown(out, f.remediation);
  return out.str();
}

void
write_markdown(const Report& report, std::ostream& out, const OutputOptions& /*options*/)
{
  const auto& m = report.metadata;
  std::vector<std::string> domains;
  for (const auto& d : m.domains) {
    domains.push_back(md(d, 200));
  }
  out << fmt::format("# Kerberos readiness: {}\n\n",
                     domains.empty() ? "(no domain)" : fmt::format("{}", fmt::join(domains, ", ")));
  out << "| | |\n|---|---|\n";
  for (const auto& v : report.verdicts) {
    out << fmt::format("| Verdict {} | **{}**: {} |\n", md(v.domain, 200), verdict_label(v), md(v.reason));
    out << fmt::format("| Evidence {} | {} |\n", md(v.domain, 200), md(describe_evidence(report, v)));
  }
  out << fmt::format("| Scan | {} at {}, {} objects read, kerbready {} |\n",
                     report.complete() ? "complete" : "**INCOMPLETE**", util::format_iso8601(m.started_at),
                     m.objects_read, md(m.tool_version, 40));
  std::vector<std::string> sev;
  sev.reserve(static_cast<std::size_t>(Severity::count_));
  for (int i = 0; i < static_cast<int>(Severity::count_); ++i) {
    sev.push_back(fmt::format("{} {}", name_of(static_cast<Severity>(i)), report.count(static_cast<Severity>(i))));
  }
  out << fmt::format("| Findings | {} ({}) |\n", report.findings.size(), fmt::join(sev, ", "));
  const auto& t = report.triage;
  if (t.suppressions_path) {
    out << fmt::format("| Suppressed | {} |\n", t.suppressed_count());
  }
  if (t.baseline) {
    out << fmt::format("| Since baseline {} | {} new, {} unchanged, {} resolved, {} not re-evaluated |\n",
                       md(t.baseline->started_at, 40), t.baseline->diff.count(Change::added),
                       t.baseline->diff.count(Change::unchanged), t.baseline->diff.count(Change::resolved),
                       t.baseline->diff.count(Change::not_reevaluated));
  }
  if (!report.diagnostics.empty()) {
    out << fmt::format("\n**The scan is incomplete** ({} diagnostics); first: {}: {}\n", report.diagnostics.size(),
                       md(report.diagnostics.front().where, 200), md(report.diagnostics.front().message, 300));
  }
  if (report.findings.empty()) {
    out << "\nNo findings.\n";
    return;
  }
  out << "\n## Findings, most urgent first\n\n| # | Severity | Check | Subject | Summary |\n|---:|---|---|---|---|\n";
  std::size_t rank = 0;
  for (const auto& f : report.findings) {
    std::string marks;
    if (report.triage.change_of(f.id) == Change::added) {
      marks += " **NEW**";
    }
    if (report.triage.is_suppressed(f.id)) {
      marks += " *(suppressed)*";
    }
    out << fmt::format("| [{}](#{}) | {}{} | {} | {} | {} |\n", ++rank, util::to_lower(f.id), name_of(f.severity),
                       marks, f.check_id, md(f.subject, 200), md(f.summary, 300));
  }
  rank = 0;
  for (const auto& f : report.findings) {
    out << fmt::format("\n### {}. {}\n\n<a id=\"{}\"></a>\n\n", ++rank, md(f.subject, 200), util::to_lower(f.id));
    out << finding_markdown(report, f);
  }
  if (t.baseline && t.baseline->diff.count(Change::resolved) > 0) {
    out << "\n## Resolved since the baseline\n\n";
    for (const auto& e : t.baseline->diff.entries) {
      if (e.change == Change::resolved) {
        // From the baseline file: its ids are as untrusted as the directory.
        out << fmt::format("- {} {}: {} ({})\n", name_of(e.finding.severity), md(e.finding.check_id, 80),
                           md(e.finding.subject, 200), md(e.finding.id, 100));
      }
    }
  }
  if (t.baseline && t.baseline->diff.count(Change::not_reevaluated) > 0) {
    out << "\n## Not re-evaluated since the baseline\n\nMissing from this scan, but this scan did not look at them: "
           "not resolved.\n\n";
    for (const auto& e : t.baseline->diff.entries) {
      if (e.change == Change::not_reevaluated) {
        out << fmt::format("- {} {}: {} ({}): {}\n", name_of(e.finding.severity), md(e.finding.check_id, 80),
                           md(e.finding.subject, 200), md(e.finding.id, 100), e.gap ? md(e.gap->detail, 300) : "");
      }
    }
  }
}

} // namespace kerbready::reports
