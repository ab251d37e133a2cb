#pragma once

// What was read: the authority for a host name, and whether the snapshot holds it. A name is
// judged ("no computer has it", "no DNS record", "no SPN covers it") only when the authority that
// would hold the answer was read: the DNS zone that would hold its records (for DNS judgements)
// and the domain that would hold its computer account (for directory judgements). A name under a
// domain of the forest that was not read, a trusted domain or forest, a child zone delegated out of
// a read zone (NS records and glue in the parent), the forest root's _msdcs zone when it was not
// read, or under nothing read at all is "outside what was read": checks report it at info, never
// against readiness. A forest-wide scan (--forest, or every domain's snapshot) reads every
// authority, so it judges every name.

#include "src/model/check.hpp"
#include "src/model/snapshot.hpp"

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace kerbready {

enum class Authority { read, outside };

class ReadScope
{
public:
  explicit ReadScope(const Snapshot& snapshot);

  // Return whether the DNS zone that would hold the records of `host` was read. A single label is
  // read when any zone was (clients append their suffix). Outside: no read zone holds it, it lies
  // at or under a delegation (NS records) out of the read zone that holds it, or it is under an
  // _msdcs zone that was not read. `why`, when given, is set to a phrase saying which authority
  // was not read.
  [[nodiscard]] Authority zone_authority(std::string_view host, std::string* why = nullptr) const;

  // Return whether the domain that would hold the computer account for `host` was read: the
  // longest of the read domains, the forest's other domains (crossRefs, forest root), trusted
  // domains and delegated child zones that `host` lies under decides. A name under none of them is
  // read only when its zone was read and every domain of the forest was (a disjoint DNS namespace).
  // A single label is read.
  [[nodiscard]] Authority domain_authority(std::string_view host, std::string* why = nullptr) const;

  // Return whether `host` lies in an authority the snapshot knows of but did not read: a domain of
  // the forest (crossRef, forest root), a trusted domain or forest, or a child zone delegated out of
  // a read zone. Unlike domain_authority(), a name under nothing known (a SaaS or partner name) is
  // not "elsewhere".
  [[nodiscard]] bool known_elsewhere(std::string_view host, std::string* why = nullptr) const;

  // Lowercase DNS names of the domains whose objects were read, sorted.
  [[nodiscard]] const std::vector<std::string>& domains_read() const { return m_domains_read; }
  // Lowercase names of the DNS zones read, sorted.
  [[nodiscard]] const std::vector<std::string>& zones_read() const { return m_zones_read; }

private:
  enum class Kind { read_domain, unread_domain, trusted, delegated_zone };
  struct Suffix
  {
    Kind kind;
    std::string detail; // for delegated zones: the parent zone
  };

  // Return the longest domain or delegated zone `name` (lowercase) lies at or under, or nullptr;
  // `found` is set to its name.
  [[nodiscard]] const Suffix* longest_suffix(const std::string& name, std::string& found) const;
  [[nodiscard]] static std::string describe(const Suffix& suffix, const std::string& name);

  std::vector<std::string> m_domains_read;
  std::vector<std::string> m_zones_read;
  std::unordered_set<std::string> m_zones;
  // Delegation point (lowercase FQDN of a node with NS records, other than a zone apex) -> the zone
  // it was read in.
  std::unordered_map<std::string, std::vector<std::string>> m_delegations;
  std::unordered_map<std::string, Suffix> m_suffixes; // domains and delegated zones, by name
  bool m_forest_read = true;                          // every NT-domain crossRef of the snapshot is a read domain
};

// Return the read scope of `snapshot`, built once and cached in it (like spn_index()).
[[nodiscard]] const ReadScope& read_scope(const Snapshot& snapshot);

// Names a check could not judge because their authority was not read, collected into one info
// finding per check ("N names outside what was read"), keyed so that its id stays as names come
// and go. Never counts against readiness.
class OutsideScope
{
public:
  // Remember `name` (as the check would report it), why it is outside and the object referring to it.
  void add(std::string name, std::string why, AffectedObject referrer);

  [[nodiscard]] bool empty() const { return m_names.empty(); }

  // Append the info finding to `findings` when any name was added. `singular` and `plural` name
  // the kind of name ("SPN host", "SPN hosts").
  void append_to(std::vector<Finding>& findings, std::string_view singular, std::string_view plural) const;

private:
  struct Name
  {
    std::string name;
    std::string why;
  };
  std::vector<Name> m_names;
  std::vector<AffectedObject> m_affected;
};

} // namespace kerbready
