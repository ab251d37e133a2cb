#pragma once

// The scan options for scheduled runs and the files they produce: --baseline, --suppressions,
// --fail-on-new, --html, --metrics, --tickets, --output FORMAT=FILE and --archive/--keep. A scan
// calls, in order: add_report_outputs() while building its parser, load_triage_inputs() before it
// reads anything (so that a bad baseline or suppressions file fails fast), apply_triage() and
// write_report_outputs() once the report is built, and fails_on_new() for its exit status.

#include "src/report.hpp"
#include "src/triage.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace kerbready::cli {

struct ReportOutputs
{
  std::string baseline;
  bool baseline_missing_ok = false;
  std::string suppressions;
  std::string fail_on_new = "none";
  std::string html;
  std::string metrics;
  std::string tickets;
  std::vector<std::string> outputs; // FORMAT=FILE
  std::string archive_dir;
  int keep = 30;
};

// What load_triage_inputs() read.
struct TriageInputs
{
  std::optional<StoredReport> baseline;
  std::optional<std::vector<Suppression>> suppressions;
  std::string suppressions_path;
};

// Register the options of `outputs` on the scan sub-command `sub`.
void add_report_outputs(CLI::App& sub, ReportOutputs& outputs);

// Read the baseline and suppressions files named in `outputs`; throws Fatal (exit 3) with one line
// when one is unreadable or malformed, and (exit 2) when --output is malformed.
[[nodiscard]] TriageInputs load_triage_inputs(const ReportOutputs& outputs);

// Record suppressions, then the baseline comparison, in `report.triage`; print one warning line on
// stderr per expired or unmatched suppression.
void apply_triage(Report& report, const TriageInputs& inputs);

// Write every requested output file (atomically; all are committed only after all were written),
// then archive the JSON report and prune the archive. Throws Fatal when a file cannot be written.
void write_report_outputs(const Report& report, const ReportOutputs& outputs);

// Return whether --fail-on-new is set and a new, unsuppressed finding is at or above it.
[[nodiscard]] bool fails_on_new(const Report& report, const ReportOutputs& outputs);

// Return the name of the archived JSON report for a scan started at `unix_seconds`:
// "kerbready-YYYYMMDDTHHMMSSZ.json".
[[nodiscard]] std::string archive_name(std::int64_t unix_seconds);

} // namespace kerbready::cli
