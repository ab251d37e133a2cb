#include "src/events/summary.hpp"

#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kerbready::events {

namespace {

const std::string k_other = "(other)";

void
widen(std::int64_t& first, std::int64_t& last, std::int64_t time)
{
  if (time == 0) {
    return;
  }
  if (first == 0 || time < first) {
    first = time;
  }
  if (time > last) {
    last = time;
  }
}

std::string
client_of(const AuthRecord& r)
{
  if (!r.client.empty()) {
    return r.client;
  }
  if (!r.client_ip.empty()) {
    return r.client_ip;
  }
  return "(unknown)";
}

template <typename T>
std::vector<std::pair<std::string, T>>
sorted_by_count(const std::map<std::string, T>& items, std::size_t n, std::uint64_t (*count)(const T&))
{
  std::vector<std::pair<std::string, T>> out(items.begin(), items.end());
  std::sort(out.begin(), out.end(), [&](const auto& a, const auto& b) {
    if (count(a.second) != count(b.second)) {
      return count(a.second) > count(b.second);
    }
    return a.first < b.first;
  });
  if (out.size() > n) {
    out.resize(n);
  }
  return out;
}

} // namespace

void
Observation::add(std::int64_t time, const std::string& client, std::size_t* budget)
{
  ++count;
  widen(first_seen, last_seen, time);
  if (client.empty()) {
    return;
  }
  const auto hash = util::fnv1a64(client);
  if (distinct.count(hash) == 0) {
    if (distinct.size() < k_max_clients_per_key && (budget == nullptr || *budget > 0)) {
      distinct.insert(hash);
      if (budget != nullptr) {
        --*budget;
      }
    } else {
      clients_capped = true;
    }
  }
  const auto it = clients.find(client);
  if (it != clients.end()) {
    ++it->second;
  } else if (clients.size() < k_max_named_clients) {
    clients.emplace(client, 1);
  }
}

void
Observation::merge(const Observation& other)
{
  count += other.count;
  widen(first_seen, last_seen, other.first_seen);
  widen(first_seen, last_seen, other.last_seen);
  clients_capped = clients_capped || other.clients_capped;
  for (const auto hash : other.distinct) {
    if (distinct.size() < k_max_clients_per_key) {
      distinct.insert(hash);
    } else if (distinct.count(hash) == 0) {
      clients_capped = true;
    }
  }
  for (const auto& [client, n] : other.clients) {
    const auto it = clients.find(client);
    if (it != clients.end()) {
      it->second += n;
    } else if (clients.size() < k_max_named_clients) {
      clients.emplace(client, n);
    }
  }
}

std::vector<std::pair<std::string, std::uint64_t>>
Observation::top_clients(std::size_t n) const
{
  return sorted_by_count<std::uint64_t>(clients, n, [](const std::uint64_t& c) { return c; });
}

void
Samples::add(const std::string& name, std::size_t cap)
{
  if (name.empty()) {
    return;
  }
  const auto it = items.find(name);
  if (it != items.end()) {
    ++it->second;
  } else if (items.size() < cap) {
    items.emplace(name, 1);
  }
}

std::vector<std::pair<std::string, std::uint64_t>>
Samples::top(std::size_t n) const
{
  return sorted_by_count<std::uint64_t>(items, n, [](const std::uint64_t& c) { return c; });
}

template <typename Map>
typename Map::mapped_type*
EventSummary::slot(Map& table, const std::string& key)
{
  const auto it = table.find(key);
  if (it != table.end()) {
    return &it->second;
  }
  if (table.size() < k_max_keys) {
    return &table[key];
  }
  ++overflowed;
  return &table[k_other];
}

void
EventSummary::talk(std::map<std::string, Talker>& table, const std::string& name, std::int64_t time)
{
  if (name.empty()) {
    return;
  }
  auto* t = slot(table, name);
  ++t->count;
  widen(t->first_seen, t->last_seen, time);
}

const std::string&
EventSummary::day_key(std::int64_t time)
{
  const auto day = time >= 0 ? time / 86400 : (time - 86399) / 86400;
  if (day != m_cached_day || m_cached_day_text.empty()) {
    m_cached_day = day;
    m_cached_day_text = day_of(time);
  }
  return m_cached_day_text;
}

void
EventSummary::add_input(std::string name, std::string format, ReadStats stats)
{
  inputs.push_back(InputStats{std::move(name), std::move(format), std::move(stats)});
}

std::uint64_t
EventSummary::skipped() const
{
  std::uint64_t n = 0;
  for (const auto& input : inputs) {
    n += input.stats.skipped;
  }
  return n;
}

