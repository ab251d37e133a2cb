// The CSV report, for spreadsheets: one row per finding, RFC 4180 (CRLF, every field quoted).
// Columns are fixed, so a sheet built on them keeps working; triage columns are empty without
// --baseline or --suppressions. A cell that a spreadsheet would run as a formula (starting with
// = + - @, tab or CR) gets a leading apostrophe: directory strings never become formulas.

#include "reports/reporter.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::reports {

namespace {

// Sanitize each line of `text` on its own: our line breaks stay, control characters do not.
std::string
clean(std::string_view text)
{
  std::vector<std::string> lines;
  for (const auto line : util::split(text, '\n')) {
    lines.push_back(util::sanitize(line, 2000));
  }
  return fmt::format("{}", fmt::join(lines, "\n"));
}

std::string
cell(std::string_view text)
{
  std::string value = clean(text);
  if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@')) {
    value = "'" + value;
  }
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"') {
      out += "\"\"";
    } else if (c == '\n') {
      out += "\r\n";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

} // namespace

void
write_csv(const Report& report, std::ostream& out, const OutputOptions& /*options*/)
{
  out << "rank,id,check_id,title,severity,cause,tier0,domain,subject,summary,objects,evidence,remediation,"
         "change,suppressed,suppression_reason,suppression_owner,suppression_expires\r\n";
  std::size_t rank = 0;
  for (const auto& f : report.findings) {
    std::vector<std::string> objects;
    for (const auto& a : f.affected) {
      objects.push_back(a.sam_account_name.empty() ? a.dn : fmt::format("{} ({})", a.sam_account_name, a.dn));
    }
    std::vector<std::string> evidence;
    for (const auto& e : f.evidence) {
      evidence.push_back(fmt::format("{}: {}", util::sanitize(e.name, 300), util::sanitize(e.value, 300)));
    }
    const auto change = report.triage.change_of(f.id);
    const auto* s = report.triage.suppression_of(f.id);
    const std::vector<std::string> row = {
      std::to_string(++rank),
      cell(f.id),
      cell(f.check_id),
      cell(finding_title(report, f)),
      cell(name_of(f.severity)),
      cell(name_of(f.cause)),
      f.tier0 ? "true" : "false",
      cell(finding_domain(report, f)),
      cell(f.subject),
      cell(f.summary),
      cell(fmt::format("{}", fmt::join(objects, "\n"))),
      cell(fmt::format("{}", fmt::join(evidence, "\n"))),
      cell(f.remediation),
      change ? cell(name_of(*change)) : "",
      report.triage.suppressions_path ? (s != nullptr ? "true" : "false") : "",
      s != nullptr ? cell(s->rule.reason) : "",
      s != nullptr ? cell(s->rule.owner) : "",
      s != nullptr ? cell(s->rule.expires) : "",
    };
    out << fmt::format("{}\r\n", fmt::join(row, ","));
  }
}

} // namespace kerbready::reports
