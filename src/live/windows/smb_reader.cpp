// The Windows backend of smb_reader.hpp: the redirector reads \\server\SYSVOL\... as the
// logged-on user (Kerberos through SSPI, with the signing and encryption the client's and the
// DC's policies require). Nothing of libsmbclient is used.

#include "src/live/smb_reader.hpp"

#include "src/live/windows/wide.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

namespace kerbready::collect {

struct SmbReader::Impl
{
  SmbOptions options;
};

namespace {

// \\server\`path` with backslashes, as a wide path (UNC names may hold any Unicode).
std::filesystem::path
unc_path(const std::string& server, const std::string& path)
{
  std::string unc = "\\\\" + server + "\\" + path;
  for (auto& c : unc) {
    if (c == '/') {
      c = '\\';
    }
  }
  return std::filesystem::path(widen(unc));
}

} // namespace

expected<std::unique_ptr<SmbReader>>
SmbReader::open(const SmbOptions& options)
{
  if (!options.keytab.empty() || !options.user.empty()) {
    return unexpected(std::string("the Windows build reads SYSVOL as the logged-on user only (no --keytab, --user): "
                                  "run kerbready as the account that should read it"));
  }
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  return std::unique_ptr<SmbReader>(new SmbReader(std::move(impl)));
}

SmbRead
SmbReader::read(const std::string& path, std::size_t max_bytes)
{
  const auto unc = unc_path(m_impl->options.server, path);
  const auto shown = util::sanitize("\\\\" + m_impl->options.server + "\\" + path, 300);
  std::error_code ec;
  const auto status = std::filesystem::status(unc, ec);
  if (status.type() == std::filesystem::file_type::not_found) {
    return SmbRead{SmbStatus::not_found, {}, fmt::format("{}: not found", shown)};
  }
  if (ec) {
    return SmbRead{SmbStatus::failed, {}, fmt::format("{}: {}", shown, ec.message())};
  }
  const auto size = std::filesystem::file_size(unc, ec);
  if (!ec && size > max_bytes) {
    return SmbRead{SmbStatus::failed, {}, fmt::format("{}: larger than {} bytes", shown, max_bytes)};
  }
  std::ifstream in(unc, std::ios::binary);
  if (!in) {
    return SmbRead{SmbStatus::failed, {}, fmt::format("{}: cannot open", shown)};
  }
  std::string bytes;
  bytes.resize(max_bytes + 1);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  if (bytes.size() > max_bytes) {
    return SmbRead{SmbStatus::failed, {}, fmt::format("{}: larger than {} bytes", shown, max_bytes)};
  }
  return SmbRead{SmbStatus::ok, std::move(bytes), {}};
}

std::optional<std::string>
SmbReader::connect(const std::string& share)
{
  std::error_code ec;
  if (!std::filesystem::is_directory(unc_path(m_impl->options.server, share), ec)) {
    return fmt::format("\\\\{}\\{}: {}", util::sanitize(m_impl->options.server, 200), util::sanitize(share, 100),
                       ec ? ec.message() : std::string("not a folder"));
  }
  return std::nullopt;
}

std::string
SmbReader::describe() const
{
  return "Windows redirector (logged-on user)";
}

SmbReader::SmbReader(std::unique_ptr<Impl> impl) : m_impl(std::move(impl))
{
}

SmbReader::~SmbReader() = default;

} // namespace kerbready::collect
