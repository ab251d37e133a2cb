#include "src/input/load.hpp"

#include "src/input/entries.hpp"
#include "src/input/ldif.hpp"

namespace kerbready::collect {

expected<Snapshot>
load_snapshot_files(const std::vector<std::string>& paths)
{
  SnapshotBuilder builder;
  std::optional<std::int64_t> collected_at;
  std::vector<std::string> unverifiable;
  for (const auto& path : paths) {
    auto info = read_ldif_file(path, [&](Entry&& entry) { builder.add(std::move(entry)); });
    if (!info) {
      return unexpected(info.error());
    }
    const auto& markers = info->markers;
    if (markers.collected_at && (!collected_at || *markers.collected_at > *collected_at)) {
      collected_at = markers.collected_at;
    }
    if (markers.header_line == 0 && !markers.end_count) {
      unverifiable.push_back(path);
    }
  }
  auto snapshot = std::move(builder).finish();
  snapshot.collected_at = collected_at;
  snapshot.unverifiable_inputs = std::move(unverifiable);
  return snapshot;
}

} // namespace kerbready::collect
