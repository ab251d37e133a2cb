#include "reports/reporter.hpp"
#include "src/ad/stale.hpp"
#include "src/cli/commands.hpp"
#include "src/cli/live_options.hpp"
#include "src/cli/outputs.hpp"
#include "src/input/entries.hpp"
#include "src/input/load.hpp"
#include "src/input/sysvol.hpp"
#include "src/input/sysvol_saved.hpp"
#include "src/live/sysvol_live.hpp"
#include "src/model/report.hpp"
#include "src/probe/results_json.hpp"
#include "src/scan/check_stage.hpp"
#include "src/scan/scan.hpp"
#include "src/util/ad.hpp"
#include "src/util/atomic_file.hpp"
#include "src/util/input_guard.hpp"
#include "src/util/text.hpp"
#include "src/version.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <memory>
#include <utility>

namespace kerbready::cli {

namespace {

struct ScanOptions
{
  std::vector<std::string> snapshots;
  std::string sysvol; // copy of SYSVOL's Policies tree; empty: read over SMB (live) or beside the snapshot
  bool no_sysvol = false;
  std::string format = "text";
  std::string fail_on = "high";
  std::vector<std::string> only;
  std::string color = "auto";
  LiveOptions live; // used when no --snapshot is given
  bool live_given = false;
  ReportOutputs outputs; // src/cli/outputs.hpp
  std::vector<std::string> events;
  std::string events_format = "auto";
  bool probe = false;        // ask the KDC for the snapshot's names (src/probe/)
  std::string probe_results; // or read `kerbready probe --json` output
  std::size_t probe_max_requests = 100;
  std::string reference_time; // --reference-time: YYYY-MM-DDTHH:MM:SSZ or @UNIX-SECONDS
  VerdictPolicy policy;       // --unexplained-ntlm-max-count, --unexplained-ntlm-max-share, --min-event-days
  double unexplained_max_share_percent = 1.0;
  unsigned stale_days = k_default_stale_days; // --stale-days (src/ad/stale.hpp)
};

// Keep `snapshot` until the process exits instead of freeing it now. Everything has been written
// by then; freeing a million-object snapshot value by value took 1.5 s of a 12 s scan, where the
// system takes the whole heap back at once when the process ends (mold skips the same work). The
// snapshot stays reachable, so leak checkers do not report it.
void
keep_until_exit(Snapshot&& snapshot)
{
  static auto* const kept = new std::vector<std::unique_ptr<Snapshot>>();
  kept->push_back(std::make_unique<Snapshot>(std::move(snapshot)));
}

// Honour SOURCE_DATE_EPOCH (reproducible-builds convention) so golden reports are byte-stable: it
// stands for "now" (the start time, and the reference time when nothing better is known).
std::optional<std::int64_t>
fixed_time()
{
  const char* value = std::getenv("SOURCE_DATE_EPOCH");
  if (value == nullptr) {
    return std::nullopt;
  }
  const auto parsed = util::parse_int(value);
  if (!parsed || *parsed < 0) {
    throw Fatal(fmt::format("SOURCE_DATE_EPOCH='{}' is not a number of seconds since 1970", util::sanitize(value, 40)),
                ExitStatus::usage);
  }
  return parsed;
}

// Parse --reference-time: ISO 8601 UTC or @Unix-seconds.
std::int64_t
parse_reference_time(const std::string& text)
{
  std::optional<std::int64_t> parsed;
  if (!text.empty() && text.front() == '@') {
    parsed = util::parse_int(std::string_view(text).substr(1));
  } else {
    parsed = util::parse_iso8601(text);
  }
  if (!parsed || *parsed < 0) {
    throw Fatal(
      fmt::format("--reference-time '{}': expected YYYY-MM-DDTHH:MM:SSZ (UTC) or @SECONDS", util::sanitize(text, 60)),
      ExitStatus::usage);
  }
  return *parsed;
}

// The time that ages (password age, fresh computers) are measured against, and its source:
// --reference-time, else the time the snapshot records it was collected, else SOURCE_DATE_EPOCH,
// else the clock. A saved snapshot is judged as of the day it was read, so a report of it does not
// change with the day it is scanned.
std::pair<std::int64_t, std::string>
reference_time(const ScanOptions& options, const Snapshot& snapshot, std::int64_t now)
{
  if (!options.reference_time.empty()) {
    return {parse_reference_time(options.reference_time), "option"};
  }
  if (snapshot.collected_at) {
    return {*snapshot.collected_at, "snapshot"};
  }
  if (fixed_time()) {
    return {now, "source_date_epoch"};
  }
  return {now, "clock"};
}

void
init_scan_parser(CLI::App& sub, ScanOptions& options)
{
  sub
    .add_option(
      "--snapshot", options.snapshots,
      "LDIF or AD Explorer (.dat) snapshot file (repeatable: partitions or domains of one forest); without it, "
      "read a live DC")
    ->check(CLI::ExistingFile);
  sub
    .add_option("--sysvol", options.sysvol,
                "Copy of SYSVOL's Policies folder (DIR/{GUID}/MACHINE/Microsoft/Windows NT/SecEdit/GptTmpl.inf and "
                "DIR/{GUID}/MACHINE/Registry.pol) for the GPO checks")
    ->check(CLI::ExistingDirectory);
  sub.add_flag(
    "--no-sysvol", options.no_sysvol,
    "Do not read SYSVOL (over SMB, or the copy saved beside the snapshot): the GPO checks are not evaluated");
  sub.add_option("--json", options.outputs.json,
                 "Also write the JSON report to FILE (with every other output file: all or none are replaced)");
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
  sub
    .add_option("--events", options.events,
                "Audit events to join (repeatable): .evtx, wevtutil XML, Winlogbeat/ECS or Get-WinEvent JSON")
    ->check(CLI::ExistingFile);
  sub.add_option("--events-format", options.events_format, "Format of the --events files (auto: from their content)")
    ->check(CLI::IsMember({"auto", "evtx", "xml", "json"}))
    ->capture_default_str();
  sub.add_flag("--probe", options.probe,
               "Ask the KDC (current Kerberos credentials) for tickets for the scanned directory's DNS aliases, DFS "
               "targets and SPN hosts, and mark the findings its answers confirm");
  sub
    .add_option("--probe-results", options.probe_results,
                "Join the results of an earlier 'kerbready probe --json FILE' instead of probing")
    ->check(CLI::ExistingFile);
  sub
    .add_option("--probe-max-requests", options.probe_max_requests, "With --probe: ask the KDC at most this many times")
    ->check(CLI::Range(1, 10000))
    ->capture_default_str();
  sub.add_option("--color", options.color, "Colour on stdout")
    ->check(CLI::IsMember({"auto", "always", "never"}))
    ->capture_default_str();
  sub.add_option("--reference-time", options.reference_time,
                 "Measure ages (password age, fresh computers) against this time, YYYY-MM-DDTHH:MM:SSZ or @SECONDS "
                 "(default: when the snapshot was collected, else SOURCE_DATE_EPOCH, else now)");
  sub
    .add_option("--unexplained-ntlm-max-count", options.policy.unexplained_ntlm_max_per_day,
                "With --events: NTLM events a day that no finding explains before the verdict is not_ready")
    ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{1000000000000}))
    ->capture_default_str();
  sub
    .add_option("--unexplained-ntlm-max-share", options.unexplained_max_share_percent,
                "With --events: percent of all authentication events that NTLM no finding explains may reach "
                "before the verdict is not_ready")
    ->check(CLI::Range(0.0, 100.0))
    ->capture_default_str();
  sub
    .add_option("--min-event-days", options.policy.min_event_days,
                "Days of audit events a 'ready' verdict needs (fewer: directory_ready_no_traffic_evidence)")
    ->check(CLI::Range(1U, 3660U))
    ->capture_default_str();
  sub
    .add_option("--stale-days", options.stale_days,
                "Accounts without logon or password change for this many days are stale: their findings are "
                "grouped per check and never count against readiness (0: never)")
    ->check(CLI::Range(0U, 36600U))
    ->capture_default_str();
  add_live_options(sub, options.live);
  add_report_outputs(sub, options.outputs);
}

