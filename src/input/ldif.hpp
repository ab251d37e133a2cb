#pragma once

// RFC 2849 LDIF, as `ldapsearch -LLL` writes it and as `kerbready collect` writes it.
// Content records only: change records and ":<" URL values are rejected, because a snapshot must
// say exactly what the directory held.

#include "src/input/entry.hpp"
#include "src/util/error.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kerbready::collect {

// The longest logical line (attribute value) accepted, in bytes. Longer values are an error:
// nothing in the attributes kerbready reads comes near it (DFS target lists are at most 2 MiB).
inline constexpr std::size_t k_max_ldif_line = std::size_t{8} * 1024 * 1024;

// What `kerbready collect` writes around a snapshot so that a reader can prove the file is whole
// (docs/snapshot-format.md). Both are LDIF comments, so other LDIF tools ignore them:
//   # kerbready-snapshot: 1 collected=2026-11-01T00:00:00Z    (before the first record)
//   # kerbready-end: 715 objects                               (after the last record)
// A file cut at a record boundary parses as valid LDIF; only the missing end marker, which the
// header announces, shows it.
inline constexpr std::string_view k_snapshot_header = "# kerbready-snapshot:";
inline constexpr std::string_view k_snapshot_end = "# kerbready-end:";
inline constexpr int k_snapshot_format = 1;

struct SnapshotMarkers
{
  std::size_t header_line = 0;              // 0: no header (a plain ldapsearch LDIF)
  std::optional<std::int64_t> collected_at; // Unix seconds, from the header
  std::optional<std::uint64_t> end_count;   // records the end marker counts
  std::size_t end_line = 0;
};

// Where a reader starts when it reads one part of a file (load.cpp reads a large snapshot as parts
// side by side, cut where a record starts after a blank line).
struct LdifPart
{
  std::size_t lines_before = 0;     // lines of the file before the part, so that errors name file lines
  bool file_start = true;           // the part starts the file: a "version:" line may come first
  std::uint64_t bytes = UINT64_MAX; // read at most this many bytes of the stream
};

// Streaming reader: one entry at a time, so memory does not grow with the file. Input is read in
// large blocks and split into lines with memchr; a record's lines are kept in one reused buffer, so
// reading costs about one allocation per value (the value itself).
class LdifReader
{
public:
  // Read from `in`; `name` is used in error messages ("name:line: …").
  LdifReader(std::istream& in, std::string name);
  // Read one part of a file from `in`, positioned at the part's first byte.
  LdifReader(std::istream& in, std::string name, const LdifPart& part);

  // Return the next entry, an empty optional at the end, or a one-line error naming file and line.
  [[nodiscard]] expected<std::optional<Entry>> next();

  // The header and end marker seen so far (complete once next() returned the end).
  [[nodiscard]] const SnapshotMarkers& markers() const { return m_markers; }

private:
  // One logical line (continuations unfolded) of the current record: `size` bytes at `offset` in
  // m_record; `line_no` is where it started.
  struct LogicalLine
  {
    std::size_t offset;
    std::size_t size;
    std::size_t line_no;
  };

  // Make the next physical line, without its line ending, available in `m_line` (a view into
  // m_buffer, valid until the next call); false at end of input; an error for a line that exceeds
  // k_max_ldif_line before its end was found.
  [[nodiscard]] expected<bool> read_physical_line();
  // Move the unread bytes to the front of m_buffer and read more; false when nothing was read.
  bool fill();
  // Return an error naming the current line when the record being read exceeds a limit of
  // src/input/entry.hpp (values, bytes): checked while reading, so memory stays bounded.
  [[nodiscard]] expected<void> check_record_limits() const;
  [[nodiscard]] std::string where(std::size_t line) const;
  // Read a kerbready header or end marker from the comment in m_line, if it is one.
  [[nodiscard]] expected<void> read_marker();

  std::istream& m_in;
  std::string m_name;
  std::vector<char> m_buffer; // bytes read, unread ones in [m_begin, m_end)
  std::size_t m_begin = 0;
  std::size_t m_end = 0;
  bool m_input_done = false;
  std::uint64_t m_unread; // bytes of the part not yet read from m_in
  std::string_view m_line;
  std::string m_record;             // the current record's logical lines, back to back
  std::vector<LogicalLine> m_lines; // where they are in m_record
  std::size_t m_line_no = 0;
  bool m_first_record = true;
  bool m_saw_newline_at_end = true;
  std::size_t m_records = 0; // returned by next()
  SnapshotMarkers m_markers;
};

struct LdifFileInfo
{
  std::size_t records = 0;
  SnapshotMarkers markers;
};

// Check the markers of a whole file of `info.records` records against each other: a header needs
// the end marker, and the end marker must count the records read. An error names the file.
[[nodiscard]] expected<void> check_snapshot_markers(const std::string& path, const LdifFileInfo& info);

// Read every entry of the LDIF file at `path` and hand each to `sink`. A file with a kerbready
// header must end with the end marker, counting exactly the records read: otherwise it was cut
// short (or two files were joined) and the result is an error naming the file.
[[nodiscard]] expected<LdifFileInfo> read_ldif_file(const std::string& path, const std::function<void(Entry&&)>& sink);

// The header line (with its newline) for a snapshot collected at `collected_at` (Unix seconds).
[[nodiscard]] std::string snapshot_header(std::int64_t collected_at);
// The end marker line (with its newline) for a snapshot of `records` records.
[[nodiscard]] std::string snapshot_end(std::uint64_t records);

// Write `entry` as an LDIF content record (base64 where needed, folded at 76 columns), followed by
// a blank line. Values are written as they are, whatever bytes they hold; an attribute name outside
// RFC 2849's AttributeDescription grammar (a rogue server's "x\ndn: ...") or one the reader gives a
// meaning to ("dn", "changetype", "control") cannot be, so the entry is refused: nothing is written
// and the error names the entry's DN, sanitized. Reading the record back gives `entry` exactly.
[[nodiscard]] expected<void> write_ldif_entry(std::ostream& out, const Entry& entry);

} // namespace kerbready::collect
