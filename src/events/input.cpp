#include "src/events/input.hpp"

#include "src/util/utf16.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace kerbready::events {

namespace {

constexpr std::size_t k_chunk = std::size_t{64} * 1024;

} // namespace

std::size_t
MemorySource::read(char* buffer, std::size_t size)
{
  const std::size_t n = std::min(size, m_bytes.size() - m_pos);
  if (n > 0) {
    std::memcpy(buffer, m_bytes.data() + m_pos, n);
  }
  m_pos += n;
  return n;
}

FileSource::FileSource(const std::filesystem::path& path) : m_file(std::fopen(path.string().c_str(), "rb"))
{
}

FileSource::~FileSource()
{
  if (m_file != nullptr) {
    (void)std::fclose(m_file); // opened for reading only: nothing to flush, nothing to report
  }
}

std::size_t
FileSource::read(char* buffer, std::size_t size)
{
  if (m_file == nullptr) {
    return 0;
  }
  return std::fread(buffer, 1, size, m_file);
}

bool
FileSource::failed() const
{
  return m_file == nullptr || std::ferror(m_file) != 0;
}

void
TextStream::detect()
{
  // Read until at least 4 bytes are known (or the input ends).
  std::array<char, 4096> buffer{};
  while (m_pending.size() < 4 && !m_eof) {
    const auto n = m_source.read(buffer.data(), buffer.size());
    if (n == 0) {
      m_eof = true;
      break;
    }
    m_pending.append(buffer.data(), n);
  }
  const auto b = [&](std::size_t i) {
    return i < m_pending.size() ? static_cast<unsigned char>(m_pending[i]) : 0x100u;
  };
  if (b(0) == 0xEF && b(1) == 0xBB && b(2) == 0xBF) {
    m_pending.erase(0, 3);
    m_encoding = Encoding::utf8;
  } else if (b(0) == 0xFF && b(1) == 0xFE) {
    m_pending.erase(0, 2);
    m_encoding = Encoding::utf16le;
  } else if (b(0) == 0xFE && b(1) == 0xFF) {
    m_pending.erase(0, 2);
    m_encoding = Encoding::utf16be;
  } else if (b(0) < 0x80 && b(0) != 0 && b(1) == 0) {
    m_encoding = Encoding::utf16le;
  } else if (b(0) == 0 && b(1) < 0x80 && b(1) != 0) {
    m_encoding = Encoding::utf16be;
  } else {
    m_encoding = Encoding::utf8;
  }
}

bool
TextStream::next(std::string& out)
{
  if (m_encoding == Encoding::unknown) {
    detect();
  }
  std::array<char, k_chunk> buffer{};
  if (!m_eof) {
    const auto n = m_source.read(buffer.data(), buffer.size());
    if (n == 0) {
      m_eof = true;
    } else {
      m_pending.append(buffer.data(), n);
    }
  }
  if (m_pending.empty()) {
    return !m_eof;
  }
  if (m_encoding == Encoding::utf8) {
    out += m_pending;
    m_pending.clear();
    return true;
  }
  const bool le = m_encoding == Encoding::utf16le;
  std::size_t i = 0;
  const auto unit = [&](std::size_t at) {
    const auto lo = static_cast<unsigned char>(m_pending[at + (le ? 0 : 1)]);
    const auto hi = static_cast<unsigned char>(m_pending[at + (le ? 1 : 0)]);
    return static_cast<std::uint32_t>(lo | (hi << 8));
  };
  while (i + 2 <= m_pending.size()) {
    const auto u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 4 > m_pending.size()) {
        if (!m_eof) {
          break; // the low surrogate is in the next chunk
        }
        util::append_utf8(out, 0xFFFD);
        i += 2;
        continue;
      }
      const auto u2 = unit(i + 2);
      if (u2 >= 0xDC00 && u2 <= 0xDFFF) {
        util::append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (u2 - 0xDC00));
        i += 4;
      } else {
        util::append_utf8(out, 0xFFFD);
        i += 2;
      }
      continue;
    }
    util::append_utf8(out, (u >= 0xDC00 && u <= 0xDFFF) ? 0xFFFD : u);
    i += 2;
  }
  m_pending.erase(0, i);
  if (m_eof && !m_pending.empty()) {
    util::append_utf8(out, 0xFFFD); // a dangling odd byte
    m_pending.clear();
  }
  return true;
}

} // namespace kerbready::events
