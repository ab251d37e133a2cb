// The live search plan is built from the checks' declared attributes (Check::reads) and the base set
// of the snapshot decoder's table (src/input/decoded_attributes.hpp): a check then sees on a live
// scan every attribute it would see in a full LDIF export.

#include "src/input/decoded_attributes.hpp"
#include "src/live/plan/search_plan.hpp"
#include "src/util/error.hpp"
#include "src/util/text.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>

namespace {

using kerbready::AttributeRead;
using kerbready::Check;
using kerbready::DirectoryObject;
using kerbready::collect::PlanPartition;

// The attributes `plan` requests for `partition`, lowercase, options (";range=") removed.
std::set<std::string>
requested(const std::vector<kerbready::collect::PlannedSearch>& plan, PlanPartition partition)
{
  std::set<std::string> names;
  for (const auto& search : plan) {
    if (search.partition != partition) {
      continue;
    }
    for (const auto& name : search.attributes) {
      names.insert(kerbready::util::to_lower(name.substr(0, name.find(';'))));
    }
  }
  return names;
}

bool
same_read(const AttributeRead& a, const AttributeRead& b)
{
  return a.object == b.object && a.attribute == b.attribute;
}

bool
declared_by_a_check(const AttributeRead& read)
{
  for (const auto* check : kerbready::all_checks()) {
    for (const auto& r : check->reads) {
      if (same_read(r, read)) {
        return true;
      }
    }
  }
  return false;
}

template <typename List>
bool
listed(const List& list, const AttributeRead& read)
{
  return std::any_of(list.begin(), list.end(), [&](const auto& r) { return same_read(r.read, read); });
}

std::vector<kerbready::collect::PlannedSearch>
plan_for_one(const Check& check)
{
  const Check* checks[] = {&check};
  return kerbready::collect::build_search_plan(checks);
}

// A check that is never registered: only its declaration matters here.
Check
throwaway_check(std::span<const AttributeRead> reads)
{
  return Check{.id = "TEST-THROWAWAY",
               .title = "throwaway",
               .severity = kerbready::Severity::info,
               .cause = kerbready::FallbackCause::spn,
               .description = "",
               .remediation = "",
               .find = [](const kerbready::Snapshot&) { return std::vector<kerbready::Finding>(); },
               .reads = reads};
}

} // namespace

TEST_CASE("every attribute a check declares is requested for each partition holding its objects", "[collect][plan]")
{
  const auto& plan = kerbready::collect::search_plan();
  std::size_t reads = 0;
  for (const auto* check : kerbready::all_checks()) {
    for (const auto& read : check->reads) {
      ++reads;
      for (const auto partition : kerbready::collect::partitions_of(read.object)) {
        INFO(check->id << " reads " << read.attribute << " of " << kerbready::name_of(read.object) << " objects");
        CHECK(requested(plan, partition).count(kerbready::util::to_lower(read.attribute)) == 1);
      }
    }
  }
  CHECK(reads > 100); // the checks do declare what they read
}

TEST_CASE("directory checks declare the attributes they read, events checks none", "[collect][plan]")
{
  for (const auto* check : kerbready::all_checks()) {
    INFO(check->id);
    CHECK(check->reads.empty() == (check->kind == kerbready::CheckKind::events));
    for (const auto& read : check->reads) {
      INFO(read.attribute);
      CHECK(kerbready::collect::find_decoded(read.object, read.attribute) != nullptr);
    }
  }
}

TEST_CASE("every attribute the decoder knows is in the base set, read by a check, or unused with a reason",
          "[collect][plan]")
{
  using kerbready::collect::k_base_reads;
  using kerbready::collect::k_unused_reads;
  for (const auto& row : kerbready::collect::k_decoded_attributes) {
    const AttributeRead read{row.object, row.attribute};
    INFO(kerbready::name_of(row.object) << " " << row.attribute << " (" << row.into << ")");
    const bool base = listed(k_base_reads, read);
    const bool unused = listed(k_unused_reads, read);
    const bool declared = declared_by_a_check(read);
    CHECK((base || unused || declared));
    // Once something reads it, it is no longer unused: move it out of k_unused_reads.
    CHECK_FALSE((unused && (base || declared)));
  }
  for (const auto& list : {std::span<const kerbready::collect::ReasonedRead>(k_base_reads),
                           std::span<const kerbready::collect::ReasonedRead>(k_unused_reads)}) {
    for (const auto& r : list) {
      INFO(r.read.attribute);
      CHECK_FALSE(r.why.empty());
    }
  }
}

