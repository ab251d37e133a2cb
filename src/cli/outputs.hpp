#pragma once

// The scan options for scheduled runs and the files they produce: --baseline, --suppressions,
// --fail-on-new, --html, --metrics, --tickets, --output FORMAT=FILE, --archive/--keep and --history.
// A scan calls, in order: add_report_outputs() while building its parser, load_triage_inputs()
// before it reads anything (so that a bad baseline or suppressions file fails fast), passes them to
// the scan (scan::run_scan applies them), then warn_suppressions(), load_history() and
// write_report_outputs(), and fails_on_new() for its exit status.

#include "src/model/report.hpp"
#include "src/triage/triage.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace kerbready::cli {

struct ReportOutputs
{
  std::string json; // --json, registered by the scan command itself
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
  std::string history_dir; // --history: archived reports for the HTML report's time line (default: --archive)
};

// Register the options of `outputs` on the scan sub-command `sub`.
void add_report_outputs(CLI::App& sub, ReportOutputs& outputs);

// Read the baseline and suppressions files named in `outputs`; throws Fatal (exit 3) with one line
// when one is unreadable or malformed, and (exit 2) when --output is malformed or two outputs name
// the same file.
[[nodiscard]] TriageInputs load_triage_inputs(const ReportOutputs& outputs);

// When an HTML output is requested and --history or --archive names a directory, read the archived
// reports there into `report.history` (this scan last), printing one warning line on stderr per
// archived file skipped. Throws Fatal (exit 3) only when the directory cannot be listed.
void load_history(Report& report, const ReportOutputs& outputs);

// Print one warning line on stderr per expired or unmatched suppression of `report.triage`.
void warn_suppressions(const Report& report);

// Write every requested output file and the archived JSON report as one transaction
// (util::OutputTransaction): all are renamed into place only after all were written and synced, and
// a failure leaves every destination as it was. Then prune the archive. Throws Fatal when a file
// cannot be written, and (exit 2) when two outputs name the same file.
void write_report_outputs(const Report& report, const ReportOutputs& outputs);

// Return whether --fail-on-new is set and a new, unsuppressed finding is at or above it.
[[nodiscard]] bool fails_on_new(const Report& report, const ReportOutputs& outputs);

// Return the name of the archived JSON report for a scan started at `unix_seconds`:
// "kerbready-YYYYMMDDTHHMMSSZ.json".
[[nodiscard]] std::string archive_name(std::int64_t unix_seconds);

// Return the archived reports of `names` (file names in an --archive directory) to delete so that
// at most `keep` remain, oldest first by the time in their name. Only names of archive_name()'s
// form are counted or returned, and never `just_written`, whatever the times in the other names.
[[nodiscard]] std::vector<std::string> archive_prune_list(std::vector<std::string> names,
                                                          const std::string& just_written, std::size_t keep);

} // namespace kerbready::cli
