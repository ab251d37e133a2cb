#include "src/events/join.hpp"

#include "src/ad/privilege.hpp"
#include "src/ad/spn.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

namespace kerbready::events {

namespace {

constexpr std::size_t k_max_listed_hosts = 20; // computers that logged events, named in the report

enum CheckIndex : std::size_t {
  missing_spn,
  duplicate_spn,
  ip_target,
  trust,
  local_account,
  loopback,
  ntlm_v1,
  krb_etype,
  unexplained,
  dc_connectivity,
  ntlmv1_sso,
  krb_rc4_audit,
  krb_rc4_blocked,
  krb_rc4_tickets,
  check_count
};

// The checks the join reports under (checks/evt_*.cpp), by CheckIndex.
const std::array<std::string_view, check_count> k_check_ids = {
  "EVT-NTLM-MISSING-SPN",   "EVT-NTLM-DUPLICATE-SPN",   "EVT-NTLM-IP-TARGET", "EVT-NTLM-TRUST",
  "EVT-NTLM-LOCAL-ACCOUNT", "EVT-NTLM-LOOPBACK",        "EVT-NTLM-V1",        "EVT-KRB-ETYPE",
  "EVT-NTLM-UNEXPLAINED",   "EVT-NTLM-DC-CONNECTIVITY", "EVT-NTLMV1-SSO",     "EVT-KRB-RC4-AUDIT",
  "EVT-KRB-RC4-BLOCKED",    "EVT-KRB-RC4-TICKETS",
};

std::string
short_of(std::string_view host)
{
  const auto dot = host.find('.');
  return std::string(dot == std::string_view::npos ? host : host.substr(0, dot));
}

bool
host_matches(std::string_view a, std::string_view b)
{
  if (a.empty() || b.empty()) {
    return false;
  }
  if (a == b) {
    return true;
  }
  const bool a_short = a.find('.') == std::string_view::npos;
  const bool b_short = b.find('.') == std::string_view::npos;
  return (a_short && a == short_of(b)) || (b_short && b == short_of(a));
}

Observed
to_observed(const Observation& o)
{
  Observed out;
  out.count = o.count;
  out.clients = o.client_count();
  out.first_seen = o.first_seen;
  out.last_seen = o.last_seen;
  for (const auto& [client, n] : o.top_clients(5)) {
    out.top_clients.push_back(client);
  }
  return out;
}

std::string
observed_text(const Observation& o)
{
  return fmt::format("{} events from {}{} clients{}", o.count, o.client_count(), o.clients_capped ? "+" : "",
                     o.first_seen == 0 ? std::string()
                                       : fmt::format(", {} to {}", util::format_iso8601(o.first_seen),
                                                     util::format_iso8601(o.last_seen)));
}

// What a directory finding is about, in terms NTLM targets can be matched against.
struct FindingKeys
{
  std::set<std::string> spns;  // TargetKey::key form
  std::set<std::string> hosts; // lowercase host names
  std::set<std::string> names; // lowercase subject and evidence values (trust matching)
};

FindingKeys
keys_of(const Finding& f, const std::unordered_map<std::string, const Account*>& by_dn)
{
  FindingKeys keys;
  // Only findings about the name a client asks for can explain NTLM to a target. A weak-crypto or
  // privilege finding about the same computer does not make clients fall back for its names.
  if (f.cause != FallbackCause::spn && f.cause != FallbackCause::ip_or_alias && f.cause != FallbackCause::dfs) {
    return keys;
  }
  const auto add_spn = [&](std::string_view text) {
    const auto k = target_key(text);
    if (k.kind == TargetKind::spn || (k.kind == TargetKind::ip && !k.service_class.empty())) {
      keys.spns.insert(k.key);
      keys.hosts.insert(k.host);
    }
  };
  if (f.subject.find('/') != std::string::npos) {
    add_spn(f.subject);
  }
  keys.names.insert(util::to_lower(f.subject));
  for (const auto& e : f.evidence) {
    keys.names.insert(util::to_lower(e.value));
    if (util::istarts_with(e.name, "servicePrincipalName")) {
      add_spn(e.value);
    } else if (e.name == "name without HOST/ SPN" || e.name == "dNSHostName" ||
               e.name == "msDS-AdditionalDnsHostName" || e.name == "host") {
      keys.hosts.insert(normalize_host(e.value));
    }
  }
  // A finding about a computer as a whole (its subject is the computer) covers traffic to its names.
  const auto subject = util::to_lower(f.subject);
  for (const auto& a : f.affected) {
    const auto it = by_dn.find(util::normalize_dn(a.dn));
    if (it == by_dn.end() || !it->second->is_computer_like()) {
      continue;
    }
    const auto& account = *it->second;
    auto sam = util::to_lower(account.sam_account_name);
    if (!sam.empty() && sam.back() == '$') {
      sam.pop_back();
    }
    if (subject == util::to_lower(account.sam_account_name) || subject == sam ||
        subject == util::to_lower(account.dns_host_name)) {
      for (const auto& name : host_names_of(account)) {
        keys.hosts.insert(name);
      }
    }
  }
  keys.hosts.erase("");
  return keys;
}

bool
matches(const FindingKeys& keys, const TargetKey& target, const SpnMappings& mappings)
{
  if (target.kind == TargetKind::spn || (target.kind == TargetKind::ip && !target.service_class.empty())) {
    if (keys.spns.count(target.key) != 0) {
      return true;
    }
    if (const auto alias = mappings.alias_of(target.service_class)) {
      const auto slash = target.key.find('/');
      if (keys.spns.count(*alias + target.key.substr(slash)) != 0) {
        return true;
      }
    }
  }
  for (const auto& host : keys.hosts) {
    if (host_matches(host, target.host)) {
      return true;
    }
  }
  if (target.kind == TargetKind::host || target.kind == TargetKind::ip) {
    for (const auto& spn : keys.spns) {
      const auto k = target_key(spn);
      if (host_matches(k.host, target.host)) {
        return true;
      }
    }
  }
  return false;
}

class Joiner
{
public:
  Joiner(Report& report, const Snapshot& snapshot, const EventSummary& summary)
      : m_report(report)
      , m_summary(summary)
      , m_spns(spn_index(snapshot))
      , m_hosts(snapshot)
      , m_mappings(SpnMappings::from(snapshot.configuration))
  {
    for (const auto& account : snapshot.accounts) {
      m_by_dn.emplace(util::normalize_dn(account.dn), &account);
      m_by_sam.emplace(util::to_lower(account.sam_account_name), &account);
    }
    // Accounts named in events, by lowercase sAMAccountName, with the priority weight a finding
    // about them gets (only privileged accounts and DCs weigh anything).
    const auto& privileged = privilege_index(snapshot);
    const auto weigh = [&](const Account& a) {
      const int level = privilege_level(privileged, a);
      if (level > 0) {
        auto& slot = m_privilege[util::to_lower(a.sam_account_name)];
        slot = std::max(slot, level);
      }
    };
    for (const auto& entry : privileged.ranked()) {
      weigh(*entry.account);
    }
    for (const auto& account : snapshot.accounts) {
      if (account.is_domain_controller()) {
        weigh(account);
      }
    }
    for (const auto& domain : snapshot.domains) {
      if (!domain.dns_name.empty()) {
        m_domains.insert(util::to_lower(domain.dns_name));
      }
    }
    // The DCs by FQDN and short name: a 4776 is logged by the DC that validated the credentials.
    for (const auto& account : snapshot.accounts) {
      if (!account.is_domain_controller()) {
        continue;
      }
      if (!account.dns_host_name.empty()) {
        m_dcs.emplace(normalize_host(account.dns_host_name), &account);
      }
      auto sam = util::to_lower(account.sam_account_name);
      if (!sam.empty() && sam.back() == '$') {
        sam.pop_back();
      }
      if (!sam.empty()) {
        m_dcs.emplace(sam, &account);
      }
    }
    for (std::size_t i = 0; i < report.findings.size(); ++i) {
      m_keys.push_back(keys_of(report.findings[i], m_by_dn));
      std::set<std::string> shorts;
      for (const auto& host : m_keys.back().hosts) {
        shorts.insert(short_of(host));
      }
      for (const auto& s : shorts) {
        m_by_short[s].push_back(i);
      }
    }
    m_matched.resize(report.findings.size());
  }

