#include "src/cli/outputs.hpp"

#include "reports/reporter.hpp"
#include "reports/stored_report.hpp"
#include "reports/suppressions.hpp"
#include "src/util/ad.hpp"
#include "src/util/atomic_file.hpp"
#include "src/util/input_guard.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <regex>

namespace kerbready::cli {

namespace {

constexpr std::string_view k_group = "Scheduled scans and outputs";
constexpr std::string_view k_last_success = "kerbready_last_success_timestamp_seconds";

struct OutputFile
{
  std::string format;
  std::string path;
  std::string option; // for messages: --html, --metrics, --tickets or --output
};

std::vector<OutputFile>
output_files(const ReportOutputs& o)
{
  std::vector<OutputFile> files;
  if (!o.html.empty()) {
    files.push_back({"html", o.html, "--html"});
  }
  if (!o.metrics.empty()) {
    files.push_back({"metrics", o.metrics, "--metrics"});
  }
  if (!o.tickets.empty()) {
    files.push_back({"jsonl", o.tickets, "--tickets"});
  }
  for (const auto& spec : o.outputs) {
    const auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
      throw Fatal(fmt::format("--output '{}': expected FORMAT=FILE, e.g. markdown=report.md", util::sanitize(spec, 200)),
                  ExitStatus::usage);
    }
    OutputFile f{spec.substr(0, eq), spec.substr(eq + 1), "--output"};
    if (reports::find_reporter(f.format) == nullptr) {
      throw Fatal(fmt::format("--output: unknown format '{}' (see kerbready scan --help)", util::sanitize(f.format, 60)),
                  ExitStatus::usage);
    }
    files.push_back(std::move(f));
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    for (std::size_t j = i + 1; j < files.size(); ++j) {
      if (files[i].path == files[j].path) {
        throw Fatal(fmt::format("two outputs write to {}", files[i].path), ExitStatus::usage);
      }
    }
  }
  return files;
}

// The last-success line of the metrics file at `path`, if it has one. An incomplete scan keeps it,
// so that a dashboard's "last successful scan" stays the last complete one.
std::string
previous_last_success(const std::string& path)
{
  if (util::regular_file_problem(path)) {
    return {}; // missing (first run); anything else was refused before the scan
  }
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(std::string(k_last_success) + " ", 0) == 0) {
      return line + "\n";
    }
  }
  return {};
}

void
archive_json(const Report& report, const ReportOutputs& o)
{
  namespace fs = std::filesystem;
  const fs::path dir(o.archive_dir);
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) {
    throw Fatal(fmt::format("cannot create archive directory {}: {}", dir.string(), error.message()));
  }
  {
    util::AtomicFile file(dir / archive_name(report.metadata.started_at));
    reports::write_json(report, file.stream(), {});
    file.commit();
  }
  // Prune: only files with our exact name pattern, oldest first (the names sort by time).
  static const std::regex k_pattern(R"(kerbready-[0-9]{8}T[0-9]{6}Z\.json)");
  std::vector<fs::path> archived;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    if (entry.is_regular_file() && std::regex_match(entry.path().filename().string(), k_pattern)) {
      archived.push_back(entry.path());
    }
  }
  std::sort(archived.begin(), archived.end());
  const auto keep = static_cast<std::size_t>(std::max(o.keep, 1));
  for (std::size_t i = 0; i + keep < archived.size(); ++i) {
    fs::remove(archived[i], error);
  }
}

} // namespace

void
add_report_outputs(CLI::App& sub, ReportOutputs& o)
{
  const std::string group(k_group);
  // --config belongs to the main app (CLI11 reads config files there only); fallthrough lets
  // `kerbready scan --config FILE` reach it.
  sub.fallthrough();
  sub.add_option("--baseline", o.baseline, "Compare with this earlier JSON report: mark findings new, unchanged or resolved")
    ->group(group);
  sub.add_flag("--baseline-missing-ok", o.baseline_missing_ok, "A missing --baseline file is not an error (first run)")
    ->group(group);
  sub.add_option("--fail-on-new", o.fail_on_new, "Exit 1 when a finding new since --baseline is at or above this severity")
    ->check(CLI::IsMember({"critical", "high", "medium", "low", "info", "none"}))
    ->capture_default_str()
    ->group(group);
  sub.add_option("--suppressions", o.suppressions, "Accepted exceptions (TOML, see docs/suppressions.md)")->group(group);
  sub.add_option("--html", o.html, "Write a self-contained HTML report to FILE")->group(group);
  sub.add_option("--metrics", o.metrics, "Write Prometheus metrics (node_exporter textfile format) to FILE")->group(group);
  sub.add_option("--tickets", o.tickets, "Write one JSON ticket per finding (JSON Lines) to FILE")->group(group);
  sub.add_option("--output", o.outputs, "Also write FORMAT (text, json, markdown, csv, jsonl, html, metrics) to FILE")
    ->type_name("FORMAT=FILE")
    ->group(group);
  sub.add_option("--archive", o.archive_dir, "Also keep the JSON report as DIR/kerbready-<UTC time>.json")->group(group);
  sub.add_option("--keep", o.keep, "Archived JSON reports to keep in --archive (oldest are removed)")
    ->check(CLI::Range(1, 100000))
    ->capture_default_str()
    ->group(group);
}

