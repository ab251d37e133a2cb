#include "src/cli/commands.hpp"
#include "src/cli/live_options.hpp"
#include "src/collect/ldif.hpp"
#include "src/util/ad.hpp"
#include "src/util/atomic_file.hpp"
#include "src/util/input_guard.hpp"
#include "src/util/text.hpp"
#include "src/version.hpp"

#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <memory>

namespace kerbready::cli {

namespace {

struct CollectCommandOptions
{
  std::string out;
  LiveOptions live;
};

void
init_collect_parser(CLI::App& sub, CollectCommandOptions& options)
{
  sub.add_option("--out", options.out, "Write the LDIF snapshot to FILE (atomically: temp file, then rename)")
    ->required();
  add_live_options(sub, options.live);
}

ExitStatus
run_collect(const CollectCommandOptions& options)
{
  const auto started = std::chrono::steady_clock::now();
  const auto wall =
    std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  // The file is only renamed into place after everything was read: a failed run leaves an existing
  // snapshot untouched.
  util::require_output_path(options.out, "--out");
  util::AtomicFile file(options.out);
  auto& out = file.stream();
  // The header announces the end marker: a reader that finds the header but no matching end marker
  // knows the file was cut short (docs/snapshot-format.md).
  out << collect::snapshot_header(wall) << "version: 1\n\n";
  std::uint64_t written = 0;
  // Entries reach the sink one at a time. One that LDIF cannot hold faithfully fails the run below:
  // a snapshot missing an entry would look complete.
  std::size_t refused = 0;
  std::string first_refused;
  const auto summary = run_live_collection(options.live, [&](const collect::Entry& entry) {
    if (auto ok = collect::write_ldif_entry(out, entry); !ok) {
      if (refused++ == 0) {
        first_refused = ok.error();
      }
      return;
    }
    ++written;
  });
  if (refused > 0) {
    throw Fatal(fmt::format("{} not written: {} entries cannot be saved as LDIF (first: {})",
                            util::sanitize(options.out, 300), refused, first_refused));
  }
  if (!summary.problems.empty()) {
    throw Fatal(fmt::format("{} not written: the directory could not be read completely ({} problems; first: {})",
                            options.out, summary.problems.size(),
                            util::sanitize(summary.problems.front().message, 300)));
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // Comments are ignored when the snapshot is read back; they tell a human where it came from.
  out << fmt::format("# kerbready {} collect, {}\n", k_version, util::format_iso8601(wall));
  for (const auto& [key, value] : summary.collection) {
    out << fmt::format("# {}: {}\n", key, util::sanitize(value, 300));
  }
  for (const auto& [partition, count] : summary.entries_per_partition) {
    out << fmt::format("# read {}: {} objects\n", util::sanitize(partition, 300), count);
  }
  out << collect::snapshot_end(written);
  file.commit();
  if (!options.live.quiet) {
    std::cerr << fmt::format("kerbready: wrote {} objects from {} to {} in {:.1f} s\n", summary.entries,
                             fmt::join(summary.dcs, ", "), util::sanitize(options.out, 300), seconds);
  }
  return ExitStatus::ok;
}

} // namespace

void
set_collect_command(CLI::App& app, ExitStatus& status)
{
  auto options = std::make_shared<CollectCommandOptions>();
  auto* sub =
    app.add_subcommand("collect", "Read a live domain and save what was read as an LDIF snapshot for scan --snapshot");
  init_collect_parser(*sub, *options);
  sub->callback([options, &status] { status = run_collect(*options); });
}

} // namespace kerbready::cli
