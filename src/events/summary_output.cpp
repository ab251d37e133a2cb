#include "src/events/summary_output.hpp"

#include "src/util/ad.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace kerbready::events {

namespace {

using nlohmann::ordered_json;

std::string
s(std::string_view text, std::size_t max = 200)
{
  return util::sanitize(text, max);
}

std::string
u8(std::string_view text)
{
  return util::to_valid_utf8(text);
}

std::string
when(std::int64_t t)
{
  return t == 0 ? std::string("-") : util::format_iso8601(t);
}

std::string
share(const DayVolume& d)
{
  const auto total = d.ntlm + d.kerberos;
  return total == 0 ? std::string("-")
                    : fmt::format("{:.1f}%", 100.0 * static_cast<double>(d.ntlm) / static_cast<double>(total));
}

std::string
versions_text(const std::array<std::uint64_t, static_cast<std::size_t>(NtlmVersion::count_)>& versions)
{
  std::vector<std::string> parts;
  for (const auto v : {NtlmVersion::v2, NtlmVersion::v1, NtlmVersion::lm, NtlmVersion::unknown}) {
    const auto n = versions[static_cast<std::size_t>(v)];
    if (n > 0) {
      parts.push_back(fmt::format("{} {}", name_of(v), n));
    }
  }
  return parts.empty() ? std::string("none") : fmt::format("{}", fmt::join(parts, ", "));
}

ordered_json
observation_json(const Observation& o, std::size_t top)
{
  ordered_json j;
  j["count"] = o.count;
  j["clients"] = o.client_count();
  j["clients_capped"] = o.clients_capped;
  j["first_seen"] = when(o.first_seen);
  j["last_seen"] = when(o.last_seen);
  j["top_clients"] = ordered_json::array();
  for (const auto& [client, n] : o.top_clients(top)) {
    j["top_clients"].push_back({{"client", u8(client)}, {"count", n}});
  }
  return j;
}

} // namespace

std::string
describe_kerberos_status(std::uint32_t status)
{
  switch (status) {
  case 0x6:
    return "0x6 client principal unknown";
  case 0x7:
    return "0x7 server principal unknown (missing SPN: the client falls back to NTLM)";
  case 0x8:
    return "0x8 principal not unique (duplicate SPN: the client falls back to NTLM)";
  case 0xE:
    return "0xE encryption type not supported";
  case 0x12:
    return "0x12 client credentials revoked";
  case 0x17:
    return "0x17 password expired";
  case 0x18:
    return "0x18 pre-authentication failed";
  case 0x1B:
    return "0x1B server principal valid for user-to-user only";
  case 0x1F:
    return "0x1F integrity check failed";
  case 0x20:
    return "0x20 ticket expired";
  case 0x25:
    return "0x25 clock skew too great";
  default:
    return fmt::format("0x{:X}", status);
  }
}

