// The text report: summary first (what was read, complete or not, findings by severity and
// cause), then findings in priority order, readable at 100 columns. Every string that came from the
// directory goes through util::sanitize, so an SPN holding terminal escapes prints as \x1b, never
// as an escape. Colour only when OutputOptions::color says so (TTY and no NO_COLOR).

#include "src/util/text.hpp"

#include "reports/reporter.hpp"
#include "src/util/ad.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

namespace kerbready::reports {

namespace {

class Writer
{
public:
  Writer(std::ostream& out, const OutputOptions& options) : m_out(out), m_options(options) {}

  std::string paint(std::string_view code, std::string_view text) const
  {
    if (!m_options.color) {
      return std::string(text);
    }
    return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
  }

  std::string severity_label(Severity severity) const
  {
    const auto name = util::to_upper(name_of(severity));
    switch (severity) {
    case Severity::critical:
      return paint("1;41;97", fmt::format("{:<8}", name));
    case Severity::high:
      return paint("1;31", fmt::format("{:<8}", name));
    case Severity::medium:
      return paint("33", fmt::format("{:<8}", name));
    case Severity::low:
      return paint("36", fmt::format("{:<8}", name));
    default:
      return paint("2", fmt::format("{:<8}", name));
    }
  }

  // Write `text` wrapped to the report width; the first line starts with `first`, the others with
  // `indent` spaces. Embedded newlines start new lines with the same indentation.
  void wrap(std::string_view first, std::string_view text, std::size_t indent)
  {
    const auto width = static_cast<std::size_t>(m_options.width);
    std::string prefix(first);
    bool first_line = true;
    for (const auto paragraph : util::split(text, '\n')) {
      std::string line = first_line ? prefix : std::string(indent, ' ');
      const std::size_t start = line.size();
      // Lines of commands keep their own leading spaces and are never wrapped, so that they can be
      // copied and pasted whole.
      std::size_t lead = 0;
      while (lead < paragraph.size() && paragraph[lead] == ' ') {
        ++lead;
      }
      line.append(lead, ' ');
      if (lead > 0) {
        m_out << line << paragraph.substr(lead) << '\n';
        first_line = false;
        continue;
      }
      std::size_t used = line.size();
      bool empty = true;
      for (const auto word : util::split(paragraph.substr(lead), ' ')) {
        if (word.empty()) {
          continue;
        }
        if (!empty && used + 1 + word.size() > width) {
          m_out << line << '\n';
          line = std::string(start + lead + 2, ' ');
          used = line.size();
          empty = true;
        }
        if (!empty) {
          line += ' ';
          ++used;
        }
        line += word;
        used += word.size();
        empty = false;
      }
      m_out << line << '\n';
      first_line = false;
    }
  }

