#include "src/ad/spn.hpp"
#include "src/cli/commands.hpp"
#include "src/input/load.hpp"
#include "src/live/krb5_probe.hpp"
#include "src/probe/probe.hpp"
#include "src/probe/results_json.hpp"
#include "src/probe/targets.hpp"
#include "src/util/atomic_file.hpp"
#include "src/util/input_guard.hpp"
#include "src/util/text.hpp"
#include "src/version.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

namespace kerbready::cli {

namespace {

struct ProbeOptions
{
  std::vector<std::string> targets;
  std::string targets_file;
  std::vector<std::string> events;
  std::string events_format = "auto";
  std::vector<std::string> snapshots;
  std::size_t per_source = probe::k_default_targets_per_source;
  std::vector<std::string> classes = collect::k_default_service_classes;
  std::vector<int> mssql_ports;
  std::size_t max_requests = 100;
  double rate = 5.0;
  std::string format = "text";
  std::string json_path;
};

void
init_probe_parser(CLI::App& sub, ProbeOptions& options)
{
  sub.add_option("--target", options.targets, "Name clients use (host name, alias, IP, or a full SPN); repeatable");
  sub.add_option("--targets-file", options.targets_file, "File with one target per line (# starts a comment)")
    ->check(CLI::ExistingFile);
  sub.add_option("--events", options.events, "Take the targets NTLM went to from these event files")
    ->check(CLI::ExistingFile);
  sub.add_option("--events-format", options.events_format, "Format of the --events files")
    ->check(CLI::IsMember({"auto", "evtx", "xml", "json"}))
    ->capture_default_str();
  sub
    .add_option(
      "--snapshot", options.snapshots,
      "Take targets from this LDIF or AD Explorer snapshot (repeatable): duplicate SPNs, DNS aliases, DFS targets, "
      "SPN hosts")
    ->check(CLI::ExistingFile);
  sub
    .add_option("--targets-per-source", options.per_source, "With --snapshot: at most this many names from each source")
    ->check(CLI::Range(1, 10000))
    ->capture_default_str();
  sub.add_option("--service-class", options.classes, "Service classes to ask for (repeatable)")->capture_default_str();
  sub.add_option("--mssql-port", options.mssql_ports, "Also ask for MSSQLSvc/<host>:<port> (repeatable)")
    ->check(CLI::Range(1, 65535));
  sub.add_option("--max-requests", options.max_requests, "Ask the KDC at most this many times")
    ->check(CLI::Range(1, 10000))
    ->capture_default_str();
  sub.add_option("--rate", options.rate, "Requests per second at most")
    ->check(CLI::Range(0.1, 50.0))
    ->capture_default_str();
  sub.add_option("--format", options.format, "Output format")
    ->check(CLI::IsMember({"text", "json"}))
    ->capture_default_str();
  sub.add_option("--json", options.json_path, "Also write the JSON results to FILE (atomically)");
}

std::vector<collect::ProbeTarget>
collect_targets(const ProbeOptions& options, const Snapshot* snapshot)
{
  std::vector<collect::ProbeTarget> targets;
  for (const auto& t : options.targets) {
    targets.push_back({t, "target"});
  }
  if (!options.targets_file.empty()) {
    std::ifstream in(options.targets_file);
    for (std::string line; std::getline(in, line);) {
      const auto text = util::trim(line.substr(0, line.find('#')));
      if (!text.empty()) {
        targets.push_back({std::string(text), "targets-file"});
      }
    }
  }
  if (!options.events.empty()) {
    const auto summary = read_event_files(options.events, options.events_format);
    for (const auto& missing : summary.partial_inputs()) {
      std::cerr << fmt::format("kerbready: warning: {}\n", util::sanitize(missing.message, 400));
    }
    std::vector<const events::TargetStats*> requested;
    for (const auto& [key, t] : summary.targets) {
      if (t.requested && (t.key.kind == events::TargetKind::spn || t.key.kind == events::TargetKind::host)) {
        requested.push_back(&t);
      }
    }
    std::sort(requested.begin(), requested.end(), [](const auto* a, const auto* b) {
      return a->observed.count != b->observed.count ? a->observed.count > b->observed.count : a->key.key < b->key.key;
    });
    for (const auto* t : requested) {
      targets.push_back({t->key.kind == events::TargetKind::spn ? t->key.key : t->key.host, "events"});
    }
  }
  if (snapshot != nullptr) {
    for (auto& t : probe::targets_from_snapshot(*snapshot, options.per_source)) {
      targets.push_back(std::move(t));
    }
  }
  return targets;
}

// With a snapshot: how many accounts hold the SPN asked for (directly or through sPNMappings).
std::size_t
directory_holders(const Snapshot& snapshot, const SpnMappings& mappings, const std::string& spn)
{
  const auto& index = spn_index(snapshot);
  if (const auto it = index.find(util::to_lower(spn)); it != index.end()) {
    return it->second.size();
  }
  const auto slash = spn.find('/');
  if (slash != std::string::npos) {
    if (const auto alias = mappings.alias_of(std::string_view(spn).substr(0, slash))) {
      if (const auto it = index.find(*alias + util::to_lower(std::string_view(spn).substr(slash))); it != index.end()) {
        return it->second.size();
      }
    }
  }
  return 0;
}

collect::RateLimiter
real_time_limiter(double rate)
{
  return collect::RateLimiter(
    rate, [](std::chrono::nanoseconds d) { std::this_thread::sleep_for(d); },
    [] { return collect::RateLimiter::Clock::now(); });
}

ExitStatus
run_probe(const ProbeOptions& options)
{
  for (const auto& path : options.snapshots) {
    util::require_regular_file(path, "--snapshot");
  }
  if (!options.targets_file.empty()) {
    util::require_regular_file(options.targets_file, "--targets-file");
  }
  if (!options.json_path.empty()) {
    util::require_output_path(options.json_path, "--json");
  }
  std::optional<Snapshot> snapshot;
  if (!options.snapshots.empty()) {
    auto loaded = collect::load_snapshot_files(options.snapshots);
    if (!loaded) {
      throw Fatal(loaded.error(), ExitStatus::incomplete);
    }
    snapshot = std::move(*loaded);
  }
  const auto requests = collect::build_requests(collect_targets(options, snapshot ? &*snapshot : nullptr),
                                                options.classes, options.mssql_ports, options.max_requests);
  if (requests.empty()) {
    throw Fatal("nothing to probe: give --target, --targets-file, --events or --snapshot", ExitStatus::usage);
  }
  auto prober = collect::Krb5Prober::open();
  if (!prober) {
    throw Fatal(util::sanitize(prober.error(), 300), ExitStatus::incomplete);
  }
  auto limiter = real_time_limiter(options.rate);
  const auto results = collect::run_requests(
    requests, [&](const collect::ProbeRequest& r) { return (*prober)->request(r); }, limiter);
  // Nothing is written when no KDC answered: the previous results file stays as it was.
  if (collect::no_kdc_answered(results)) {
    throw Fatal(fmt::format("KDC unreachable for realm {} ({})", util::sanitize((*prober)->realm(), 100),
                            util::sanitize(results.front().message, 200)),
                ExitStatus::incomplete);
  }
  const auto doc = probe::to_json(probe::ProbeRun{(*prober)->client(), results});
  if (!options.json_path.empty()) {
    util::AtomicFile file(options.json_path);
    file.stream() << doc << '\n';
    file.commit();
  }
  if (options.format == "json") {
    std::cout << doc << '\n';
  } else {
    const auto mappings = snapshot ? SpnMappings::from(snapshot->configuration) : SpnMappings{};
    std::cout << fmt::format("kerbready {} - Kerberos probe as {}\n", k_version,
                             util::sanitize((*prober)->client(), 200));
    for (const auto& r : results) {
      std::string holders;
      if (snapshot && r.outcome != collect::ProbeOutcome::kdc_unreachable) {
        const auto n = directory_holders(*snapshot, mappings, r.request.spn);
        holders =
          n == 0 ? "; no holder in the snapshot" : fmt::format("; {} holder{} in the snapshot", n, n == 1 ? "" : "s");
      }
      std::cout << fmt::format("  {:<20} {}  ({}{})  [{}]\n", collect::name_of(r.outcome),
                               util::sanitize(r.request.spn, 200),
                               r.outcome == collect::ProbeOutcome::ok
                                 ? fmt::format("ticket {}, session key {}", r.ticket_etype, r.session_etype)
                                 : util::sanitize(r.message, 200),
                               holders, util::sanitize(r.request.source, 40));
    }
  }
  std::cout.flush();
  for (const auto& r : results) {
    if (r.outcome == collect::ProbeOutcome::no_credentials || r.outcome == collect::ProbeOutcome::clock_skew) {
      throw Fatal(fmt::format("{}: {}", collect::name_of(r.outcome), collect::describe(r.outcome)),
                  ExitStatus::incomplete);
    }
  }
  const bool fallback = std::any_of(results.begin(), results.end(), [](const collect::ProbeResult& r) {
    return r.outcome == collect::ProbeOutcome::principal_unknown || r.outcome == collect::ProbeOutcome::not_unique ||
           r.outcome == collect::ProbeOutcome::etype_not_supported;
  });
  return fallback ? ExitStatus::findings : ExitStatus::ok;
}

} // namespace

expected<probe::ProbeRun>
probe_snapshot(const Snapshot& snapshot, std::size_t max_requests)
{
  const auto requests =
    collect::build_requests(probe::targets_from_snapshot(snapshot, probe::k_default_targets_per_source),
                            collect::k_default_service_classes, {}, max_requests);
  auto prober = collect::Krb5Prober::open();
  if (!prober) {
    return unexpected(fmt::format("KDC probe: {}", util::sanitize(prober.error(), 300)));
  }
  auto limiter = real_time_limiter(5.0);
  probe::ProbeRun run;
  run.client = (*prober)->client();
  run.results = collect::run_requests(
    requests, [&](const collect::ProbeRequest& r) { return (*prober)->request(r); }, limiter);
  if (collect::no_kdc_answered(run.results)) {
    return unexpected(fmt::format("KDC probe: KDC unreachable for realm {} ({})",
                                  util::sanitize((*prober)->realm(), 100),
                                  util::sanitize(run.results.front().message, 200)));
  }
  return run;
}

void
set_probe_command(CLI::App& app, ExitStatus& status)
{
  auto options = std::make_shared<ProbeOptions>();
  auto* sub = app.add_subcommand("probe", "Ask the KDC for service tickets for the names clients use and classify "
                                          "the answers (needs a TGT: kinit first; read-only)");
  init_probe_parser(*sub, *options);
  sub->callback([options, &status] { status = run_probe(*options); });
}

} // namespace kerbready::cli
