#pragma once

// The SYSVOL files a live read used, saved beside its LDIF snapshot: `collect --out corp.ldif`
// writes the folder `corp.ldif.sysvol/` holding `{GUID}/GPT.INI`, `{GUID}/MACHINE/…` (the layout
// of SYSVOL's Policies folder, so it is also a valid `--sysvol DIR`) and `SHA256SUMS`, one line
// "<sha256>  <path>" per file (`sha256sum -c SHA256SUMS` checks it). `scan --snapshot corp.ldif`
// uses the folder when it is there, after checking every file against SHA256SUMS: a file changed,
// missing or added is an error (exit 3), never silently used.

#include "src/input/sysvol.hpp"
#include "src/util/error.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kerbready::collect {

// Parse SHA256SUMS `text`: path -> lowercase hex SHA-256. Fails with "line N …" on a line that is
// not "<64 hex digits>  <path>", a path that is absolute, has "." or ".." parts, a backslash or a
// control character (CRLF line ends included), or a path listed twice.
[[nodiscard]] expected<std::map<std::string, std::string>> parse_sysvol_manifest(std::string_view text);

// Return the folder saved beside the snapshot `ldif_path`: "<ldif_path>.sysvol".
[[nodiscard]] std::string saved_sysvol_dir(const std::string& ldif_path);

// A saved copy being written: the files go to a temporary folder beside `dir`; commit() puts it in
// place of `dir` (replacing an older copy). Destroyed uncommitted, it removes the temporary folder.
class SavedSysvol
{
public:
  explicit SavedSysvol(std::string dir);
  SavedSysvol(const SavedSysvol&) = delete;
  SavedSysvol& operator=(const SavedSysvol&) = delete;
  ~SavedSysvol();

  // Write `files` (paths relative to the Policies folder) and SHA256SUMS to the temporary folder.
  [[nodiscard]] expected<void> write(const std::vector<SysvolFile>& files);

  // Move the written folder into place.
  [[nodiscard]] expected<void> commit();

private:
  std::string m_dir;
  std::string m_temporary;
  bool m_committed = false;
};

// Remove a copy saved earlier at `dir` (collect --no-sysvol: an old copy must not be mistaken for
// this snapshot's).
void remove_saved_sysvol(const std::string& dir);

// Read the copy saved beside `ldif_path`: nullopt when there is none; an error naming the file when
// a file does not match SHA256SUMS, is missing from the folder or is not listed in it.
[[nodiscard]] std::optional<expected<std::vector<GpoPolicy>>> load_saved_sysvol(const std::string& ldif_path,
                                                                                std::vector<Diagnostic>& diagnostics);

} // namespace kerbready::collect
