// The libsmbclient backend of smb_reader.hpp (Linux, macOS, MSYS2).

#include "src/live/smb_reader.hpp"

#include "src/live/openldap/kerberos.hpp"
#include "src/util/secret.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>
#include <krb5.h>

#include <fcntl.h>
#include <libsmbclient.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sys/stat.h>

namespace kerbready::collect {

namespace {

// The configuration libsmbclient loads instead of the host's smb.conf.
constexpr const char* k_client_conf = "[global]\n"
                                      "\tname resolve order = host\n"
                                      "\tdisable netbios = yes\n"
                                      "\tsmb ports = 445\n"
                                      "\tclient min protocol = SMB2_02\n"
                                      "\tclient max protocol = SMB3\n"
                                      "\tclient signing = required\n"
                                      "\tclient smb encrypt = required\n"
                                      "\tclient use kerberos = required\n"
                                      "\tclient lanman auth = no\n"
                                      "\tclient plaintext auth = no\n"
                                      "\tclient ntlmv2 auth = yes\n"
                                      "\tlog level = 1\n";

// Restores an environment variable when it goes out of scope.
class ScopedEnvironment
{
public:
  ScopedEnvironment(const char* name, const std::string& value) : m_name(name)
  {
    if (const char* old = std::getenv(name)) {
      m_old = old;
    }
    ::setenv(name, value.c_str(), 1);
  }
  ScopedEnvironment(const ScopedEnvironment&) = delete;
  ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;
  ~ScopedEnvironment()
  {
    if (m_old) {
      ::setenv(m_name, m_old->c_str(), 1);
    } else {
      ::unsetenv(m_name);
    }
  }

private:
  const char* m_name;
  std::optional<std::string> m_old;
};

} // namespace

struct SmbReader::Impl
{
  SmbOptions options;
  SMBCCTX* ctx = nullptr;
  std::string private_dir; // holds the file cache a keytab ticket is copied to; removed with the reader
  std::unique_ptr<KeytabTicket> ticket;
  std::unique_ptr<ScopedEnvironment> cache; // KRB5CCNAME while the reader lives
  std::string user;
  std::string workgroup;
  std::string last_log; // the library's last message, for error lines
  std::string credentials;

  ~Impl()
  {
    if (ctx != nullptr) {
      smbc_free_context(ctx, 1);
    }
    util::secure_zero(options.password);
    if (!private_dir.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(private_dir, ec);
    }
  }
};

namespace {

void
log_callback(void* user, int /*level*/, const char* message)
{
  auto* impl = static_cast<SmbReader::Impl*>(user);
  std::string text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  if (!text.empty()) {
    impl->last_log = std::move(text);
  }
}

void
copy_out(char* out, int size, const std::string& value)
{
  if (size <= 0) {
    return;
  }
  const auto n = std::min(value.size(), static_cast<std::size_t>(size - 1));
  std::memcpy(out, value.data(), n);
  out[n] = '\0';
}

void
auth_callback(SMBCCTX* ctx, const char* /*server*/, const char* /*share*/, char* workgroup, int workgroup_size,
              char* user, int user_size, char* password, int password_size)
{
  auto* impl = static_cast<SmbReader::Impl*>(smbc_getOptionUserData(ctx));
  if (impl == nullptr || impl->options.password.empty()) {
    // Kerberos from the ticket cache: the library's defaults stand (an empty name would mean a
    // guest logon); the client principal is the cache's.
    return;
  }
  copy_out(workgroup, workgroup_size, impl->workgroup);
  copy_out(user, user_size, impl->user);
  copy_out(password, password_size, impl->options.password);
}

std::string
temporary_root()
{
  const char* tmp = std::getenv("TMPDIR");
  return tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
}

// Write the client configuration to a private temporary file; return its path.
expected<std::string>
write_client_conf()
{
  std::string path = temporary_root() + "/kerbready-smb-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) {
    return unexpected(fmt::format("cannot create a temporary file for the SMB client: {}", std::strerror(errno)));
  }
  const std::string_view conf(k_client_conf);
  const bool ok = ::write(fd, conf.data(), conf.size()) == static_cast<ssize_t>(conf.size());
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    return unexpected(std::string("cannot write the SMB client configuration"));
  }
  return path;
}

