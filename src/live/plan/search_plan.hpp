#pragma once

// What a live scan asks the directory for: per partition, a filter (fixed here) and the attributes,
// built from
// - the base set the model and the steps around the checks need (objectClass, then
//   k_base_reads in src/input/decoded_attributes.hpp: identity, the live reader's own needs, the
//   privilege and stale indexes, the events join and the KDC probe),
// - the attributes decoded but read by nothing today (k_unused_reads there, kept so snapshots do
//   not shrink),
// - the union of every registered check's Check::reads.
// An attribute lands in the search of each partition that holds its kind of object
// (partitions_of). A check that needs another attribute declares it in its Check::reads; an
// attribute the decoder does not know yet also needs a row in k_decoded_attributes and a model
// field (docs/CONTRIBUTING.md). Building the plan fails on a declaration the decoder does not know.

#include "src/model/check.hpp"
#include "src/model/snapshot.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kerbready::collect {

// Which naming context a search runs against.
enum class PlanPartition {
  domain,        // defaultNamingContext of each domain read
  configuration, // configurationNamingContext
  domain_dns,    // DC=DomainDnsZones,<domain>
  forest_dns,    // DC=ForestDnsZones,<forest root>
};

// One search of the plan without its attributes.
struct PlannedPartition
{
  PlanPartition partition;
  DataSet data_set;
  std::string_view filter;
};

struct PlannedSearch
{
  PlanPartition partition;
  DataSet data_set;
  std::string_view filter;
  std::vector<std::string> attributes; // as requested: objectClass first, member by range
};

// `member` is requested as a range, so groups larger than the server's MaxValRange are always read
// through range retrieval (follow-up requests for "member;range=1500-*" and so on), and the code
// path is the same on Windows and Samba (Samba answers unranged requests in full).
inline constexpr std::string_view k_member_first_range = "member;range=0-1499";

// The searches, in the order a live scan runs them. The filters name the object classes of the
// kinds partitions_of() places in each partition.
inline constexpr std::array<PlannedPartition, 4> k_plan_partitions{{
  {PlanPartition::configuration, DataSet::configuration,
   "(|(objectClass=crossRef)(objectClass=crossRefContainer)(objectClass=nTDSService)(objectClass=site)"
   "(objectClass=msDS-AuthNPolicy)(objectClass=msDS-AuthNPolicySilo))"},
  {PlanPartition::domain, DataSet::domain,
   "(|(objectClass=user)(objectClass=group)(objectClass=domainDNS)(objectClass=trustedDomain)"
   "(objectClass=dnsNode)(objectClass=fTDfs)(objectClass=msDFS-NamespaceAnchor)(objectClass=msDFS-Namespacev2)"
   "(objectClass=msDFS-Linkv2)(objectClass=msDFS-DeletedLinkv2)(objectClass=groupPolicyContainer)"
   "(objectClass=organizationalUnit))"},
  {PlanPartition::domain_dns, DataSet::dns, "(objectClass=dnsNode)"},
  {PlanPartition::forest_dns, DataSet::dns, "(objectClass=dnsNode)"},
}};

// Return the partitions whose search returns objects of `object` (dnsNode: the DNS partitions and
// the legacy zones of a domain partition).
[[nodiscard]] std::vector<PlanPartition> partitions_of(DirectoryObject object);

// Return the plan for a registry holding `checks`. Throws Fatal (internal error) when one of them
// declares an attribute the decoder does not decode (k_decoded_attributes).
[[nodiscard]] std::vector<PlannedSearch> build_search_plan(std::span<const Check* const> checks);

// The disjoint searches a domain partition is read as over `count` connections at once, as filters
// ANDed to the plan's: ranges of uSNCreated (present on every object, indexed) split at equal
// steps below `highest_usn` (the RootDSE's highestCommittedUSN); objects created since fall in the
// last. Every object is in exactly one range, whatever LDAP's three-valued logic makes of the
// comparisons, since uSNCreated is never absent. Without a USN (0), the split is by object class:
// computers, and everything else. `count` <= 1: one search, no filter ({""}).
[[nodiscard]] std::vector<std::string> domain_slices(std::uint64_t highest_usn, unsigned count);

// Return the plan for the registered checks (all_checks()), built on first use.
[[nodiscard]] const std::vector<PlannedSearch>& search_plan();

} // namespace kerbready::collect
