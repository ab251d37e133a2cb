#pragma once

// The in-memory model of what was read from the directory. Plain typed structs, no LDAP types:
// the same model comes from a live scan (src/live/ldap_*) and from an LDIF file
// (src/input/ldif + src/input/entries), so checks cannot tell the two apart.

#include "src/util/compact_optional.hpp"
#include "src/util/compact_string.hpp"
#include "src/util/interned_list.hpp"
#include "src/util/string_list.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kerbready {

// userAccountControl bits used by the checks (MS-ADTS 2.2.16).
namespace uac {
inline constexpr std::uint32_t account_disable = 0x2;
inline constexpr std::uint32_t passwd_notreqd = 0x20;
inline constexpr std::uint32_t normal_account = 0x200;
inline constexpr std::uint32_t interdomain_trust_account = 0x800;
inline constexpr std::uint32_t workstation_trust_account = 0x1000;
inline constexpr std::uint32_t server_trust_account = 0x2000;
inline constexpr std::uint32_t dont_expire_password = 0x10000;
inline constexpr std::uint32_t trusted_for_delegation = 0x80000;
inline constexpr std::uint32_t not_delegated = 0x100000;
inline constexpr std::uint32_t use_des_key_only = 0x200000;
inline constexpr std::uint32_t dont_req_preauth = 0x400000;
inline constexpr std::uint32_t trusted_to_auth_for_delegation = 0x1000000;
inline constexpr std::uint32_t partial_secrets_account = 0x4000000; // RODC
} // namespace uac

enum class AccountKind {
  user,
  computer,
  managed_service_account,       // msDS-ManagedServiceAccount (sMSA)
  group_managed_service_account, // msDS-GroupManagedServiceAccount (gMSA)
  trust_account,                 // inter-domain trust account (UAC 0x800)
};

// A security principal that can hold keys and SPNs.
struct Account
{
  util::CompactString dn;
  util::CompactString domain; // DNS name of the domain NC that holds the object
  util::CompactString sam_account_name;
  util::CompactString sid; // S-1-5-21-... text; empty when absent or undecodable
  AccountKind kind = AccountKind::user;
  std::uint32_t user_account_control = 0;
  util::StringList service_principal_names;
  util::CompactString dns_host_name;
  util::StringList additional_dns_host_names; // msDS-AdditionalDnsHostName
  util::CompactString user_principal_name;
  util::InternedList member_of; // DNs, as read (memberOf is not always collected); they repeat, so interned
  util::CompactString operating_system;
  // Constrained delegation (msDS-AllowedToDelegateTo, MS-ADA2 2.217): the SPNs this account may get
  // tickets to on a user's behalf (S4U2Proxy), as written.
  util::StringList allowed_to_delegate_to;
  // Resource-based constrained delegation (msDS-AllowedToActOnBehalfOfOtherIdentity, MS-ADA2 2.218):
  // the SIDs the DACL of its security descriptor allows, decoded once (src/ad/security_descriptor.hpp);
  // nullopt when the attribute is absent or could not be decoded (a diagnostic).
  util::BoxedOptional<std::vector<std::string>> rbcd_allowed_sids;
  util::CompactString assigned_authn_policy;      // msDS-AssignedAuthNPolicy: DN of an msDS-AuthNPolicy
  util::CompactString assigned_authn_policy_silo; // msDS-AssignedAuthNPolicySilo: DN of an msDS-AuthNPolicySilo
  // The optional numbers last, packed (src/util/compact_optional.hpp): a million accounts carry them.
  util::PackedOptional<std::uint32_t> supported_encryption_types; // msDS-SupportedEncryptionTypes
  util::PackedOptional<std::uint32_t> primary_group_id;
  util::PackedOptional<std::int64_t> pwd_last_set; // Unix seconds; nullopt = never/unset
  util::PackedOptional<std::int64_t> when_created; // Unix seconds
  util::PackedOptional<std::int64_t> admin_count;
  util::PackedOptional<std::int64_t> last_logon_timestamp; // Unix seconds; nullopt = never logged on (or not read)

  [[nodiscard]] bool is_enabled() const { return (user_account_control & uac::account_disable) == 0; }
  [[nodiscard]] bool is_domain_controller() const
  {
    return (user_account_control & (uac::server_trust_account | uac::partial_secrets_account)) != 0;
  }
  [[nodiscard]] bool is_computer_like() const
  {
    return kind == AccountKind::computer || kind == AccountKind::managed_service_account ||
           kind == AccountKind::group_managed_service_account;
  }
};

struct Group
{
  std::string dn;
  std::string domain;
  std::string sam_account_name;
  std::string sid;
  util::StringList members; // member DNs, ranged values merged (src/util/string_list.hpp: the bulk of a big forest)
  std::optional<std::int64_t> group_type;
  std::optional<std::int64_t> admin_count;
  std::optional<std::int64_t> when_created;
};