TEST_CASE("a check declaring an attribute the decoder does not decode is rejected", "[collect][plan]")
{
  SECTION("unknown attribute")
  {
    constexpr AttributeRead reads[] = {{DirectoryObject::account, "servicePrincipalName"},
                                       {DirectoryObject::account, "msDS-KeyCredentialLink"}};
    const auto check = throwaway_check(reads);
    CHECK_THROWS_AS(plan_for_one(check), kerbready::Fatal);
  }
  SECTION("an attribute decoded for another kind of object")
  {
    constexpr AttributeRead reads[] = {{DirectoryObject::group, "servicePrincipalName"}};
    const auto check = throwaway_check(reads);
    CHECK_THROWS_AS(plan_for_one(check), kerbready::Fatal);
  }
  SECTION("not spelt as Active Directory spells it")
  {
    constexpr AttributeRead reads[] = {{DirectoryObject::account, "serviceprincipalname"}};
    const auto check = throwaway_check(reads);
    CHECK_THROWS_AS(plan_for_one(check), kerbready::Fatal);
  }
  SECTION("a decoded attribute is accepted and requested where its objects are")
  {
    constexpr AttributeRead reads[] = {{DirectoryObject::trust, "trustAttributes"}};
    const auto check = throwaway_check(reads);
    const auto plan = plan_for_one(check);
    CHECK(requested(plan, PlanPartition::domain).count("trustattributes") == 1);
    CHECK(requested(plan, PlanPartition::configuration).count("trustattributes") == 0);
  }
}

TEST_CASE("without checks the plan holds the base set and the unused list, nothing else", "[collect][plan]")
{
  const auto plan = kerbready::collect::build_search_plan({});
  // Only checks read the encryption types of accounts and trusts.
  CHECK(requested(plan, PlanPartition::domain).count("msds-supportedencryptiontypes") == 0);
  CHECK(requested(plan, PlanPartition::domain).count("trustattributes") == 0);
  CHECK(requested(plan, PlanPartition::domain).count("samaccountname") == 1);
  CHECK(requested(plan, PlanPartition::configuration).count("ncname") == 1);
  for (const auto& search : plan) {
    REQUIRE_FALSE(search.attributes.empty());
    CHECK(search.attributes.front() == "objectClass");
  }
}

TEST_CASE("the built plan requests everything the hand-written plan did, and what checks added since",
          "[collect][plan]")
{
  // The last hand-written plan, before the checks declared their attributes.
  const std::map<PlanPartition, std::string> old_plan = {
    {PlanPartition::configuration,
     "objectClass nCName dnsRoot nETBIOSName systemFlags msDS-Behavior-Version sPNMappings dsHeuristics gPLink"},
    {PlanPartition::domain,
     "objectClass sAMAccountName objectSid userAccountControl servicePrincipalName dNSHostName "
     "msDS-AdditionalDnsHostName userPrincipalName msDS-SupportedEncryptionTypes pwdLastSet whenCreated "
     "adminCount primaryGroupID memberOf operatingSystem lastLogonTimestamp member;range=0-1499 groupType "
     "msDS-Behavior-Version trustPartner flatName securityIdentifier trustType trustDirection trustAttributes "
     "dc dnsRecord dNSTombstoned remoteServerName pKT pKTGuid msDFS-SchemaMajorVersion msDFS-SchemaMinorVersion "
     "msDFS-NamespaceIdentityGUIDv2 msDFS-GenerationGUIDv2 msDFS-LastModifiedv2 msDFS-Ttlv2 msDFS-Propertiesv2 "
     "msDFS-TargetListv2 msDFS-LinkPathv2 msDFS-LinkIdentityGUIDv2 msDFS-Commentv2 msDFS-ShortNameLinkPathv2 "
     "displayName gPCFileSysPath gPCMachineExtensionNames gPCUserExtensionNames versionNumber flags gPLink gPOptions"},
    {PlanPartition::domain_dns, "objectClass dc dnsRecord dNSTombstoned"},
    {PlanPartition::forest_dns, "objectClass dc dnsRecord dNSTombstoned"},
  };
  // Attributes checks declared since, on top of it (forest-trust name routing, delegation,
  // authentication policies).
  const std::map<PlanPartition, std::string> added = {
    {PlanPartition::configuration,
     "uPNSuffixes msDS-SPNSuffixes "
     "msDS-AuthNPolicyEnforced msDS-UserAllowedNTLMNetworkAuthentication "
     "msDS-ServiceAllowedNTLMNetworkAuthentication msDS-UserAllowedToAuthenticateFrom "
     "msDS-ServiceAllowedToAuthenticateFrom msDS-AuthNPolicySiloEnforced msDS-UserAuthNPolicy msDS-ServiceAuthNPolicy "
     "msDS-ComputerAuthNPolicy msDS-AuthNPolicySiloMembers"},
    {PlanPartition::domain,
     "msDS-TrustForestTrustInfo msDS-AllowedToDelegateTo msDS-AllowedToActOnBehalfOfOtherIdentity "
     "msDS-AssignedAuthNPolicy msDS-AssignedAuthNPolicySilo"},
  };
  const auto& plan = kerbready::collect::search_plan();
  for (const auto& [partition, list] : old_plan) {
    std::set<std::string> old_names;
    for (auto name : kerbready::util::split(list, ' ')) {
      old_names.emplace(name);
    }
    if (const auto more = added.find(partition); more != added.end()) {
      for (auto name : kerbready::util::split(more->second, ' ')) {
        old_names.emplace(name);
      }
    }
    std::set<std::string> new_names;
    for (const auto& search : plan) {
      if (search.partition == partition) {
        new_names.insert(search.attributes.begin(), search.attributes.end());
        // Each attribute once per search.
        CHECK(new_names.size() == search.attributes.size());
      }
    }
    // Same set, spelt the same (the LDIF collect writes keeps its attributes).
    CHECK(new_names == old_names);
  }
}

