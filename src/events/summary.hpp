#pragma once

// Streaming aggregation of authentication events: one EventSummary absorbs any number of events
// in memory bounded by the number of distinct names (targets, clients, accounts, …), each table
// capped (k_max_keys); overflow is counted under "(other)" and reported, never silently dropped.
// Counts are events, not de-duplicated authentications: the same logon seen in a client's 8001, a
// server's 4624 and a DC's 4776 counts three times (docs/events.md).

#include "src/events/classify.hpp"
#include "src/events/event.hpp"
#include "src/model/snapshot.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

namespace kerbready::events {

inline constexpr std::size_t k_max_keys = 100000;          // per table
inline constexpr std::size_t k_max_clients_per_key = 1000; // distinct clients counted per name
inline constexpr std::size_t k_max_named_clients = 32;     // clients kept by name (with counts) per name
inline constexpr std::size_t k_client_budget = 4000000;    // distinct (name, client) pairs counted in all
inline constexpr std::size_t k_max_samples = 16;           // accounts/processes kept per target

// Volume seen for one name: how many events, from how many clients, when. Distinct clients are
// counted exactly up to k_max_clients_per_key (by 64-bit hash, within the summary's budget);
// the first k_max_named_clients are kept by name with their counts for "top clients".
struct Observation
{
  std::uint64_t count = 0;
  std::int64_t first_seen = 0;
  std::int64_t last_seen = 0;
  std::map<std::string, std::uint64_t> clients; // by name, at most k_max_named_clients
  std::unordered_set<std::uint64_t> distinct;   // client hashes, at most k_max_clients_per_key
  bool clients_capped = false;                  // more clients than counted

  // Count one event from `client`; a new client costs one unit of `*budget` (when given).
  void add(std::int64_t time, const std::string& client, std::size_t* budget = nullptr);
  void merge(const Observation& other);
  // Return the number of distinct clients counted.
  [[nodiscard]] std::size_t client_count() const { return distinct.size(); }
  // Return the clients sorted by events, most first (ties by name), at most `n`.
  [[nodiscard]] std::vector<std::pair<std::string, std::uint64_t>> top_clients(std::size_t n) const;
};

// Bounded sample of names with counts (accounts, processes).
struct Samples
{
  std::map<std::string, std::uint64_t> items;
  void add(const std::string& name, std::size_t cap = k_max_samples);
  [[nodiscard]] std::vector<std::pair<std::string, std::uint64_t>> top(std::size_t n) const;
};

// NTLM traffic to one target name.
struct TargetStats
{
  TargetKey key;
  std::string display;      // as first written
  bool requested = false;   // named by a client (TargetName/SPN), not just the server that logged it
  std::string validated_by; // no target: the DC that logged these 4776 validations (lowercase), or empty
  Observation observed;
  std::array<std::uint64_t, static_cast<std::size_t>(NtlmVersion::count_)> versions{};
  std::map<int, std::uint64_t> reasons;
  std::uint64_t blocked = 0;
  std::uint64_t cross_domain = 0;
  std::uint64_t local_account = 0;
  std::uint64_t loopback = 0;   // loopback or RPC endpoint mapper
  std::uint64_t ntlmv1_sso = 0; // 4024/4025
  Samples accounts;
  Samples processes;
};

// Kerberos service-ticket failures (4769) for one service name and status.
struct KerberosFailure
{
  std::string service;
  std::uint32_t status = 0;
  Observation observed;
};

struct Talker
{
  std::uint64_t count = 0;
  std::int64_t first_seen = 0;
  std::int64_t last_seen = 0;
};

struct DayVolume
{
  std::uint64_t ntlm = 0;
  std::uint64_t kerberos = 0; // 4769 successes and Kerberos 4624 logons
  std::uint64_t ntlm_v1 = 0;
};

// Cause-specific groups the join turns into findings.
struct Group
{
  Observation observed;
  Samples accounts;
  Samples processes;
  Samples servers;
};

// A service account the KDC named in KDCSVC events 201-209 (KB5073381) or issued RC4 service
// tickets for (4769), by the service name as the events write it.
struct Rc4Account
{
  std::string display;                            // as first written
  Observation audit;                              // 201, 202, 206, 207: would be refused once RC4 goes
  Observation blocked;                            // 203, 204, 208, 209: refused
  Observation tickets;                            // 4769 successes with an RC4 ticket
  std::uint64_t rc4_session_keys = 0;             // of those tickets, with an RC4 session key too
  std::map<std::uint32_t, std::uint64_t> kdc_ids; // KDCSVC events by id
  Samples ciphers;                                // the cipher the KDCSVC events name
  Samples advertized;                             // etypes the clients advertised
  Samples keys;                                   // keys the service account has, as the KDC wrote them
  Samples dcs;                                    // the DCs that logged the events
};

// NTLM a named client used toward servers without naming a target (the server logged it), and
// 4020-series events saying it had no line of sight to a DC: what dc_connectivity is judged from.
struct ClientNtlm
{
  std::uint64_t count = 0;         // server-logged NTLM events from this client
  std::uint64_t line_of_sight = 0; // 4020-series events with reason 9 (no line of sight to a DC)
  Samples servers;                 // server (lowercase) -> events
  std::vector<std::string> ips;    // its addresses seen in the events (at most k_max_client_ips)
  Samples accounts;
  std::int64_t first_seen = 0;
  std::int64_t last_seen = 0;
};
inline constexpr std::size_t k_max_client_ips = 8;

// NTLMv1-derived single sign-on (4024 audit, 4025 refused under BlockNtlmv1SSO; KB5066470).
struct SsoGroup
{
  Group group;
  std::uint64_t audited = 0;
  std::uint64_t refused = 0;
};

struct InputStats
{
  std::string name;
  std::string format;
  ReadStats stats;
};

class EventSummary
{
public:
  // Absorb one event.
  void add(const Event& event);
  // Record that `name` was read as `format` with `stats`.
  void add_input(std::string name, std::string format, ReadStats stats);

