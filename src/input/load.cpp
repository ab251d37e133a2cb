#include "src/input/load.hpp"

#include "src/input/adexplorer.hpp"
#include "src/input/decoded_attributes.hpp"
#include "src/input/entries.hpp"
#include "src/input/ldif.hpp"
#include "src/util/input_guard.hpp"
#include "src/util/parallel.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <system_error>

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

// Return where the parts of the LDIF file `path` (`size` bytes) start, the first at 0, at most
// `parts` of them: each at a "dn:" line that follows a blank line, so that it starts a record
// exactly where one reader would. A part that finds no such line within a few MiB is left out.
std::vector<std::uint64_t>
part_starts(const std::string& path, std::uint64_t size, unsigned parts)
{
  constexpr std::uint64_t k_search = std::uint64_t{4} * 1024 * 1024;
  std::vector<std::uint64_t> starts{0};
  std::ifstream in(path, std::ios::binary);
  std::string window;
  for (unsigned k = 1; k < parts && in; ++k) {
    // Two bytes before the target, for the blank line in front of "dn:".
    const std::uint64_t from = std::max(size / parts * k, starts.back() + 3) - 2;
    if (from >= size) {
      break;
    }
    window.resize(static_cast<std::size_t>(std::min(k_search, size - from)));
    in.seekg(static_cast<std::streamoff>(from));
    in.read(window.data(), static_cast<std::streamsize>(window.size()));
    window.resize(static_cast<std::size_t>(in.gcount()));
    for (auto at = window.find("\ndn:"); at != std::string::npos; at = window.find("\ndn:", at + 1)) {
      const bool blank_before =
        at >= 1 && (window[at - 1] == '\n' || (at >= 2 && window[at - 1] == '\r' && window[at - 2] == '\n'));
      if (blank_before) {
        starts.push_back(from + at + 1);
        break;
      }
    }
  }
  return starts;
}

// Return the number of newlines in bytes [begin, end) of `path`.
std::uint64_t
count_lines(const std::string& path, std::uint64_t begin, std::uint64_t end)
{
  std::ifstream in(path, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(begin));
  std::vector<char> block(std::size_t{1024} * 1024);
  std::uint64_t lines = 0;
  for (std::uint64_t left = end - begin; left > 0 && in;) {
    in.read(block.data(), static_cast<std::streamsize>(std::min<std::uint64_t>(block.size(), left)));
    const auto got = static_cast<std::size_t>(in.gcount());
    lines += static_cast<std::uint64_t>(std::count(block.data(), block.data() + got, '\n'));
    left -= got;
    if (got == 0) {
      break;
    }
  }
  return lines;
}

struct PartRead
{
  SnapshotBuilder builder;
  std::size_t records = 0;
  SnapshotMarkers markers;
  bool failed = false;
};

// Read the LDIF file `path` as parts side by side into `builder`; false (with `builder` untouched)
// when the parts cannot stand for one reading of the whole file, so the caller reads it whole.
bool
read_ldif_parts(const std::string& path, const std::vector<std::uint64_t>& starts, std::uint64_t size, unsigned threads,
                SnapshotBuilder& builder, LdifFileInfo& info)
{
  const std::size_t n = starts.size();
  const auto end_of = [&](std::size_t k) { return k + 1 < n ? starts[k + 1] : size; };
  // Each part's first line number, so that diagnostics name the lines of the file.
  std::vector<std::uint64_t> lines(n, 0);
  util::parallel_for(n - 1, threads, [&](std::size_t k) { lines[k + 1] = count_lines(path, starts[k], end_of(k)); });
  for (std::size_t k = 1; k < n; ++k) {
    lines[k] += lines[k - 1];
  }
  std::vector<PartRead> parts(n);
  util::parallel_for(n, threads, [&](std::size_t k) {
    auto& part = parts[k];
    std::ifstream in(path, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(starts[k]));
    LdifReader reader(in, path, LdifPart{static_cast<std::size_t>(lines[k]), k == 0, end_of(k) - starts[k]});
    while (true) {
      auto entry = reader.next();
      if (!entry) {
        part.failed = true;
        return;
      }
      if (!entry->has_value()) {
        break;
      }
      part.builder.add(std::move(**entry));
      ++part.records;
    }
    part.failed = in.bad();
    part.markers = reader.markers();
    part.builder.shrink_to_fit(); // here, on the part's own thread, so that appending copies no slack
  });
  for (std::size_t k = 0; k < n; ++k) {
    const auto& part = parts[k];
    // A header only starts the file and an end marker only ends it; anywhere else one reader
    // reports it (two snapshots joined), and so do the errors.
    if (part.failed || (k > 0 && part.markers.header_line != 0) || (k + 1 < n && part.markers.end_count)) {
      return false;
    }
    if (builder.shares_objects_with(part.builder)) {
      return false; // one reader keeps the first copy and names the others
    }
    for (std::size_t j = 0; j < k; ++j) {
      if (parts[j].builder.shares_objects_with(part.builder)) {
        return false;
      }
    }
  }
  info.markers = parts.front().markers;
  info.markers.end_count = parts.back().markers.end_count;
  info.markers.end_line = parts.back().markers.end_line;
  std::vector<SnapshotBuilder> builders;
  builders.reserve(n);
  for (auto& part : parts) {
    info.records += part.records;
    builders.push_back(std::move(part.builder));
  }
  builder.append(std::move(builders));
  return true;
}

} // namespace

expected<Snapshot>
load_snapshot_files(const std::vector<std::string>& paths, const LoadOptions& options)
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
    std::optional<LdifFileInfo> parted;
    std::size_t parts_of_file = 1;
    std::error_code size_error;
    const auto size = std::filesystem::file_size(path, size_error);
    if (!size_error && options.threads > 1 && options.min_part_bytes > 0 && !util::regular_file_problem(path)) {
      // A few parts per thread: parts of equal size differ in cost (groups with long member lists, DNS
      // zones), and a thread that finishes early takes the next part.
      const auto parts = static_cast<unsigned>(
        std::min<std::uint64_t>(std::uint64_t{options.threads} * 4, size / options.min_part_bytes));
      if (const auto starts = part_starts(path, size, parts); starts.size() > 1) {
        LdifFileInfo read;
        if (read_ldif_parts(path, starts, size, options.threads, builder, read)) {
          if (auto checked = check_snapshot_markers(path, read); !checked) {
            return unexpected(checked.error());
          }
          parted = read;
          parts_of_file = starts.size();
        }
      }
    }
    if (options.parts_read != nullptr) {
      options.parts_read->push_back(parted ? parts_of_file : 1);
    }
    auto info = parted ? expected<LdifFileInfo>(*parted)
                       : read_ldif_file(path, [&](Entry&& entry) { builder.add(std::move(entry)); });
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