// Read a live directory into a snapshot; connection failures throw Fatal before any output.
Snapshot
read_live(const ScanOptions& options, ScanMetadata& metadata, std::optional<collect::LiveSysvol>& sysvol)
{
  collect::SnapshotBuilder builder;
  collect::GpoTargets gpos; // SYSVOL is read over SMB with the same credentials (src/live/sysvol_live.hpp)
  const auto summary = run_live_collection(
    options.live,
    [&](const collect::Entry& entry) {
      builder.add(entry);
      gpos.add(entry);
    },
    [&](const collect::ConnectionOptions& connection, const collect::CollectSummary& read) {
      if (options.sysvol.empty() && !options.no_sysvol) {
        sysvol = collect::read_live_sysvol(connection, read, gpos.targets());
      }
    });
  for (const auto set : {DataSet::domain, DataSet::configuration, DataSet::dns}) {
    if ((summary.data_sets & static_cast<unsigned>(set)) != 0) {
      builder.mark_read(set);
    }
  }
  for (const auto& problem : summary.problems) {
    builder.add_diagnostic(problem.where, problem.message);
    std::cerr << fmt::format("kerbready: warning: {}\n", util::sanitize(problem.message, 400));
  }
  metadata.source = "ldap";
  metadata.inputs = summary.dcs;
  metadata.collection = summary.collection;
  return std::move(builder).finish();
}

