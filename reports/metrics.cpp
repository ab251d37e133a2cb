// Prometheus metrics in the node_exporter textfile-collector format, for the NTLM dashboard: point
// --metrics at node_exporter's --collector.textfile.directory (the file is replaced atomically).
// Every domain x severity x cause series is written, zeros included, so a fixed finding takes its
// series to 0 instead of making it vanish. Suppressed findings are counted apart. The last-success
// timestamp is the last family and is written only for a complete scan; for an incomplete one the
// CLI carries over the previous file's value.

#include "reports/reporter.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <map>
#include <set>
#include <tuple>

namespace kerbready::reports {

namespace {

// Escape a label value: backslash, double quote and line feed, after sanitizing.
std::string
label(std::string_view value)
{
  std::string out;
  for (const char c : util::to_valid_utf8(util::sanitize(value, 253))) {
    if (c == '\\' || c == '"') {
      out += '\\';
    }
    out += c;
  }
  return out;
}

void
family(std::ostream& out, std::string_view name, std::string_view help)
{
  out << fmt::format("# HELP {} {}\n# TYPE {} gauge\n", name, help, name);
}

} // namespace

void
write_metrics(const Report& report, std::ostream& out, const OutputOptions& /*options*/)
{
  const auto& m = report.metadata;
  std::set<std::string> domains(m.domains.begin(), m.domains.end());
  std::map<std::tuple<std::string, int, int>, std::size_t> active;
  std::map<std::string, std::size_t> suppressed;
  for (const auto& f : report.findings) {
    const auto domain = finding_domain(report, f);
    domains.insert(domain);
    if (report.triage.is_suppressed(f.id)) {
      ++suppressed[domain];
    } else {
      ++active[{domain, static_cast<int>(f.severity), static_cast<int>(f.cause)}];
    }
  }

  family(out, "kerbready_findings", "Findings of the last scan that are not suppressed.");
  for (const auto& d : domains) {
    for (int s = 0; s < static_cast<int>(Severity::count_); ++s) {
      for (int c = 0; c < static_cast<int>(FallbackCause::count_); ++c) {
        const auto it = active.find({d, s, c});
        out << fmt::format("kerbready_findings{{domain=\"{}\",severity=\"{}\",cause=\"{}\"}} {}\n", label(d),
                           name_of(static_cast<Severity>(s)), name_of(static_cast<FallbackCause>(c)),
                           it == active.end() ? 0 : it->second);
      }
    }
  }
  family(out, "kerbready_findings_suppressed", "Findings of the last scan silenced by a suppression.");
  for (const auto& d : domains) {
    out << fmt::format("kerbready_findings_suppressed{{domain=\"{}\"}} {}\n", label(d), suppressed[d]);
  }
  if (report.triage.suppressions_path) {
    family(out, "kerbready_suppressions", "Suppression rules by state (expired and unmatched ones need attention).");
    std::map<std::string_view, std::size_t> states = {{"active", 0}, {"expired", 0}, {"unmatched", 0}};
    for (const auto& r : report.triage.suppressions) {
      ++states[name_of(r.state)];
    }
    for (const auto& [state, n] : states) {
      out << fmt::format("kerbready_suppressions{{state=\"{}\"}} {}\n", state, n);
    }
  }
  if (const auto& b = report.triage.baseline) {
    family(out, "kerbready_findings_changed", "Findings compared with the baseline report.");
    for (const auto change : {Change::added, Change::unchanged, Change::resolved, Change::not_reevaluated}) {
      out << fmt::format("kerbready_findings_changed{{change=\"{}\"}} {}\n", name_of(change), b->diff.count(change));
    }
  }
  family(out, "kerbready_domain_ready", "1 when the domain's readiness verdict is ready, else 0.");
  const auto& verdicts = report.verdicts;
  for (const auto& v : verdicts) {
    out << fmt::format("kerbready_domain_ready{{domain=\"{}\"}} {}\n", label(v.domain),
                       display_verdict(v) == "ready" ? 1 : 0);
  }
  family(out, "kerbready_readiness", "Readiness verdict per domain (one series per verdict, 1 for the current one).");
  for (const auto& v : verdicts) {
    for (const std::string_view verdict : {"ready", "at_risk", "not_ready", "unknown", "no_traffic_evidence"}) {
      out << fmt::format("kerbready_readiness{{domain=\"{}\",verdict=\"{}\"}} {}\n", label(v.domain), verdict,
                         display_verdict(v) == verdict ? 1 : 0);
    }
  }
  family(out, "kerbready_scan_complete", "1 when every check ran and everything could be read.");
  out << fmt::format("kerbready_scan_complete {}\n", report.complete() ? 1 : 0);
  family(out, "kerbready_scan_duration_seconds", "Duration of the last scan.");
  out << fmt::format("kerbready_scan_duration_seconds {:.3f}\n", static_cast<double>(m.duration_ms) / 1000.0);
  family(out, "kerbready_objects_read", "Directory objects read by the last scan.");
  out << fmt::format("kerbready_objects_read {}\n", m.objects_read);
  family(out, "kerbready_diagnostics", "Problems met by the last scan (anything above 0 makes it incomplete).");
  out << fmt::format("kerbready_diagnostics {}\n", report.diagnostics.size());
  family(out, "kerbready_scan_timestamp_seconds", "Start of the last scan, complete or not (Unix time).");
  out << fmt::format("kerbready_scan_timestamp_seconds {}\n", m.started_at);
  family(out, "kerbready_last_success_timestamp_seconds", "Start of the last complete scan (Unix time).");
  if (report.complete()) {
    out << fmt::format("kerbready_last_success_timestamp_seconds {}\n", m.started_at);
  }
}

} // namespace kerbready::reports
