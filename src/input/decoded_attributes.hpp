#pragma once

// Every attribute the snapshot decoder (entries.cpp) reads, per kind of object, and the model field
// it fills. The decoder names attributes only through decoded() below, so it cannot read one that is
// missing here (a compile error). Checks declare what they read against this table (Check::reads);
// a live scan requests its attributes (src/live/plan/search_plan.hpp) when the base set below, the
// decoded-but-unused list or a registered check asks for them.
//
// objectClass is not listed: the decoder reads it to choose the kind, so every search requests it
// (k_class_attribute). The DN comes with every entry and is never requested.

#include "src/model/directory_object.hpp"

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

namespace kerbready::collect {

struct DecodedAttribute
{
  DirectoryObject object;
  std::string_view attribute; // as Active Directory spells it
  std::string_view key;       // lowercase: how Entry keys it
  std::string_view into;      // the model field it fills
};

inline constexpr std::string_view k_class_attribute = "objectClass";

inline constexpr std::array k_decoded_attributes = std::to_array<DecodedAttribute>({
  {DirectoryObject::account, "sAMAccountName", "samaccountname", "Account::sam_account_name"},
  {DirectoryObject::account, "objectSid", "objectsid", "Account::sid"},
  {DirectoryObject::account, "userAccountControl", "useraccountcontrol", "Account::user_account_control, kind"},
  {DirectoryObject::account, "servicePrincipalName", "serviceprincipalname", "Account::service_principal_names"},
  {DirectoryObject::account, "dNSHostName", "dnshostname", "Account::dns_host_name"},
  {DirectoryObject::account, "msDS-AdditionalDnsHostName", "msds-additionaldnshostname",
   "Account::additional_dns_host_names"},
  {DirectoryObject::account, "userPrincipalName", "userprincipalname", "Account::user_principal_name"},
  {DirectoryObject::account, "msDS-SupportedEncryptionTypes", "msds-supportedencryptiontypes",
   "Account::supported_encryption_types"},
  {DirectoryObject::account, "pwdLastSet", "pwdlastset", "Account::pwd_last_set"},
  {DirectoryObject::account, "whenCreated", "whencreated", "Account::when_created"},
  {DirectoryObject::account, "adminCount", "admincount", "Account::admin_count"},
  {DirectoryObject::account, "primaryGroupID", "primarygroupid", "Account::primary_group_id"},
  {DirectoryObject::account, "memberOf", "memberof", "Account::member_of"},
  {DirectoryObject::account, "operatingSystem", "operatingsystem", "Account::operating_system"},
  {DirectoryObject::account, "lastLogonTimestamp", "lastlogontimestamp", "Account::last_logon_timestamp"},
  {DirectoryObject::account, "msDS-AllowedToDelegateTo", "msds-allowedtodelegateto", "Account::allowed_to_delegate_to"},
  {DirectoryObject::account, "msDS-AllowedToActOnBehalfOfOtherIdentity", "msds-allowedtoactonbehalfofotheridentity",
   "Account::rbcd_allowed_sids"},
  {DirectoryObject::account, "msDS-AssignedAuthNPolicy", "msds-assignedauthnpolicy", "Account::assigned_authn_policy"},
  {DirectoryObject::account, "msDS-AssignedAuthNPolicySilo", "msds-assignedauthnpolicysilo",
   "Account::assigned_authn_policy_silo"},

  {DirectoryObject::group, "sAMAccountName", "samaccountname", "Group::sam_account_name"},
  {DirectoryObject::group, "objectSid", "objectsid", "Group::sid"},
  {DirectoryObject::group, "member", "member", "Group::members (requested by range)"},
  {DirectoryObject::group, "groupType", "grouptype", "Group::group_type"},
  {DirectoryObject::group, "adminCount", "admincount", "Group::admin_count"},
  {DirectoryObject::group, "whenCreated", "whencreated", "Group::when_created"},

  {DirectoryObject::domain, "objectSid", "objectsid", "Domain::sid"},
  {DirectoryObject::domain, "msDS-Behavior-Version", "msds-behavior-version", "Domain::functional_level"},
  {DirectoryObject::domain, "whenCreated", "whencreated", "Domain::when_created"},
  {DirectoryObject::domain, "gPLink", "gplink", "GpoLinkContainer::links"},
  {DirectoryObject::domain, "gPOptions", "gpoptions", "GpoLinkContainer::gp_options"},

  {DirectoryObject::organizational_unit, "gPLink", "gplink", "GpoLinkContainer::links"},
  {DirectoryObject::organizational_unit, "gPOptions", "gpoptions", "GpoLinkContainer::gp_options"},

  {DirectoryObject::trust, "trustPartner", "trustpartner", "Trust::partner"},
  {DirectoryObject::trust, "flatName", "flatname", "Trust::flat_name"},
  {DirectoryObject::trust, "securityIdentifier", "securityidentifier", "Trust::sid"},
  {DirectoryObject::trust, "trustType", "trusttype", "Trust::trust_type"},
  {DirectoryObject::trust, "trustDirection", "trustdirection", "Trust::trust_direction"},
  {DirectoryObject::trust, "trustAttributes", "trustattributes", "Trust::trust_attributes"},
  {DirectoryObject::trust, "msDS-SupportedEncryptionTypes", "msds-supportedencryptiontypes",
   "Trust::supported_encryption_types"},
  {DirectoryObject::trust, "whenCreated", "whencreated", "Trust::when_created"},
  {DirectoryObject::trust, "msDS-TrustForestTrustInfo", "msds-trustforesttrustinfo",
   "Trust::forest_trust_info (decoded records)"},

  {DirectoryObject::dns_node, "dc", "dc", "DnsNode::name"},
  {DirectoryObject::dns_node, "dnsRecord", "dnsrecord", "DnsNode::records"},
  {DirectoryObject::dns_node, "dNSTombstoned", "dnstombstoned", "DnsNode::tombstoned"},

  // DFS objects are kept whole (RawObject); src/ad/dfs.cpp decodes the attributes it reads.
  {DirectoryObject::dfs, "remoteServerName", "remoteservername", "RawObject (fTDfs targets)"},
  {DirectoryObject::dfs, "pKT", "pkt", "RawObject (fTDfs referral blob)"},
  {DirectoryObject::dfs, "pKTGuid", "pktguid", "RawObject"},
  {DirectoryObject::dfs, "msDFS-SchemaMajorVersion", "msdfs-schemamajorversion", "RawObject"},
  {DirectoryObject::dfs, "msDFS-SchemaMinorVersion", "msdfs-schemaminorversion", "RawObject"},
  {DirectoryObject::dfs, "msDFS-NamespaceIdentityGUIDv2", "msdfs-namespaceidentityguidv2", "RawObject"},
  {DirectoryObject::dfs, "msDFS-GenerationGUIDv2", "msdfs-generationguidv2", "RawObject"},
  {DirectoryObject::dfs, "msDFS-LastModifiedv2", "msdfs-lastmodifiedv2", "RawObject"},
  {DirectoryObject::dfs, "msDFS-Ttlv2", "msdfs-ttlv2", "RawObject"},
  {DirectoryObject::dfs, "msDFS-Propertiesv2", "msdfs-propertiesv2", "RawObject"},
  {DirectoryObject::dfs, "msDFS-TargetListv2", "msdfs-targetlistv2", "RawObject (namespace and link targets)"},
  {DirectoryObject::dfs, "msDFS-LinkPathv2", "msdfs-linkpathv2", "RawObject (link path)"},
  {DirectoryObject::dfs, "msDFS-LinkIdentityGUIDv2", "msdfs-linkidentityguidv2", "RawObject"},
  {DirectoryObject::dfs, "msDFS-Commentv2", "msdfs-commentv2", "RawObject"},
  {DirectoryObject::dfs, "msDFS-ShortNameLinkPathv2", "msdfs-shortnamelinkpathv2", "RawObject"},

  // Group policy containers are kept whole (RawObject) too.
  {DirectoryObject::gpo, "displayName", "displayname", "RawObject, GpoPolicy::display_name"},
  {DirectoryObject::gpo, "gPCFileSysPath", "gpcfilesyspath", "RawObject (the SYSVOL folder)"},
  {DirectoryObject::gpo, "gPCMachineExtensionNames", "gpcmachineextensionnames", "RawObject"},
  {DirectoryObject::gpo, "gPCUserExtensionNames", "gpcuserextensionnames", "RawObject"},
  {DirectoryObject::gpo, "versionNumber", "versionnumber", "RawObject (compared with GPT.INI)"},
  {DirectoryObject::gpo, "flags", "flags", "RawObject (computer settings disabled)"},

  {DirectoryObject::cross_ref, "nCName", "ncname", "CrossRef::nc_name"},
  {DirectoryObject::cross_ref, "dnsRoot", "dnsroot", "CrossRef::dns_root"},
  {DirectoryObject::cross_ref, "nETBIOSName", "netbiosname", "CrossRef::netbios_name, Domain::netbios_name"},
  {DirectoryObject::cross_ref, "systemFlags", "systemflags", "CrossRef::system_flags"},

  {DirectoryObject::partitions, "msDS-Behavior-Version", "msds-behavior-version",
   "Configuration::forest_functional_level"},
  {DirectoryObject::partitions, "uPNSuffixes", "upnsuffixes", "PartitionsContainer::upn_suffixes"},
  {DirectoryObject::partitions, "msDS-SPNSuffixes", "msds-spnsuffixes", "PartitionsContainer::spn_suffixes"},

  {DirectoryObject::directory_service, "sPNMappings", "spnmappings", "Configuration::spn_mappings"},
  {DirectoryObject::directory_service, "dsHeuristics", "dsheuristics", "Configuration::ds_heuristics"},

  {DirectoryObject::site, "gPLink", "gplink", "Configuration::site_gpo_links"},

  {DirectoryObject::authn_policy, "msDS-AuthNPolicyEnforced", "msds-authnpolicyenforced", "AuthnPolicy::enforced"},
  {DirectoryObject::authn_policy, "msDS-UserAllowedNTLMNetworkAuthentication",
   "msds-userallowedntlmnetworkauthentication", "AuthnPolicy::user_allowed_ntlm_network"},
  {DirectoryObject::authn_policy, "msDS-ServiceAllowedNTLMNetworkAuthentication",
   "msds-serviceallowedntlmnetworkauthentication", "AuthnPolicy::service_allowed_ntlm_network"},
  {DirectoryObject::authn_policy, "msDS-UserAllowedToAuthenticateFrom", "msds-userallowedtoauthenticatefrom",
   "AuthnPolicy::user_allowed_to_authenticate_from (populated or not)"},
  {DirectoryObject::authn_policy, "msDS-ServiceAllowedToAuthenticateFrom", "msds-serviceallowedtoauthenticatefrom",
   "AuthnPolicy::service_allowed_to_authenticate_from (populated or not)"},

  {DirectoryObject::authn_policy_silo, "msDS-AuthNPolicySiloEnforced", "msds-authnpolicysiloenforced",
   "AuthnPolicySilo::enforced"},
  {DirectoryObject::authn_policy_silo, "msDS-UserAuthNPolicy", "msds-userauthnpolicy", "AuthnPolicySilo::user_policy"},
  {DirectoryObject::authn_policy_silo, "msDS-ServiceAuthNPolicy", "msds-serviceauthnpolicy",
   "AuthnPolicySilo::service_policy"},
  {DirectoryObject::authn_policy_silo, "msDS-ComputerAuthNPolicy", "msds-computerauthnpolicy",
   "AuthnPolicySilo::computer_policy"},
  {DirectoryObject::authn_policy_silo, "msDS-AuthNPolicySiloMembers", "msds-authnpolicysilomembers",
   "AuthnPolicySilo::members"},
});

// Return the row of `object`'s `attribute` (spelt as in the table), or nullptr.
[[nodiscard]] constexpr const DecodedAttribute*
find_decoded(DirectoryObject object, std::string_view attribute)
{
  for (const auto& row : k_decoded_attributes) {
    if (row.object == object && row.attribute == attribute) {
      return &row;
    }
  }
  return nullptr;
}

// The key the decoder looks `attribute` up by. Only usable at compile time: an attribute that is
// not in the table does not compile.
[[nodiscard]] consteval std::string_view
decoded(DirectoryObject object, std::string_view attribute)
{
  const auto* row = find_decoded(object, attribute);
  if (row == nullptr) {
    throw "not in k_decoded_attributes: add the row first";
  }
  return row->key;
}

// An attribute requested for a reason other than a check reading it.
struct ReasonedRead
{
  AttributeRead read;
  std::string_view why;
};

// The base set: what the model and the steps around the checks need, whatever checks are
// registered. A live scan always requests these (and objectClass).
inline constexpr std::array k_base_reads = std::to_array<ReasonedRead>({
  // Identity: what names an object in findings, reports and the privilege graph.
  {{DirectoryObject::account, "sAMAccountName"}, "names the account"},
  {{DirectoryObject::account, "objectSid"}, "identifies the account (group membership by SID, primary group)"},
  {{DirectoryObject::account, "dNSHostName"}, "names a computer by its host name"},
  {{DirectoryObject::group, "sAMAccountName"}, "names the group"},
  {{DirectoryObject::group, "objectSid"}, "identifies the group (well-known RIDs, foreign members)"},
  {{DirectoryObject::domain, "objectSid"}, "identifies the domain"},
  {{DirectoryObject::trust, "trustPartner"}, "names the trusted domain"},
  {{DirectoryObject::trust, "flatName"}, "names the trusted domain (NetBIOS)"},
  {{DirectoryObject::dns_node, "dc"}, "names the DNS node"},
  {{DirectoryObject::gpo, "displayName"}, "names the GPO (attached to its SYSVOL policy)"},
  {{DirectoryObject::cross_ref, "dnsRoot"}, "names the domain a partition holds"},
  {{DirectoryObject::cross_ref, "nETBIOSName"}, "the NetBIOS name of each domain"},
  // Classification beyond objectClass: a user with the inter-domain trust bit is a trust account;
  // disabled accounts and domain controllers are told apart everywhere.
  {{DirectoryObject::account, "userAccountControl"}, "the kind of account, enabled, domain controller"},
  // The live reader: which domain partitions to read, and which SYSVOL folders.
  {{DirectoryObject::cross_ref, "nCName"}, "the live reader finds the domain partitions from the crossRefs"},
  {{DirectoryObject::cross_ref, "systemFlags"}, "tells domain crossRefs from the others"},
  {{DirectoryObject::gpo, "gPCFileSysPath"}, "the SYSVOL folder a live scan reads over SMB"},
  {{DirectoryObject::gpo, "versionNumber"}, "compared with GPT.INI: SYSVOL replication behind"},
  // Every finding's priority: tier-0 accounts through group membership and adminCount.
  {{DirectoryObject::account, "adminCount"}, "privilege index (finding priority, tier 0)"},
  {{DirectoryObject::account, "primaryGroupID"}, "privilege index: membership by primary group"},
  {{DirectoryObject::account, "memberOf"}, "privilege index: membership"},
  {{DirectoryObject::group, "member"}, "privilege index: membership"},
  // Findings about stale accounts are grouped apart (--stale-days).
  {{DirectoryObject::account, "lastLogonTimestamp"}, "stale accounts"},
  {{DirectoryObject::account, "pwdLastSet"}, "stale accounts"},
  {{DirectoryObject::account, "whenCreated"}, "stale accounts"},
  {{DirectoryObject::account, "servicePrincipalName"}, "stale accounts (SPN holders are never stale); SPN index"},
  // The events join and the KDC probe match names against the SPN index, DNS and DFS targets.
  {{DirectoryObject::account, "msDS-AdditionalDnsHostName"}, "SPN index: the host names of a computer"},
  {{DirectoryObject::directory_service, "sPNMappings"}, "SPN index: HOST aliases"},
  {{DirectoryObject::dns_node, "dnsRecord"}, "KDC probe targets: the names in DNS"},
  {{DirectoryObject::dns_node, "dNSTombstoned"}, "KDC probe targets: deleted DNS names are skipped"},
  {{DirectoryObject::dfs, "msDFS-TargetListv2"}, "KDC probe targets: DFS servers"},
  {{DirectoryObject::dfs, "remoteServerName"}, "KDC probe targets: DFS servers"},
});

// Decoded, but read by no check and no step around them today. Still requested: a snapshot keeps
// what it held before, so one collected now can be scanned by a later check that reads it. Delete a
// row to stop collecting an attribute (and say so: snapshots then lose it).
inline constexpr std::array k_unused_reads = std::to_array<ReasonedRead>({
  {{DirectoryObject::account, "userPrincipalName"}, "evidence in snapshots; no check reads it"},
  {{DirectoryObject::group, "groupType"}, "no check tells security from distribution groups yet"},
  {{DirectoryObject::group, "adminCount"}, "only accounts' adminCount weighs in the privilege index"},
  {{DirectoryObject::trust, "whenCreated"}, "no check dates trusts"},
  {{DirectoryObject::partitions, "msDS-Behavior-Version"}, "forest functional level; PU checks use the domain's"},
  {{DirectoryObject::dfs, "pKTGuid"}, "kept so a snapshot describes the namespace whole"},
  {{DirectoryObject::dfs, "msDFS-SchemaMajorVersion"}, "kept so a snapshot describes the namespace whole"},
  {{DirectoryObject::dfs, "msDFS-SchemaMinorVersion"}, "kept so a snapshot describes the namespace whole"},
  {{DirectoryObject::dfs, "msDFS-NamespaceIdentityGUIDv2"}, "kept so a snapshot describes the namespace whole"},
  {{DirectoryObject::dfs, "msDFS-GenerationGUIDv2"}, "kept so a snapshot describes the namespace whole"},
  {{DirectoryObject::dfs, "msDFS-LastModifiedv2"}, "kept so a snapshot describes the namespace whole"},
  {{DirectoryObject::dfs, "msDFS-Ttlv2"}, "kept so a snapshot describes the namespace whole"},
  {{DirectoryObject::dfs, "msDFS-Propertiesv2"}, "kept so a snapshot describes the namespace whole"},
  {{DirectoryObject::dfs, "msDFS-LinkIdentityGUIDv2"}, "kept so a snapshot describes the namespace whole"},
  {{DirectoryObject::dfs, "msDFS-Commentv2"}, "kept so a snapshot describes the namespace whole"},
  {{DirectoryObject::dfs, "msDFS-ShortNameLinkPathv2"}, "kept so a snapshot describes the namespace whole"},
  {{DirectoryObject::gpo, "gPCMachineExtensionNames"}, "which client-side extensions a GPO uses; no check reads it"},
  {{DirectoryObject::gpo, "gPCUserExtensionNames"}, "which client-side extensions a GPO uses; no check reads it"},
  {{DirectoryObject::authn_policy_silo, "msDS-ComputerAuthNPolicy"},
   "a computer's policy never refuses NTLM (MS-APDS 3.1.5); kept so a snapshot describes the silo whole"},
});

namespace detail {

[[nodiscard]] constexpr bool
is_lowercase_of(std::string_view lower, std::string_view name)
{
  if (lower.size() != name.size()) {
    return false;
  }
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i] >= 'A' && name[i] <= 'Z' ? static_cast<char>(name[i] - 'A' + 'a') : name[i];
    if (lower[i] != c) {
      return false;
    }
  }
  return true;
}

[[nodiscard]] constexpr bool
table_is_consistent()
{
  for (std::size_t i = 0; i < k_decoded_attributes.size(); ++i) {
    const auto& row = k_decoded_attributes[i];
    if (!is_lowercase_of(row.key, row.attribute) || row.into.empty()) {
      return false;
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (k_decoded_attributes[j].object == row.object && is_lowercase_of(k_decoded_attributes[j].key, row.attribute)) {
        return false; // listed twice
      }
    }
  }
  for (const auto& lists :
       {std::span<const ReasonedRead>(k_base_reads), std::span<const ReasonedRead>(k_unused_reads)}) {
    for (const auto& r : lists) {
      if (find_decoded(r.read.object, r.read.attribute) == nullptr || r.why.empty()) {
        return false;
      }
    }
  }
  return true;
}

} // namespace detail

static_assert(detail::table_is_consistent(),
              "each key is its attribute in lowercase, no row is listed twice, and the base and unused lists name "
              "decoded attributes with a reason");

} // namespace kerbready::collect
