#pragma once

#include "src/util/output_transaction.hpp"

#include <filesystem>
#include <ostream>

namespace kerbready::util {

// One output file written through an OutputTransaction of its own: a temporary file beside `path`,
// renamed over it only by commit(). Without commit() (an error, an exception) the temporary file is
// removed and whatever was at `path` before is untouched: a failed run never leaves half a report
// or destroys last night's.
class AtomicFile
{
public:
  // Create the temporary file; throws Fatal when it cannot be created.
  explicit AtomicFile(const std::filesystem::path& path);

  [[nodiscard]] std::ostream& stream() { return m_stream; }

  // Flush, sync and rename the temporary file to the final path; throws Fatal on failure.
  void commit() { m_transaction.commit_all(); }

private:
  OutputTransaction m_transaction;
  std::ostream& m_stream;
};

} // namespace kerbready::util
