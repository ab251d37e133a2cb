#pragma once

// A set of output files that are published together or not at all. Each file is first written to
// a temporary file beside its destination; only when every one of them was written, flushed and
// synced to disk are they renamed over their destinations. Until then, and whenever anything
// fails, every destination keeps what it held before: a run that fails on its third report never
// leaves the first two replaced, half written, or gone.
//
// Temporary files are created exclusively (never through a planted file or link) and readable by
// the owner only. On commit a file that replaces a report keeps that report's permission bits (and
// its owner and group when running as root); a new report gets k_new_file_mode, less the umask.

#include <filesystem>
#include <memory>
#include <ostream>
#include <vector>

namespace kerbready::util {

// Permission bits of a report that did not exist before: owner read-write, group read (POSIX).
inline constexpr unsigned k_new_file_mode = 0640;

class OutputTransaction
{
public:
  OutputTransaction();
  OutputTransaction(const OutputTransaction&) = delete;
  OutputTransaction& operator=(const OutputTransaction&) = delete;
  // Remove every temporary file not yet renamed: without commit_all(), nothing is published.
  ~OutputTransaction();

  // Create the temporary file for `path` and return the stream that writes it (valid until the
  // transaction ends). Throws Fatal, naming `path`, when it cannot be created.
  [[nodiscard]] std::ostream& stage(const std::filesystem::path& path);

  // Flush, check and sync every staged file, then rename each over its destination and sync the
  // directories. Throws Fatal naming the file when a write failed (then nothing was renamed) or a
  // rename failed (then the files renamed before it stay published; the rest are removed).
  void commit_all();

  struct Staged; // one output: its destination, temporary file and stream

private:
  std::vector<std::unique_ptr<Staged>> m_staged;
  bool m_committed = false;
};

} // namespace kerbready::util