// Attach the SYSVOL read with the directory: over SMB (live), or the copy saved beside the snapshot
// (verified against its SHA256SUMS). Both were read together with the directory, so GPT.INI
// versions are compared with the containers' versionNumber.
void
attach_read_sysvol(const ScanOptions& options, Snapshot& snapshot, std::optional<collect::LiveSysvol>& live,
                   ScanMetadata& metadata)
{
  std::vector<GpoPolicy> policies;
  bool found = false;
  if (live) {
    snapshot.diagnostics.insert(snapshot.diagnostics.end(), live->problems.begin(), live->problems.end());
    policies = collect::policies_from_files(live->files, live->folders, live->origin, snapshot.diagnostics);
    metadata.collection.insert(live->collection.begin(), live->collection.end());
    found = true;
  }
  for (const auto& path : options.snapshots) {
    if (auto saved = collect::load_saved_sysvol(path, snapshot.diagnostics)) {
      if (!*saved) {
        throw Fatal(saved->error(), ExitStatus::incomplete);
      }
      std::move((*saved)->begin(), (*saved)->end(), std::back_inserter(policies));
      metadata.inputs.push_back(collect::saved_sysvol_dir(path));
      found = true;
    }
  }
  if (found) {
    collect::attach_gpo_policies(snapshot, std::move(policies), collect::VersionCheck::yes);
  }
}