struct Domain
{
  std::string dn;
  std::string dns_name;
  std::string netbios_name; // from the crossRef, when Configuration was read
  std::string sid;
  std::optional<std::int64_t> functional_level; // msDS-Behavior-Version of the domain object
  std::optional<std::int64_t> when_created;
};

struct CrossRef
{
  std::string dn;
  std::string nc_name;
  std::string dns_root;
  std::string netbios_name;
  std::optional<std::int64_t> system_flags; // 0x2 = NT domain naming context
};

// One entry of a gPLink value: "[LDAP://cn={GUID},cn=policies,cn=system,DC=…;N]".
struct GpoLink
{
  std::string gpo_dn; // the DN after "LDAP://", as written
  std::string guid;   // "{…}" upper-case, from the first RDN; empty when it is no GUID
  std::uint32_t options = 0;
  unsigned link_order = 0; // 1 = highest precedence within its container (the last entry)

  [[nodiscard]] bool disabled() const { return (options & 0x1u) != 0; }
  [[nodiscard]] bool enforced() const { return (options & 0x2u) != 0; }
};

// A domain, OU or site object's Group Policy links, decoded once when the snapshot is built
// (src/ad/gpo_links.hpp parse_gplink). Only objects that carry gPLink or gPOptions are kept.
struct GpoLinkContainer
{
  std::string dn;
  std::string domain;
  bool has_gp_link = false;               // the object carries gPLink (possibly empty)
  std::vector<GpoLink> links;             // its well-formed entries, in the order written
  std::optional<std::int64_t> gp_options; // gPOptions; 1 = block inheritance
};

// The Partitions container of one forest (a scan of several forests reads one each).
struct PartitionsContainer
{
  std::string dn;
  std::string forest_root;               // DNS name of its forest root, from the DN
  std::vector<std::string> upn_suffixes; // uPNSuffixes
  std::vector<std::string> spn_suffixes; // msDS-SPNSuffixes
};

// An authentication policy (msDS-AuthNPolicy, CN=AuthN Policies,CN=AuthN Policy
// Configuration,CN=Services of the Configuration partition; MS-ADSC 2.120, MS-KILE 3.3.5.5). Only what
// decides whether it refuses NTLM (MS-APDS 3.1.5.1, 3.1.5.2) is kept.
struct AuthnPolicy
{
  std::string dn;
  std::string name;                                  // its cn (the RDN value)
  std::optional<bool> enforced;                      // msDS-AuthNPolicyEnforced; absent: not enforced
  std::optional<bool> user_allowed_ntlm_network;     // msDS-UserAllowedNTLMNetworkAuthentication
  std::optional<bool> service_allowed_ntlm_network;  // msDS-ServiceAllowedNTLMNetworkAuthentication
  bool user_allowed_to_authenticate_from = false;    // msDS-UserAllowedToAuthenticateFrom populated
  bool service_allowed_to_authenticate_from = false; // msDS-ServiceAllowedToAuthenticateFrom populated
};

// An authentication policy silo (msDS-AuthNPolicySilo, CN=AuthN Silos beside the policies; MS-ADSC
// 2.121, MS-KILE 3.3.5.4): the policy per kind of account for its members.
struct AuthnPolicySilo
{
  std::string dn;
  std::string name;
  std::optional<bool> enforced;     // msDS-AuthNPolicySiloEnforced
  std::string user_policy;          // msDS-UserAuthNPolicy (DN)
  std::string service_policy;       // msDS-ServiceAuthNPolicy (DN)
  std::string computer_policy;      // msDS-ComputerAuthNPolicy (DN)
  std::vector<std::string> members; // msDS-AuthNPolicySiloMembers (DNs)
};

struct Configuration
{
  std::string forest_root; // DNS name of the forest root domain, from the Configuration NC DN
  bool spn_mappings_present = false;
  std::vector<std::string> spn_mappings; // raw values: "host=alerter,http,..."
  std::string ds_heuristics;
  std::optional<std::int64_t> forest_functional_level;
  std::vector<CrossRef> cross_refs;
  // The Partitions container (CN=Partitions,CN=Configuration,…) of each forest read: its name
  // suffixes beyond the domains' own names (uPNSuffixes, msDS-SPNSuffixes), as written.
  std::vector<PartitionsContainer> partitions;
  // AD sites (CN=Sites of this partition): whether any site object was read (every forest has at
  // least one, so none means the sites were not collected), and the gPLink of those that have one
  // (domain empty). Site links take part in precedence before the domain's (src/ad/gpo_links.hpp) and
  // keep a site-linked GPO from being called unlinked.
  bool sites_read = false;
  std::vector<GpoLinkContainer> site_gpo_links;
  // Authentication policies and silos (Windows Server 2012 R2 and later forests).
  std::vector<AuthnPolicy> authn_policies;
  std::vector<AuthnPolicySilo> authn_policy_silos;
};

