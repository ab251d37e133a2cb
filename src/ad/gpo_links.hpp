#pragma once

// Where GPOs are linked and which one wins: gPLink/gPOptions of the domain object and its OUs
// (Snapshot::gpo_link_containers) resolved into the GPOs that apply to a container, in processing
// order, and the effective value of a registry path there. Pure over the snapshot.
//
// Precedence, as Group Policy applies it (GPMC "Group Policy Inheritance"; IGPMSOM::
// GetInheritedGPOLinks, learn.microsoft.com/windows/win32/api/gpmgmt/nf-gpmgmt-igpmsom-
// getinheritedgpolinks: "GPOs are applied in reverse order of their precedence"):
// - non-enforced links are applied domain root first, then each OU down to the container (a
//   later GPO overwrites an earlier one); within a container the highest link order first, link
//   order 1 last (it wins);
// - a container with gPOptions = 1 (block inheritance) drops the non-enforced links of the
//   containers above it;
// - enforced links ignore block inheritance and are applied after all non-enforced ones, the
//   container nearest the OU first, the domain root last (an enforced domain link wins over all);
// - disabled links (link option bit 0x1) are skipped; a GPO whose container `flags` has 0x2
//   ("computer configuration portion disabled", MS-GPOD groupPolicyContainer flags) contributes
//   no machine settings.
// - site links (gPLink of the site objects in the Configuration partition) come first, before the
//   domain root ("LSDOU": local, site, domain, OU), and their enforced links last of all (an
//   enforced site link wins over everything); a container that blocks inheritance drops them too.
//   Which site a machine is in depends on its IP subnet, which the directory does not tie to
//   scopes: the links of every site are counted as applying to every scope (exact for one site,
//   an over-estimate for several; the finding's source names the site link).
// Security filtering and WMI filters (a GPO may apply to fewer machines than its links say) and
// local policy are not evaluated.

#include "src/model/directory_object.hpp"
#include "src/model/snapshot.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace kerbready {

// Parse a gPLink value (the input layer does, once, into GpoLinkContainer::links; GpoLink is in
// the model). Entries are "[LDAP://<dn>;<options>]"; GPMC writes them so that the last
// entry has link order 1. Malformed entries are skipped (untrusted input), never fatal.
[[nodiscard]] std::vector<GpoLink> parse_gplink(std::string_view value);

// A GPO link that applies to a container, with the policy read from SYSVOL.
struct AppliedGpo
{
  const GpoPolicy* policy = nullptr;
  std::string container_dn; // where the link is (the domain root or an OU)
  GpoLink link;
};

// Return "GPO Name {GUID} linked at OU=…,DC=… (link order 1, enforced)".
[[nodiscard]] std::string describe(const AppliedGpo& applied);

// Return whether the snapshot holds GPO link data for `domain`: some domain or OU object of it
// carried gPLink. Snapshots made before links were collected have none; callers then fall back to
// counting every GPO as applying, and must say so.
[[nodiscard]] bool gpo_links_known(const Snapshot& snapshot, std::string_view domain);

// Lookup tables for resolving links, built once per snapshot and queried per container: the
// link containers by normalised DN with their parsed gPLink, the SYSVOL policies by GUID and the
// GPOs whose computer settings are disabled. Refers into `snapshot`, which must outlive it.
class GpoLinkIndex
{
public:
  explicit GpoLinkIndex(const Snapshot& snapshot);

  // Return the GPOs (with a SYSVOL policy) that apply to objects directly in `container_dn`, in
  // processing order: the last one that sets a value wins.
  [[nodiscard]] std::vector<AppliedGpo> gpos_applying_to(std::string_view container_dn) const;

private:
  struct Container
  {
    const GpoLinkContainer* container = nullptr;
    std::vector<GpoLink> links;
  };
  std::unordered_map<std::string, Container> m_containers;      // by normalised DN
  std::vector<Container> m_sites;                               // site objects with gPLink
  std::unordered_map<std::string, const GpoPolicy*> m_policies; // by upper-case GUID
  std::unordered_set<std::string> m_machine_disabled;           // upper-case GUIDs
};

