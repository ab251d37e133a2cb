#include "src/triage/stored_report.hpp"

#include "src/util/ad.hpp"
#include "src/util/input_guard.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace kerbready::triage {

namespace {

using nlohmann::json;

constexpr Readiness k_readiness[] = {Readiness::ready, Readiness::ready_with_caveats, Readiness::not_ready,
                                     Readiness::unknown, Readiness::ready_no_traffic_evidence};

// Return the string at `key` of `object`, or throw a message naming `where`.
std::string
string_at(const json& object, const char* key, const std::string& where)
{
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) {
    throw std::runtime_error(fmt::format("{}: missing string \"{}\"", where, key));
  }
  return it->get<std::string>();
}

// Return the strings of the array at `key` of `object`; other values are skipped.
std::vector<std::string>
strings_at(const json& object, const char* key)
{
  std::vector<std::string> out;
  const auto it = object.find(key);
  if (it != object.end() && it->is_array()) {
    for (const auto& v : *it) {
      if (v.is_string()) {
        out.push_back(v.get<std::string>());
      }
    }
  }
  return out;
}

StoredReport
convert(const json& doc, const std::string& name)
{
  const auto tool = doc.is_object() ? doc.find("tool") : doc.end();
  if (!doc.is_object() || tool == doc.end() || !tool->is_object() || tool->value("name", "") != "kerbready") {
    throw std::runtime_error(R"(not a kerbready JSON report (no "tool": {"name": "kerbready"}))");
  }
  const auto version = doc.value("schema_version", "");
  if (version.rfind("1.", 0) != 0) {
    throw std::runtime_error(
      fmt::format("unsupported report schema_version \"{}\" (this kerbready reads 1.x)", util::sanitize(version, 40)));
  }
  StoredReport out;
  out.path = name;
  const auto scan = doc.find("scan");
  if (scan == doc.end() || !scan->is_object()) {
    throw std::runtime_error("missing \"scan\" object");
  }
  out.started_at = scan->value("started_at", "");
  out.complete = scan->value("complete", false);
  // Reports before schema 1.3 do not say; their completeness was never in doubt.
  out.completeness_verifiable = scan->value("completeness_verifiable", true);
  out.forest_root = scan->value("forest_root", "");
  out.domains = strings_at(*scan, "domains");
  for (const auto& set_name : strings_at(*scan, "data_read")) {
    for (const auto& info : k_data_sets) {
      if (set_name == info.name) {
        out.data_sets |= static_cast<unsigned>(info.set);
      }
    }
  }
  const auto checks = doc.find("checks");
  if (checks == doc.end() || !checks->is_array()) {
    throw std::runtime_error("missing \"checks\" array");
  }
  for (const auto& c : *checks) {
    if (c.is_object() && c.value("status", "") == "evaluated") {
      out.evaluated_checks.push_back(string_at(c, "id", "checks[]"));
      out.events_read = out.events_read || is_event_check(out.evaluated_checks.back());
    }
  }
  const auto findings = doc.find("findings");
  if (findings == doc.end() || !findings->is_array()) {
    throw std::runtime_error("missing \"findings\" array");
  }
  std::size_t index = 0;
  for (const auto& f : *findings) {
    const auto where = fmt::format("findings[{}]", index++);
    if (!f.is_object()) {
      throw std::runtime_error(fmt::format("{}: not an object", where));
    }
    StoredFinding s;
    s.id = string_at(f, "id", where);
    s.check_id = string_at(f, "check_id", where);
    s.title = f.value("title", "");
    const auto severity = parse_severity(string_at(f, "severity", where));
    if (severity == Severity::count_) {
      throw std::runtime_error(fmt::format("{}: unknown severity", where));
    }
    s.severity = severity;
    s.cause = f.value("cause", "");
    s.subject = f.value("subject", "");
    s.summary = f.value("summary", "");
    if (const auto affected = f.find("affected"); affected != f.end() && affected->is_array()) {
      for (const auto& a : *affected) {
        const auto domain = a.is_object() ? a.value("domain", "") : std::string();
        if (!domain.empty() && std::find(s.domains.begin(), s.domains.end(), domain) == s.domains.end()) {
          s.domains.push_back(domain);
        }
        const auto dn = a.is_object() ? a.value("dn", "") : std::string();
        if (!dn.empty()) {
          s.objects.push_back(util::normalize_dn(dn));
        }
      }
    }
    s.suppressed = f.contains("suppressed");
    out.findings.push_back(std::move(s));
  }
  // Verdicts are read leniently: a comparison does not need them, the HTML report's history does.
  if (const auto verdicts = doc.find("verdicts"); verdicts != doc.end() && verdicts->is_array()) {
    for (const auto& v : *verdicts) {
      const auto domain = v.is_object() ? v.find("domain") : v.end();
      const auto readiness = v.is_object() ? v.find("readiness") : v.end();
      if (domain == v.end() || readiness == v.end() || !domain->is_string() || !readiness->is_string()) {
        continue;
      }
      const auto readiness_name = readiness->get<std::string>();
      if (std::any_of(std::begin(k_readiness), std::end(k_readiness),
                      [&](Readiness r) { return name_of(r) == readiness_name; })) {
        out.verdicts.emplace_back(domain->get<std::string>(), readiness_name);
      }
    }
    std::sort(out.verdicts.begin(), out.verdicts.end());
  }
  return out;
}

} // namespace

expected<StoredReport>
parse_stored_report(std::string_view text, const std::string& name)
{
  // nlohmann's parser recurses once per level: refuse deep nesting before it can exhaust the stack.
  if (const auto line = util::find_excess_nesting(text, util::NestingSyntax::json)) {
    return unexpected(fmt::format("{}:{}: JSON nested deeper than {} levels: is it a kerbready JSON report?", name,
                                  *line, util::k_max_nesting));
  }
  try {
    return convert(json::parse(text), name);
  } catch (const json::parse_error& e) {
    return unexpected(fmt::format("{}: not valid JSON (byte {}): is it a kerbready JSON report?", name, e.byte));
  } catch (const std::exception& e) {
    return unexpected(fmt::format("{}: {}", name, util::sanitize(e.what(), 300)));
  }
}

expected<StoredReport>
read_stored_report(const std::string& path)
{
  if (const auto problem = util::regular_file_problem(path)) {
    return unexpected(fmt::format("report {}: {}", path, *problem));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return unexpected(fmt::format("cannot read report {}", path));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_stored_report(text.str(), path);
}

} // namespace kerbready::triage