TriageInputs
load_triage_inputs(const ReportOutputs& o)
{
  // Usage errors before any work: bad --output specs, and outputs that are not regular files (a
  // FIFO would block, a directory cannot be replaced).
  for (const auto &f : output_files(o)) {
    util::require_output_path(f.path, f.option);
  }
  if (!o.archive_dir.empty()) {
    std::error_code error;
    const auto type = std::filesystem::status(o.archive_dir, error).type();
    if (type != std::filesystem::file_type::not_found && type != std::filesystem::file_type::directory) {
      throw Fatal(fmt::format("--archive {}: not a directory", o.archive_dir), ExitStatus::usage);
    }
  }
  TriageInputs inputs;
  if (!o.baseline.empty()) {
    std::error_code error;
    if (o.baseline_missing_ok && !std::filesystem::exists(o.baseline, error)) {
      // First run of a schedule: nothing to compare with.
    } else {
      util::require_regular_file(o.baseline, "--baseline");
      auto baseline = reports::read_stored_report(o.baseline);
      if (!baseline) {
        throw Fatal(baseline.error(), ExitStatus::incomplete);
      }
      inputs.baseline = std::move(*baseline);
    }
  } else if (o.fail_on_new != "none") {
    throw Fatal("--fail-on-new needs --baseline", ExitStatus::usage);
  }
  if (!o.suppressions.empty()) {
    util::require_regular_file(o.suppressions, "--suppressions");
    auto rules = reports::read_suppressions(o.suppressions);
    if (!rules) {
      throw Fatal(rules.error(), ExitStatus::usage); // a bad rules file is a bad command line
    }
    inputs.suppressions = std::move(*rules);
    inputs.suppressions_path = o.suppressions;
  }
  return inputs;
}

void
apply_triage(Report& report, const TriageInputs& inputs)
{
  if (inputs.suppressions) {
    const auto today = report.metadata.started_at >= 0 ? report.metadata.started_at / 86400
                                                       : (report.metadata.started_at - 86399) / 86400;
    apply_suppressions(report, *inputs.suppressions, inputs.suppressions_path, today);
  }
  if (inputs.baseline) {
    apply_baseline(report, *inputs.baseline);
  }
  for (const auto& r : report.triage.suppressions) {
    if (r.state == SuppressionState::expired) {
      std::cerr << fmt::format("kerbready: warning: suppression {} expired on {}{}\n", util::sanitize(r.rule.origin, 300),
                               r.rule.expires,
                               r.matched > 0 ? fmt::format(" ({} findings are reported again)", r.matched) : "");
    } else if (r.state == SuppressionState::unmatched) {
      std::cerr << fmt::format("kerbready: warning: suppression {} matches no finding\n",
                               util::sanitize(r.rule.origin, 300));
    }
  }
}

void
write_report_outputs(const Report& report, const ReportOutputs& o)
{
  std::vector<std::unique_ptr<util::AtomicFile>> files;
  for (const auto& f : output_files(o)) {
    const std::string carried = f.format == "metrics" && !report.complete() ? previous_last_success(f.path) : "";
    files.push_back(std::make_unique<util::AtomicFile>(f.path));
    reports::find_reporter(f.format)->write(report, files.back()->stream(), {});
    files.back()->stream() << carried;
  }
  for (auto& file : files) {
    file->commit();
  }
  if (!o.archive_dir.empty()) {
    archive_json(report, o);
  }
}

bool
fails_on_new(const Report& report, const ReportOutputs& o)
{
  if (o.fail_on_new == "none" || !report.triage.baseline) {
    return false;
  }
  return report.triage.baseline->diff.has_new_at_or_above(parse_severity(o.fail_on_new));
}

std::string
archive_name(std::int64_t unix_seconds)
{
  // format_iso8601 gives YYYY-MM-DDTHH:MM:SSZ; drop the separators.
  auto stamp = util::format_iso8601(unix_seconds);
  stamp.erase(std::remove_if(stamp.begin(), stamp.end(), [](char c) { return c == '-' || c == ':'; }), stamp.end());
  return fmt::format("kerbready-{}.json", stamp);
}

} // namespace kerbready::cli
