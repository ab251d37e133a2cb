#include "src/cli/commands.hpp"
#include "src/events/reader.hpp"
#include "src/events/summary.hpp"
#include "src/events/summary_output.hpp"
#include "src/util/atomic_file.hpp"
#include "src/util/input_guard.hpp"
#include "src/util/text.hpp"
#include "src/version.hpp"

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace kerbready::cli {

namespace {

struct EventsOptions
{
  std::vector<std::string> files;
  std::string input_format = "auto";
  std::string format = "text";
  std::string json_path;
  std::size_t top = 10;
  std::string color = "auto";
};

void
init_events_parser(CLI::App& sub, EventsOptions& options)
{
  sub
    .add_option("files", options.files,
                "Event files: .evtx, wevtutil XML, Winlogbeat/ECS JSON lines, Get-WinEvent JSON")
    ->required()
    ->check(CLI::ExistingFile);
  sub.add_option("--input-format", options.input_format, "Format of the event files (auto: from their content)")
    ->check(CLI::IsMember({"auto", "evtx", "xml", "json"}))
    ->capture_default_str();
  sub.add_option("--format", options.format, "Format of the summary on stdout")
    ->check(CLI::IsMember({"text", "json"}))
    ->capture_default_str();
  sub.add_option("--json", options.json_path, "Also write the JSON summary to FILE (atomically)");
  sub.add_option("--top", options.top, "Rows in each top-talker table")
    ->check(CLI::Range(1, 10000))
    ->capture_default_str();
  sub.add_option("--color", options.color, "Colour on stdout")
    ->check(CLI::IsMember({"auto", "always", "never"}))
    ->capture_default_str();
}

ExitStatus
run_events(const EventsOptions& options)
{
  if (!options.json_path.empty()) {
    util::require_output_path(options.json_path, "--json");
  }
  const auto summary = read_event_files(options.files, options.input_format);
  events::SummaryOutputOptions output;
  output.top = options.top;
  output.tool_version = std::string(k_version);
  if (!options.json_path.empty()) {
    util::AtomicFile file(options.json_path);
    file.stream() << events::summary_to_json(summary, output);
    file.commit();
  }
  if (options.format == "json") {
    std::cout << events::summary_to_json(summary, output);
  } else {
    output.color = use_color(options.color);
    events::write_summary_text(summary, std::cout, output);
  }
  std::cout.flush();
  if (summary.partial()) {
    const auto missing = summary.partial_inputs();
    std::cerr << fmt::format("kerbready: error: events incomplete ({} partial input{}; first: {})\n", missing.size(),
                             missing.size() == 1 ? "" : "s", util::sanitize(missing.front().message, 400));
    return ExitStatus::incomplete;
  }
  return ExitStatus::ok;
}

} // namespace

events::EventSummary
read_event_files(const std::vector<std::string>& files, const std::string& input_format)
{
  const auto format = events::parse_input_format(input_format).value_or(events::InputFormat::automatic);
  events::EventSummary summary;
  for (const auto& file : files) {
    util::require_regular_file(file, "event file"); // a FIFO would block the reader
  }
  for (const auto& file : files) {
    auto detected = format == events::InputFormat::automatic ? events::detect_format(file) : format;
    if (!detected) {
      throw Fatal(util::sanitize(detected.error(), 400), ExitStatus::incomplete);
    }
    auto stats = events::read_event_file(file, *detected, [&](const events::Event& e) { summary.add(e); });
    if (!stats) {
      throw Fatal(util::sanitize(stats.error(), 400), ExitStatus::incomplete);
    }
    summary.add_input(file, std::string(events::name_of(*detected)), std::move(*stats));
  }
  return summary;
}

void
set_events_command(CLI::App& app, ExitStatus& status)
{
  auto options = std::make_shared<EventsOptions>();
  auto* sub = app.add_subcommand("events", "Summarise NTLM and Kerberos audit events: volume per day, NTLM share, "
                                           "versions, reasons, top talkers and targets");
  init_events_parser(*sub, *options);
  sub->callback([options, &status] { status = run_events(*options); });
}

} // namespace kerbready::cli
