#include "src/ad/snapshot_indexes.hpp"

#include "src/ad/dfs.hpp"
#include "src/ad/dns_record.hpp"
#include "src/ad/privilege.hpp"
#include "src/ad/scope.hpp"

namespace kerbready {

SnapshotIndexes::SnapshotIndexes() = default;
SnapshotIndexes::~SnapshotIndexes() = default;

SnapshotIndexes&
snapshot_indexes(const Snapshot& snapshot)
{
  // One lock for every snapshot: taken once per accessor call, never while a table is built.
  static std::mutex mutex;
  const std::lock_guard lock(mutex);
  auto& cache = snapshot.index_cache.m_indexes;
  if (!cache) {
    cache = std::make_shared<SnapshotIndexes>();
  }
  return *cache;
}

} // namespace kerbready
