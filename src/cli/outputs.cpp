#include "src/cli/outputs.hpp"

#include "reports/reporter.hpp"
#include "src/triage/history.hpp"
#include "src/triage/stored_report.hpp"
#include "src/triage/suppressions.hpp"
#include "src/util/ad.hpp"
#include "src/util/atomic_file.hpp"
#include "src/util/input_guard.hpp"
#include "src/util/output_transaction.hpp"
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

// Throw a usage error when two of `files` name the same file: compared as canonical paths, so
// "./x", "x" and "dir/../x" clash (the second would silently overwrite the first).
void
reject_shared_paths(const std::vector<OutputFile>& files)
{
  std::vector<std::filesystem::path> canonical;
  for (const auto& f : files) {
    std::error_code error;
    auto path = std::filesystem::weakly_canonical(f.path, error);
    if (error) {
      path = std::filesystem::absolute(f.path, error).lexically_normal();
    }
    canonical.push_back(std::move(path));
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    for (std::size_t j = i + 1; j < files.size(); ++j) {
      if (canonical[i] == canonical[j]) {
        throw Fatal(fmt::format("two outputs write to the same file: {} and {}", util::sanitize(files[i].path, 300),
                                util::sanitize(files[j].path, 300)),
                    ExitStatus::usage);
      }
    }
  }
}

std::vector<OutputFile>
output_files(const ReportOutputs& o)
{
  std::vector<OutputFile> files;
  if (!o.json.empty()) {
    files.push_back({"json", o.json, "--json"});
  }
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
      throw Fatal(
        fmt::format("--output '{}': expected FORMAT=FILE, e.g. markdown=report.md", util::sanitize(spec, 200)),
        ExitStatus::usage);
    }
    OutputFile f{spec.substr(0, eq), spec.substr(eq + 1), "--output"};
    if (reports::find_reporter(f.format) == nullptr) {
      throw Fatal(
        fmt::format("--output: unknown format '{}' (see kerbready scan --help)", util::sanitize(f.format, 60)),
        ExitStatus::usage);
    }
    files.push_back(std::move(f));
  }
  reject_shared_paths(files);
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

// Delete the archived reports beyond --keep, never `just_written`.
void
prune_archive(const std::filesystem::path& dir, const std::string& just_written, std::size_t keep)
{
  namespace fs = std::filesystem;
  std::error_code error;
  std::vector<std::string> names;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    // Not a link, a directory or anything else that merely has the name.
    if (it->symlink_status(error).type() == fs::file_type::regular) {
      names.push_back(it->path().filename().string());
    }
  }
  if (error) {
    throw Fatal(
      fmt::format("cannot list archive directory {}: {}", util::sanitize(dir.string(), 300), error.message()));
  }
  for (const auto& name : archive_prune_list(std::move(names), just_written, keep)) {
    fs::remove(dir / name, error);
    if (error) {
      throw Fatal(fmt::format("cannot remove old archived report {}: {}", util::sanitize((dir / name).string(), 300),
                              error.message()));
    }
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
  sub
    .add_option("--baseline", o.baseline,
                "Compare with this earlier JSON report: mark findings new, unchanged or resolved")
    ->group(group);
  sub.add_flag("--baseline-missing-ok", o.baseline_missing_ok, "A missing --baseline file is not an error (first run)")
    ->group(group);
  sub
    .add_option("--fail-on-new", o.fail_on_new,
                "Exit 1 when a finding new since --baseline is at or above this severity")
    ->check(CLI::IsMember({"critical", "high", "medium", "low", "info", "none"}))
    ->capture_default_str()
    ->group(group);
  sub.add_option("--suppressions", o.suppressions, "Accepted exceptions (TOML, see docs/suppressions.md)")
    ->group(group);
  sub.add_option("--html", o.html, "Write a self-contained HTML report to FILE")->group(group);
  sub.add_option("--metrics", o.metrics, "Write Prometheus metrics (node_exporter textfile format) to FILE")
    ->group(group);
  sub.add_option("--tickets", o.tickets, "Write one JSON ticket per finding (JSON Lines) to FILE")->group(group);
  sub.add_option("--output", o.outputs, "Also write FORMAT (text, json, markdown, csv, jsonl, html, metrics) to FILE")
    ->type_name("FORMAT=FILE")
    ->group(group);
  sub.add_option("--archive", o.archive_dir, "Also keep the JSON report as DIR/kerbready-<UTC time>.json")
    ->group(group);
  sub.add_option("--keep", o.keep, "Archived JSON reports to keep in --archive (oldest are removed)")
    ->check(CLI::Range(1, 100000))
    ->capture_default_str()
    ->group(group);
  sub
    .add_option("--history", o.history_dir,
                "Draw the findings burn-down and verdicts over time in the HTML report from the archived JSON "
                "reports in DIR (default: --archive)")
    ->group(group);
}

