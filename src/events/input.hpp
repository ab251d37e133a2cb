#pragma once

// Byte input for the text readers (XML, JSON): a file or a memory buffer, read in chunks so that
// memory does not depend on the size of the input, and decoded to UTF-8. Windows tools often write
// UTF-16 (PowerShell 5.1's `>` and Out-File, wevtutil redirected from PowerShell): a UTF-16 byte
// order mark, or a leading '<'/'{'/'[' followed by a NUL byte, selects UTF-16 decoding.

#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace kerbready::events {

class ByteSource
{
public:
  virtual ~ByteSource() = default;
  // Read up to `size` bytes into `buffer`; return 0 at the end of input or on a read error.
  virtual std::size_t read(char* buffer, std::size_t size) = 0;
  // Return whether a read error (not the end of input) stopped reading.
  [[nodiscard]] virtual bool failed() const { return false; }
};

class MemorySource : public ByteSource
{
public:
  explicit MemorySource(std::string_view bytes) : m_bytes(bytes) {}
  std::size_t read(char* buffer, std::size_t size) override;

private:
  std::string_view m_bytes;
  std::size_t m_pos = 0;
};

class FileSource : public ByteSource
{
public:
  // Open `path` for reading; check is_open().
  explicit FileSource(const std::filesystem::path& path);
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  ~FileSource() override;

  [[nodiscard]] bool is_open() const { return m_file != nullptr; }
  std::size_t read(char* buffer, std::size_t size) override;
  [[nodiscard]] bool failed() const override;

private:
  std::FILE* m_file = nullptr;
};

// UTF-8 text from a ByteSource, in chunks. UTF-16 input (see above) is converted; invalid UTF-16
// (unpaired surrogates) becomes U+FFFD. UTF-8 input is passed through as is (a UTF-8 BOM is dropped).
class TextStream
{
public:
  explicit TextStream(ByteSource& source) : m_source(source) {}

  // Append the next chunk of UTF-8 text to `out`; return false at the end of input.
  bool next(std::string& out);

  [[nodiscard]] bool utf16() const { return m_encoding == Encoding::utf16le || m_encoding == Encoding::utf16be; }

private:
  enum class Encoding { unknown, utf8, utf16le, utf16be };

  void detect();

  ByteSource& m_source;
  Encoding m_encoding = Encoding::unknown;
  std::string m_pending; // raw bytes read but not yet converted
  bool m_eof = false;
};

} // namespace kerbready::events
