#include "src/util/output_transaction.hpp"

#include "src/util/error.hpp"
#include "src/util/input_guard.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <random>
#include <set>
#include <streambuf>
#include <string>
#include <system_error>

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>

#include <sys/stat.h>
#else
#include <fcntl.h>
#include <unistd.h>

#include <sys/stat.h>
#endif

namespace kerbready::util {

namespace {

namespace fs = std::filesystem;

#ifdef _WIN32
using FileMode = int;

int
create_exclusive(const fs::path& path)
{
  return ::_wopen(path.c_str(), _O_WRONLY | _O_CREAT | _O_EXCL | _O_BINARY | _O_NOINHERIT, _S_IREAD | _S_IWRITE);
}

long long
write_some(int fd, const char* data, std::size_t size)
{
  return ::_write(fd, data, static_cast<unsigned>(std::min<std::size_t>(size, 1U << 30)));
}

int
sync_file(int fd)
{
  return ::_commit(fd);
}

int
close_file(int fd)
{
  return ::_close(fd);
}
#else
using FileMode = mode_t;

int
create_exclusive(const fs::path& path)
{
  // O_EXCL: fail rather than open anything already there, a symbolic link included.
  return ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
}

long long
write_some(int fd, const char* data, std::size_t size)
{
  return ::write(fd, data, size);
}

int
sync_file(int fd)
{
  return ::fsync(fd);
}

int
close_file(int fd)
{
  return ::close(fd);
}

// The process umask, read without changing it for longer than two calls.
mode_t
current_umask()
{
  const mode_t mask = ::umask(077);
  ::umask(mask);
  return mask;
}

// Sync the directory `dir`, so that a rename in it survives a crash. Best effort: some file systems
// refuse to sync a directory, and the files themselves are already on disk.
void
sync_directory(const fs::path& dir)
{
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_CLOEXEC | O_DIRECTORY);
  if (fd >= 0) {
    (void)::fsync(fd);
    (void)::close(fd);
  }
}
#endif

std::string
errno_text(int error)
{
  return std::generic_category().message(error);
}

// A stream buffer that writes to a file descriptor and remembers the first write error.
class FdBuffer : public std::streambuf
{
public:
  explicit FdBuffer(int fd) : m_fd(fd) { setp(m_buffer.data(), m_buffer.data() + m_buffer.size()); }

  [[nodiscard]] int error() const { return m_error; }

protected:
  int_type overflow(int_type c) override
  {
    if (!drain()) {
      return traits_type::eof();
    }
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }

  int sync() override { return drain() ? 0 : -1; }

private:
  bool drain()
  {
    const char* data = pbase();
    auto size = static_cast<std::size_t>(pptr() - pbase());
    while (size > 0 && m_error == 0) {
      const auto written = write_some(m_fd, data, size);
      if (written < 0) {
        if (errno != EINTR) {
          m_error = errno;
        }
        continue;
      }
      if (written == 0) {
        m_error = EIO;
        break;
      }
      data += written;
      size -= static_cast<std::size_t>(written);
    }
    setp(m_buffer.data(), m_buffer.data() + m_buffer.size());
    return m_error == 0;
  }

  int m_fd;
  int m_error = 0;
  std::array<char, 65536> m_buffer{};
};

} // namespace

struct OutputTransaction::Staged
{
  fs::path path;
  fs::path tmp_path;
  int fd = -1;
  std::unique_ptr<FdBuffer> buffer;
  std::unique_ptr<std::ostream> stream;
  bool renamed = false;
#ifndef _WIN32
  bool replaces = false; // `path` is a regular file whose mode (and owner) to keep
  struct stat old
  {
  };
#endif
};

OutputTransaction::OutputTransaction() = default;

OutputTransaction::~OutputTransaction()
{
  for (auto& s : m_staged) {
    if (s->fd >= 0) {
      (void)close_file(s->fd);
      s->fd = -1;
    }
    if (!s->renamed) {
      std::error_code ignored;
      fs::remove(s->tmp_path, ignored);
    }
  }
}

std::ostream&
OutputTransaction::stage(const fs::path& path)
{
  if (m_committed) {
    throw Fatal("internal error: output staged after commit");
  }
  require_output_path(path, "output"); // an existing FIFO or device there would block or be lost
  auto s = std::make_unique<Staged>();
  s->path = path;
  std::random_device random;
  std::uniform_int_distribution<std::uint32_t> any;
  int error = 0;
  // A name already taken (another run, a planted file) is never opened: draw another.
  for (int attempt = 0; attempt < 16 && s->fd < 0; ++attempt) {
    s->tmp_path = path;
    s->tmp_path += fmt::format(".tmp-{:08x}", any(random));
    s->fd = create_exclusive(s->tmp_path);
    error = s->fd < 0 ? errno : 0;
    if (s->fd < 0 && error != EEXIST) {
      break;
    }
  }
  if (s->fd < 0) {
    throw Fatal(fmt::format("cannot create a temporary file beside {}: {}", path.string(), errno_text(error)));
  }
#ifndef _WIN32
  s->replaces = ::lstat(path.c_str(), &s->old) == 0 && S_ISREG(s->old.st_mode);
#endif
  s->buffer = std::make_unique<FdBuffer>(s->fd);
  s->stream = std::make_unique<std::ostream>(s->buffer.get());
  m_staged.push_back(std::move(s));
  return *m_staged.back()->stream;
}

void
OutputTransaction::commit_all()
{
  if (m_committed) {
    return;
  }
#ifndef _WIN32
  const auto new_mode = static_cast<mode_t>(k_new_file_mode) & ~current_umask();
  const bool root = ::geteuid() == 0;
#endif
  // Phase 1: every file complete and on disk, or nothing is published.
  for (auto& s : m_staged) {
    s->stream->flush();
    int error = s->buffer->error();
    if (error == 0 && !*s->stream) {
      error = EIO;
    }
#ifndef _WIN32
    if (error == 0) {
      const mode_t mode = s->replaces ? (s->old.st_mode & 07777) : new_mode;
      if (s->replaces && root && ::fchown(s->fd, s->old.st_uid, s->old.st_gid) != 0) {
        error = errno;
      }
      if (error == 0 && ::fchmod(s->fd, mode) != 0) {
        error = errno;
      }
    }
#endif
    if (error == 0 && sync_file(s->fd) != 0) {
      error = errno;
    }
    const int fd = s->fd;
    s->fd = -1;
    if (close_file(fd) != 0 && error == 0) {
      error = errno;
    }
    if (error != 0) {
      throw Fatal(fmt::format("cannot write {}: {}; no output file was changed", s->path.string(), errno_text(error)));
    }
  }
  // Phase 2: publish.
  std::set<fs::path> directories;
  for (auto& s : m_staged) {
    std::error_code error;
    fs::rename(s->tmp_path, s->path, error);
    if (error) {
      throw Fatal(fmt::format("cannot rename {} to {}: {}", s->tmp_path.string(), s->path.string(), error.message()));
    }
    s->renamed = true;
    directories.insert(s->path.parent_path());
  }
  m_committed = true;
#ifndef _WIN32
  for (const auto& dir : directories) {
    sync_directory(dir);
  }
#endif
}

} // namespace kerbready::util
