#pragma once

// What a live scan asks the directory for: per partition, a filter and the attributes the checks
// read (src/input/entries.cpp and the checks' RawObject lookups). This is the one list to extend
// when a check needs another attribute; tests/live/test_search_plan.cpp fails when entries.cpp
// decodes an attribute that is not requested here.

#include "src/model/snapshot.hpp"

#include <array>
#include <string_view>

namespace kerbready::collect {

// Which naming context a search runs against.
enum class PlanPartition {
  domain,        // defaultNamingContext of each domain read
  configuration, // configurationNamingContext
  domain_dns,    // DC=DomainDnsZones,<domain>
  forest_dns,    // DC=ForestDnsZones,<forest root>
};

struct PlannedSearch
{
  PlanPartition partition;
  DataSet data_set;
  std::string_view filter;
  std::string_view attributes; // space-separated
};

// `member` is requested as a range, so groups larger than the server's MaxValRange are always read
// through range retrieval (follow-up requests for "member;range=1500-*" and so on), and the code
// path is the same on Windows and Samba (Samba answers unranged requests in full).
inline constexpr std::string_view k_member_first_range = "member;range=0-1499";

inline constexpr std::array<PlannedSearch, 4> k_search_plan{{
  {PlanPartition::configuration, DataSet::configuration,
   "(|(objectClass=crossRef)(objectClass=crossRefContainer)(objectClass=nTDSService)(objectClass=site))",
   "objectClass nCName dnsRoot nETBIOSName systemFlags msDS-Behavior-Version sPNMappings dsHeuristics gPLink"},
  {PlanPartition::domain, DataSet::domain,
   "(|(objectClass=user)(objectClass=group)(objectClass=domainDNS)(objectClass=trustedDomain)"
   "(objectClass=dnsNode)(objectClass=fTDfs)(objectClass=msDFS-NamespaceAnchor)(objectClass=msDFS-Namespacev2)"
   "(objectClass=msDFS-Linkv2)(objectClass=msDFS-DeletedLinkv2)(objectClass=groupPolicyContainer)"
   "(objectClass=organizationalUnit))",
   // accounts
   "objectClass sAMAccountName objectSid userAccountControl servicePrincipalName dNSHostName "
   "msDS-AdditionalDnsHostName userPrincipalName msDS-SupportedEncryptionTypes pwdLastSet whenCreated "
   "adminCount primaryGroupID memberOf operatingSystem lastLogonTimestamp "
   // groups (member is ranged, see above)
   "member;range=0-1499 groupType "
   // domain object
   "msDS-Behavior-Version "
   // trusts
   "trustPartner flatName securityIdentifier trustType trustDirection trustAttributes "
   // legacy DNS zones stored in the domain partition
   "dc dnsRecord dNSTombstoned "
   // DFS namespaces (MS-DFSNM)
   "remoteServerName pKT pKTGuid msDFS-SchemaMajorVersion msDFS-SchemaMinorVersion msDFS-NamespaceIdentityGUIDv2 "
   "msDFS-GenerationGUIDv2 msDFS-LastModifiedv2 msDFS-Ttlv2 msDFS-Propertiesv2 msDFS-TargetListv2 "
   "msDFS-LinkPathv2 msDFS-LinkIdentityGUIDv2 msDFS-Commentv2 msDFS-ShortNameLinkPathv2 "
   // group policy containers
   "displayName gPCFileSysPath gPCMachineExtensionNames gPCUserExtensionNames versionNumber flags "
   // GPO links on the domain object and OUs
   "gPLink gPOptions"},
  {PlanPartition::domain_dns, DataSet::dns, "(objectClass=dnsNode)", "objectClass dc dnsRecord dNSTombstoned"},
  {PlanPartition::forest_dns, DataSet::dns, "(objectClass=dnsNode)", "objectClass dc dnsRecord dNSTombstoned"},
}};

} // namespace kerbready::collect
