#pragma once

// The derived tables cached in a Snapshot (IndexCache): each built once, on first use, by its
// accessor (spn_index(), spn_host_index() and host_index() in src/ad/spn.hpp, read_scope() in
// src/ad/scope.hpp, dfs_namespaces() in src/ad/dfs.hpp, dns_index() in src/ad/dns_record.hpp, privilege_index() and
// group_graph() in src/ad/privilege.hpp). Checks run side by side (src/scan/check_stage.cpp), so every table is built
// under std::call_once and is immutable afterwards. Internal to those accessors.

#include "src/ad/spn.hpp"
#include "src/model/snapshot.hpp"

#include <memory>
#include <mutex>
#include <vector>

namespace kerbready {

class ReadScope;
class PrivilegeIndex;
class DnsIndex;
struct DfsNamespace;

// A table built once by the first caller of get(); later callers, on any thread, wait for it.
template <typename T> class BuiltOnce
{
public:
  // `make` returns std::unique_ptr<const T>.
  template <typename Make> const T& get(Make make)
  {
    std::call_once(m_once, [&] { m_value = make(); });
    return *m_value;
  }

private:
  std::once_flag m_once;
  std::unique_ptr<const T> m_value;
};

struct SnapshotIndexes
{
  SnapshotIndexes();
  SnapshotIndexes(const SnapshotIndexes&) = delete;
  SnapshotIndexes& operator=(const SnapshotIndexes&) = delete;
  ~SnapshotIndexes();

  BuiltOnce<SpnIndex> spns;
  BuiltOnce<SpnHostIndex> spn_hosts;
  BuiltOnce<HostIndex> hosts;
  BuiltOnce<ReadScope> scope;
  BuiltOnce<std::vector<DfsNamespace>> dfs;
  BuiltOnce<PrivilegeIndex> privilege;
  BuiltOnce<DnsIndex> dns;
};

// Build every table of the cache now, on up to `threads` threads (the checks stage calls it before
// running every check, so that no check waits for a table another thread is building).
void build_snapshot_indexes(const Snapshot& snapshot, unsigned threads);

// Return the index cache of `snapshot`, creating an empty one on first use (thread-safe).
[[nodiscard]] SnapshotIndexes& snapshot_indexes(const Snapshot& snapshot);

} // namespace kerbready
