#pragma once

// The kinds of directory object the snapshot is decoded from, and the name of one attribute of one
// of them. Checks declare the attributes they read with these (Check::reads); the snapshot decoder
// lists what it decodes with them (src/input/decoded_attributes.hpp); a live scan asks for their
// union (src/live/plan/search_plan.hpp).

#include <array>
#include <cstddef>
#include <string_view>

namespace kerbready {

// One per branch of the decoder (src/input/entries.cpp), named after what it fills.
enum class DirectoryObject {
  account,             // user, inetOrgPerson, computer, msDS-(Group)ManagedServiceAccount: Account
  group,               // group: Group
  domain,              // domainDNS: Domain, and its GPO links (GpoLinkContainer)
  organizational_unit, // organizationalUnit: its GPO links (GpoLinkContainer)
  trust,               // trustedDomain: Trust
  dns_node,            // dnsNode (DNS partitions, and legacy zones in a domain partition): DnsNode
  dfs,                 // fTDfs and msDFS-*: RawObject in dfs_objects (src/ad/dfs.hpp decodes them)
  gpo,                 // groupPolicyContainer: RawObject in gpos
  cross_ref,           // crossRef (Configuration): CrossRef
  partitions,          // crossRefContainer (CN=Partitions): the forest functional level
  directory_service,   // nTDSService (CN=Directory Service): sPNMappings, dsHeuristics
  site,                // site (CN=Sites): its GPO links
  authn_policy,        // msDS-AuthNPolicy (Configuration): AuthnPolicy
  authn_policy_silo,   // msDS-AuthNPolicySilo (Configuration): AuthnPolicySilo
  count_
};

inline constexpr std::array<std::string_view, static_cast<std::size_t>(DirectoryObject::count_)>
  k_directory_object_names = {"account",           "group", "domain",       "organizational_unit", "trust",
                              "dns_node",          "dfs",   "gpo",          "cross_ref",           "partitions",
                              "directory_service", "site",  "authn_policy", "authn_policy_silo"};

// Stable lowercase name of `object`, for messages and tests.
[[nodiscard]] constexpr std::string_view
name_of(DirectoryObject object)
{
  const auto i = static_cast<std::size_t>(object);
  return i < k_directory_object_names.size() ? k_directory_object_names[i] : "unknown";
}

// One attribute of one kind of object, named as Active Directory spells its LDAP display name
// ("servicePrincipalName", "msDS-SupportedEncryptionTypes").
struct AttributeRead
{
  DirectoryObject object;
  std::string_view attribute;
};

} // namespace kerbready
