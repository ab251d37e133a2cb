#include "src/input/load.hpp"

#include "src/input/adexplorer.hpp"
#include "src/input/decoded_attributes.hpp"
#include "src/input/entries.hpp"
#include "src/input/ldif.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kerbready::collect {

namespace {

// True when the decoder reads attribute `lower_name` of some kind of object.
bool
decoder_reads(std::string_view lower_name)
{
  return lower_name == "objectclass" || std::any_of(k_decoded_attributes.begin(), k_decoded_attributes.end(),
                                                    [&](const DecodedAttribute& a) { return a.key == lower_name; });
}

// Read the AD Explorer snapshot at `path` into `builder`; its time becomes `collected_at`. An
// attribute the decoder reads whose values were stored in a layout the reader does not know is a
// diagnostic: the snapshot held it, the scan did not see it.
expected<void>
load_adexplorer(const std::string& path, SnapshotBuilder& builder, std::optional<std::int64_t>& collected_at)
{
  auto info = read_adexplorer_file(path, [&](Entry&& entry) { builder.add(std::move(entry)); });
  if (!info) {
    return unexpected(info.error());
  }
  if (info->taken_at && (!collected_at || *info->taken_at > *collected_at)) {
    collected_at = info->taken_at;
  }
  for (const auto& skipped : info->skipped) {
    if (decoder_reads(skipped.name)) {
      builder.add_diagnostic(path, fmt::format("attribute {} is stored as ADSI type {}, which the AD Explorer reader "
                                               "does not decode: its values on {} objects were not read",
                                               skipped.name, skipped.ads_type, skipped.objects));
    }
  }
  return {};
}

} // namespace

expected<Snapshot>
load_snapshot_files(const std::vector<std::string>& paths)
{
  SnapshotBuilder builder;
  std::optional<std::int64_t> collected_at;
  std::vector<std::string> unverifiable;
  for (const auto& path : paths) {
    // AD Explorer snapshots are known by their signature, whatever the file is called. They hold
    // their object count, so a cut file cannot pass for a whole one.
    if (is_adexplorer_file(path)) {
      if (auto loaded = load_adexplorer(path, builder, collected_at); !loaded) {
        return unexpected(loaded.error());
      }
      continue;
    }
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