  std::ostream& out() { return m_out; }

private:
  std::ostream& m_out;
  const OutputOptions& m_options;
};

std::string
s(std::string_view text, std::size_t max = 400)
{
  return util::sanitize(text, max);
}

// Sanitize each line of `text` separately: our own line breaks stay, the directory's do not.
std::string
s_lines(std::string_view text)
{
  std::vector<std::string> lines;
  for (const auto line : util::split(text, '\n')) {
    lines.push_back(util::sanitize(line, 400));
  }
  return fmt::format("{}", fmt::join(lines, "\n"));
}

void
write_triage_summary(Writer& w, const Triage& t)
{
  if (t.baseline) {
    const auto& b = *t.baseline;
    const auto not_reevaluated = b.diff.count(Change::not_reevaluated);
    w.wrap("Baseline:  ",
           fmt::format("{} ({}{}): {} new, {} unchanged, {} resolved{}", s(b.path, 200), s(b.started_at, 40),
                       b.complete ? "" : ", INCOMPLETE: some new findings may only have been missed then",
                       b.diff.count(Change::added), b.diff.count(Change::unchanged), b.diff.count(Change::resolved),
                       not_reevaluated == 0
                         ? std::string()
                         : fmt::format(", {} not re-evaluated (this scan did not look)", not_reevaluated)),
           11);
  }
  if (t.suppressions_path) {
    std::size_t states[3] = {0, 0, 0};
    for (const auto& r : t.suppressions) {
      ++states[static_cast<int>(r.state)];
    }
    w.wrap("Suppressed: ",
           fmt::format("{} findings ({} rules in {}: {} active, {} expired, {} match nothing)", t.suppressed_count(),
                       t.suppressions.size(), s(*t.suppressions_path, 200), states[0], states[1], states[2]),
           12);
    for (const auto& r : t.suppressions) {
      if (r.state == SuppressionState::expired) {
        w.wrap("    ",
               fmt::format("EXPIRED suppression {} (expired {}, owner {}){}", s(r.rule.origin), r.rule.expires,
                           s(r.rule.owner),
                           r.matched > 0 ? fmt::format(": {} findings are reported again", r.matched) : ""),
               6);
      } else if (r.state == SuppressionState::unmatched) {
        w.wrap("    ",
               fmt::format("UNMATCHED suppression {} (owner {}): matches no finding; remove it", s(r.rule.origin),
                           s(r.rule.owner)),
               6);
      }
    }
  }
}

void
write_resolved(Writer& w, const Triage& t)
{
  if (!t.baseline) {
    return;
  }
  if (t.baseline->diff.count(Change::resolved) > 0) {
    w.out() << '\n' << w.paint("1", "Resolved since the baseline") << '\n';
    for (const auto& e : t.baseline->diff.entries) {
      if (e.change == Change::resolved) {
        w.wrap("  - ",
               fmt::format("{} {}  {}  ({})", util::to_upper(name_of(e.finding.severity)), s(e.finding.check_id, 80),
                           s(e.finding.subject, 300), s(e.finding.id, 100)),
               6);
      }
    }
  }
  if (t.baseline->diff.count(Change::not_reevaluated) > 0) {
    w.out() << '\n' << w.paint("1", "Not re-evaluated (missing, but this scan did not look: not resolved)") << '\n';
    for (const auto& e : t.baseline->diff.entries) {
      if (e.change == Change::not_reevaluated) {
        w.wrap("  - ",
               fmt::format("{} {}  {}  ({}): {}", util::to_upper(name_of(e.finding.severity)),
                           s(e.finding.check_id, 80), s(e.finding.subject, 300), s(e.finding.id, 100),
                           e.gap ? s(e.gap->detail, 300) : ""),
               6);
      }
    }
  }
}

// Write the blocking prerequisites and the fixes that matter most for verdict `v`, each pointing
// at its number in the findings list.
void
write_fix_first(Writer& w, const Report& report, const kerbready::DomainVerdict& v,
                const std::unordered_map<std::string_view, std::size_t>& number)
{
  const auto ref = [&](const std::string& id) {
    const auto it = number.find(id);
    return it == number.end() ? id : fmt::format("#{}", it->second);
  };
  if (!v.prerequisites.empty()) {
    std::vector<std::string> refs;
    for (std::size_t i = 0; i < v.prerequisites.size() && i < 20; ++i) {
      refs.push_back(ref(v.prerequisites[i]));
    }
    if (v.prerequisites.size() > refs.size()) {
      refs.push_back(fmt::format("and {} more", v.prerequisites.size() - refs.size()));
    }
    w.wrap("           ", fmt::format("blocking prerequisites still open: {}", fmt::join(refs, " ")), 11);
  }
  if (v.top_fixes.empty()) {
    return;
  }
  w.wrap("           ", fmt::format("fix first ({}):", v.top_fixes.size()), 11);
  for (std::size_t i = 0; i < v.top_fixes.size(); ++i) {
    const auto it = number.find(v.top_fixes[i]);
    if (it == number.end()) {
      continue;
    }
    const auto& f = report.findings[it->second - 1];
    const auto head = fmt::format("{:>13}. {} {:>4} {}  ", i + 1, w.severity_label(f.severity), ref(f.id), f.check_id);
    // The label is 8 columns wide whatever its colour codes add.
    const auto visible = 13 + 2 + 8 + 1 + std::max<std::size_t>(4, ref(f.id).size()) + 1 + f.check_id.size() + 2;
    w.wrap(head, s(f.subject, 120), visible);
  }
}

} // namespace

std::string_view
reference_time_label(const ScanMetadata& m)
{
  if (m.reference_time_source == "option") {
    return "--reference-time";
  }
  if (m.reference_time_source == "snapshot") {
    return "when the snapshot was collected";
  }
  if (m.reference_time_source == "source_date_epoch") {
    return "SOURCE_DATE_EPOCH";
  }
  return "the clock at scan time";
}

void
write_text(const Report& report, std::ostream& out, const OutputOptions& options)
{
  Writer w(out, options);
  const auto& m = report.metadata;
  out << w.paint("1", fmt::format("kerbready {} - Kerberos readiness report", m.tool_version)) << '\n';
  std::vector<std::string> inputs;
  for (const auto& input : m.inputs) {
    inputs.push_back(s(input, 200));
  }
  w.wrap("Source:    ", fmt::format("{} {}", m.source, fmt::join(inputs, ", ")), 11);
  std::vector<std::string> domains;
  for (const auto& d : m.domains) {
    domains.push_back(s(d, 200));
  }
  w.wrap("Domains:   ", domains.empty() ? std::string("(none found)") : fmt::format("{}", fmt::join(domains, ", ")),
         11);
  for (const auto& [key, value] : m.collection) {
    w.wrap(fmt::format("{:<11}", key + ":"), s(value, 200), 11);
  }
  std::vector<std::string> parts;
  for (const auto& [partition, count] : m.objects_per_partition) {
    parts.push_back(fmt::format("{} {}", s(partition, 120), count));
  }
  w.wrap("Read:      ", fmt::format("{} objects ({})", m.objects_read, fmt::join(parts, "; ")), 11);
  if (!m.spn_mappings_from_directory) {
    w.wrap("Note:      ", "sPNMappings not read (no Configuration partition): the Windows default aliases were used",
           11);
  }

  std::size_t evaluated = 0;
  for (const auto& r : report.checks) {
    evaluated += r.status == CheckStatus::evaluated ? 1 : 0;
  }
  const auto status = report.complete() ? w.paint("1;32", "COMPLETE") : w.paint("1;31", "INCOMPLETE");
  out << fmt::format("Scan:      {} ({} of {} checks evaluated, {} diagnostics)\n", status, evaluated,
                     report.checks.size(), report.diagnostics.size());
  if (!m.completeness_verifiable) {
    std::vector<std::string> unverifiable;
    for (const auto& input : m.unverifiable_inputs) {
      unverifiable.push_back(s(input, 200));
    }
    w.wrap("Evidence:  ",
           fmt::format("completeness not verifiable: {} carries no kerbready header and end marker, so a cut file "
                       "would look whole; no finding is taken as fixed on its word",
                       fmt::join(unverifiable, ", ")),
           11);
  }
  w.wrap("Ages at:   ", fmt::format("{} ({})", util::format_iso8601(m.reference_time), reference_time_label(m)), 11);
  std::vector<std::string> sev;
  sev.reserve(static_cast<std::size_t>(Severity::count_));
  for (int i = 0; i < static_cast<int>(Severity::count_); ++i) {
    sev.push_back(fmt::format("{} {}", name_of(static_cast<Severity>(i)), report.count(static_cast<Severity>(i))));
  }
  out << fmt::format("Findings:  {} ({})\n", report.findings.size(), fmt::join(sev, ", "));
  std::vector<std::string> causes;
  for (int i = 0; i < static_cast<int>(FallbackCause::count_); ++i) {
    const auto n = report.count(static_cast<FallbackCause>(i));
    if (n > 0) {
      causes.push_back(fmt::format("{} {}", name_of(static_cast<FallbackCause>(i)), n));
    }
  }
  if (!causes.empty()) {
    w.wrap("By cause:  ", fmt::format("{}", fmt::join(causes, ", ")), 11);
  }
  if (m.fail_on == Severity::count_) {
    out << "Fail on:   none (exit 0 unless the scan is incomplete)\n";
  } else {
    out << fmt::format("Fail on:   {} and above\n", name_of(m.fail_on));
  }
  // Finding number in the list below, by id, so that the fixes at the top point into it.
  std::unordered_map<std::string_view, std::size_t> number;
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    number.emplace(report.findings[i].id, i + 1);
  }
  for (const auto& v : report.verdicts) {
    std::string label;
    switch (v.readiness) {
    case Readiness::ready:
      label = w.paint("1;32", "READY");
      break;
    case Readiness::ready_with_caveats:
      label = w.paint("33", "READY WITH CAVEATS");
      break;
    case Readiness::not_ready:
      label = w.paint("1;31", "NOT READY");
      break;
    case Readiness::unknown:
      label = w.paint("2", "UNKNOWN");
      break;
    case Readiness::ready_no_traffic_evidence:
      label = w.paint("34", "DIRECTORY READY, NO TRAFFIC EVIDENCE");
      break;
    }
    w.wrap("Verdict:   ", fmt::format("{} - {} to block NTLM: {}", s(v.domain, 200), label, s(v.reason, 2000)), 11);
    w.wrap("Evidence:  ", s(reports::describe_evidence(report, v), 2000), 11);
    write_fix_first(w, report, v, number);
  }

