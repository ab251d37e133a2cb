#include "src/ad/snapshot_indexes.hpp"

#include "src/ad/dfs.hpp"
#include "src/ad/dns_record.hpp"
#include "src/ad/privilege.hpp"
#include "src/ad/scope.hpp"
#include "src/util/parallel.hpp"

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

void
build_snapshot_indexes(const Snapshot& snapshot, unsigned threads)
{
  // The privilege index (group closure) is the biggest; the others are grouped to about its size.
  const std::vector<void (*)(const Snapshot&)> tables = {
    [](const Snapshot& s) { (void)privilege_index(s); },
    [](const Snapshot& s) {
      (void)spn_index(s);
      (void)read_scope(s);
      (void)dfs_namespaces(s);
    },
    [](const Snapshot& s) { (void)spn_host_index(s); },
    [](const Snapshot& s) {
      (void)host_index(s);
      (void)dns_index(s);
    },
  };
  util::parallel_for(tables.size(), threads, [&](std::size_t i) { tables[i](snapshot); });
}

} // namespace kerbready