TEST_CASE("the search plan reads every data set and asks for member by range", "[collect][plan]")
{
  unsigned sets = 0;
  for (const auto& search : kerbready::collect::search_plan()) {
    sets |= static_cast<unsigned>(search.data_set);
    CHECK_FALSE(search.filter.empty());
  }
  CHECK(sets == ((kerbready::DataSet::domain | kerbready::DataSet::configuration) |
                 static_cast<unsigned>(kerbready::DataSet::dns)));
  const auto domain = kerbready::collect::search_plan()[1];
  REQUIRE(domain.partition == PlanPartition::domain);
  CHECK(std::count(domain.attributes.begin(), domain.attributes.end(),
                   std::string(kerbready::collect::k_member_first_range)) == 1);
  CHECK(std::count(domain.attributes.begin(), domain.attributes.end(), std::string("member")) == 0);
}

TEST_CASE("search plan: the domain slices put every object in exactly one", "[plan]")
{
  // Evaluate the slice filters as a DC would on an object with uSNCreated = `usn` (always present,
  // so no comparison is Undefined). Only the forms domain_slices writes are understood here.
  const auto matches = [](const std::string& filter, std::uint64_t usn) {
    std::vector<std::uint64_t> at_least;
    std::vector<std::uint64_t> below;
    for (std::size_t at = filter.find("uSNCreated>="); at != std::string::npos;
         at = filter.find("uSNCreated>=", at + 1)) {
      const auto value = std::stoull(filter.substr(at + 12));
      const bool negated = at >= 3 && filter.compare(at - 3, 3, "(!(") == 0;
      (negated ? below : at_least).push_back(value);
    }
    REQUIRE(at_least.size() + below.size() >= 1);
    return std::all_of(at_least.begin(), at_least.end(), [&](auto v) { return usn >= v; }) &&
           std::all_of(below.begin(), below.end(), [&](auto v) { return usn < v; });
  };
  for (const std::uint64_t highest : {1ULL, 2ULL, 7ULL, 29824ULL, 1000003ULL, 18446744073709551615ULL}) {
    for (const unsigned count : {2u, 3u, 4u, 8u, 64u}) {
      INFO(highest << " " << count);
      const auto slices = kerbready::collect::domain_slices(highest, count);
      REQUIRE(!slices.empty());
      CHECK(slices.size() <= std::min<std::uint64_t>(count, 16));
      // Objects created before the RootDSE was read, at its highest USN, and after it.
      for (const std::uint64_t usn : {std::uint64_t{0}, std::uint64_t{1}, highest / 3, highest / 2, highest - 1,
                                      highest, highest == 18446744073709551615ULL ? highest : highest + 1000}) {
        const auto n = std::count_if(slices.begin(), slices.end(),
                                     [&](const std::string& f) { return f.empty() || matches(f, usn); });
        CHECK(n == 1);
      }
    }
  }
  CHECK(kerbready::collect::domain_slices(29824, 4).size() == 4);
  CHECK(kerbready::collect::domain_slices(29824, 1) == std::vector<std::string>{""});
  CHECK(kerbready::collect::domain_slices(0, 4) ==
        std::vector<std::string>{"(objectClass=computer)", "(!(objectClass=computer))"});
}