void
write_summary_text(const EventSummary& summary, std::ostream& out, const SummaryOutputOptions& options)
{
  const auto bold = [&](std::string_view text) {
    return options.color ? fmt::format("\x1b[1m{}\x1b[0m", text) : std::string(text);
  };
  out << bold(fmt::format("kerbready {} - NTLM and Kerberos events", options.tool_version)) << '\n';
  for (const auto& input : summary.inputs) {
    out << fmt::format("Input:     {} ({}: {} events, {} records skipped)\n", s(input.name), input.format,
                       input.stats.events, input.stats.skipped);
  }
  for (const auto& missing : summary.partial_inputs()) {
    out << bold("PARTIAL") << fmt::format(":   {}\n", s(missing.message, 400));
  }
  out << fmt::format("Period:    {} to {} (UTC)\n", when(summary.first_seen), when(summary.last_seen));
  out << fmt::format("Events:    {} read: NTLM {} (blocked {}, failed {}), Kerberos {} service tickets and logons "
                     "({} failed), TGT requests {}, other {}\n",
                     summary.events, summary.ntlm, summary.ntlm_blocked, summary.ntlm_failed, summary.kerberos,
                     summary.kerberos_failures, summary.kerberos_tgt, summary.ignored);
  if (summary.has_both_protocols()) {
    DayVolume all;
    all.ntlm = summary.ntlm;
    all.kerberos = summary.kerberos;
    out << fmt::format("NTLM share: {} of authentications (NTLM events / NTLM + Kerberos events)\n", share(all));
  }
  out << fmt::format("NTLM:      {}\n", versions_text(summary.versions));
  if (!summary.reasons.empty()) {
    std::vector<std::string> parts;
    for (const auto& [reason, n] : summary.reasons) {
      parts.push_back(fmt::format("{} ({}) {}", describe_reason(reason), reason, n));
    }
    out << fmt::format("Reasons:   {}\n", fmt::join(parts, "; "));
  }
  std::vector<std::string> ids;
  for (const auto& [id, n] : summary.by_event_id) {
    ids.push_back(fmt::format("{} x{}", id, n));
  }
  out << fmt::format("By id:     {}\n", ids.empty() ? std::string("none") : fmt::format("{}", fmt::join(ids, ", ")));
  if (summary.overflowed > 0) {
    out << fmt::format("Note:      {} events went to \"(other)\" rows: a table reached {} distinct names\n",
                       summary.overflowed, k_max_keys);
  }

  if (!summary.per_day.empty()) {
    out << '\n' << bold("NTLM and Kerberos per day (UTC)") << '\n';
    out << fmt::format("  {:<10}  {:>10}  {:>10}  {:>10}  {:>8}\n", "day", "NTLM", "Kerberos", "NTLM share", "NTLMv1");
    for (const auto& [day, v] : summary.per_day) {
      out << fmt::format("  {:<10}  {:>10}  {:>10}  {:>10}  {:>8}\n", day, v.ntlm, v.kerberos,
                         summary.has_both_protocols() ? share(v) : std::string("-"), v.ntlm_v1);
    }
    if (!summary.has_both_protocols()) {
      out << "  (the NTLM share needs both NTLM and Kerberos events, e.g. 4776 and 4769 from the DCs)\n";
    }
  }

  const auto table = [&](std::string_view title, const std::map<std::string, Talker>& talkers) {
    const auto rows = EventSummary::top(talkers, options.top);
    if (rows.empty()) {
      return;
    }
    out << '\n' << bold(fmt::format("Top NTLM {}", title)) << '\n';
    for (const auto& [name, t] : rows) {
      out << fmt::format("  {:>10}  {}  ({} .. {})\n", t.count, s(name), when(t.first_seen), when(t.last_seen));
    }
  };
  table("accounts", summary.accounts);
  table("clients", summary.clients);
  table("servers", summary.servers);
  table("processes", summary.processes);

  if (!summary.targets.empty()) {
    std::vector<const TargetStats*> targets;
    for (const auto& [key, t] : summary.targets) {
      targets.push_back(&t);
    }
    std::sort(targets.begin(), targets.end(), [](const TargetStats* a, const TargetStats* b) {
      return a->observed.count != b->observed.count ? a->observed.count > b->observed.count : a->key.key < b->key.key;
    });
    out << '\n' << bold("Top NTLM targets") << '\n';
    std::size_t shown = 0;
    for (const auto* t : targets) {
      if (++shown > options.top) {
        out << fmt::format("  … {} more targets in the JSON output\n", targets.size() - options.top);
        break;
      }
      const auto name = !t->key.key.empty() ? s(t->display)
                        : t->validated_by.empty()
                          ? std::string("(no target recorded, e.g. 4776)")
                          : fmt::format("(no target: 4776 validations on {})", s(t->validated_by));
      out << fmt::format("  {:>10}  {}  from {} clients; {}\n", t->observed.count, name, t->observed.client_count(),
                         versions_text(t->versions));
    }
  }

  if (!summary.kerberos_failed.empty()) {
    out << '\n' << bold("Kerberos service-ticket failures (4769)") << '\n';
    for (const auto& [key, f] : summary.kerberos_failed) {
      out << fmt::format("  {:>10}  {}  {}  from {} clients\n", f.observed.count, s(f.service),
                         describe_kerberos_status(f.status), f.observed.client_count());
    }
  }

  if (!summary.rc4_accounts.empty() || !summary.kdc_rc4_config.empty()) {
    out << '\n' << bold("RC4 in Kerberos (KDCSVC 201-209, KB5073381; RC4 tickets in 4769)") << '\n';
    out << fmt::format("  {:>8}  {:>8}  {:>8}  {}\n", "refused", "audited", "tickets", "service account");
    for (const auto& [key, a] : summary.rc4_accounts) {
      std::vector<std::string> kdc_ids;
      for (const auto& [id, n] : a.kdc_ids) {
        kdc_ids.push_back(fmt::format("{} x{}", id, n));
      }
      out << fmt::format("  {:>8}  {:>8}  {:>8}  {}{}\n", a.blocked.count, a.audit.count, a.tickets.count, s(a.display),
                         kdc_ids.empty() ? std::string() : fmt::format("  (KDCSVC {})", fmt::join(kdc_ids, ", ")));
    }
    for (const auto& [dc, g] : summary.kdc_rc4_config) {
      out << fmt::format("  {:>8}  {:>8}  {:>8}  {}\n", 0, g.observed.count, 0,
                         s(fmt::format("(205: DefaultDomainSupportedEncTypes enables RC4 on {})", dc)));
    }
  }
  if (summary.kdc_rc4_unnamed > 0) {
    out << fmt::format("Note:      {} KDCSVC events name no account (positional Get-WinEvent properties?)\n",
                       summary.kdc_rc4_unnamed);
  }
  if (!summary.ntlmv1_sso.empty()) {
    out << '\n' << bold("NTLMv1-derived single sign-on (4024 audit, 4025 refused; KB5066470)") << '\n';
    for (const auto& [client, g] : summary.ntlmv1_sso) {
      out << fmt::format("  {:>8} audited  {:>8} refused  {}\n", g.audited, g.refused, s(client));
    }
  }

  std::size_t shown = 0;
  for (const auto& input : summary.inputs) {
    for (const auto& d : input.stats.diagnostics) {
      if (shown == 0) {
        out << '\n' << bold("Input problems (records skipped or notes)") << '\n';
      }
      if (++shown > 20) {
        break;
      }
      out << fmt::format("  - {}: {}\n", s(d.where), s(d.message, 300));
    }
  }
}

