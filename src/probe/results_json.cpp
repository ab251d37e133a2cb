#include "src/probe/results_json.hpp"

#include "src/util/input_guard.hpp"
#include "src/util/text.hpp"
#include "src/version.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace kerbready::probe {

namespace {

constexpr std::size_t k_max_file_bytes = std::size_t{64} * 1024 * 1024;
constexpr std::size_t k_max_string = 4096;

expected<std::string>
string_field(const nlohmann::json& object, const char* name, bool required, std::size_t index)
{
  const auto it = object.find(name);
  if (it == object.end() || it->is_null()) {
    if (required) {
      return unexpected(fmt::format("result {} has no \"{}\"", index, name));
    }
    return std::string();
  }
  if (!it->is_string()) {
    return unexpected(fmt::format("result {}: \"{}\" is not a string", index, name));
  }
  auto value = it->get<std::string>();
  if (value.size() > k_max_string) {
    value.resize(k_max_string);
  }
  return value;
}

} // namespace

std::string
to_json(const ProbeRun& run)
{
  nlohmann::ordered_json doc;
  doc["schema_version"] = "1.0";
  doc["tool"] = {{"name", "kerbready"}, {"version", std::string(k_version)}};
  doc["client"] = util::to_valid_utf8(run.client);
  doc["results"] = nlohmann::ordered_json::array();
  for (const auto& r : run.results) {
    nlohmann::ordered_json j;
    j["spn"] = util::to_valid_utf8(r.request.spn);
    j["target"] = util::to_valid_utf8(r.request.target);
    j["source"] = util::to_valid_utf8(r.request.source);
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
  return doc.dump(2);
}

expected<ProbeRun>
parse_json(std::string_view text, std::string_view where)
{
  const auto fail = [&](const std::string& why) {
    return unexpected(fmt::format("{}: not a kerbready probe result: {}", where, why));
  };
  // nlohmann's parser recurses once per level: refuse deep nesting before it can exhaust the stack.
  if (const auto line = util::find_excess_nesting(text, util::NestingSyntax::json)) {
    return unexpected(fmt::format("{}:{}: not a kerbready probe result: JSON nested deeper than {} levels", where,
                                  *line, util::k_max_nesting));
  }
  const auto doc = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded()) {
    return fail("invalid JSON");
  }
  if (!doc.is_object() || !doc.contains("results") || !doc["results"].is_array()) {
    return fail("no \"results\" array (write it with kerbready probe --json FILE)");
  }
  const auto& results = doc["results"];
  if (results.size() > k_max_results) {
    return fail(fmt::format("more than {} results", k_max_results));
  }
  ProbeRun run;
  if (const auto it = doc.find("client"); it != doc.end() && it->is_string()) {
    run.client = it->get<std::string>();
  }
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& item = results[i];
    if (!item.is_object()) {
      return fail(fmt::format("result {} is not an object", i));
    }
    collect::ProbeResult r;
    auto spn = string_field(item, "spn", true, i);
    auto target = string_field(item, "target", false, i);
    auto source = string_field(item, "source", false, i);
    auto outcome = string_field(item, "outcome", true, i);
    auto ticket = string_field(item, "ticket_etype", false, i);
    auto session = string_field(item, "session_etype", false, i);
    auto message = string_field(item, "message", false, i);
    for (const auto* field : {&spn, &target, &source, &outcome, &ticket, &session, &message}) {
      if (!*field) {
        return fail(field->error());
      }
    }
    r.outcome = collect::parse_outcome(*outcome);
    if (r.outcome == collect::ProbeOutcome::count_) {
      return fail(fmt::format("result {}: unknown outcome '{}'", i, util::sanitize(*outcome, 60)));
    }
    r.request.spn = std::move(*spn);
    r.request.target = std::move(*target);
    r.request.source = std::move(*source);
    r.ticket_etype = std::move(*ticket);
    r.session_etype = std::move(*session);
    r.message = std::move(*message);
    if (const auto it = item.find("code"); it != item.end() && it->is_number_integer()) {
      r.code = it->get<std::int64_t>();
    }
    run.results.push_back(std::move(r));
  }
  return run;
}

expected<ProbeRun>
read_json_file(const std::string& path)
{
  if (const auto problem = util::regular_file_problem(path)) {
    return unexpected(fmt::format("probe results {}: {}", path, *problem));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return unexpected(fmt::format("cannot read {}", path));
  }
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > k_max_file_bytes) {
      return unexpected(fmt::format("{}: larger than {} MiB", path, k_max_file_bytes >> 20));
    }
  }
  return parse_json(text, path);
}

} // namespace kerbready::probe