  void run()
  {
    const auto to_dcs = report_dc_connectivity();
    std::vector<std::pair<std::uint64_t, const TargetStats*>> unexplained;
    for (const auto& [key, t] : m_summary.targets) {
      if (!explain(t)) {
        const auto dc = to_dcs.find(key);
        // NTLMv1-derived single sign-on (client-side 4024/4025) is never also cross-domain or
        // loopback: it adds to what the other causes set aside.
        const std::uint64_t explained_otherwise = std::max({t.local_account, t.loopback, t.cross_domain}) +
                                                  t.ntlmv1_sso + (dc == to_dcs.end() ? 0 : dc->second);
        const auto residual = t.observed.count > explained_otherwise ? t.observed.count - explained_otherwise : 0;
        if (residual > 0) {
          unexplained.emplace_back(residual, &t);
        }
      }
    }
    kerberos_failures();
    groups();
    kdc_rc4();
    report_unexplained(unexplained);
    finish();
  }

private:
  // Return the computer account (not a DC) whose FQDN or short name is `name`, or nullptr.
  const Account* workstation_of(const std::string& name) const
  {
    const auto& computers = m_hosts.computers_for(name);
    if (computers.size() != 1 || computers.front()->is_domain_controller()) {
      return nullptr; // unknown, a DC, or ambiguous: nothing to say about it
    }
    return computers.front();
  }

