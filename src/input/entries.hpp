#pragma once

// Pure conversion of raw directory entries (from LDAP or LDIF) into a Snapshot. No I/O: tested
// offline with canned entries, including truncated binary values and hostile strings.

#include "src/input/entry.hpp"
#include "src/model/directory_object.hpp"
#include "src/model/snapshot.hpp"
#include "src/util/hash_set64.hpp"

#include <optional>
#include <vector>

namespace kerbready::collect {

class SnapshotBuilder
{
public:
  // Classify `entry` by objectClass and add it to the snapshot. Values that cannot be decoded
  // (a truncated SID, a non-numeric userAccountControl) become diagnostics; the object is kept
  // without them. Unknown classes and attributes are ignored. An entry whose DN was already added
  // is skipped with a diagnostic (two copies of one account would look like duplicate SPNs).
  void add(const Entry& entry);

  // The same, moving values out of `entry` instead of copying them (the LDIF loader's path).
  void add(Entry&& entry);

  // Mark `set` as read even if it held no objects (a live scan knows what it searched).
  void mark_read(DataSet set) { m_snapshot.data_sets |= static_cast<unsigned>(set); }

  // Record a problem that makes the snapshot partial.
  void add_diagnostic(std::string where, std::string message);

  // Whether `other` holds an object this builder holds too (same normalised DN).
  [[nodiscard]] bool shares_objects_with(const SnapshotBuilder& other) const;

  // Give back the room the vectors grew into beyond what they hold (a part's builder, before its
  // objects are appended to another's: up to half of a vector that grew by doubling is unused).
  void shrink_to_fit();

  // Take everything the builders `later` read, in order, as if their entries had been added here
  // after this builder's own (src/input/load.cpp builds the parts of a large file side by side).
  // Duplicates are not looked for: call it only when no two of them share objects.
  void append(std::vector<SnapshotBuilder>&& later);

  // Resolve cross references (NetBIOS names from crossRefs, domains without a domain object) and
  // return the snapshot.
  [[nodiscard]] Snapshot finish() &&;

private:
  // add() for both: values may be moved out of `movable` (the same entry) when it is not null.
  void add(const Entry& entry, Entry* movable);
  // append() for one builder, after the vectors were reserved for all of them.
  void append_one(SnapshotBuilder&& later);

  Snapshot m_snapshot;
  util::HashSet64 m_seen_dns; // FNV-1a of normalised DNs
  // Objects whose values the snapshot holds once (the last one read wins), for append().
  bool m_read_directory_service = false;
  bool m_read_partitions = false;
};

// Return the kind of object SnapshotBuilder::add makes of `entry` (by its partition and
// objectClass), or nullopt when it keeps nothing of it.
[[nodiscard]] std::optional<DirectoryObject> directory_object_of(const Entry& entry);

} // namespace kerbready::collect