// Copy the in-memory cache `memory_cache` to FILE:`path`. Samba's client library carries its own
// Kerberos library, which cannot see MIT Kerberos' MEMORY: caches; a file cache both can read.
expected<void>
copy_cache(const std::string& memory_cache, const std::string& path)
{
  krb5_context ctx = nullptr;
  if (krb5_init_context(&ctx) != 0) {
    return unexpected(std::string("cannot initialise Kerberos"));
  }
  krb5_ccache from = nullptr;
  krb5_ccache to = nullptr;
  krb5_principal client = nullptr;
  auto code = krb5_cc_resolve(ctx, memory_cache.c_str(), &from);
  if (code == 0) {
    code = krb5_cc_get_principal(ctx, from, &client);
  }
  if (code == 0) {
    code = krb5_cc_resolve(ctx, ("FILE:" + path).c_str(), &to);
  }
  if (code == 0) {
    code = krb5_cc_initialize(ctx, to, client);
  }
  if (code == 0) {
    code = krb5_cc_copy_creds(ctx, from, to);
  }
  std::string message;
  if (code != 0) {
    const char* text = krb5_get_error_message(ctx, code);
    message = text != nullptr ? text : "unknown error";
    krb5_free_error_message(ctx, text);
  }
  if (client != nullptr) {
    krb5_free_principal(ctx, client);
  }
  if (to != nullptr) {
    krb5_cc_close(ctx, to);
  }
  if (from != nullptr) {
    krb5_cc_close(ctx, from);
  }
  krb5_free_context(ctx);
  if (code != 0) {
    return unexpected(fmt::format("cannot hand the keytab's ticket to the SMB client: {}", message));
  }
  return {};
}

} // namespace

expected<std::unique_ptr<SmbReader>>
SmbReader::open(const SmbOptions& options)
{
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  if (!options.keytab.empty()) {
    auto ticket = KeytabTicket::acquire(options.keytab, options.principal);
    if (!ticket) {
      return unexpected(ticket.error());
    }
    impl->ticket = std::move(*ticket);
    // A private directory (mode 0700) holds the copy for the time of the read.
    std::string dir = temporary_root() + "/kerbready-smb-XXXXXX";
    if (::mkdtemp(dir.data()) == nullptr) {
      return unexpected(fmt::format("cannot create a private directory for the SMB client: {}", std::strerror(errno)));
    }
    impl->private_dir = dir;
    if (auto copied = copy_cache(impl->ticket->cache_name(), dir + "/ccache"); !copied) {
      return unexpected(copied.error());
    }
    impl->cache = std::make_unique<ScopedEnvironment>("KRB5CCNAME", "FILE:" + dir + "/ccache");
    impl->credentials = fmt::format("Kerberos (keytab, {})", impl->ticket->principal());
  } else if (!options.password.empty()) {
    // The library gets a Kerberos ticket from the password (never NTLM); keep it in memory.
    impl->cache = std::make_unique<ScopedEnvironment>("KRB5CCNAME", "MEMORY:kerbready-smb");
    if (const auto backslash = options.user.find('\\'); backslash != std::string::npos) {
      impl->workgroup = options.user.substr(0, backslash);
      impl->user = options.user.substr(backslash + 1);
    } else if (const auto at = options.user.rfind('@'); at != std::string::npos) {
      // Kerberos realms are upper-case: auditor@corp.example.com logs on as auditor@CORP.EXAMPLE.COM.
      impl->user = options.user.substr(0, at + 1) + util::to_upper(options.user.substr(at + 1));
    } else {
      impl->user = options.user;
    }
    impl->credentials = fmt::format("Kerberos (password of {})", util::sanitize(options.user, 100));
  } else {
    impl->credentials = "Kerberos (ticket cache)";
  }
  impl->ctx = smbc_new_context();
  if (impl->ctx == nullptr) {
    return unexpected(std::string("cannot create an SMB client context (libsmbclient)"));
  }
  auto* ctx = impl->ctx;
  smbc_setDebug(ctx, 0);
  smbc_setLogCallback(ctx, impl.get(), log_callback);
  smbc_setOptionUserData(ctx, impl.get());
  smbc_setFunctionAuthDataWithContext(ctx, auth_callback);
  smbc_setOptionUseKerberos(ctx, 1);
  smbc_setOptionFallbackAfterKerberos(ctx, 0); // never NTLM
  // The "ccache" option lets winbindd's cached NTLM credentials be used; Kerberos reads the ticket
  // cache (KRB5CCNAME) without it.
  smbc_setOptionUseCCache(ctx, 0);
  smbc_setOptionNoAutoAnonymousLogin(ctx, 1);
  smbc_setOptionSmbEncryptionLevel(ctx, SMBC_ENCRYPTLEVEL_REQUIRE);
  smbc_setOptionOneSharePerServer(ctx, 1);
  smbc_setTimeout(ctx, options.timeout_seconds * 1000);
  auto conf = write_client_conf();
  if (!conf) {
    return unexpected(conf.error());
  }
  const int loaded = smbc_setConfiguration(ctx, conf->c_str());
  ::unlink(conf->c_str());
  if (loaded != 0) {
    return unexpected(std::string("the SMB client library refused its configuration"));
  }
  if (smbc_init_context(ctx) == nullptr) {
    return unexpected(fmt::format("cannot initialise the SMB client library: {}", std::strerror(errno)));
  }
  smbc_setOptionProtocols(ctx, "SMB2_02", "SMB3");
  return std::unique_ptr<SmbReader>(new SmbReader(std::move(impl)));
}