  // Report the clients that used NTLM to DCs (or said they had no line of sight to one) and that
  // no Kerberos event of the input names, as dc_connectivity, with how sure that is. Return, by
  // target key (the DC's name), the NTLM events these findings explain.
  std::map<std::string, std::uint64_t> report_dc_connectivity()
  {
    std::map<std::string, std::uint64_t> explained;
    const bool kerberos_given = m_summary.kerberos + m_summary.kerberos_tgt + m_summary.kerberos_failures > 0;
    if (m_summary.kerberos_clients_capped) {
      return explained; // the Kerberos clients were not all counted: absence proves nothing
    }
    for (const auto& [name, c] : m_summary.ntlm_clients) {
      const auto* computer = workstation_of(name);
      if (computer == nullptr) {
        continue; // not a domain member the snapshot knows: it could not use Kerberos anyway
      }
      std::uint64_t to_dc = 0;
      std::vector<std::string> dcs;
      bool dc_logs_kerberos = false;
      for (const auto& [server, n] : c.servers.items) {
        if (dc_of(server) != nullptr) {
          to_dc += n;
          dcs.push_back(server);
          dc_logs_kerberos = dc_logs_kerberos || m_summary.kerberos_loggers.count(server) != 0;
        }
      }
      if (to_dc == 0 && c.line_of_sight == 0) {
        continue;
      }
      // Every name and address the client goes by, as the Kerberos events would write them.
      std::set<std::string> identities(c.ips.begin(), c.ips.end());
      identities.insert(name);
      identities.insert(short_of(name));
      identities.insert(util::to_lower(computer->dns_host_name));
      identities.insert(short_of(util::to_lower(computer->dns_host_name)));
      if (std::any_of(identities.begin(), identities.end(),
                      [&](const std::string& id) { return m_summary.kerberos_clients.count(id) != 0; })) {
        continue; // the same client has Kerberos events: never this cause
      }
      // 4768/4769 name clients by address only: without one, a client missing from them proves nothing.
      const bool linkable = !c.ips.empty();
      std::string confidence;
      if (c.line_of_sight > 0 && !kerberos_given) {
        confidence = "medium: Windows logged reason 9 (no line of sight to a domain controller); no Kerberos "
                     "events were given to compare with";
      } else if (c.line_of_sight > 0 && linkable) {
        confidence = "high: Windows logged reason 9 (no line of sight to a domain controller) and no Kerberos "
                     "event of the input names this client or its addresses";
      } else if (to_dc > 0 && linkable && dc_logs_kerberos) {
        confidence = "medium: NTLM to domain controllers that logged Kerberos events for other clients but none "
                     "for this client's names or addresses";
      } else {
        continue; // too little to tell a connectivity problem from logs that were not collected
      }
      auto& f = target_finding(dc_connectivity, name, name);
      f.affected.push_back(affected(*computer));
      f.summary = fmt::format("{} used NTLM {}with no Kerberos event for it in the input: it may not reach a domain "
                              "controller for Kerberos (confidence {})",
                              name,
                              to_dc > 0 ? fmt::format("to domain controllers ({} events) ", to_dc)
                                        : std::string("(reason 9 in the 4020-series events) "),
                              confidence.substr(0, confidence.find(':')));
      f.evidence.push_back(Evidence{"confidence", confidence});
      for (const auto& dc : dcs) {
        f.evidence.push_back(Evidence{"domain controller", dc});
        explained[target_key(dc).key] += c.servers.items.at(dc);
      }
      for (const auto& ip : c.ips) {
        f.evidence.push_back(Evidence{"client address", ip});
      }
      if (c.line_of_sight > 0) {
        f.evidence.push_back(
          Evidence{"reason (4020-series)", fmt::format("9 {} (x{})", describe_reason(9), c.line_of_sight)});
      }
      Observation o;
      o.count = to_dc + c.line_of_sight;
      o.first_seen = c.first_seen;
      o.last_seen = c.last_seen;
      o.clients.emplace(name, o.count);
      o.distinct.insert(util::fnv1a64(name));
      merge(f, o, &c.accounts);
    }
    return explained;
  }

  // Return the account of the snapshot `service` names (a KDCSVC or 4769 service name:
  // sAMAccountName, DOMAIN\name, name@realm or an SPN), or nullptr.
  const Account* account_of_service(const std::string& service) const
  {
    if (service.find('/') != std::string::npos) {
      const auto k = target_key(service);
      const auto* holders = holders_of(k.key, k);
      return holders != nullptr && holders->size() == 1 ? holders->front() : nullptr;
    }
    std::string_view user = service;
    if (const auto slash = user.rfind('\\'); slash != std::string_view::npos) {
      user = user.substr(slash + 1);
    }
    if (const auto at = user.find('@'); at != std::string_view::npos) {
      user = user.substr(0, at);
    }
    auto sam = util::to_lower(user);
    auto it = m_by_sam.find(sam);
    if (it == m_by_sam.end() && !sam.empty() && sam.back() != '$') {
      it = m_by_sam.find(sam + "$");
    }
    return it == m_by_sam.end() ? nullptr : it->second;
  }

