#pragma once

// The derived tables cached in a Snapshot (IndexCache): each built on first use by its accessor
// (spn_index() in src/ad/spn.hpp, read_scope() in src/ad/scope.hpp,
// dfs_namespaces() in src/ad/dfs.hpp). Internal to those accessors.

#include "src/ad/spn.hpp"

#include <memory>
#include <optional>

namespace kerbready {

class ReadScope;
struct DfsNamespace;

struct SnapshotIndexes
{
  std::optional<SpnIndex> spns;
  std::shared_ptr<const ReadScope> scope;
  std::shared_ptr<const std::vector<DfsNamespace>> dfs; // dfs_namespaces() in src/ad/dfs.hpp
};

// Return the index cache of `snapshot`, creating an empty one on first use.
[[nodiscard]] SnapshotIndexes& snapshot_indexes(const Snapshot& snapshot);

} // namespace kerbready