ExitStatus
run_scan(const ScanOptions& options)
{
  for (const auto& id : options.only) {
    if (find_check(id) == nullptr) {
      throw Fatal(fmt::format("unknown check id '{}' (see kerbready list-checks)", id), ExitStatus::usage);
    }
  }
  if (!options.reference_time.empty()) {
    (void)parse_reference_time(options.reference_time); // a usage error before any work
  }
  const unsigned threads = options.live.parallel == 0 ? default_threads() : options.live.parallel;
  const auto clock_start = std::chrono::steady_clock::now();
  const auto now = fixed_time().value_or(
    std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());

  if (!options.snapshots.empty() && options.live_given) {
    throw Fatal("--snapshot reads a file and the connection options read a live DC: give one or the other",
                ExitStatus::usage);
  }
  if (options.snapshots.empty() && !options.live_given) {
    throw Fatal("nothing to scan: give --snapshot FILE, or a live DC with --server HOST or --domain NAME "
                "(--auth gssapi alone uses the realm of the Kerberos ticket cache)",
                ExitStatus::usage);
  }
  // Refuse what is not a regular file (a FIFO blocks, a device never ends) before any work.
  for (const auto& path : options.snapshots) {
    util::require_regular_file(path, "--snapshot");
  }
  for (const auto& path : options.events) {
    util::require_regular_file(path, "--events");
  }
  if (!options.probe_results.empty()) {
    util::require_regular_file(options.probe_results, "--probe-results");
  }
  const auto triage_inputs = load_triage_inputs(options.outputs);
  // Read the events before the directory: a bad event file should fail fast, not after a long
  // live collection.
  std::optional<events::EventSummary> observed_events;
  if (!options.events.empty()) {
    observed_events = read_event_files(options.events, options.events_format);
  }
  if (options.probe && !options.probe_results.empty()) {
    throw Fatal("--probe asks the KDC and --probe-results reads earlier answers: give one or the other",
                ExitStatus::usage);
  }
  std::optional<probe::ProbeRun> probe_run;
  if (!options.probe_results.empty()) {
    auto read = probe::read_json_file(options.probe_results);
    if (!read) {
      throw Fatal(read.error(), ExitStatus::incomplete);
    }
    probe_run = std::move(*read);
  }
  if (options.no_sysvol && !options.sysvol.empty()) {
    throw Fatal("--sysvol reads a copy and --no-sysvol reads none: give one or the other", ExitStatus::usage);
  }
  ScanMetadata live_metadata;
  Snapshot snapshot;
  std::optional<collect::LiveSysvol> live_sysvol;
  if (options.snapshots.empty()) {
    snapshot = read_live(options, live_metadata, live_sysvol);
  } else {
    auto loaded = collect::load_snapshot_files(options.snapshots, collect::LoadOptions{threads});
    if (!loaded) {
      throw Fatal(loaded.error(), ExitStatus::incomplete);
    }
    snapshot = std::move(*loaded);
    live_metadata.source = "snapshot";
    live_metadata.inputs = options.snapshots;
  }
  const auto [reference, reference_source] = reference_time(options, snapshot, now);
  snapshot.reference_time = reference;
  if (!options.sysvol.empty()) {
    auto policies = collect::load_sysvol(options.sysvol, snapshot.diagnostics);
    if (!policies) {
      throw Fatal(policies.error(), ExitStatus::incomplete);
    }
    collect::attach_gpo_policies(snapshot, std::move(*policies));
  } else if (!options.no_sysvol) {
    attach_read_sysvol(options, snapshot, live_sysvol, live_metadata);
  }
  if (options.probe) {
    auto run = probe_snapshot(snapshot, options.probe_max_requests);
    if (run) {
      probe_run = std::move(*run);
    } else {
      snapshot.diagnostics.push_back(Diagnostic{"kdc probe", run.error()});
      std::cerr << fmt::format("kerbready: warning: {}\n", run.error());
    }
  }

  scan::ScanRequest request;
  request.only = options.only;
  request.events = observed_events ? &*observed_events : nullptr;
  request.probe_results = probe_run ? &probe_run->results : nullptr;
  request.triage = &triage_inputs;
  request.policy = options.policy;
  request.stale_days = options.stale_days;
  request.threads = threads;
  request.policy.unexplained_ntlm_max_share = options.unexplained_max_share_percent / 100.0;
  auto& m = request.metadata;
  m.tool_version = k_version;
  m.source = live_metadata.source;
  m.inputs = live_metadata.inputs;
  if (!options.sysvol.empty()) {
    m.inputs.push_back(options.sysvol);
  }
  m.collection = live_metadata.collection;
  m.started_at = now;
  m.reference_time = reference;
  m.reference_time_source = reference_source;
  const auto fail_on = options.fail_on == "none" ? Severity::count_ : parse_severity(options.fail_on);
  m.fail_on = fail_on;

  auto report = scan::run_scan(snapshot, request);
  report.metadata.duration_ms =
    fixed_time()
      ? 0
      : std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - clock_start).count();
  warn_suppressions(report);
  load_history(report, options.outputs);

  write_report_outputs(report, options.outputs);
  const auto* reporter = reports::find_reporter(options.format);
  reports::OutputOptions output;
  output.color = options.format == "text" && use_color(options.color);
  reporter->write(report, std::cout, output);
  std::cout.flush();
  keep_until_exit(std::move(snapshot));

  if (!report.complete()) {
    const std::string first = report.diagnostics.empty() ? std::string("some checks could not be evaluated")
                                                         : util::sanitize(report.diagnostics.front().message, 300);
    std::cerr << fmt::format("kerbready: error: scan incomplete ({} diagnostics; first: {})\n",
                             report.diagnostics.size(), first);
    return ExitStatus::incomplete;
  }
  if (fail_on != Severity::count_ && report.has_findings_at_or_above(fail_on)) {
    return ExitStatus::findings;
  }
  return fails_on_new(report, options.outputs) ? ExitStatus::findings : ExitStatus::ok;
}

} // namespace

void
set_scan_command(CLI::App& app, ExitStatus& status)
{
  auto options = std::make_shared<ScanOptions>();
  auto* sub = app.add_subcommand(
    "scan", "Scan a live domain (or an LDIF snapshot) and report what makes clients fall back to NTLM");
  init_scan_parser(*sub, *options);
  sub->callback([options, sub, &status] {
    options->live_given = live_option_given(*sub);
    status = run_scan(*options);
  });
}

} // namespace kerbready::cli