  // KDCSVC 201-209 (KB5073381) and RC4 service tickets (4769), joined to the accounts they name:
  // evidence on the encryption findings about the account, and findings of their own.
  void kdc_rc4()
  {
    for (const auto& [key, a] : m_summary.rc4_accounts) {
      const auto* account = account_of_service(a.display);
      std::vector<std::string> evidence;
      if (a.blocked.count > 0) {
        evidence.push_back(
          fmt::format("KDC refused RC4 tickets (KDCSVC {}): {}", kdc_ids(a, true), observed_text(a.blocked)));
      }
      if (a.audit.count > 0) {
        evidence.push_back(
          fmt::format("KDC would refuse once RC4 goes (KDCSVC {}): {}", kdc_ids(a, false), observed_text(a.audit)));
      }
      if (a.tickets.count > 0) {
        evidence.push_back(fmt::format(
          "RC4 service tickets (4769): {}{}", observed_text(a.tickets),
          a.rc4_session_keys > 0 ? fmt::format(", {} with an RC4 session key", a.rc4_session_keys) : std::string()));
      }
      // The encryption findings about the same account gain the events as evidence.
      bool covered = false;
      if (account != nullptr) {
        for (auto& f : m_report.findings) {
          if (f.check_id.rfind("ENC-", 0) != 0 ||
              std::none_of(f.affected.begin(), f.affected.end(),
                           [&](const AffectedObject& o) { return o.dn == account->dn; })) {
            continue;
          }
          for (const auto& e : evidence) {
            f.evidence.push_back(Evidence{"events", e});
          }
          covered = true;
        }
      }
      const bool kdc = a.blocked.count > 0 || a.audit.count > 0;
      if (!kdc && covered) {
        continue; // RC4 tickets an encryption finding already explains
      }
      const auto check = a.blocked.count > 0 ? krb_rc4_blocked : a.audit.count > 0 ? krb_rc4_audit : krb_rc4_tickets;
      auto& f = target_finding(check, key, a.display);
      if (account != nullptr) {
        f.affected.push_back(affected(*account));
      }
      f.summary =
        check == krb_rc4_blocked
          ? fmt::format("the KDC refused RC4 service tickets for {} ({})", a.display, observed_text(a.blocked))
        : check == krb_rc4_audit
          ? fmt::format("tickets for {} rely on RC4 that the KDC will refuse once RC4 "
                        "is disabled by default ({})",
                        a.display, observed_text(a.audit))
          : fmt::format("the KDC still issues RC4 service tickets for {} ({})", a.display, observed_text(a.tickets));
      for (const auto& e : evidence) {
        f.evidence.push_back(Evidence{"events", e});
      }
      for (const auto& [id, n] : a.kdc_ids) {
        f.evidence.push_back(Evidence{"why", fmt::format("{} {} (x{})", id, kdc_rc4_meaning(id).why, n)});
      }
      for (const auto& [text, n] : a.ciphers.top(3)) {
        f.evidence.push_back(Evidence{"cipher", fmt::format("{} (x{})", text, n)});
      }
      for (const auto& [text, n] : a.advertized.top(3)) {
        f.evidence.push_back(Evidence{"client advertised etypes", fmt::format("{} (x{})", text, n)});
      }
      for (const auto& [text, n] : a.keys.top(3)) {
        f.evidence.push_back(Evidence{"service available keys", fmt::format("{} (x{})", text, n)});
      }
      // Not `observed`: that is NTLM seen, and these are Kerberos events (their counts are evidence).
      m_accounts[f.key + "\n" + f.check_id].insert(account != nullptr ? account->sam_account_name.str() : a.display);
      if (kdc) {
        KdcRc4Account notice;
        notice.account = a.display;
        notice.domain = account != nullptr ? util::to_lower(account->domain) : std::string();
        notice.refused = a.blocked.count > 0;
        notice.events = a.blocked.count + a.audit.count;
        m_report.traffic.kdc_rc4.push_back(std::move(notice));
      }
    }
    for (const auto& [dc, g] : m_summary.kdc_rc4_config) {
      auto& f = target_finding(krb_rc4_audit, "(dc) " + dc, dc);
      f.severity = Severity::low;
      f.summary = fmt::format("DefaultDomainSupportedEncTypes on {} enables RC4 or DES explicitly (KDCSVC 205, {})", dc,
                              observed_text(g.observed));
      if (const auto* account = dc_of(dc); account != nullptr) {
        f.affected.push_back(affected(*account));
      }
    }
  }

  static std::string kdc_ids(const Rc4Account& a, bool blocked)
  {
    std::vector<std::string> ids;
    for (const auto& [id, n] : a.kdc_ids) {
      if (kdc_rc4_meaning(id).blocked == blocked) {
        ids.push_back(std::to_string(id));
      }
    }
    return fmt::format("{}", fmt::join(ids, "/"));
  }