std::string
summary_to_json(const EventSummary& summary, const SummaryOutputOptions& options)
{
  ordered_json doc;
  doc["schema_version"] = k_events_schema_version;
  doc["tool"] = {{"name", "kerbready"}, {"version", options.tool_version}};
  doc["inputs"] = ordered_json::array();
  for (const auto& input : summary.inputs) {
    ordered_json j;
    j["name"] = u8(input.name);
    j["format"] = input.format;
    j["records"] = input.stats.records;
    j["events"] = input.stats.events;
    j["skipped"] = input.stats.skipped;
    j["diagnostics"] = ordered_json::array();
    for (const auto& d : input.stats.diagnostics) {
      j["diagnostics"].push_back({{"where", u8(d.where)}, {"message", u8(d.message)}});
    }
    j["diagnostics_dropped"] = input.stats.diagnostics_dropped;
    j["partial"] = input.stats.partial();
    if (input.stats.damaged) {
      j["damaged"] = {{"where", u8(input.stats.damaged->where)}, {"message", u8(input.stats.damaged->message)}};
    } else {
      j["damaged"] = nullptr;
    }
    doc["inputs"].push_back(std::move(j));
  }
  ordered_json totals;
  totals["events"] = summary.events;
  totals["ntlm"] = summary.ntlm;
  totals["ntlm_blocked"] = summary.ntlm_blocked;
  totals["ntlm_failed"] = summary.ntlm_failed;
  totals["kerberos"] = summary.kerberos;
  totals["kerberos_failed"] = summary.kerberos_failures;
  totals["kerberos_tgt"] = summary.kerberos_tgt;
  totals["ignored"] = summary.ignored;
  totals["first_seen"] = when(summary.first_seen);
  totals["last_seen"] = when(summary.last_seen);
  if (summary.has_both_protocols()) {
    totals["ntlm_share"] = static_cast<double>(summary.ntlm) / static_cast<double>(summary.ntlm + summary.kerberos);
  } else {
    totals["ntlm_share"] = nullptr;
  }
  totals["overflowed"] = summary.overflowed;
  totals["partial"] = summary.partial();
  doc["totals"] = std::move(totals);
  doc["by_event_id"] = ordered_json::object();
  for (const auto& [id, n] : summary.by_event_id) {
    doc["by_event_id"][std::to_string(id)] = n;
  }
  doc["ntlm_versions"] = ordered_json::object();
  for (const auto v : {NtlmVersion::v2, NtlmVersion::v1, NtlmVersion::lm, NtlmVersion::unknown}) {
    doc["ntlm_versions"][std::string(name_of(v))] = summary.versions[static_cast<std::size_t>(v)];
  }
  doc["reasons"] = ordered_json::array();
  for (const auto& [reason, n] : summary.reasons) {
    doc["reasons"].push_back({{"id", reason}, {"meaning", describe_reason(reason)}, {"count", n}});
  }
  doc["per_day"] = ordered_json::array();
  for (const auto& [day, v] : summary.per_day) {
    ordered_json j{{"day", day}, {"ntlm", v.ntlm}, {"kerberos", v.kerberos}, {"ntlm_v1", v.ntlm_v1}};
    if (summary.has_both_protocols() && v.ntlm + v.kerberos > 0) {
      j["ntlm_share"] = static_cast<double>(v.ntlm) / static_cast<double>(v.ntlm + v.kerberos);
    } else {
      j["ntlm_share"] = nullptr;
    }
    doc["per_day"].push_back(std::move(j));
  }
  const auto talkers = [&](const std::map<std::string, Talker>& table) {
    auto arr = ordered_json::array();
    for (const auto& [name, t] : EventSummary::top(table, options.top)) {
      arr.push_back(
        {{"name", u8(name)}, {"count", t.count}, {"first_seen", when(t.first_seen)}, {"last_seen", when(t.last_seen)}});
    }
    return arr;
  };
  doc["top"] = {{"accounts", talkers(summary.accounts)},
                {"clients", talkers(summary.clients)},
                {"servers", talkers(summary.servers)},
                {"processes", talkers(summary.processes)}};
  doc["targets"] = ordered_json::array();
  for (const auto& [key, t] : summary.targets) {
    ordered_json j;
    j["target"] = u8(t.display);
    j["key"] = u8(key);
    j["kind"] = t.key.kind == TargetKind::spn    ? "spn"
                : t.key.kind == TargetKind::host ? "host"
                : t.key.kind == TargetKind::ip   ? "ip"
                                                 : "none";
    j["requested_by_client"] = t.requested;
    j["observed"] = observation_json(t.observed, options.top);
    j["versions"] = ordered_json::object();
    for (const auto v : {NtlmVersion::v2, NtlmVersion::v1, NtlmVersion::lm, NtlmVersion::unknown}) {
      j["versions"][std::string(name_of(v))] = t.versions[static_cast<std::size_t>(v)];
    }
    j["reasons"] = ordered_json::object();
    for (const auto& [reason, n] : t.reasons) {
      j["reasons"][std::to_string(reason)] = n;
    }
    j["blocked"] = t.blocked;
    j["cross_domain"] = t.cross_domain;
    j["local_account"] = t.local_account;
    j["loopback"] = t.loopback;
    doc["targets"].push_back(std::move(j));
  }
  doc["kerberos_failures"] = ordered_json::array();
  for (const auto& [key, f] : summary.kerberos_failed) {
    doc["kerberos_failures"].push_back({{"service", u8(f.service)},
                                        {"status", fmt::format("0x{:X}", f.status)},
                                        {"meaning", describe_kerberos_status(f.status)},
                                        {"observed", observation_json(f.observed, options.top)}});
  }
  doc["kdc_rc4"] = ordered_json::array();
  for (const auto& [key, a] : summary.rc4_accounts) {
    ordered_json j;
    j["service"] = u8(a.display);
    j["refused"] = observation_json(a.blocked, options.top);
    j["audited"] = observation_json(a.audit, options.top);
    j["rc4_tickets"] = observation_json(a.tickets, options.top);
    j["rc4_session_keys"] = a.rc4_session_keys;
    j["kdcsvc_ids"] = ordered_json::object();
    for (const auto& [id, n] : a.kdc_ids) {
      j["kdcsvc_ids"][std::to_string(id)] = n;
    }
    doc["kdc_rc4"].push_back(std::move(j));
  }
  doc["kdc_rc4_unnamed"] = summary.kdc_rc4_unnamed;
  doc["kdc_rc4_config"] = ordered_json::array();
  for (const auto& [dc, g] : summary.kdc_rc4_config) {
    doc["kdc_rc4_config"].push_back({{"dc", u8(dc)}, {"events", g.observed.count}});
  }
  doc["ntlmv1_sso"] = ordered_json::array();
  for (const auto& [client, g] : summary.ntlmv1_sso) {
    doc["ntlmv1_sso"].push_back({{"client", u8(client)}, {"audited", g.audited}, {"refused", g.refused}});
  }
  return doc.dump(2) + "\n";
}

} // namespace kerbready::events
