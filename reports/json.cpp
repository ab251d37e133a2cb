// The JSON report: a versioned document (schema_version, docs/report.schema.json) for ticketing
// and tools. Every string from the directory is made valid UTF-8 (invalid bytes become U+FFFD), so
// the document always parses. Finding ids are stable across runs: a ticket system dedups on them.

#include "reports/reporter.hpp"
#include "src/util/ad.hpp"
#include "src/util/text.hpp"

#include <nlohmann/json.hpp>

#include <sstream>
#include <string_view>
#include <unordered_map>

namespace kerbready::reports {

namespace {

using nlohmann::ordered_json;

std::string
u8(std::string_view s)
{
  return util::to_valid_utf8(s);
}

ordered_json
data_sets_json(unsigned sets)
{
  auto out = ordered_json::array();
  for (const auto name : data_set_names(sets)) {
    out.push_back(name);
  }
  return out;
}

ordered_json
stored_finding_json(const StoredFinding& f)
{
  return {{"id", u8(f.id)},
          {"check_id", u8(f.check_id)},
          {"title", u8(f.title)},
          {"severity", name_of(f.severity)},
          {"subject", u8(f.subject)}};
}

// The optional triage keys (schema 1.1): present only with --baseline or --suppressions.
void
add_triage(const Report& report, ordered_json& doc)
{
  const auto& t = report.triage;
  if (t.suppressions_path) {
    doc["summary"]["suppressed"] = t.suppressed_count();
    auto list = ordered_json::array();
    for (const auto& r : t.suppressions) {
      ordered_json j;
      j["origin"] = u8(r.rule.origin);
      if (!r.rule.finding_id.empty()) {
        j["id"] = u8(r.rule.finding_id);
      }
      if (!r.rule.check_id.empty()) {
        j["check"] = u8(r.rule.check_id);
      }
      if (!r.rule.subject.empty()) {
        j["subject"] = u8(r.rule.subject);
      }
      j["reason"] = u8(r.rule.reason);
      j["owner"] = u8(r.rule.owner);
      j["expires"] = u8(r.rule.expires);
      j["state"] = name_of(r.state);
      j["matched"] = r.matched;
      list.push_back(std::move(j));
    }
    doc["suppressions"] = {{"file", u8(*t.suppressions_path)}, {"rules", std::move(list)}};
  }
  if (t.baseline) {
    const auto& b = *t.baseline;
    ordered_json j;
    j["file"] = u8(b.path);
    j["started_at"] = u8(b.started_at);
    j["complete"] = b.complete;
    j["new"] = b.diff.count(Change::added);
    j["unchanged"] = b.diff.count(Change::unchanged);
    j["resolved"] = b.diff.count(Change::resolved);
    j["not_reevaluated"] = b.diff.count(Change::not_reevaluated);
    j["unverified"] = b.diff.count(Change::not_reevaluated); // deprecated name (schema 1.3)
    j["resolved_findings"] = ordered_json::array();
    j["not_reevaluated_findings"] = ordered_json::array();
    for (const auto& e : b.diff.entries) {
      if (e.change == Change::resolved) {
        j["resolved_findings"].push_back(stored_finding_json(e.finding));
      } else if (e.change == Change::not_reevaluated && e.gap) {
        auto ref = stored_finding_json(e.finding);
        ref["reason"] = name_of(e.gap->reason);
        ref["reason_detail"] = u8(e.gap->detail);
        j["not_reevaluated_findings"].push_back(std::move(ref));
      }
    }
    doc["baseline"] = std::move(j);
  }
}

// Return finding `f` of `report`, ranked `rank`, as JSON.
ordered_json
finding_json(const Report& report, const Finding& f, std::size_t rank)
{
  ordered_json j;
  j["id"] = f.id;
  j["check_id"] = f.check_id;
  const auto* check = report_check(report, f.check_id);
  j["title"] = check != nullptr ? std::string(check->title) : std::string();
  j["rank"] = rank;
  j["priority"] = f.priority;
  j["severity"] = name_of(f.severity);
  j["cause"] = name_of(f.cause);
  j["tier0"] = f.tier0;
  j["subject"] = u8(f.subject);
  j["summary"] = u8(f.summary);
  j["affected"] = ordered_json::array();
  for (const auto& a : f.affected) {
    j["affected"].push_back({{"dn", u8(a.dn)}, {"sam_account_name", u8(a.sam_account_name)}, {"domain", u8(a.domain)}});
  }
  j["evidence"] = ordered_json::array();
  for (const auto& e : f.evidence) {
    j["evidence"].push_back({{"name", u8(e.name)}, {"value", u8(e.value)}});
  }
  j["remediation"] = u8(f.remediation);
  if (const auto change = report.triage.change_of(f.id)) {
    j["change"] = name_of(*change);
  }
  if (const auto* r = report.triage.suppression_of(f.id)) {
    j["suppressed"] = {{"reason", u8(r->rule.reason)},
                       {"owner", u8(r->rule.owner)},
                       {"expires", u8(r->rule.expires)},
                       {"rule", u8(r->rule.origin)}};
  }
  if (f.observed) {
    const auto& o = *f.observed;
    ordered_json observed;
    observed["count"] = o.count;
    observed["clients"] = o.clients;
    observed["first_seen"] = o.first_seen == 0 ? ordered_json() : ordered_json(util::format_iso8601(o.first_seen));
    observed["last_seen"] = o.last_seen == 0 ? ordered_json() : ordered_json(util::format_iso8601(o.last_seen));
    observed["top_clients"] = ordered_json::array();
    for (const auto& client : o.top_clients) {
      observed["top_clients"].push_back(u8(client));
    }
    j["observed"] = std::move(observed);
  }
  return j;
}

ordered_json
to_json(const Report& report)
{
  const auto& m = report.metadata;
  ordered_json doc;
  doc["schema_version"] = k_report_schema_version;
  doc["tool"] = {{"name", "kerbready"}, {"version", m.tool_version}};

  ordered_json scan;
  scan["source"] = m.source;
  scan["inputs"] = ordered_json::array();
  for (const auto& input : m.inputs) {
    scan["inputs"].push_back(u8(input));
  }
  scan["started_at"] = util::format_iso8601(m.started_at);
  scan["duration_ms"] = m.duration_ms;
  scan["complete"] = report.complete();
  scan["completeness_verifiable"] = m.completeness_verifiable;
  if (!m.unverifiable_inputs.empty()) {
    scan["unverifiable_inputs"] = ordered_json::array();
    for (const auto& input : m.unverifiable_inputs) {
      scan["unverifiable_inputs"].push_back(u8(input));
    }
  }
  scan["reference_time"] = util::format_iso8601(m.reference_time);
  scan["reference_time_source"] = m.reference_time_source;
  scan["forest_root"] = u8(m.forest_root);
  scan["domains"] = ordered_json::array();
  for (const auto& d : m.domains) {
    scan["domains"].push_back(u8(d));
  }
  scan["data_read"] = data_sets_json(m.data_sets);
  scan["objects_read"] = m.objects_read;
  scan["objects_per_partition"] = ordered_json::object();
  for (const auto& [partition, count] : m.objects_per_partition) {
    scan["objects_per_partition"][u8(partition)] = count;
  }
  scan["spn_mappings_source"] = m.spn_mappings_from_directory ? "directory" : "windows_default";
  scan["collection"] = ordered_json::object();
  for (const auto& [key, value] : m.collection) {
    scan["collection"][key] = u8(value);
  }
  scan["fail_on"] = m.fail_on == Severity::count_ ? std::string_view("none") : name_of(m.fail_on);
  doc["scan"] = std::move(scan);

  ordered_json summary;
  summary["findings"] = report.findings.size();
  summary["by_severity"] = ordered_json::object();
  for (int i = 0; i < static_cast<int>(Severity::count_); ++i) {
    summary["by_severity"][std::string(name_of(static_cast<Severity>(i)))] = report.count(static_cast<Severity>(i));
  }
  summary["by_cause"] = ordered_json::object();
  for (int i = 0; i < static_cast<int>(FallbackCause::count_); ++i) {
    const auto cause = static_cast<FallbackCause>(i);
    summary["by_cause"][std::string(name_of(cause))] = report.count(cause);
  }
  doc["summary"] = std::move(summary);

  std::unordered_map<std::string_view, const Finding*> by_id;
  for (const auto& f : report.findings) {
    by_id.emplace(f.id, &f);
  }
  doc["verdicts"] = ordered_json::array();
  for (const auto& v : report.verdicts) {
    ordered_json j;
    j["domain"] = u8(v.domain);
    j["readiness"] = name_of(v.readiness);
    j["reason"] = u8(v.reason);
    j["blocking_findings"] = v.blocking_findings;
    j["caveat_findings"] = v.caveat_findings;
    j["blocking_causes"] = ordered_json::array();
    for (const auto cause : v.blocking_causes) {
      j["blocking_causes"].push_back(name_of(cause));
    }
    j["blocking_checks"] = v.blocking_checks;
    j["not_evaluated"] = v.not_evaluated;
    j["prerequisites"] = v.prerequisites;
    const auto& t = report.traffic;
    ordered_json evidence;
    evidence["kinds"] = v.evidence;
    evidence["events"] = t.present;
    if (t.present) {
      evidence["event_days"] = t.days;
      evidence["min_event_days"] = report.policy.min_event_days;
      evidence["first_event"] = t.first_seen == 0 ? ordered_json() : ordered_json(util::format_iso8601(t.first_seen));
      evidence["last_event"] = t.last_seen == 0 ? ordered_json() : ordered_json(util::format_iso8601(t.last_seen));
      evidence["hosts"] = t.host_count;
      evidence["top_hosts"] = ordered_json::array();
      for (const auto& [host, n] : t.hosts) {
        evidence["top_hosts"].push_back(ordered_json{{"name", u8(host)}, {"events", n}});
      }
      evidence["event_ids"] = ordered_json::object();
      for (const auto& [id, n] : t.event_ids) {
        evidence["event_ids"][std::to_string(id)] = n;
      }
      evidence["ntlm_events"] = t.ntlm;
      evidence["kerberos_events"] = t.kerberos;
    }
    j["evidence"] = std::move(evidence);
    if (t.present) {
      const auto sources = [&](const std::vector<std::pair<std::string, std::uint64_t>>& list) {
        auto out = ordered_json::array();
        for (const auto& [name, n] : list) {
          out.push_back(ordered_json{{"name", u8(name)}, {"events", n}});
        }
        return out;
      };
      ordered_json u;
      u["events"] = v.unexplained_ntlm;
      u["share"] = v.unexplained_share;
      u["max_per_day"] = report.policy.unexplained_ntlm_max_per_day;
      u["max_share"] = report.policy.unexplained_ntlm_max_share;
      u["blocks"] = v.unexplained_blocks;
      u["top_targets"] = sources(v.top_targets);
      u["top_accounts"] = sources(v.top_accounts);
      u["top_clients"] = sources(v.top_clients);
      u["top_reasons"] = sources(v.top_reasons);
      j["unexplained_ntlm"] = std::move(u);
    }
    j["top_fixes"] = ordered_json::array();
    for (std::size_t i = 0; i < v.top_fixes.size(); ++i) {
      const auto it = by_id.find(v.top_fixes[i]);
      if (it == by_id.end()) {
        continue;
      }
      const auto& f = *it->second;
      ordered_json fix;
      fix["rank"] = i + 1;
      fix["id"] = f.id;
      fix["check_id"] = f.check_id;
      fix["severity"] = name_of(f.severity);
      fix["cause"] = name_of(f.cause);
      fix["priority"] = f.priority;
      fix["subject"] = u8(f.subject);
      fix["remediation"] = u8(f.remediation);
      j["top_fixes"].push_back(std::move(fix));
    }
    doc["verdicts"].push_back(std::move(j));
  }

  doc["checks"] = ordered_json::array();
  for (const auto& r : report.checks) {
    ordered_json c;
    c["id"] = r.check->id;
    c["title"] = r.check->title;
    c["status"] = r.status == CheckStatus::evaluated ? "evaluated" : "not_evaluated";
    if (r.status != CheckStatus::evaluated) {
      c["reason"] = r.reason;
    }
    c["findings"] = r.findings;
    doc["checks"].push_back(std::move(c));
  }

  doc["diagnostics"] = ordered_json::array();
  for (const auto& d : report.diagnostics) {
    doc["diagnostics"].push_back({{"where", u8(d.where)}, {"message", u8(d.message)}});
  }

  // Findings are written one by one (write_json): a placeholder keeps their place in the key order.
  doc["findings"] = ordered_json::array();
  add_triage(report, doc);
  return doc;
}

} // namespace

void
write_json(const Report& report, std::ostream& out, const OutputOptions& /*options*/)
{
  // The document without findings, then each finding in its place, indented as dump(2) would: a
  // report with a million findings never exists as one JSON tree or one string in memory.
  const std::string doc = to_json(report).dump(2);
  const std::string_view placeholder = "\n  \"findings\": []";
  const auto at = doc.find(placeholder);
  out << std::string_view(doc).substr(0, at + placeholder.size() - 2);
  if (report.findings.empty()) {
    out << "[]";
  } else {
    out << "[\n";
    std::size_t rank = 0;
    for (const auto& f : report.findings) {
      const std::string text = finding_json(report, f, ++rank).dump(2);
      // Strings in JSON text hold no raw newline: every newline starts a line to indent.
      std::string indented = "    ";
      indented.reserve(text.size() * 2);
      for (const char c : text) {
        indented += c;
        if (c == '\n') {
          indented += "    ";
        }
      }
      indented += rank == report.findings.size() ? "\n" : ",\n";
      out << indented;
    }
    out << "  ]";
  }
  out << std::string_view(doc).substr(at + placeholder.size()) << "\n";
}

std::string
to_json_string(const Report& report)
{
  std::ostringstream out;
  write_json(report, out, OutputOptions{});
  return out.str();
}

} // namespace kerbready::reports
