#include "reports/reporter.hpp"
#include "src/cli/commands.hpp"
#include "src/collect/load.hpp"
#include "src/events/join.hpp"
#include "src/report.hpp"
#include "src/util/atomic_file.hpp"
#include "src/util/text.hpp"
#include "src/version.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>

namespace kerbready::cli {

namespace {

struct ScanOptions
{
  std::vector<std::string> snapshots;
  std::string json_path;
  std::string format = "text";
  std::string fail_on = "high";
  std::vector<std::string> only;
  std::string color = "auto";
  std::vector<std::string> events;
  std::string events_format = "auto";
};

// Honour SOURCE_DATE_EPOCH (reproducible-builds convention) so golden reports are byte-stable.
std::optional<std::int64_t>
fixed_time()
{
  const char* value = std::getenv("SOURCE_DATE_EPOCH");
  if (value == nullptr) {
    return std::nullopt;
  }
  return util::parse_int(value);
}

void
init_scan_parser(CLI::App& sub, ScanOptions& options)
{
  sub.add_option("--snapshot", options.snapshots, "LDIF snapshot file (repeatable: partitions or domains of one forest)")
    ->required()
    ->check(CLI::ExistingFile);
  sub.add_option("--json", options.json_path, "Also write the JSON report to FILE (atomically: temp file, then rename)");
  std::vector<std::string> formats;
  for (const auto& reporter : reports::all_reporters()) {
    formats.emplace_back(reporter.name);
  }
  sub.add_option("--format", options.format, "Format of the report on stdout")
    ->check(CLI::IsMember(formats))
    ->capture_default_str();
  sub.add_option("--fail-on", options.fail_on, "Exit 1 when a finding is at or above this severity")
    ->check(CLI::IsMember({"critical", "high", "medium", "low", "info", "none"}))
    ->capture_default_str();
  sub.add_option("--check", options.only, "Run only this check id (repeatable)");
  sub.add_option("--events", options.events,
                 "Audit events to join (repeatable): .evtx, wevtutil XML, Winlogbeat/ECS or Get-WinEvent JSON")
    ->check(CLI::ExistingFile);
  sub.add_option("--events-format", options.events_format, "Format of the --events files (auto: from their content)")
    ->check(CLI::IsMember({"auto", "evtx", "xml", "json"}))
    ->capture_default_str();
  sub.add_option("--color", options.color, "Colour on stdout")
    ->check(CLI::IsMember({"auto", "always", "never"}))
    ->capture_default_str();
}

ExitStatus
run_scan(const ScanOptions& options)
{
  for (const auto& id : options.only) {
    if (find_check(id) == nullptr) {
      throw Fatal(fmt::format("unknown check id '{}' (see kerbready list-checks)", id), ExitStatus::usage);
    }
  }
  const auto clock_start = std::chrono::steady_clock::now();
  const auto now = fixed_time().value_or(
    std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());

  auto snapshot = collect::load_snapshot_files(options.snapshots);
  if (!snapshot) {
    throw Fatal(snapshot.error(), ExitStatus::incomplete);
  }
  auto report = run_checks(*snapshot, options.only);
  if (!options.events.empty()) {
    report = events::join_events(std::move(report), *snapshot, read_event_files(options.events, options.events_format));
  }
  auto& m = report.metadata;
  m.tool_version = k_version;
  m.source = "snapshot";
  m.inputs = options.snapshots;
  m.started_at = now;
  m.duration_ms = fixed_time() ? 0
                               : std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::steady_clock::now() - clock_start)
                                   .count();
  const auto fail_on = options.fail_on == "none" ? Severity::count_ : parse_severity(options.fail_on);
  m.fail_on = fail_on;

  if (!options.json_path.empty()) {
    util::AtomicFile file(options.json_path);
    reports::write_json(report, file.stream(), {});
    file.commit();
  }
  const auto* reporter = reports::find_reporter(options.format);
  reports::OutputOptions output;
  output.color = options.format == "text" && use_color(options.color);
  reporter->write(report, std::cout, output);
  std::cout.flush();

  if (!report.complete()) {
    const std::string first = report.diagnostics.empty()
                                ? std::string("some checks could not be evaluated")
                                : util::sanitize(report.diagnostics.front().message, 300);
    std::cerr << fmt::format("kerbready: error: scan incomplete ({} diagnostics; first: {})\n",
                             report.diagnostics.size(), first);
    return ExitStatus::incomplete;
  }
  if (fail_on != Severity::count_ && report.has_findings_at_or_above(fail_on)) {
    return ExitStatus::findings;
  }
  return ExitStatus::ok;
}

} // namespace

void
set_scan_command(CLI::App& app, ExitStatus& status)
{
  auto options = std::make_shared<ScanOptions>();
  auto* sub = app.add_subcommand("scan", "Scan a domain snapshot and report what makes clients fall back to NTLM");
  init_scan_parser(*sub, *options);
  sub->callback([options, &status] { status = run_scan(*options); });
}

} // namespace kerbready::cli
