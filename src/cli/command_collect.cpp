#include "src/cli/commands.hpp"
#include "src/cli/live_options.hpp"
#include "src/input/ldif.hpp"
#include "src/input/sysvol_saved.hpp"
#include "src/live/sysvol_live.hpp"
#include "src/util/ad.hpp"
#include "src/util/atomic_file.hpp"
#include "src/util/input_guard.hpp"
#include "src/util/text.hpp"
#include "src/version.hpp"

#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <optional>

namespace kerbready::cli {

namespace {

struct CollectCommandOptions
{
  std::string out;
  bool no_sysvol = false;
  LiveOptions live;
};

void
init_collect_parser(CLI::App& sub, CollectCommandOptions& options)
{
  sub.add_option("--out", options.out, "Write the LDIF snapshot to FILE (atomically: temp file, then rename)")
    ->required();
  sub.add_flag("--no-sysvol", options.no_sysvol,
               "Do not read SYSVOL over SMB (by default its GPO files are saved in FILE.sysvol/ with their SHA-256)");
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
  collect::GpoTargets gpos;
  std::optional<collect::LiveSysvol> sysvol;
  const auto summary = run_live_collection(
    options.live,
    [&](const collect::Entry& entry) {
      gpos.add(entry);
      if (auto ok = collect::write_ldif_entry(out, entry); !ok) {
        if (refused++ == 0) {
          first_refused = ok.error();
        }
        return;
      }
      ++written;
    },
    [&](const collect::ConnectionOptions& connection, const collect::CollectSummary& read) {
      if (!options.no_sysvol) {
        sysvol = collect::read_live_sysvol(connection, read, gpos.targets());
      }
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
  // The SYSVOL files read go beside the LDIF (src/input/sysvol_saved.hpp), in place once the LDIF is.
  const auto sysvol_dir = collect::saved_sysvol_dir(options.out);
  std::optional<collect::SavedSysvol> saved;
  if (sysvol) {
    if (!sysvol->problems.empty()) {
      throw Fatal(fmt::format("{} not written: SYSVOL could not be read completely ({} problems; first: {})",
                              util::sanitize(options.out, 300), sysvol->problems.size(),
                              util::sanitize(sysvol->problems.front().message, 300)));
    }
    saved.emplace(sysvol_dir);
    if (auto ok = saved->write(sysvol->files); !ok) {
      throw Fatal(fmt::format("{} not written: {}", util::sanitize(options.out, 300), ok.error()));
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // Comments are ignored when the snapshot is read back; they tell a human where it came from.
  out << fmt::format("# kerbready {} collect, {}\n", k_version, util::format_iso8601(wall));
  for (const auto& [key, value] : summary.collection) {
    out << fmt::format("# {}: {}\n", key, util::sanitize(value, 300));
  }
  if (sysvol) {
    for (const auto& [key, value] : sysvol->collection) {
      out << fmt::format("# {}: {} (saved in {})\n", key, util::sanitize(value, 300), util::sanitize(sysvol_dir, 300));
    }
  }
  for (const auto& [partition, count] : summary.entries_per_partition) {
    out << fmt::format("# read {}: {} objects\n", util::sanitize(partition, 300), count);
  }
  out << collect::snapshot_end(written);
  file.commit();
  if (saved) {
    if (auto ok = saved->commit(); !ok) {
      throw Fatal(
        fmt::format("{} written, but its SYSVOL files were not: {}", util::sanitize(options.out, 300), ok.error()));
    }
  } else {
    collect::remove_saved_sysvol(sysvol_dir); // an older copy is not this snapshot's
  }
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
