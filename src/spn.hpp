#pragma once

// Service principal names: parsing, the sPNMappings alias table, and the indexes the SPN checks
// share (who holds which SPN, which computer answers to which host name).

#include "src/snapshot.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace kerbready {

// class/host[:port][/service-name] (MS-ADTS 2.2.21; setspn's grammar).
struct Spn
{
  std::string service_class;
  std::string host;
  std::string port; // as written: a number, or an instance name for MSSQLSvc
  std::string service_name;
};

// Parse `text`; on failure return why it is malformed (one phrase).
[[nodiscard]] std::optional<Spn> parse_spn(std::string_view text, std::string* why = nullptr);

// Return whether `host` is an IPv4 dotted quad or an IPv6 literal (optionally in brackets).
[[nodiscard]] bool is_ip_literal(std::string_view host);

// The Windows default sPNMappings value, used when the forest's attribute was not read.
inline constexpr std::string_view k_default_spn_mappings =
  "host=alerter,appmgmt,cisvc,clipsrv,browser,dhcp,dnscache,replicator,eventlog,eventsystem,"
  "policyagent,oakley,dmserver,dns,mcsvc,fax,msiserver,ias,messenger,netlogon,netman,netdde,"
  "netddedsm,nmagent,plugplay,protectedstorage,rasman,rpclocator,rpc,rpcss,remoteaccess,rsvp,"
  "samss,scardsvr,scesrv,seclogon,scm,dcom,cifs,spooler,snmp,schedule,tapisrv,trksvr,trkwks,ups,"
  "time,wins,www,http,w3svc,iisadmin,msdtc";

// Service-class aliases (MapSPN, MS-DRSR 4.1.4.2.19): "cifs" -> "host".
class SpnMappings
{
public:
  // Build from the forest's sPNMappings values, or the Windows default when none were read.
  [[nodiscard]] static SpnMappings from(const Configuration& configuration);

  // Return the alias that `service_class` maps to (lowercase), or nullopt.
  [[nodiscard]] std::optional<std::string> alias_of(std::string_view service_class) const;

  [[nodiscard]] bool from_directory() const { return m_from_directory; }

private:
  std::unordered_map<std::string, std::string> m_alias; // lowercase class -> lowercase alias
  bool m_from_directory = false;
};

// Every SPN in the snapshot, lowercased, with its distinct holders.
//
// A flat open-addressing table, not std::unordered_map: a million-object forest holds over a
// million SPNs, and the node-based map's per-entry allocation and pointer chasing made building
// and probing it the largest single cost of a scan (perf, 1M objects: ~2 s of ~7 s CPU). The
// interface is the part of unordered_map the checks use: find/count/contains, end(), and
// iteration over (spn, holders) pairs, here in a stable order (first sighting).
class SpnIndex
{
public:
  using value_type = std::pair<std::string, std::vector<const Account*>>;
  using const_iterator = std::vector<value_type>::const_iterator;

  // Make room for `count` SPNs.
  void reserve(std::size_t count);

  // Record that `holder` holds `lower_spn` (already lowercase); a holder is kept once per SPN.
  void add(std::string_view lower_spn, const Account* holder);

  // Return the entry of `lower_spn` (lowercase), or end().
  [[nodiscard]] const_iterator find(std::string_view lower_spn) const;
  [[nodiscard]] std::size_t count(std::string_view lower_spn) const { return find(lower_spn) == end() ? 0 : 1; }
  [[nodiscard]] bool contains(std::string_view lower_spn) const { return find(lower_spn) != end(); }

  [[nodiscard]] const_iterator begin() const { return m_entries.begin(); }
  [[nodiscard]] const_iterator end() const { return m_entries.end(); }
  [[nodiscard]] std::size_t size() const { return m_entries.size(); }
  [[nodiscard]] bool empty() const { return m_entries.empty(); }

private:
  // Return the slot holding `lower_spn`, or the empty slot where it would go.
  [[nodiscard]] std::size_t slot_of(std::string_view lower_spn, std::uint64_t hash) const;
  void grow();

  std::vector<value_type> m_entries;
  // Open addressing with linear probing, load factor at most 1/2. A slot is 0 when empty, else
  // (high 32 bits of the key's hash) << 32 | (index in m_entries + 1): most mismatches are
  // rejected on the hash bits without touching the entry.
  std::vector<std::uint64_t> m_slots;
};

[[nodiscard]] SpnIndex build_spn_index(const Snapshot& snapshot);

// Return the SPN index of `snapshot`, built once and cached in it (the snapshot must not change
// after the first call; copies start with an empty cache).
[[nodiscard]] const SpnIndex& spn_index(const Snapshot& snapshot);

// Host names the directory knows: computers by dNSHostName, short name and alternate names; the
// domains' DNS and NetBIOS names.
class HostIndex
{
public:
  explicit HostIndex(const Snapshot& snapshot);

  // Return the computer accounts answering to `host` (any case, FQDN or short name).
  [[nodiscard]] const std::vector<const Account*>& computers_for(std::string_view host) const;

  // Return whether `host` is a name the directory accounts for: a computer, a domain name, a
  // NetBIOS domain name, or a DC locator name under _msdcs.
  [[nodiscard]] bool is_known(std::string_view host) const;

  // Return whether `host` ends in one of the loaded domains' DNS names.
  [[nodiscard]] bool in_loaded_domain(std::string_view host) const;

private:
  std::unordered_map<std::string, std::vector<const Account*>> m_computers;
  std::vector<std::string> m_domain_names; // lowercase DNS names
  std::vector<std::string> m_netbios_names; // lowercase
};

// Return the host names `account` (a computer) should have HOST/ SPNs for: its dNSHostName, its
// short name (sAMAccountName without $) and its msDS-AdditionalDnsHostName values, lowercase.
[[nodiscard]] std::vector<std::string> host_names_of(const Account& account);

} // namespace kerbready