  // Match `t` to directory findings or turn it into a target finding; return whether explained.
  bool explain(const TargetStats& t)
  {
    if (t.key.kind == TargetKind::none) {
      return false;
    }
    bool explained = false;
    const auto it = m_by_short.find(short_of(t.key.host));
    if (it != m_by_short.end()) {
      for (const auto i : it->second) {
        if (matches(m_keys[i], t.key, m_mappings)) {
          m_matched[i].merge(t.observed);
          explained = true;
        }
      }
    }
    // SPN-level keys with hosts not indexed by short name (SPN subjects only).
    for (std::size_t i = 0; i < m_keys.size() && !explained; ++i) {
      if (m_keys[i].spns.count(t.key.key) != 0) {
        m_matched[i].merge(t.observed);
        explained = true;
      }
    }
    if (explained) {
      return true;
    }
    if (t.key.host == "localhost" || util::istarts_with(t.key.host, "127.") || t.key.host == "::1" ||
        t.loopback >= t.observed.count) {
      return t.loopback > 0; // loopback: EVT-NTLM-LOOPBACK covers it
    }
    if (t.key.kind == TargetKind::ip) {
      auto& f = target_finding(ip_target, t.key.key, t.display);
      f.summary = fmt::format("clients used NTLM to {} by IP address ({})", t.display, observed_text(t.observed));
      merge(f, t.observed, &t.accounts);
      return true;
    }
    if (!t.requested) {
      return false; // only the server's own name: nothing the client asked for to check
    }
    std::string spn_key = t.key.kind == TargetKind::spn ? t.key.key : "host/" + t.key.host;
    const auto* holders = holders_of(spn_key, t.key);
    if (holders != nullptr && holders->size() > 1) {
      auto& f = target_finding(duplicate_spn, spn_key, t.display);
      f.summary = fmt::format("{} accounts hold {}; clients used NTLM to it ({})", holders->size(), spn_key,
                              observed_text(t.observed));
      for (const auto* a : *holders) {
        f.affected.push_back(affected(*a));
      }
      merge(f, t.observed, &t.accounts);
      return true;
    }
    if (holders == nullptr || holders->empty()) {
      missing(spn_key, t.display, t.key.host, &t.observed, 0, nullptr);
      note_accounts(target_finding(missing_spn, spn_key, t.display), t.accounts);
      return true;
    }
    return false;
  }

  const AccountList* holders_of(const std::string& spn_key, const TargetKey& key) const
  {
    if (const auto it = m_spns.find(spn_key); it != m_spns.end()) {
      return &it->second;
    }
    if (!key.service_class.empty()) {
      if (const auto alias = m_mappings.alias_of(key.service_class)) {
        const auto slash = spn_key.find('/');
        if (const auto it = m_spns.find(*alias + spn_key.substr(slash)); it != m_spns.end()) {
          return &it->second;
        }
      }
    }
    return nullptr;
  }

  void missing(const std::string& spn_key, const std::string& display, const std::string& host,
               const Observation* observed, std::uint64_t krb_failures, const Observation* krb)
  {
    auto& f = target_finding(missing_spn, spn_key, display);
    const bool known = m_hosts.is_known(host) || !m_hosts.computers_for(host).empty();
    if (!known) {
      f.cause = FallbackCause::ip_or_alias;
    }
    if (observed != nullptr) {
      merge(f, *observed);
    }
    if (krb != nullptr) {
      m_krb_unknown[spn_key].merge(*krb);
    }
    (void)krb_failures;
    const auto& kerberos = m_krb_unknown[spn_key];
    const auto& seen = m_observed[f.key + "\n" + f.check_id];
    std::string what = seen.count > 0 ? fmt::format("clients used NTLM to it ({})", observed_text(seen)) : "";
    if (kerberos.count > 0) {
      what += fmt::format("{}the KDC refused {} ticket requests with KDC_ERR_S_PRINCIPAL_UNKNOWN (4769 0x7)",
                          what.empty() ? "" : "; ", kerberos.count);
    }
    f.summary = fmt::format("no account holds {}{}: {}", spn_key,
                            known ? "" : fmt::format(" and {} is not a name any computer has (an alias?)", host), what);
    f.evidence.erase(std::remove_if(f.evidence.begin(), f.evidence.end(),
                                    [](const Evidence& e) { return e.name == "Kerberos failures"; }),
                     f.evidence.end());
    if (kerberos.count > 0) {
      f.evidence.push_back(Evidence{"Kerberos failures", fmt::format("4769 0x7 x{}", kerberos.count)});
    }
    const auto slash = spn_key.find('/');
    const auto setspn = util::shell_command(util::Shell::cmd, "setspn -S {} <account>", {{spn_key, "the SPN"}});
    f.remediation =
      known ? fmt::format("Register the SPN on the account the service runs as:\n  {}", setspn)
            : fmt::format("Either make clients use the server's real name, or register the alias on "
                          "the account the service runs as:\n  {}\n(for a computer's alias, {} "
                          "registers the name and its SPNs)",
                          setspn,
                          util::shell_command(
                            util::Shell::cmd, "netdom computername <computer> /add:{}",
                            {{slash == std::string::npos ? host : spn_key.substr(slash + 1), "the host name"}}));
  }