namespace {

// Whether `error` (errno after a libsmbclient call) means the connection to the DC is gone, as
// opposed to a problem with one file.
bool
connection_lost(int error)
{
  return error == ECONNREFUSED || error == ETIMEDOUT || error == EHOSTUNREACH || error == ENETUNREACH ||
         error == ECONNRESET || error == ECONNABORTED || error == EPIPE || error == EHOSTDOWN;
}

} // namespace

std::optional<std::string>
SmbReader::connect(const std::string& share)
{
  auto* ctx = m_impl->ctx;
  const auto url = fmt::format("smb://{}/{}", m_impl->options.server, share);
  m_impl->last_log.clear();
  errno = 0;
  struct stat st
  {
  };
  if (smbc_getFunctionStat(ctx)(ctx, url.c_str(), &st) == 0) {
    return std::nullopt;
  }
  const int error = errno;
  return util::sanitize(m_impl->last_log.empty() ? std::string(std::strerror(error))
                                                 : fmt::format("{} ({})", std::strerror(error), m_impl->last_log),
                        300);
}

SmbRead
SmbReader::read(const std::string& path, std::size_t max_bytes)
{
  auto* ctx = m_impl->ctx;
  const auto url = fmt::format("smb://{}/{}", m_impl->options.server, path);
  m_impl->last_log.clear();
  errno = 0;
  SMBCFILE* file = smbc_getFunctionOpen(ctx)(ctx, url.c_str(), O_RDONLY, 0);
  if (file == nullptr) {
    const int error = errno;
    const auto detail = m_impl->last_log.empty() ? std::string(std::strerror(error))
                                                 : fmt::format("{} ({})", std::strerror(error), m_impl->last_log);
    SmbRead r;
    r.message = util::sanitize(detail, 300);
    r.status = error == ENOENT || error == ENOTDIR ? SmbStatus::not_found
               : connection_lost(error)            ? SmbStatus::unreachable
                                                   : SmbStatus::failed;
    return r;
  }
  SmbRead r;
  char buffer[64 * 1024];
  while (true) {
    const auto n = smbc_getFunctionRead(ctx)(ctx, file, buffer, sizeof buffer);
    if (n < 0) {
      const int error = errno;
      r.status = connection_lost(error) ? SmbStatus::unreachable : SmbStatus::failed;
      r.message = fmt::format("read error: {}", std::strerror(error));
      r.bytes.clear();
      break;
    }
    if (n == 0) {
      break;
    }
    r.bytes.append(buffer, static_cast<std::size_t>(n));
    if (r.bytes.size() > max_bytes) {
      r.status = SmbStatus::failed;
      r.message = fmt::format("larger than {} MiB: not read", max_bytes >> 20);
      r.bytes.clear();
      break;
    }
  }
  smbc_getFunctionClose(ctx)(ctx, file);
  return r;
}

std::string
SmbReader::describe() const
{
  return fmt::format("SMB 2.02 or later, {}, signing and encryption required", m_impl->credentials);
}

SmbReader::SmbReader(std::unique_ptr<Impl> impl) : m_impl(std::move(impl))
{
}

SmbReader::~SmbReader() = default;

} // namespace kerbready::collect
