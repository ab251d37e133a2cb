// `kerbready diff OLD.json NEW.json`: what changed between two JSON reports, keyed on the stable
// finding ids; --fail-on-new gates a pipeline on regressions only.

#include "reports/diff.hpp"
#include "src/cli/commands.hpp"
#include "src/triage/stored_report.hpp"
#include "src/util/input_guard.hpp"

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace kerbready::cli {

namespace {

struct DiffOptions
{
  std::string before;
  std::string after;
  std::string format = "text";
  std::string fail_on_new = "none";
};

void
init_diff_parser(CLI::App& sub, DiffOptions& options)
{
  sub.add_option("OLD", options.before, "Earlier JSON report (kerbready scan --json)")->required();
  sub.add_option("NEW", options.after, "Later JSON report")->required();
  sub.add_option("--format", options.format, "Output format")
    ->check(CLI::IsMember({"text", "json"}))
    ->capture_default_str();
  sub
    .add_option("--fail-on-new", options.fail_on_new,
                "Exit 1 when a new, unsuppressed finding is at or above this severity")
    ->check(CLI::IsMember({"critical", "high", "medium", "low", "info", "none"}))
    ->capture_default_str();
}

ExitStatus
run_diff(const DiffOptions& options)
{
  util::require_regular_file(options.before, "OLD report");
  util::require_regular_file(options.after, "NEW report");
  auto before = triage::read_stored_report(options.before);
  if (!before) {
    throw Fatal(before.error(), ExitStatus::incomplete);
  }
  auto after = triage::read_stored_report(options.after);
  if (!after) {
    throw Fatal(after.error(), ExitStatus::incomplete);
  }
  const auto diff = diff_reports(*before, *after);
  if (options.format == "json") {
    reports::write_diff_json(*before, *after, diff, std::cout);
  } else {
    reports::write_diff_text(*before, *after, diff, std::cout);
  }
  std::cout.flush();
  if (options.fail_on_new != "none" && diff.has_new_at_or_above(parse_severity(options.fail_on_new))) {
    return ExitStatus::findings;
  }
  return ExitStatus::ok;
}

} // namespace

void
set_diff_command(CLI::App& app, ExitStatus& status)
{
  auto options = std::make_shared<DiffOptions>();
  auto* sub = app.add_subcommand("diff", "Compare two JSON reports: new, resolved and unchanged findings");
  init_diff_parser(*sub, *options);
  sub->callback([options, &status] { status = run_diff(*options); });
}

} // namespace kerbready::cli