  void kerberos_failures()
  {
    for (const auto& [key, failure] : m_summary.kerberos_failed) {
      const auto k = target_key(failure.service);
      if (failure.status == 0x7 && k.kind == TargetKind::spn) {
        const auto* holders = holders_of(k.key, k);
        if (holders == nullptr || holders->empty()) {
          missing(k.key, failure.service, k.host, nullptr, failure.observed.count, &failure.observed);
        }
      } else if (failure.status == 0xE) {
        auto& f = target_finding(krb_etype, util::to_lower(failure.service), failure.service);
        f.summary = fmt::format("the KDC refused tickets for {} with KDC_ERR_ETYPE_NOTSUPP ({})", failure.service,
                                observed_text(failure.observed));
        f.evidence.push_back(Evidence{"4769 failures 0xE", std::to_string(failure.observed.count)});
      }
    }
  }

  void groups()
  {
    for (const auto& [client, sso] : m_summary.ntlmv1_sso) {
      auto& f = target_finding(ntlmv1_sso, client, client);
      // Refused (4025) is what already broke; audited (4024) is what BlockNtlmv1SSO will refuse.
      f.severity = sso.refused > 0 ? Severity::high : Severity::medium;
      f.summary = fmt::format("{} used NTLMv1-derived credentials for single sign-on: {} audited (4024), {} refused "
                              "(4025) ({})",
                              client, sso.audited, sso.refused, observed_text(sso.group.observed));
      add_samples(f, sso.group);
      merge(f, sso.group.observed);
    }
    for (const auto& [client, g] : m_summary.ntlm_v1_clients) {
      auto& f = target_finding(ntlm_v1, client, client);
      f.summary = fmt::format("{} authenticated with NTLMv1 or LM ({})", client, observed_text(g.observed));
      add_samples(f, g);
      merge(f, g.observed);
    }
    for (const auto& [domain, g] : m_summary.trust_domains) {
      bool explained = false;
      for (std::size_t i = 0; i < m_report.findings.size(); ++i) {
        if (m_report.findings[i].cause != FallbackCause::trust) {
          continue;
        }
        for (const auto& name : m_keys[i].names) {
          if (name == domain || short_of(name) == domain) {
            m_matched[i].merge(g.observed);
            explained = true;
            break;
          }
        }
      }
      if (explained) {
        continue;
      }
      auto& f = target_finding(trust, domain, domain);
      f.summary = fmt::format("accounts of {} used NTLM across a trust ({})", domain, observed_text(g.observed));
      add_samples(f, g);
      merge(f, g.observed);
    }
    for (const auto& [server, g] : m_summary.local_servers) {
      auto& f = target_finding(local_account, server, server);
      f.summary = fmt::format("local accounts authenticated to {} with NTLM ({})", server, observed_text(g.observed));
      add_samples(f, g);
      merge(f, g.observed);
    }
    for (const auto& [server, g] : m_summary.loopback_servers) {
      auto& f = target_finding(loopback, server, server);
      f.summary =
        fmt::format("{} used NTLM to itself or to the RPC endpoint mapper ({})", server, observed_text(g.observed));
      add_samples(f, g);
      merge(f, g.observed);
    }
  }