bool
EventSummary::partial() const
{
  return std::any_of(inputs.begin(), inputs.end(), [](const InputStats& input) { return input.stats.partial(); });
}

std::vector<Diagnostic>
EventSummary::partial_inputs() const
{
  std::vector<Diagnostic> out;
  for (const auto& input : inputs) {
    const auto& stats = input.stats;
    if (stats.damaged) {
      out.push_back(
        Diagnostic{stats.damaged->where, fmt::format("events file {}: damaged from {} on ({}); its "
                                                     "events are partial",
                                                     input.name, stats.damaged->where, stats.damaged->message)});
    } else if (stats.skipped > 0) {
      const auto* first = stats.diagnostics.empty() ? nullptr : &stats.diagnostics.front();
      out.push_back(Diagnostic{first != nullptr ? first->where : input.name,
                               fmt::format("events file {}: {} unreadable records skipped (first: {}: {}); its "
                                           "events are partial",
                                           input.name, stats.skipped, first != nullptr ? first->where : "?",
                                           first != nullptr ? first->message : "?")});
    }
  }
  return out;
}

std::vector<std::pair<std::string, Talker>>
EventSummary::top(const std::map<std::string, Talker>& table, std::size_t n)
{
  return sorted_by_count<Talker>(table, n, [](const Talker& t) { return t.count; });
}

void
EventSummary::add(const Event& event)
{
  ++events;
  ++by_event_id[event.event_id];
  if (!event.computer.empty()) {
    auto name = util::to_lower(event.computer);
    const auto it = loggers.find(name);
    if (it != loggers.end()) {
      ++it->second;
    } else if (loggers.size() < k_max_keys) {
      loggers.emplace(std::move(name), 1);
    } else {
      ++loggers["(other)"];
    }
  }
  const auto record = classify(event);
  switch (record.protocol) {
  case Protocol::ntlm:
    add_ntlm(record);
    break;
  case Protocol::kerberos:
    add_kerberos(record);
    break;
  case Protocol::kdc_rc4:
    add_kdc_rc4(record);
    break;
  case Protocol::none:
    ++ignored;
    break;
  }
}

void
EventSummary::add_ntlm(const AuthRecord& r)
{
  ++ntlm;
  widen(first_seen, last_seen, r.time);
  ntlm_blocked += r.blocked ? 1 : 0;
  ntlm_failed += r.success ? 0 : 1;
  ++versions[static_cast<std::size_t>(r.version)];
  if (r.reason) {
    ++reasons[*r.reason];
  }
  if (r.time != 0) {
    auto& day = per_day[day_key(r.time)];
    ++day.ntlm;
    day.ntlm_v1 += r.version == NtlmVersion::v1 || r.version == NtlmVersion::lm ? 1 : 0;
  }
  const auto client = client_of(r);
  talk(accounts, r.account, r.time);
  talk(clients, client, r.time);
  talk(servers, r.server, r.time);
  talk(processes, r.process, r.time);

  // The target: what the client asked for, else the server that logged or validated it.
  auto key = target_key(r.target);
  const bool requested = key.kind != TargetKind::none;
  if (!requested && !r.server.empty()) {
    key = target_key(r.server);
  }
  const bool by_dc = key.kind == TargetKind::none && !r.validated_by.empty();
  auto* target = slot(targets, by_dc ? "(no target)@" + r.validated_by : key.key);
  if (target->observed.count == 0) {
    target->key = key;
    target->display = requested ? r.target : r.server;
    target->validated_by = by_dc ? r.validated_by : std::string();
  }
  target->requested = target->requested || requested;
  target->observed.add(r.time, client, &client_budget);
  ++target->versions[static_cast<std::size_t>(r.version)];
  if (r.reason) {
    ++target->reasons[*r.reason];
  }
  target->blocked += r.blocked ? 1 : 0;
  target->cross_domain += r.cross_domain ? 1 : 0;
  target->local_account += r.local_account ? 1 : 0;
  target->loopback += (r.loopback || r.rpc_epm) ? 1 : 0;
  target->ntlmv1_sso += r.ntlmv1_sso ? 1 : 0;
  target->accounts.add(r.account);
  target->processes.add(r.process);

  const auto group = [&](std::map<std::string, Group>& table, const std::string& name) {
    auto* g = slot(table, name.empty() ? std::string("(unknown)") : name);
    g->observed.add(r.time, client, &client_budget);
    g->accounts.add(r.account);
    g->processes.add(r.process);
    g->servers.add(r.server.empty() ? key.key : r.server);
  };
  if (r.ntlmv1_sso) {
    auto* sso = slot(ntlmv1_sso, client);
    sso->group.observed.add(r.time, client, &client_budget);
    sso->group.accounts.add(r.account);
    sso->group.processes.add(r.process);
    sso->group.servers.add(r.server.empty() ? key.key : r.server);
    ++(r.blocked ? sso->refused : sso->audited);
  } else if (r.version == NtlmVersion::v1 || r.version == NtlmVersion::lm) {
    group(ntlm_v1_clients, client);
  }
  // What dc_connectivity is judged from: a named client's NTLM to servers that logged it.
  const bool to_server = !requested && !r.server.empty();
  const bool line_of_sight = r.reason && *r.reason == 9;
  if (!r.client.empty() && (to_server || line_of_sight) && !r.local_account && !r.loopback && !r.rpc_epm &&
      !r.cross_domain && !r.ntlmv1_sso) {
    auto* c = slot(ntlm_clients, r.client);
    if (to_server) {
      ++c->count;
      c->servers.add(r.server);
    }
    c->line_of_sight += line_of_sight ? 1 : 0;
    c->accounts.add(r.account);
    widen(c->first_seen, c->last_seen, r.time);
    if (!r.client_ip.empty() && c->ips.size() < k_max_client_ips &&
        std::find(c->ips.begin(), c->ips.end(), r.client_ip) == c->ips.end()) {
      c->ips.push_back(r.client_ip);
    }
  }
  if (r.cross_domain) {
    const auto slash = r.account.find('\\');
    group(trust_domains, slash == std::string::npos ? std::string() : util::to_lower(r.account.substr(0, slash)));
  }
  if (r.local_account) {
    group(local_servers, r.server.empty() ? client : r.server);
  }
  if (r.loopback || r.rpc_epm) {
    group(loopback_servers, r.server.empty() ? client : r.server);
  }
}