  write_triage_summary(w, report.triage);

  for (const auto& r : report.checks) {
    if (r.status != CheckStatus::evaluated) {
      w.wrap("", fmt::format("NOT EVALUATED {}: {}", r.check->id, r.reason), 4);
    }
  }
  if (!report.diagnostics.empty()) {
    out << '\n' << w.paint("1", "Diagnostics (the scan is incomplete because of these)") << '\n';
    std::size_t shown = 0;
    for (const auto& d : report.diagnostics) {
      if (++shown > 20) {
        out << fmt::format("  … and {} more (see the JSON report)\n", report.diagnostics.size() - 20);
        break;
      }
      w.wrap("  - ", fmt::format("{}: {}", s(d.where, 200), s(d.message, 300)), 4);
    }
  }

  if (report.findings.empty()) {
    out << '\n' << (report.complete() ? "No findings.\n" : "No findings in what could be evaluated.\n");
    write_resolved(w, report.triage);
    return;
  }
  out << '\n' << w.paint("1", "Findings, most urgent first") << '\n';
  std::size_t rank = 0;
  for (const auto& f : report.findings) {
    ++rank;
    out << '\n';
    const auto head = fmt::format("{:>3}. {} {}  ", rank, w.severity_label(f.severity), f.check_id);
    w.wrap(head, s(f.subject, 300), 5);
    w.wrap("     ", s(f.summary, 600), 5);
    w.wrap("     cause: ",
           fmt::format("{} ({}){}", name_of(f.cause), describe(f.cause), f.tier0 ? "; Tier-0 object" : ""), 12);
    w.wrap("     id:    ", f.id, 12);
    if (f.observed) {
      const auto& o = *f.observed;
      std::vector<std::string> top;
      for (const auto& client : o.top_clients) {
        top.push_back(s(client, 120));
      }
      w.wrap("     seen:  ",
             fmt::format("observed NTLM: {} authentications from {} clients{}{}", o.count, o.clients,
                         o.first_seen == 0 ? std::string()
                                           : fmt::format(", first {} last {}", util::format_iso8601(o.first_seen),
                                                         util::format_iso8601(o.last_seen)),
                         top.empty() ? std::string() : fmt::format(" (most: {})", fmt::join(top, ", "))),
             12);
    }
    for (const auto& a : f.affected) {
      const auto who = a.sam_account_name.empty() ? std::string() : s(a.sam_account_name, 120) + "  ";
      out << fmt::format("     object: {}{}\n", who, s(a.dn, 300));
    }
    std::size_t shown = 0;
    for (const auto& e : f.evidence) {
      if (++shown > 12) {
        out << fmt::format("     … {} more evidence values in the JSON report\n", f.evidence.size() - 12);
        break;
      }
      out << fmt::format("     - {}: {}\n", s(e.name, 300), s(e.value, 300));
    }
    w.wrap("     fix:   ", s_lines(f.remediation), 12);
    if (report.triage.change_of(f.id) == Change::added) {
      w.wrap("     ", "NEW since the baseline", 5);
    }
    if (const auto* r = report.triage.suppression_of(f.id)) {
      w.wrap("     SUPPRESSED: ",
             fmt::format("{} (owner {}, until {}; {})", s(r->rule.reason), s(r->rule.owner), r->rule.expires,
                         s(r->rule.origin)),
             17);
    }
  }
  write_resolved(w, report.triage);
}

} // namespace kerbready::reports
