#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kerbready::collect {

// Limits on one directory entry, the same for LDIF snapshots and live reads. A record beyond any of
// them is refused (LDIF: an error naming file and line; LDAP: a problem that makes the scan
// incomplete), so that one hostile object cannot make memory grow without bound. None is near what
// a real Active Directory object holds:
// - values: non-linked multi-valued attributes (servicePrincipalName, dnsRecord, ...) share one
//   database record of 8,110 bytes, about 1,200 values per object on Windows Server 2003 and later
//   (TechNet wiki "Active Directory: Non-Linked Multi-Valued Attribute Size Limits"; ldapwiki
//   "Maximum Database Record Size"). Linked attributes (member) have no hard limit under
//   linked-value replication, but a group with more than four million direct members is far beyond
//   any deployment we know of (Microsoft's own guidance was 5,000 before linked-value replication).
inline constexpr std::size_t k_max_values_per_record = std::size_t{4} * 1024 * 1024;
// - attributes: the whole Active Directory schema defines fewer than 2,000 attributes (about 1,500
//   in the Windows Server 2016 schema, version 87), so no object can hold more distinct ones; the
//   limit leaves room for extended schemas by three orders of magnitude.
inline constexpr std::size_t k_max_attributes_per_record = std::size_t{1024} * 1024;
// - bytes: the text of one LDIF record (or the values of one LDAP entry); at most the value cap
//   times an 64-byte DN.
inline constexpr std::size_t k_max_record_bytes = std::size_t{256} * 1024 * 1024;

// One attribute of a directory entry. `name` is lowercase without options: "member;range=0-1499"
// and "member;range=1500-*" both land in "member", in order.
struct Attribute
{
  std::string name;
  std::vector<std::string> values; // raw bytes (binary values decoded from base64)
  std::string last_range;          // "low-high" of the last ";range=" the values came with, if any
};

// A directory entry as read from LDAP or LDIF, before it becomes part of a Snapshot. Add values
// with add_value() only: a record with many attributes keeps an index over `attributes`.
struct Entry
{
  std::string dn;
  std::vector<Attribute> attributes;
  std::string origin; // "file:line" or "ldap://dc/…", for diagnostics

  // Return the values of attribute `lower_name`, or nullptr when absent.
  [[nodiscard]] const std::vector<std::string>* find(std::string_view lower_name) const
  {
    if (!m_slots.empty()) {
      // The index ignores case; names are stored lowercase, and so must `lower_name` be to match.
      const auto slot = m_slots[slot_of(lower_name)];
      return slot == 0 || attributes[slot - 1].name != lower_name ? nullptr : &attributes[slot - 1].values;
    }
    for (const auto& attribute : attributes) {
      if (attribute.name == lower_name) {
        return &attribute.values;
      }
    }
    return nullptr;
  }

  // Return the first value of `lower_name`, or nullptr.
  [[nodiscard]] const std::string* first(std::string_view lower_name) const
  {
    const auto* values = find(lower_name);
    return values == nullptr || values->empty() ? nullptr : &values->front();
  }

  // Append `value` to attribute `raw_name` (any case, options such as ;range= removed).
  // Cost: constant on average, whatever the number of attributes.
  void add_value(std::string_view raw_name, std::string value);

  // Return the number of values in all attributes.
  [[nodiscard]] std::size_t value_count() const;

  // Attributes whose last values came as a range that does not end in '*' ("member;range=0-1499"
  // with no later "member;range=1500-*"): a tool that does not follow ranged retrieval (ldapsearch
  // against Windows AD) wrote only part of the values. One "member;range=0-1499" per attribute.
  [[nodiscard]] std::vector<std::string> truncated_ranges() const;

private:
  // Records with more attributes than this get a hash index; below it a scan is faster.
  static constexpr std::size_t k_index_from = 16;

  // Return the slot of m_slots that holds `base` (compared ignoring ASCII case), or the empty slot
  // where it would go.
  [[nodiscard]] std::size_t slot_of(std::string_view base) const;
  // Return the attribute `base` (any case), appended when absent.
  Attribute& attribute_named(std::string_view base);
  // Rebuild m_slots for the current attributes with room to grow.
  void rebuild_index();

  // Open addressing, linear probing, load at most 1/2: 0 is empty, else position in attributes + 1.
  std::vector<std::uint32_t> m_slots;
};

// Return `raw_name` lowercased with its options (";range=0-1499", ";binary") removed.
[[nodiscard]] std::string attribute_base_name(std::string_view raw_name);

} // namespace kerbready::collect
