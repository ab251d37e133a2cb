#pragma once

#include "src/model/snapshot.hpp"
#include "src/util/error.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace kerbready::collect {

// Read the snapshot files `paths` (one forest: several partitions or domains may be spread over
// them) into one Snapshot: LDIF, or Sysinternals AD Explorer snapshots, known by their signature
// (src/input/adexplorer.hpp). A DN read twice is kept once and noted as a diagnostic. Returns a
// one-line error naming file and line (LDIF) or offset (AD Explorer) for malformed input.
//
// With `threads` > 1, an LDIF file of at least 2 x `min_part_bytes` is read as parts of at least
// `min_part_bytes`, up to four per thread, side by side, cut where a record starts; the snapshot is the one a single
// reader makes, entry for entry and diagnostic for diagnostic. A file whose parts do not read cleanly (an error, a
// marker out of place, a DN in two parts) is read again from the start by one reader, for its exact error or
// diagnostics.
struct LoadOptions
{
  unsigned threads = 1;
  std::uint64_t min_part_bytes = std::uint64_t{32} * 1024 * 1024;
  // When set: for each LDIF file in turn, the number of parts it was read as (1: whole).
  std::vector<std::size_t>* parts_read = nullptr;
};
[[nodiscard]] expected<Snapshot> load_snapshot_files(const std::vector<std::string>& paths,
                                                     const LoadOptions& options = {});

} // namespace kerbready::collect