// One record of a forest trust's msDS-TrustForestTrustInfo (MS-ADTS 6.1.6.9.3; decoded once by the
// input layer, src/ad/forest_trust_info.hpp). Record types and flag bits: src/ad/forest_trust_info.hpp.
struct ForestTrustRecord
{
  std::uint8_t type = 0;                 // 0 top-level name, 1 top-level name exclusion, 2 domain info, other: opaque
  std::uint32_t flags = 0;               // LSA_TLN_DISABLED_* (types 0, 1) or LSA_SID/NB_DISABLED_* (type 2)
  std::optional<std::int64_t> timestamp; // Unix seconds; nullopt when 0 or out of range
  std::string name;                      // the top-level name, the exclusion or the domain's DNS name
  std::string netbios_name;              // domain info only
  std::string sid;                       // domain info only: S-1-5-21-… text, empty when none
};

struct Trust
{
  std::string dn;
  std::string domain; // the domain holding the trustedDomain object
  std::string partner;
  std::string flat_name;
  std::string sid;
  std::optional<std::uint32_t> trust_type;
  std::optional<std::uint32_t> trust_direction;
  std::optional<std::uint32_t> trust_attributes;
  std::optional<std::uint32_t> supported_encryption_types;
  std::optional<std::int64_t> when_created;
  // msDS-TrustForestTrustInfo: whether the TDO carries it, and its records when they could be
  // decoded (an undecodable value is a diagnostic and leaves no records).
  bool forest_trust_info_present = false;
  std::vector<ForestTrustRecord> forest_trust_info;
};

// An object kept with its attributes for checks that decode them themselves (dnsNode, DFS, GPO).
// Attribute names are lowercase; values are raw bytes.
struct RawObject
{
  std::string dn;
  std::string domain;
  std::vector<std::string> object_classes; // lowercase
  std::map<std::string, std::vector<std::string>> attributes;

  // Return the first value of `name` (lowercase), or nullptr.
  [[nodiscard]] const std::string* first(const std::string& name) const
  {
    const auto it = attributes.find(name);
    return it == attributes.end() || it->second.empty() ? nullptr : &it->second.front();
  }
};

// One dnsRecord value decoded (MS-DNSP 2.3.2.2 DNS_RPC_RECORD; src/ad/dns_record.hpp decodes it).
namespace dns_type {
inline constexpr std::uint16_t zero = 0; // tombstone (DNS_RPC_RECORD_TS)
inline constexpr std::uint16_t a = 1;
inline constexpr std::uint16_t ns = 2;
inline constexpr std::uint16_t cname = 5;
inline constexpr std::uint16_t ptr = 12;
inline constexpr std::uint16_t aaaa = 28;
inline constexpr std::uint16_t srv = 33;
} // namespace dns_type

struct DnsRecord
{
  std::uint16_t type = 0;
  std::uint32_t ttl = 0;
  std::uint32_t timestamp = 0; // hours since 1601-01-01; 0 = static (not from dynamic update)
  std::string address;         // A/AAAA, as text
  std::string target;          // CNAME/NS/PTR/SRV target: lowercase, no trailing dot
  std::uint16_t port = 0;      // SRV
  [[nodiscard]] bool is_static() const { return timestamp == 0; }
};

struct DnsNode
{
  std::string dn;
  std::string name;      // owner name relative to the zone ("web01", "@")
  std::string zone;      // zone name ("corp.example.com", "_msdcs.corp.example.com")
  std::string partition; // "DomainDnsZones", "ForestDnsZones" or "Domain" (legacy)
  // dnsRecord values decoded once when the snapshot is built: A, AAAA, CNAME, NS, PTR, SRV and
  // tombstones (type 0); other types (SOA, MX, TXT) and undecodable values are left out, the
  // latter with a diagnostic.
  std::vector<DnsRecord> records;
  bool tombstoned = false;
};

// Which parts of the directory the snapshot covers. A check whose data was not read is
// "not evaluated", never "no findings".
enum class DataSet : unsigned {
  domain = 1u << 0,        // a domain naming context (accounts, groups, trusts, DFS)
  configuration = 1u << 1, // the Configuration NC (sPNMappings, crossRefs)
  dns = 1u << 2,           // DomainDnsZones/ForestDnsZones (dnsNode)
  sysvol = 1u << 3,        // a copy of SYSVOL's Policies tree (scan --sysvol): GptTmpl.inf values
};

[[nodiscard]] constexpr unsigned
operator|(DataSet a, DataSet b)
{
  return static_cast<unsigned>(a) | static_cast<unsigned>(b);
}

