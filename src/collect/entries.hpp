#pragma once

// Pure conversion of raw directory entries (from LDAP or LDIF) into a Snapshot. No I/O: tested
// offline with canned entries, including truncated binary values and hostile strings.

#include "src/collect/entry.hpp"
#include "src/snapshot.hpp"

#include <cstdint>
#include <unordered_set>

namespace kerbready::collect {

class SnapshotBuilder
{
public:
  // Classify `entry` by objectClass and add it to the snapshot. Values that cannot be decoded
  // (a truncated SID, a non-numeric userAccountControl) become diagnostics; the object is kept
  // without them. Unknown classes and attributes are ignored. An entry whose DN was already added
  // is skipped with a diagnostic (two copies of one account would look like duplicate SPNs).
  void add(const Entry& entry);

  // Mark `set` as read even if it held no objects (a live scan knows what it searched).
  void mark_read(DataSet set) { m_snapshot.data_sets |= static_cast<unsigned>(set); }

  // Record a problem that makes the snapshot partial.
  void add_diagnostic(std::string where, std::string message);

  // Resolve cross references (NetBIOS names from crossRefs, domains without a domain object) and
  // return the snapshot.
  [[nodiscard]] Snapshot finish() &&;

private:
  Snapshot m_snapshot;
  std::unordered_set<std::uint64_t> m_seen_dns; // FNV-1a of normalised DNs
};

} // namespace kerbready::collect
