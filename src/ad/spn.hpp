#pragma once

// Service principal names: parsing, the sPNMappings alias table, and the indexes the SPN checks
// share (who holds which SPN, which computer answers to which host name).

#include "src/model/snapshot.hpp"
#include "src/util/flat_string_map.hpp"
#include "src/util/keyless_index.hpp"
#include "src/util/ptr_list.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
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

// Accounts holding one name, in the order found (nearly always one: src/util/ptr_list.hpp).
using AccountList = util::PtrList<const Account>;

// Every SPN in the snapshot, with its distinct holders, found by its lowercase form. It iterates in
// first-sighting order, each SPN as its first holder wrote it (lowercase it for a key).
//
// The SPNs themselves are not copied: each entry views the first holder's value in the snapshot
// (which outlives the index: it is cached there), and the slots are a util::KeylessIndex that
// hashes the lowercase form and compares ignoring case. A flat map of lowercase copies was 180 MiB
// at a million objects (1.9M SPNs, heaptrack); this is about half.
class SpnIndex
{
public:
  using value_type = std::pair<std::string_view, AccountList>; // (SPN as first written, holders)
  using const_iterator = std::vector<value_type>::const_iterator;

  explicit SpnIndex(const Snapshot& snapshot);

  // Return the entry of `spn` (any case), or end().
  [[nodiscard]] const_iterator find(std::string_view spn) const;
  [[nodiscard]] std::size_t count(std::string_view spn) const { return find(spn) == end() ? 0 : 1; }
  [[nodiscard]] const_iterator begin() const { return m_entries.begin(); }
  [[nodiscard]] const_iterator end() const { return m_entries.end(); }
  [[nodiscard]] std::size_t size() const { return m_entries.size(); }

private:
  [[nodiscard]] static std::uint64_t hash_of(std::string_view spn, std::string& scratch);

  std::vector<value_type> m_entries;
  util::KeylessIndex m_slots; // positions in m_entries
};
[[nodiscard]] SpnIndex build_spn_index(const Snapshot& snapshot);

// Return the SPN index of `snapshot`, built once and cached in it (the snapshot must not change
// after the first call; copies start with an empty cache).
[[nodiscard]] const SpnIndex& spn_index(const Snapshot& snapshot);

// How the KDC finds the account for an SPN (LookupSPN, MS-DRSR 4.1.4.2.14): the exact holders
// first; only when there are none, the holders of the SPN MapSPN makes of it through sPNMappings
// ("http/web01" -> "host/web01"), with `via_alias` set.
struct SpnResolution
{
  std::vector<const Account*> holders; // empty: no account answers to the SPN
  bool via_alias = false;              // found only through the alias
  std::string mapped;                  // the aliased SPN (lowercase) when via_alias
};
[[nodiscard]] SpnResolution resolve_spn(const SpnIndex& index, const SpnMappings& mappings, std::string_view spn);

// Host names the directory knows: computers by dNSHostName, short name and alternate names; the
// domains' DNS and NetBIOS names.
class HostIndex
{
public:
  explicit HostIndex(const Snapshot& snapshot);

  // Return the computer accounts answering to `host` (any case, FQDN or short name).
  [[nodiscard]] const AccountList& computers_for(std::string_view host) const;

  // Return whether `host` is a name the directory accounts for: a computer, a domain name, a
  // NetBIOS domain name, or a DC locator name under _msdcs.
  [[nodiscard]] bool is_known(std::string_view host) const;

  // Return `host` lowercased, or, when it is a short name exactly one computer answers to, that
  // computer's dNSHostName (lowercase): the name clients resolve it to.
  [[nodiscard]] std::string canonical(std::string_view host) const;

private:
  util::FlatStringMap<AccountList> m_computers; // lowercase name (often a view of the account's) -> computers
  std::vector<std::string> m_domain_names;      // lowercase DNS names
  std::vector<std::string> m_netbios_names;     // lowercase
};

// Every SPN host (lowercase, as written: FQDN or short) with the accounts and SPNs naming it.
struct SpnUse
{
  const Account* account = nullptr;
  std::string_view spn; // as written, in the account's servicePrincipalName
};
class SpnHostIndex
{
public:
  explicit SpnHostIndex(const Snapshot& snapshot);

  // Return the uses of `lower_host` (lowercase, as written: FQDN or short), in snapshot order.
  [[nodiscard]] std::span<const SpnUse> uses(std::string_view lower_host) const;

private:
  // Every use in one array, grouped by host: host h's uses are [m_offsets[h], m_offsets[h + 1]). A
  // vector per host cost a heap block and its slack for each of the ~700k hosts of a million-object
  // forest.
  util::FlatStringMap<std::uint32_t> m_hosts; // lowercase host -> its number + 1
  std::vector<std::uint32_t> m_offsets;
  std::vector<SpnUse> m_uses;
};
[[nodiscard]] SpnHostIndex build_spn_host_index(const Snapshot& snapshot);

// Return build_spn_host_index(snapshot), built once and cached like spn_index().
[[nodiscard]] const SpnHostIndex& spn_host_index(const Snapshot& snapshot);

// Return the host index of `snapshot`, built once and cached like spn_index().
[[nodiscard]] const HostIndex& host_index(const Snapshot& snapshot);

// Return the SPN uses whose host is `fqdn` or, when `fqdn` has dots, its first label.
[[nodiscard]] std::vector<SpnUse> spn_uses_for_host(const SpnHostIndex& index, std::string_view fqdn);

// Return the host names `account` (a computer) should have HOST/ SPNs for: its dNSHostName, its
// short name (sAMAccountName without $) and its msDS-AdditionalDnsHostName values, lowercase.
[[nodiscard]] std::vector<std::string> host_names_of(const Account& account);

} // namespace kerbready
