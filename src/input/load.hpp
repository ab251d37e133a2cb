#pragma once

#include "src/model/snapshot.hpp"
#include "src/util/error.hpp"

#include <string>
#include <vector>

namespace kerbready::collect {

// Read the snapshot files `paths` (one forest: several partitions or domains may be spread over
// them) into one Snapshot: LDIF, or Sysinternals AD Explorer snapshots, known by their signature
// (src/input/adexplorer.hpp). A DN read twice is kept once and noted as a diagnostic. Returns a
// one-line error naming file and line (LDIF) or offset (AD Explorer) for malformed input.
[[nodiscard]] expected<Snapshot> load_snapshot_files(const std::vector<std::string>& paths);

} // namespace kerbready::collect
