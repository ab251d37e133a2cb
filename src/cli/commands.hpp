#pragma once

// One set_<name>_command() per sub-command, each in its own command_<name>.cpp. A command's
// callback stores its exit status in `status`; main() returns it.

#include "src/events/summary.hpp"
#include "src/model/snapshot.hpp"
#include "src/probe/results_json.hpp"
#include "src/util/error.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace kerbready::cli {

void set_scan_command(CLI::App& app, ExitStatus& status);
void set_list_checks_command(CLI::App& app, ExitStatus& status);
void set_collect_command(CLI::App& app, ExitStatus& status);
void set_diff_command(CLI::App& app, ExitStatus& status);
void set_events_command(CLI::App& app, ExitStatus& status);
void set_probe_command(CLI::App& app, ExitStatus& status);

// Read the event files `files` (format "auto", "evtx", "xml" or "json") into one summary; throws
// Fatal (exit 3) when a file cannot be read at all. A file that is cut short, damaged or has
// unreadable records is read as far as it goes and marked partial in the summary
// (EventSummary::partial_inputs()); the caller reports it.
[[nodiscard]] events::EventSummary read_event_files(const std::vector<std::string>& files,
                                                    const std::string& input_format);

// Ask the KDC, with the current Kerberos credentials, for tickets for the probe targets of
// `snapshot` (src/probe/targets.hpp), at most `max_requests` at 5 per second. An error when there
// are no credentials or no KDC answers.
[[nodiscard]] expected<probe::ProbeRun> probe_snapshot(const Snapshot& snapshot, std::size_t max_requests);

// Make the console show what kerbready writes: on Windows, UTF-8 as the console's input and output
// code page (reports and messages are UTF-8); elsewhere nothing to do.
void prepare_console();

// Return whether colour should be used on stdout for `mode` ("auto", "always", "never"): auto means
// stdout is a terminal and NO_COLOR is unset or empty.
[[nodiscard]] bool use_color(const std::string& mode);

// Return whether stderr is a terminal (progress lines are shown only there).
[[nodiscard]] bool stderr_is_terminal();

// Prompt on the terminal and read one line without echo; nullopt when stdin is not a terminal.
[[nodiscard]] std::optional<std::string> read_password_from_terminal(const std::string& prompt);

} // namespace kerbready::cli
