#pragma once

#include <filesystem>
#include <fstream>
#include <string>

namespace kerbready::util {

// An output file written to a temporary file beside `path` and renamed over it only by commit().
// Without commit() (an error, an exception) the temporary file is removed and whatever was at
// `path` before is untouched: a failed run never leaves half a report or destroys last night's.
class AtomicFile
{
public:
  // Open the temporary file; throws Fatal when it cannot be created.
  explicit AtomicFile(std::filesystem::path path);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  [[nodiscard]] std::ostream& stream() { return m_stream; }

  // Flush, close and rename the temporary file to the final path; throws Fatal on failure.
  void commit();

private:
  std::filesystem::path m_path;
  std::filesystem::path m_tmp_path;
  std::ofstream m_stream;
  bool m_committed = false;
};

} // namespace kerbready::util