// One registry value a GPO's security template sets (GptTmpl.inf [Registry Values] line
// `path=type,value`, e.g. `MACHINE\System\CurrentControlSet\Control\Lsa\LmCompatibilityLevel=4,3`).
struct GpoRegistryValue
{
  std::string path;       // as written
  std::uint32_t type = 0; // 4 = REG_DWORD, 1 = REG_SZ, 7 = REG_MULTI_SZ
  std::string data;       // as written after the comma
  std::string file;       // file it was read from, relative to the SYSVOL copy; empty: GpoPolicy::file
};

// The security-template policy of one GPO, read from a SYSVOL copy (src/ad/gpo.hpp).
struct GpoPolicy
{
  std::string guid;         // "{31B2F340-016D-11D2-945F-00C04FB984F9}", as the folder is named
  std::string dn;           // groupPolicyContainer DN when the snapshot holds it; empty otherwise
  std::string domain;       // domain of that container
  std::string display_name; // its displayName
  std::string file;         // path of the GptTmpl.inf read, relative to the SYSVOL copy
  std::vector<GpoRegistryValue> registry_values;
  std::optional<std::uint32_t> gpt_version; // GPT.INI [General] Version, when read (src/ad/gpt_ini.hpp)
};

struct DataSetInfo
{
  DataSet set;
  std::string_view name;        // used in JSON and list-checks
  std::string_view description; // used in "not evaluated" reasons
};

// Every DataSet, in bit order. Add a row when adding a DataSet.
inline constexpr std::array<DataSetInfo, 4> k_data_sets = {{
  {DataSet::domain, "domain", "a domain naming context"},
  {DataSet::configuration, "configuration", "the Configuration partition"},
  {DataSet::dns, "dns", "the DNS partitions (DomainDnsZones/ForestDnsZones)"},
  {DataSet::sysvol, "sysvol", "SYSVOL's Policies folder (read over SMB by a live scan, or scan --sysvol DIR)"},
}};

// Return the names of the DataSet bits in `sets`.
[[nodiscard]] inline std::vector<std::string_view>
data_set_names(unsigned sets)
{
  std::vector<std::string_view> names;
  for (const auto& info : k_data_sets) {
    if ((sets & static_cast<unsigned>(info.set)) != 0) {
      names.push_back(info.name);
    }
  }
  return names;
}

// Something that made the snapshot less than complete: an undecodable value, a partition that
// could not be read. Any diagnostic makes the scan partial.
struct Diagnostic
{
  std::string where; // file:line, or a DN
  std::string message;
};

// Derived lookup tables (SPN holders, host names) built on first use and shared by the checks.
// Copying a snapshot does not copy them, so a copy that is then changed never sees stale tables.
struct SnapshotIndexes;
class IndexCache
{
public:
  IndexCache() = default;
  IndexCache(const IndexCache&) {}
  IndexCache& operator=(const IndexCache& other)
  {
    if (this != &other) {
      m_indexes.reset();
    }
    return *this;
  }
  IndexCache(IndexCache&&) noexcept = default;
  IndexCache& operator=(IndexCache&&) noexcept = default;
  ~IndexCache() = default;

  std::shared_ptr<SnapshotIndexes> m_indexes;
};

struct Snapshot
{
  std::vector<Account> accounts;
  std::vector<Group> groups;
  std::vector<Domain> domains;
  Configuration configuration;
  std::vector<Trust> trusts;
  std::vector<DnsNode> dns_nodes;
  std::vector<RawObject> dfs_objects;
  std::vector<RawObject> gpos;
  std::vector<GpoPolicy> gpo_policies;               // from scan --sysvol; empty without DataSet::sysvol
  std::vector<GpoLinkContainer> gpo_link_containers; // domains and OUs with gPLink/gPOptions

  // "Now" for checks that measure ages (password age), Unix seconds; 0 = unknown. Set by the
  // caller (src/cli/command_scan.cpp: --reference-time, the snapshot's collection time,
  // SOURCE_DATE_EPOCH or the clock), never read from the clock inside a check.
  std::int64_t reference_time = 0;
  // When the snapshot files say they were collected (their kerbready header); the latest of them.
  std::optional<std::int64_t> collected_at;
  // Snapshot files whose completeness cannot be proven: no kerbready header and end marker (a
  // plain `ldapsearch -LLL` export). Their findings are reported, but never prove a fix.
  std::vector<std::string> unverifiable_inputs;

  unsigned data_sets = 0; // DataSet bits
  std::uint64_t objects_read = 0;
  std::map<std::string, std::uint64_t> objects_per_partition;
  std::vector<Diagnostic> diagnostics;

  [[nodiscard]] bool has(DataSet set) const { return (data_sets & static_cast<unsigned>(set)) != 0; }

  mutable IndexCache index_cache; // see src/ad/snapshot_indexes.hpp; not part of the model
};

} // namespace kerbready