TriageInputs
load_triage_inputs(const ReportOutputs& o)
{
  // Usage errors before any work: bad --output specs, and outputs that are not regular files (a
  // FIFO would block, a directory cannot be replaced).
  for (const auto& f : output_files(o)) {
    util::require_output_path(f.path, f.option);
  }
  if (!o.archive_dir.empty()) {
    std::error_code error;
    const auto type = std::filesystem::status(o.archive_dir, error).type();
    if (type != std::filesystem::file_type::not_found && type != std::filesystem::file_type::directory) {
      throw Fatal(fmt::format("--archive {}: not a directory", o.archive_dir), ExitStatus::usage);
    }
  }
  if (!o.history_dir.empty()) {
    std::error_code error;
    if (!std::filesystem::is_directory(o.history_dir, error)) {
      throw Fatal(fmt::format("--history {}: not a directory", util::sanitize(o.history_dir, 300)), ExitStatus::usage);
    }
  }
  TriageInputs inputs;
  if (!o.baseline.empty()) {
    std::error_code error;
    if (o.baseline_missing_ok && !std::filesystem::exists(o.baseline, error)) {
      // First run of a schedule: nothing to compare with.
    } else {
      util::require_regular_file(o.baseline, "--baseline");
      auto baseline = triage::read_stored_report(o.baseline);
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
    auto rules = triage::read_suppressions(o.suppressions);
    if (!rules) {
      throw Fatal(rules.error(), ExitStatus::usage); // a bad rules file is a bad command line
    }
    inputs.suppressions = std::move(*rules);
    inputs.suppressions_path = o.suppressions;
  }
  return inputs;
}

void
load_history(Report& report, const ReportOutputs& o)
{
  const auto files = output_files(o);
  const bool html = std::any_of(files.begin(), files.end(), [](const OutputFile& f) { return f.format == "html"; });
  const auto& dir = o.history_dir.empty() ? o.archive_dir : o.history_dir;
  if (!html || dir.empty()) {
    return;
  }
  auto history = triage::read_history(dir);
  if (!history) {
    throw Fatal(fmt::format("--history: {}", util::sanitize(history.error(), 400)), ExitStatus::incomplete);
  }
  for (const auto& skipped : history->skipped) {
    std::cerr << fmt::format("kerbready: warning: archived report skipped: {}\n", util::sanitize(skipped, 400));
  }
  history->points.push_back(triage::history_point(report));
  report.history = std::move(*history);
}

void
warn_suppressions(const Report& report)
{
  for (const auto& r : report.triage.suppressions) {
    if (r.state == SuppressionState::expired) {
      std::cerr << fmt::format("kerbready: warning: suppression {} expired on {}{}\n",
                               util::sanitize(r.rule.origin, 300), r.rule.expires,
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
  auto files = output_files(o);
  std::string archived;
  if (!o.archive_dir.empty()) {
    std::error_code error;
    std::filesystem::create_directories(o.archive_dir, error);
    if (error) {
      throw Fatal(
        fmt::format("cannot create archive directory {}: {}", util::sanitize(o.archive_dir, 300), error.message()));
    }
    archived = archive_name(report.metadata.started_at);
    files.push_back({"json", (std::filesystem::path(o.archive_dir) / archived).string(), "--archive"});
    reject_shared_paths(files);
  }
  util::OutputTransaction transaction;
  for (const auto& f : files) {
    const std::string carried = f.format == "metrics" && !report.complete() ? previous_last_success(f.path) : "";
    auto& out = transaction.stage(f.path);
    reports::find_reporter(f.format)->write(report, out, {});
    out << carried;
  }
  transaction.commit_all();
  if (!archived.empty()) {
    prune_archive(o.archive_dir, archived, static_cast<std::size_t>(std::max(o.keep, 1)));
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

std::vector<std::string>
archive_prune_list(std::vector<std::string> names, const std::string& just_written, std::size_t keep)
{
  // kerbready-YYYYMMDDTHHMMSSZ.json: fixed width, so the names sort by the time in them.
  static const std::regex k_pattern(R"(kerbready-[0-9]{8}T[0-9]{6}Z\.json)");
  const auto foreign = [&](const std::string& name) {
    return name == just_written || !std::regex_match(name, k_pattern);
  };
  names.erase(std::remove_if(names.begin(), names.end(), foreign), names.end());
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  // The report just written is one of the `keep`.
  const std::size_t others = keep > 0 ? keep - 1 : 0;
  if (names.size() <= others) {
    return {};
  }
  names.resize(names.size() - others);
  return names;
}

} // namespace kerbready::cli
