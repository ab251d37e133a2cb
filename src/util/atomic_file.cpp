#include "src/util/atomic_file.hpp"

namespace kerbready::util {

AtomicFile::AtomicFile(const std::filesystem::path& path) : m_stream(m_transaction.stage(path))
{
}

} // namespace kerbready::util
