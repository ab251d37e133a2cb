#pragma once

// Sysinternals AD Explorer snapshots (the binary .dat its "Create Snapshot" writes), read into the
// same entries as an LDIF export so that entries.cpp decodes both alike. The layout is described in
// docs/snapshot-format.md ("AD Explorer snapshots"), learnt from the public notes of its reverse
// engineering (c3c/ADExplorerSnapshot.py, meta/adexplorersnapshot.bt). Every offset and count read
// from the file is checked against the file before it is used: a damaged or truncated snapshot is
// one error naming the file and the offset, never a partial read.

#include "src/input/entry.hpp"
#include "src/util/error.hpp"

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kerbready::collect {

// The first bytes of every snapshot: "win-ad-ob" and a NUL. A file is read as a snapshot when it
// starts with them, whatever its name.
inline constexpr std::string_view k_adexplorer_signature{"win-ad-ob\0", 10};
// The fixed header: signature, format marker, FILETIME, two WCHAR[260] (description, server),
// object count, an attribute count, the property table's offset (two uint32), two more uint32.
inline constexpr std::uint64_t k_adexplorer_header_size = 0x43e;
// The format marker of the snapshots this reader knows (every AD Explorer 1.4x/1.5x writes it).
inline constexpr std::uint32_t k_adexplorer_marker = 0x10001;
// Values decoded from one file may exceed its size, since objects share stored values; more than
// this many times its size (plus 64 MiB) is refused as a decompression bomb. A real snapshot
// decodes to about three times its size.
inline constexpr std::uint64_t k_adexplorer_max_expansion = 64;

// Return true when `prefix` (the first bytes of a file) starts with k_adexplorer_signature.
[[nodiscard]] bool is_adexplorer_snapshot(std::string_view prefix);

// Return true when the file at `path` starts with k_adexplorer_signature (false when unreadable).
[[nodiscard]] bool is_adexplorer_file(const std::string& path);

// An attribute whose values the reader skipped: AD Explorer stored it with an ADSI type
// (ADSTYPEENUM) whose layout is not known, such as DN-with-binary.
struct SkippedAttribute
{
  std::string name; // lowercase
  std::uint32_t ads_type = 0;
  std::uint64_t objects = 0; // how many objects held it
};

struct AdExplorerInfo
{
  std::uint64_t objects = 0;             // objects read (the header's count)
  std::optional<std::int64_t> taken_at;  // Unix seconds, from the header's FILETIME
  std::string server;                    // the DC it was taken from, as the header names it
  std::vector<SkippedAttribute> skipped; // sorted by name
};

// Read the snapshot in `in` (seekable; `name` is used in errors: "name: offset N (0x…): …") and hand
// each object to `sink` as an Entry: DN from distinguishedName, attribute names lowercased, values
// in the form an LDIF export holds them (strings as UTF-8, ADSTYPE_INTEGER as signed decimal,
// LARGE_INTEGER as decimal, BOOLEAN as TRUE/FALSE, UTC time as GeneralizedTime, octet strings and
// security descriptors as raw bytes). Returns an error for anything out of bounds; entries already
// handed to `sink` are then to be discarded.
[[nodiscard]] expected<AdExplorerInfo> read_adexplorer(std::istream& in, const std::string& name,
                                                       const std::function<void(Entry&&)>& sink);

// read_adexplorer() on the file at `path`.
[[nodiscard]] expected<AdExplorerInfo> read_adexplorer_file(const std::string& path,
                                                            const std::function<void(Entry&&)>& sink);

} // namespace kerbready::collect
