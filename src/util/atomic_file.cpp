#include "src/util/atomic_file.hpp"

#include "src/error.hpp"
#include "src/util/input_guard.hpp"

#include <fmt/format.h>

#include <random>

namespace kerbready::util {

AtomicFile::AtomicFile(std::filesystem::path path)
  : m_path(std::move(path))
{
  require_output_path(m_path, "output");
  std::random_device random;
  m_tmp_path = m_path;
  m_tmp_path += fmt::format(".tmp-{:08x}", random());
  m_stream.open(m_tmp_path, std::ios::binary | std::ios::trunc);
  if (!m_stream) {
    throw Fatal(fmt::format("cannot create {} (is the directory writable?)", m_tmp_path.string()));
  }
}

AtomicFile::~AtomicFile()
{
  if (!m_committed) {
    m_stream.close();
    std::error_code ignored;
    std::filesystem::remove(m_tmp_path, ignored);
  }
}

void
AtomicFile::commit()
{
  m_stream.flush();
  const bool ok = static_cast<bool>(m_stream);
  m_stream.close();
  if (!ok || m_stream.fail()) {
    throw Fatal(fmt::format("cannot write {} (disk full?)", m_tmp_path.string()));
  }
  std::error_code error;
  std::filesystem::rename(m_tmp_path, m_path, error);
  if (error) {
    throw Fatal(fmt::format("cannot rename {} to {}: {}", m_tmp_path.string(), m_path.string(), error.message()));
  }
  m_committed = true;
}

} // namespace kerbready::util