  void report_unexplained(std::vector<std::pair<std::uint64_t, const TargetStats*>>& items)
  {
    std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second->key.key < b.second->key.key;
    });
    Observation rest;
    std::size_t rest_targets = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const auto& [count, t] = items[i];
      record_unexplained(count, *t);
      if (i >= k_max_unexplained_findings) {
        rest.merge(t->observed);
        ++rest_targets;
        continue;
      }
      const bool none = t->key.kind == TargetKind::none;
      const auto key = none ? std::string("(no target)") : t->key.key;
      auto& f = target_finding(unexplained, key, none ? std::string("(no target name in the events)") : t->display);
      if (none) {
        // One finding for every DC's no-target events: its count is theirs together, and it names
        // the DCs (so their domains) when every one of them is a DC of the snapshot.
        m_no_target_count += count;
        const auto* dc = t->validated_by.empty() ? nullptr : dc_of(t->validated_by);
        if (dc == nullptr) {
          m_no_target_unattributed = true;
        } else if (std::none_of(f.affected.begin(), f.affected.end(),
                                [&](const AffectedObject& a) { return a.dn == dc->dn; })) {
          f.affected.push_back(affected(*dc));
        }
      }
      f.summary = none ? fmt::format("{} NTLM events name no target (4776 credential validations and the like): the "
                                     "servers involved are unknown",
                                     m_no_target_count)
                       : fmt::format("{} NTLM events to {} that no directory finding explains ({})", count, t->display,
                                     observed_text(t->observed));
      for (const auto& [account, n] : t->accounts.top(5)) {
        f.evidence.push_back(Evidence{"account", fmt::format("{} (x{})", account, n)});
      }
      for (const auto& [process, n] : t->processes.top(5)) {
        f.evidence.push_back(Evidence{"process", fmt::format("{} (x{})", process, n)});
      }
      for (const auto& [reason, n] : t->reasons) {
        f.evidence.push_back(
          Evidence{"reason (4020-series)", fmt::format("{} {} (x{})", reason, describe_reason(reason), n)});
      }
      merge(f, t->observed, &t->accounts);
      m_unexplained_keys.insert(key);
      if (none) {
        f.summary += fmt::format(" ({})", observed_text(m_observed[f.key + "\n" + f.check_id]));
        if (m_no_target_unattributed) {
          f.affected.clear(); // some of them could be any domain's
        }
      }
    }
    if (rest_targets > 0) {
      auto& f = target_finding(unexplained, "(other targets)", fmt::format("{} more targets", rest_targets));
      f.summary = fmt::format("{} more targets with unexplained NTLM ({}); see kerbready events for the list",
                              rest_targets, observed_text(rest));
      merge(f, rest);
    }
  }

  // Add NTLM to `t` (`count` events, what remains once loopback, local and cross-domain traffic is
  // set aside) that no finding explains to what the verdict weighs (Report::traffic).
  void record_unexplained(std::uint64_t count, const TargetStats& t)
  {
    UnexplainedNtlm u;
    const bool none = t.key.kind == TargetKind::none;
    u.target = none ? std::string("(no target)") : t.display;
    // No target: a 4776 belongs to the domain of the DC that logged it; anything else could be
    // anyone's, as could an IP address.
    u.domain = none                           ? (t.validated_by.empty() ? std::string() : domain_of_dc(t.validated_by))
               : t.key.kind == TargetKind::ip ? std::string()
                                              : util::domain_of_host(t.key.host, m_domains);
    u.count = count;
    u.accounts = t.accounts.top(k_top_sources);
    u.clients = t.observed.top_clients(k_top_sources);
    for (const auto& [reason, n] : t.reasons) {
      u.reasons.emplace_back(fmt::format("{} {}", reason, describe_reason(reason)), n);
    }
    m_report.traffic.unexplained.push_back(std::move(u));
  }

  // Return the DC of the snapshot whose FQDN or short name is `host`, or nullptr.
  const Account* dc_of(const std::string& host) const
  {
    const auto it = m_dcs.find(normalize_host(host));
    return it == m_dcs.end() ? nullptr : it->second;
  }

  // Return the scanned domain of the DC `host` (a 4776's Computer): the domain of the DC account
  // of that name, else the scanned domain its name ends in, else empty (unknown).
  std::string domain_of_dc(const std::string& host) const
  {
    if (const auto* dc = dc_of(host); dc != nullptr && !dc->domain.empty()) {
      return util::to_lower(dc->domain);
    }
    return util::domain_of_host(normalize_host(host), m_domains);
  }

  // Remember the accounts seen in the events of finding `f` (for its privilege weight).
  void note_accounts(const Finding& f, const Samples& accounts)
  {
    auto& names = m_accounts[f.key + "\n" + f.check_id];
    for (const auto& [name, n] : accounts.items) {
      names.insert(name);
    }
  }

  // Return the privilege weight (0-2) of the most privileged account among `names` ("DOMAIN\user",
  // "user@domain" or "user").
  int privilege_of(const std::set<std::string>& names) const
  {
    int level = 0;
    for (const auto& name : names) {
      std::string_view user = name;
      if (const auto slash = user.rfind('\\'); slash != std::string_view::npos) {
        user = user.substr(slash + 1);
      }
      if (const auto at = user.find('@'); at != std::string_view::npos) {
        user = user.substr(0, at);
      }
      const auto it = m_privilege.find(util::to_lower(user));
      if (it != m_privilege.end()) {
        level = std::max(level, it->second);
      }
    }
    return level;
  }

  void add_samples(Finding& f, const Group& g)
  {
    note_accounts(f, g.accounts);
    if (!f.evidence.empty()) {
      return;
    }
    for (const auto& [account, n] : g.accounts.top(5)) {
      f.evidence.push_back(Evidence{"account", fmt::format("{} (x{})", account, n)});
    }
    for (const auto& [process, n] : g.processes.top(5)) {
      f.evidence.push_back(Evidence{"process", fmt::format("{} (x{})", process, n)});
    }
    for (const auto& [server, n] : g.servers.top(5)) {
      f.evidence.push_back(Evidence{"server or target", fmt::format("{} (x{})", server, n)});
    }
  }

  Finding& target_finding(CheckIndex check, const std::string& key, const std::string& subject)
  {
    const auto& c = required_check(k_check_ids[check]);
    const auto full = fmt::format("{}\n{}", c.id, key);
    const auto it = m_new.find(full);
    if (it != m_new.end()) {
      return it->second;
    }
    Finding f;
    f.check_id = std::string(c.id);
    f.key = key;
    f.subject = subject;
    f.severity = c.severity;
    f.cause = c.cause;
    f.remediation = std::string(c.remediation);
    f.id = make_finding_id(c.id, key);
    return m_new.emplace(full, std::move(f)).first->second;
  }

  void merge(Finding& f, const Observation& o, const Samples* accounts = nullptr)
  {
    m_observed[f.key + "\n" + f.check_id].merge(o);
    if (accounts != nullptr) {
      note_accounts(f, *accounts);
    }
  }

  void finish()
  {
    for (std::size_t i = 0; i < m_report.findings.size(); ++i) {
      if (m_matched[i].count == 0) {
        continue;
      }
      auto& f = m_report.findings[i];
      f.observed = to_observed(m_matched[i]);
      f.priority += observed_boost(m_matched[i].count);
    }
    std::array<std::size_t, check_count> counts{};
    for (auto& [full, f] : m_new) {
      const auto it = m_observed.find(f.key + "\n" + f.check_id);
      if (it != m_observed.end() && it->second.count > 0) {
        f.observed = to_observed(it->second);
      }
      // Findings from events alone weigh the accounts involved, as the runner weighs a directory
      // finding's objects (src/model/report.cpp).
      int privilege = 0;
      if (const auto accounts = m_accounts.find(f.key + "\n" + f.check_id); accounts != m_accounts.end()) {
        privilege = privilege_of(accounts->second);
      }
      f.tier0 = f.tier0 || privilege > 0;
      f.priority = severity_weight(f.severity) + 20 * privilege + (f.observed ? observed_boost(f.observed->count) : 0);
      for (std::size_t c = 0; c < check_count; ++c) {
        if (k_check_ids[c] == f.check_id) {
          ++counts[c];
        }
      }
      m_report.findings.push_back(std::move(f));
    }
    for (std::size_t c = 0; c < check_count; ++c) {
      CheckResult result;
      result.check = &required_check(k_check_ids[c]);
      result.findings = counts[c];
      m_report.checks.push_back(result);
    }
    // Events missing from a damaged or cut file could change any count above: the scan is partial.
    for (auto& missing : m_summary.partial_inputs()) {
      m_report.diagnostics.push_back(std::move(missing));
    }
    auto& traffic = m_report.traffic;
    traffic.present = true;
    traffic.ntlm = m_summary.ntlm;
    traffic.kerberos = m_summary.kerberos;
    traffic.first_seen = m_summary.first_seen;
    traffic.last_seen = m_summary.last_seen;
    traffic.days = m_summary.per_day.size();
    for (const auto& [day, v] : m_summary.per_day) {
      traffic.per_day.push_back({day, v.ntlm, v.kerberos, v.ntlm_v1});
    }
    traffic.event_ids = m_summary.by_event_id;
    traffic.host_count = m_summary.loggers.size();
    traffic.hosts.assign(m_summary.loggers.begin(), m_summary.loggers.end());
    std::stable_sort(traffic.hosts.begin(), traffic.hosts.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    if (traffic.hosts.size() > k_max_listed_hosts) {
      traffic.hosts.resize(k_max_listed_hosts);
    }
    std::uint64_t files = m_summary.inputs.size();
    m_report.metadata.collection["events"] =
      fmt::format("{} events from {} file{} (NTLM {}, Kerberos {}, skipped records {})", m_summary.events, files,
                  files == 1 ? "" : "s", m_summary.ntlm, m_summary.kerberos, m_summary.skipped());
    std::uint64_t explained = 0;
    for (const auto& m : m_matched) {
      explained += m.count;
    }
    m_report.metadata.collection["joined"] =
      fmt::format("{} directory findings with observed NTLM ({} events); {} new findings from events",
                  std::count_if(m_matched.begin(), m_matched.end(), [](const Observation& o) { return o.count > 0; }),
                  explained, m_new.size());
  }

  Report& m_report;
  const EventSummary& m_summary;
  const SpnIndex& m_spns; // cached in the snapshot
  HostIndex m_hosts;
  SpnMappings m_mappings;
  std::unordered_map<std::string, const Account*> m_by_dn;
  std::unordered_map<std::string, const Account*> m_by_sam; // lowercase sAMAccountName
  std::vector<FindingKeys> m_keys;
  std::unordered_map<std::string, std::vector<std::size_t>> m_by_short;
  std::vector<Observation> m_matched;
  std::map<std::string, Finding> m_new;             // "<check id>\n<key>" -> finding
  std::map<std::string, Observation> m_observed;    // "<key>\n<check id>" -> NTLM seen
  std::map<std::string, Observation> m_krb_unknown; // SPN key -> 4769 0x7 failures
  std::set<std::string> m_unexplained_keys;
  std::set<std::string> m_domains;                         // scanned domains, lowercase
  std::unordered_map<std::string, const Account*> m_dcs;   // DCs by lowercase FQDN and short name
  std::uint64_t m_no_target_count = 0;                     // unexplained NTLM naming no target
  bool m_no_target_unattributed = false;                   // some of it has no DC of the snapshot
  std::unordered_map<std::string, int> m_privilege;        // sAMAccountName lowercase -> weight 1-2
  std::map<std::string, std::set<std::string>> m_accounts; // "<key>\n<check id>" -> accounts seen
};

} // namespace

int
observed_boost(std::uint64_t count)
{
  if (count == 0) {
    return 0;
  }
  const auto magnitude = static_cast<int>(std::floor(std::log10(static_cast<double>(count))));
  return std::min(k_max_observed_boost, 20 + 40 * magnitude);
}

Report
join_events(Report report, const Snapshot& snapshot, const EventSummary& summary)
{
  Joiner joiner(report, snapshot, summary);
  joiner.run();
  return report;
}

} // namespace kerbready::events