  std::vector<InputStats> inputs;
  std::uint64_t events = 0;  // events read
  std::uint64_t ignored = 0; // events of ids kerbready does not use
  std::uint64_t ntlm = 0;    // NTLM authentication events
  std::uint64_t ntlm_blocked = 0;
  std::uint64_t ntlm_failed = 0;  // 4776 with a non-zero status
  std::uint64_t kerberos = 0;     // Kerberos successes (4769, 4624 Kerberos)
  std::uint64_t kerberos_tgt = 0; // 4768
  std::uint64_t kerberos_failures = 0;
  std::int64_t first_seen = 0;
  std::int64_t last_seen = 0;
  std::map<std::uint32_t, std::uint64_t> by_event_id;
  std::array<std::uint64_t, static_cast<std::size_t>(NtlmVersion::count_)> versions{};
  std::map<int, std::uint64_t> reasons;

  // key: TargetKey::key; "" = no target recorded; "(no target)@<dc>" = 4776 validations <dc> logged,
  // kept per DC so that the join can tell which domain they belong to.
  std::map<std::string, TargetStats> targets;
  std::map<std::string, Talker> accounts;
  std::map<std::string, Talker> clients;
  std::map<std::string, Talker> servers;
  std::map<std::string, Talker> processes;
  std::map<std::string, std::uint64_t> loggers;           // computers that logged the events (lowercase), all ids
  std::map<std::string, DayVolume> per_day;               // "YYYY-MM-DD" (UTC)
  std::map<std::string, KerberosFailure> kerberos_failed; // "<status>|<service lowercase>"

  std::map<std::string, Group> ntlm_v1_clients;  // NTLMv1/LM by client
  std::map<std::string, Group> trust_domains;    // cross-domain NTLM by account domain
  std::map<std::string, Group> local_servers;    // local-account NTLM by server
  std::map<std::string, Group> loopback_servers; // loopback/RPC EPM NTLM by server
  std::map<std::string, SsoGroup> ntlmv1_sso;    // 4024/4025 by client

  std::map<std::string, Rc4Account> rc4_accounts; // KDCSVC 201-209 and RC4 4769 by service (lowercase)
  std::map<std::string, Group> kdc_rc4_config;    // KDCSVC 205 by DC
  std::uint64_t kdc_rc4 = 0;                      // KDCSVC 201-209 events
  std::uint64_t kdc_rc4_unnamed = 0;              // of which about an account no field names

  std::map<std::string, ClientNtlm> ntlm_clients;   // by client name (lowercase)
  std::unordered_set<std::string> kerberos_clients; // names and addresses of Kerberos clients (lowercase)
  bool kerberos_clients_capped = false;             // more than k_max_keys: the set is incomplete
  std::set<std::string> kerberos_loggers;           // DCs that logged 4768/4769 (lowercase), at most k_max_keys

  std::uint64_t overflowed = 0;                // events whose name went to "(other)" because a table was full
  std::size_t client_budget = k_client_budget; // distinct (name, client) pairs left to count

  // Return whether both NTLM and Kerberos events were seen (the NTLM share is meaningful).
  [[nodiscard]] bool has_both_protocols() const { return ntlm > 0 && kerberos > 0; }
  // Return the talkers of `table` sorted by count, at most `n`.
  [[nodiscard]] static std::vector<std::pair<std::string, Talker>> top(const std::map<std::string, Talker>& table,
                                                                       std::size_t n);
  // Total diagnostics across inputs, and records skipped.
  [[nodiscard]] std::uint64_t skipped() const;
  // Return whether events are missing from any input (cut short, damaged, records skipped).
  [[nodiscard]] bool partial() const;
  // Return, for each partial input, what is missing: "<file>: damaged from <where> on (<why>)" or
  // "<file>: N unreadable records skipped (first: <where>: <why>)". Not sanitised.
  [[nodiscard]] std::vector<Diagnostic> partial_inputs() const;

private:
  const std::string& day_key(std::int64_t time);
  void add_ntlm(const AuthRecord& record);
  void add_kerberos(const AuthRecord& record);
  void add_kdc_rc4(const AuthRecord& record);
  void note_kerberos_client(const std::string& name);
  void talk(std::map<std::string, Talker>& table, const std::string& name, std::int64_t time);
  template <typename Map> typename Map::mapped_type* slot(Map& table, const std::string& key);

  std::int64_t m_cached_day = 0;
  std::string m_cached_day_text;
};

} // namespace kerbready::events