void
EventSummary::note_kerberos_client(const std::string& name)
{
  if (name.empty() || kerberos_clients.count(name) != 0) {
    return;
  }
  if (kerberos_clients.size() >= k_max_keys) {
    kerberos_clients_capped = true;
    return;
  }
  kerberos_clients.insert(name);
}

void
EventSummary::add_kdc_rc4(const AuthRecord& r)
{
  ++kdc_rc4;
  widen(first_seen, last_seen, r.time);
  const auto client = client_of(r);
  if (kdc_rc4_meaning(r.event_id).account && r.service.empty()) {
    ++kdc_rc4_unnamed; // no field names the account (Get-WinEvent's positions): counted, joined to nothing
    return;
  }
  if (r.service.empty()) {
    // 205: the DC's DefaultDomainSupportedEncTypes, not an account.
    auto* g = slot(kdc_rc4_config, r.validated_by.empty() ? std::string("(unknown)") : r.validated_by);
    g->observed.add(r.time, r.validated_by, &client_budget);
    g->servers.add(r.cipher);
    return;
  }
  auto* a = slot(rc4_accounts, util::to_lower(r.service));
  if (a->display.empty()) {
    a->display = r.service;
  }
  (r.kdc_blocked ? a->blocked : a->audit).add(r.time, client, &client_budget);
  ++a->kdc_ids[r.event_id];
  a->ciphers.add(r.cipher);
  a->advertized.add(r.advertized_etypes);
  a->keys.add(r.service_keys);
  a->dcs.add(r.validated_by);
}

void
EventSummary::add_kerberos(const AuthRecord& r)
{
  note_kerberos_client(r.client);
  note_kerberos_client(r.client_ip);
  if (!r.validated_by.empty() && kerberos_loggers.size() < k_max_keys) {
    kerberos_loggers.insert(r.validated_by);
  }
  if (r.rc4_ticket && !r.service.empty()) {
    auto* a = slot(rc4_accounts, util::to_lower(r.service));
    if (a->display.empty()) {
      a->display = r.service;
    }
    a->tickets.add(r.time, client_of(r), &client_budget);
    a->rc4_session_keys += is_rc4_etype(r.session_etype) ? 1 : 0;
    a->advertized.add(r.advertized_etypes);
    a->keys.add(r.service_keys);
  }
  if (r.event_id == 4768) {
    ++kerberos_tgt;
    if (r.success) {
      return;
    }
  }
  if (!r.success) {
    ++kerberos_failures;
    const auto key = fmt::format("0x{:x}|{}", r.status, util::to_lower(r.service));
    auto* failure = slot(kerberos_failed, key);
    if (failure->observed.count == 0) {
      failure->service = r.service;
      failure->status = r.status;
    }
    failure->observed.add(r.time, client_of(r), &client_budget);
    return;
  }
  ++kerberos;
  widen(first_seen, last_seen, r.time);
  if (r.time != 0) {
    ++per_day[day_key(r.time)].kerberos;
  }
}

} // namespace kerbready::events
