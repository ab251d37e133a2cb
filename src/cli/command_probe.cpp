#include "src/cli/commands.hpp"
#include "src/collect/krb5_probe.hpp"
#include "src/collect/probe.hpp"
#include "src/util/atomic_file.hpp"
#include "src/util/text.hpp"
#include "src/version.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

namespace kerbready::cli {

namespace {

struct ProbeOptions
{
  std::vector<std::string> targets;
  std::string targets_file;
  std::vector<std::string> events;
  std::string events_format = "auto";
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
  sub.add_option("--service-class", options.classes, "Service classes to ask for (repeatable)")->capture_default_str();
  sub.add_option("--mssql-port", options.mssql_ports, "Also ask for MSSQLSvc/<host>:<port> (repeatable)")
    ->check(CLI::Range(1, 65535));
  sub.add_option("--max-requests", options.max_requests, "Ask the KDC at most this many times")
    ->check(CLI::Range(1, 10000))
    ->capture_default_str();
  sub.add_option("--rate", options.rate, "Requests per second at most")->check(CLI::Range(0.1, 50.0))->capture_default_str();
  sub.add_option("--format", options.format, "Output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  sub.add_option("--json", options.json_path, "Also write the JSON results to FILE (atomically)");
}

std::vector<std::string>
collect_targets(const ProbeOptions& options)
{
  auto targets = options.targets;
  if (!options.targets_file.empty()) {
    std::ifstream in(options.targets_file);
    for (std::string line; std::getline(in, line);) {
      const auto text = util::trim(line.substr(0, line.find('#')));
      if (!text.empty()) {
        targets.emplace_back(text);
      }
    }
  }
  if (!options.events.empty()) {
    const auto summary = read_event_files(options.events, options.events_format);
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
      targets.push_back(t->key.kind == events::TargetKind::spn ? t->key.key : t->key.host);
    }
  }
  return targets;
}

nlohmann::ordered_json
to_json(const std::string& client, const std::vector<collect::ProbeResult>& results)
{
  nlohmann::ordered_json doc;
  doc["schema_version"] = "1.0";
  doc["tool"] = {{"name", "kerbready"}, {"version", std::string(k_version)}};
  doc["client"] = util::to_valid_utf8(client);
  doc["results"] = nlohmann::ordered_json::array();
  for (const auto& r : results) {
    nlohmann::ordered_json j;
    j["spn"] = util::to_valid_utf8(r.request.spn);
    j["target"] = util::to_valid_utf8(r.request.target);
    j["outcome"] = collect::name_of(r.outcome);
    if (r.outcome == collect::ProbeOutcome::ok) {
      j["ticket_etype"] = r.ticket_etype;
      j["session_etype"] = r.session_etype;
    } else {
      j["code"] = r.code;
      j["message"] = util::to_valid_utf8(r.message);
    }
    doc["results"].push_back(std::move(j));
  }
  return doc;
}

ExitStatus
run_probe(const ProbeOptions& options)
{
  const auto requests =
    collect::build_requests(collect_targets(options), options.classes, options.mssql_ports, options.max_requests);
  if (requests.empty()) {
    throw Fatal("nothing to probe: give --target, --targets-file or --events", ExitStatus::usage);
  }
  auto prober = collect::Krb5Prober::open();
  if (!prober) {
    throw Fatal(util::sanitize(prober.error(), 300), ExitStatus::incomplete);
  }
  collect::RateLimiter limiter(
    options.rate, [](std::chrono::nanoseconds d) { std::this_thread::sleep_for(d); },
    [] { return collect::RateLimiter::Clock::now(); });
  std::vector<collect::ProbeResult> results;
  std::size_t unreachable = 0;
  for (const auto& request : requests) {
    limiter.wait();
    results.push_back((*prober)->request(request));
    if (results.back().outcome == collect::ProbeOutcome::kdc_unreachable) {
      // Without a KDC every further request fails the same way: stop after two in a row.
      if (++unreachable >= 2 && unreachable == results.size()) {
        break;
      }
    }
  }
  const auto doc = to_json((*prober)->client(), results);
  if (!options.json_path.empty()) {
    util::AtomicFile file(options.json_path);
    file.stream() << doc.dump(2) << '\n';
    file.commit();
  }
  if (options.format == "json") {
    std::cout << doc.dump(2) << '\n';
  } else {
    std::cout << fmt::format("kerbready {} - Kerberos probe as {}\n", k_version, util::sanitize((*prober)->client(), 200));
    for (const auto& r : results) {
      std::cout << fmt::format("  {:<20} {}{}\n", collect::name_of(r.outcome), util::sanitize(r.request.spn, 200),
                               r.outcome == collect::ProbeOutcome::ok
                                 ? fmt::format("  (ticket {}, session key {})", r.ticket_etype, r.session_etype)
                                 : fmt::format("  ({})", util::sanitize(r.message, 200)));
    }
  }
  std::cout.flush();
  if (unreachable == results.size()) {
    throw Fatal(fmt::format("KDC unreachable for realm {} ({})", util::sanitize((*prober)->realm(), 100),
                            util::sanitize(results.front().message, 200)),
                ExitStatus::incomplete);
  }
  for (const auto& r : results) {
    if (r.outcome == collect::ProbeOutcome::no_credentials || r.outcome == collect::ProbeOutcome::clock_skew) {
      throw Fatal(fmt::format("{}: {}", collect::name_of(r.outcome), collect::describe(r.outcome)),
                  ExitStatus::incomplete);
    }
  }
  const bool fallback = std::any_of(results.begin(), results.end(), [](const collect::ProbeResult& r) {
    return r.outcome == collect::ProbeOutcome::principal_unknown || r.outcome == collect::ProbeOutcome::not_unique
           || r.outcome == collect::ProbeOutcome::etype_not_supported;
  });
  return fallback ? ExitStatus::findings : ExitStatus::ok;
}

} // namespace

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
