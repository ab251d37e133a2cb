#pragma once

// Service principal names: parsing, the sPNMappings alias table, and the indexes the SPN checks
// share (who holds which SPN, which computer answers to which host name).

#include "src/model/snapshot.hpp"
#include "src/util/flat_string_map.hpp"
#include "src/util/ptr_list.hpp"

#include <optional>
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

// Every SPN in the snapshot, lowercased, with its distinct holders (a flat hash map: see
// src/util/flat_string_map.hpp for why; it iterates in first-sighting order).
using SpnIndex = util::FlatStringMap<AccountList>;
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
  util::FlatStringMap<AccountList> m_computers; // lowercase name -> computers
  std::vector<std::string> m_domain_names;      // lowercase DNS names
  std::vector<std::string> m_netbios_names;     // lowercase
};

// Every SPN host (lowercase, as written: FQDN or short) with the accounts and SPNs naming it.
struct SpnUse
{
  const Account* account = nullptr;
  std::string_view spn; // as written, in the account's servicePrincipalName
};
using SpnHostIndex = util::FlatStringMap<std::vector<SpnUse>>; // lowercase host -> its SPN uses
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