// GpoLinkIndex(snapshot).gpos_applying_to(container_dn), for a single query.
[[nodiscard]] std::vector<AppliedGpo> gpos_applying_to(const Snapshot& snapshot, std::string_view container_dn);

// The value of a registry path in force for a container.
struct EffectiveValue
{
  const GpoRegistryValue* value = nullptr; // nullptr: no applied GPO sets it
  const AppliedGpo* source = nullptr;      // points into the vector given to effective_value
};

// Return the winning value of `path` among `applied` (from gpos_applying_to).
[[nodiscard]] EffectiveValue effective_value(const std::vector<AppliedGpo>& applied, std::string_view path);

enum class ScopeKind {
  domain_members,     // the domain root: every member, unless an OU GPO overrides it
  domain_controllers, // OU=Domain Controllers
  ou,                 // an OU with its own GPO links: the objects in it (and below, unless overridden)
};

struct GpoScope
{
  ScopeKind kind = ScopeKind::domain_members;
  std::string dn;
  std::string domain;
  std::string label; // "domain members of corp.example.com", "domain controllers of …", "objects in OU=…"
};

// Return the scopes of `domain` to evaluate: its root, its Domain Controllers OU, and every other
// OU that has an enabled link of its own, sorted by DN.
[[nodiscard]] std::vector<GpoScope> gpo_scopes(const Snapshot& snapshot, const Domain& domain);

// Return the canonical finding key of `scope`: "dcs|<dn>", "members|<dn>" or "ou|<dn>" (normalised DN).
[[nodiscard]] std::string scope_key(const GpoScope& scope);

// A registry value as it is in force somewhere, for the GPO checks.
struct ValueInForce
{
  const GpoRegistryValue* value = nullptr;
  const GpoPolicy* policy = nullptr;
  GpoScope scope;     // with links: where it is in force; without: the GPO's own domain
  std::string source; // "GPO … linked at … (link order 1)" or the GPO label and its file
  bool links_evaluated = false;
  std::string key; // canonical finding key (scope DN, or the GPO GUID without links)
};

// Return where `path` is set, for every domain of the snapshot: with link data, the effective value
// of each scope (an OU scope only when its winner differs from the domain root's); without it,
// one entry per GPO that sets it (today's "any GPO" evaluation, links_evaluated = false).
[[nodiscard]] std::vector<ValueInForce> values_in_force(const Snapshot& snapshot, std::string_view path);

// The directory attributes values_in_force (and gpo_affected, src/ad/gpo.hpp) read: the links and
// their options of domains, OUs and sites, and each GPO's name and flags. A check that judges a
// setting only through them declares these as its reads (Check::reads) instead of listing them.
inline constexpr AttributeRead k_value_in_force_reads[] = {
  {DirectoryObject::domain, "gPLink"},
  {DirectoryObject::domain, "gPOptions"},
  {DirectoryObject::organizational_unit, "gPLink"},
  {DirectoryObject::organizational_unit, "gPOptions"},
  {DirectoryObject::gpo, "displayName"},
  {DirectoryObject::gpo, "flags"},
  {DirectoryObject::site, "gPLink"},
};

// Return the value of the registry path `path` in force where `in_force` (from values_in_force)
// is: with links, the winner of `path` among the GPOs applying to its scope; without, the value the
// same GPO sets. Nullptr when none sets it. For settings read together (a policy and its exception
// list, a protocol and its authentication).
[[nodiscard]] const GpoRegistryValue* value_alongside(const Snapshot& snapshot, const ValueInForce& in_force,
                                                      std::string_view path);

// The phrase checks append when links were not evaluated.
inline constexpr std::string_view k_links_not_evaluated =
  "GPO links not in the snapshot (collected before gPLink was read): every GPO is counted as applying";

// Return the SYSVOL policies of `domain` that no enabled gPLink of the snapshot points to: not on
// the domain, an OU or (when the Configuration partition's sites were read) a site. They apply to
// nothing. Empty without link data.
[[nodiscard]] std::vector<const GpoPolicy*> unlinked_gpos(const Snapshot& snapshot, std::string_view domain);

} // namespace kerbready
