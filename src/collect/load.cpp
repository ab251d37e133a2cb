#include "src/collect/load.hpp"

#include "src/collect/entries.hpp"
#include "src/collect/ldif.hpp"

namespace kerbready::collect {

expected<Snapshot>
load_snapshot_files(const std::vector<std::string>& paths)
{
  SnapshotBuilder builder;
  for (const auto& path : paths) {
    auto count = read_ldif_file(path, [&](Entry&& entry) { builder.add(std::move(entry)); });
    if (!count) {
      return unexpected(count.error());
    }
  }
  return std::move(builder).finish();
}

} // namespace kerbready::collect
