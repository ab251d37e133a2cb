#include "src/input/sysvol_saved.hpp"

#include "src/util/sha256.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#ifndef _WIN32
#include <unistd.h>
#endif

namespace kerbready::collect {

namespace {

namespace fs = std::filesystem;

constexpr const char* k_manifest = "SHA256SUMS";

int
process_id()
{
#ifdef _WIN32
  return 0;
#else
  return static_cast<int>(::getpid());
#endif
}

// A path from SHA256SUMS or a saved copy that stays inside the folder.
bool
safe_relative(const std::string& path)
{
  if (path.empty() || path.front() == '/' || path.find('\\') != std::string::npos) {
    return false;
  }
  for (const auto part : util::split(path, '/')) {
    if (part.empty() || part == "." || part == "..") {
      return false;
    }
  }
  return true;
}

} // namespace

expected<std::map<std::string, std::string>>
parse_sysvol_manifest(std::string_view text)
{
  std::map<std::string, std::string> hashes;
  std::size_t number = 0;
  for (const auto line : util::split(text, '\n')) {
    ++number;
    if (line.empty() && number > 0 && line.data() + line.size() == text.data() + text.size()) {
      break; // the newline that ends the last line
    }
    const bool hex = line.size() >= 64 && std::all_of(line.begin(), line.begin() + 64, [](char c) {
                       return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                     });
    const auto path = line.size() > 66 ? std::string(line.substr(66)) : std::string();
    const bool printable =
      std::none_of(path.begin(), path.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
    if (!hex || line.compare(64, 2, "  ") != 0 || !printable || !safe_relative(path)) {
      return unexpected(fmt::format("line {} is not '<sha256>  <relative path>'", number));
    }
    if (!hashes.emplace(path, std::string(line.substr(0, 64))).second) {
      return unexpected(fmt::format("line {} lists {} a second time", number, util::sanitize(path, 200)));
    }
  }
  return hashes;
}

std::string
saved_sysvol_dir(const std::string& ldif_path)
{
  return ldif_path + ".sysvol";
}

SavedSysvol::SavedSysvol(std::string dir)
    : m_dir(std::move(dir)), m_temporary(fmt::format("{}.tmp-{}", m_dir, process_id()))
{
}

SavedSysvol::~SavedSysvol()
{
  if (!m_committed) {
    std::error_code ec;
    fs::remove_all(m_temporary, ec);
  }
}

expected<void>
SavedSysvol::write(const std::vector<SysvolFile>& files)
{
  std::error_code ec;
  fs::remove_all(m_temporary, ec);
  if (!fs::create_directory(m_temporary, ec)) {
    return unexpected(fmt::format("cannot create {}: {}", util::sanitize(m_temporary, 300), ec.message()));
  }
  std::string manifest;
  for (const auto& file : files) {
    if (!safe_relative(file.path)) {
      return unexpected(fmt::format("refusing to save SYSVOL file '{}'", util::sanitize(file.path, 200)));
    }
    const fs::path target = fs::path(m_temporary) / file.path;
    fs::create_directories(target.parent_path(), ec);
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    out.write(file.bytes.data(), static_cast<std::streamsize>(file.bytes.size()));
    out.close();
    if (!out) {
      return unexpected(fmt::format("cannot write {}", util::sanitize(target.string(), 300)));
    }
    manifest += fmt::format("{}  {}\n", util::sha256_hex(file.bytes), file.path);
  }
  std::ofstream out(fs::path(m_temporary) / k_manifest, std::ios::binary | std::ios::trunc);
  out << manifest;
  out.close();
  if (!out) {
    return unexpected(fmt::format("cannot write {}/{}", util::sanitize(m_temporary, 300), k_manifest));
  }
  return {};
}

expected<void>
SavedSysvol::commit()
{
  std::error_code ec;
  const auto old = fmt::format("{}.old-{}", m_dir, process_id());
  const bool had_old = fs::exists(m_dir, ec);
  if (had_old) {
    fs::rename(m_dir, old, ec);
    if (ec) {
      return unexpected(fmt::format("cannot replace {}: {}", util::sanitize(m_dir, 300), ec.message()));
    }
  }
  fs::rename(m_temporary, m_dir, ec);
  if (ec) {
    return unexpected(fmt::format("cannot create {}: {}", util::sanitize(m_dir, 300), ec.message()));
  }
  m_committed = true;
  if (had_old) {
    fs::remove_all(old, ec);
  }
  return {};
}

void
remove_saved_sysvol(const std::string& dir)
{
  std::error_code ec;
  if (fs::exists(fs::path(dir) / k_manifest, ec)) {
    fs::remove_all(dir, ec);
  }
}

std::optional<expected<std::vector<GpoPolicy>>>
load_saved_sysvol(const std::string& ldif_path, std::vector<Diagnostic>& diagnostics)
{
  const auto dir = saved_sysvol_dir(ldif_path);
  std::error_code ec;
  const auto manifest_path = fs::path(dir) / k_manifest;
  const auto status = fs::symlink_status(manifest_path, ec);
  if (ec || status.type() == fs::file_type::not_found) {
    return std::nullopt; // no saved copy beside this snapshot
  }
  const auto fail = [&](const std::string& what) {
    return std::optional<expected<std::vector<GpoPolicy>>>(unexpected(
      fmt::format("{}: {}; collect the snapshot again, or scan with --sysvol DIR", util::sanitize(dir, 300), what)));
  };
  // There is a saved copy: from here on anything wrong with it is an error, never "no copy".
  if (status.type() != fs::file_type::regular) {
    return fail(fmt::format("{} is not a regular file", k_manifest));
  }
  // A line per file the checks read (four per GPO): far below this for any real domain.
  constexpr std::uintmax_t k_max_manifest_bytes = 64ULL << 20;
  if (fs::file_size(manifest_path, ec) > k_max_manifest_bytes || ec) {
    return fail(fmt::format("{} is larger than {} MiB or unreadable", k_manifest, k_max_manifest_bytes >> 20));
  }
  std::ifstream in(manifest_path, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) {
    return fail(fmt::format("{} cannot be read", k_manifest));
  }
  auto parsed = parse_sysvol_manifest(text);
  if (!parsed) {
    return fail(fmt::format("{} {}", k_manifest, parsed.error()));
  }
  auto expected_hashes = std::move(*parsed);
  std::vector<std::string> folders;
  std::vector<Diagnostic> read_problems;
  auto files = read_sysvol_dir(dir, folders, read_problems);
  if (!files) {
    return fail(files.error());
  }
  if (!read_problems.empty()) {
    return fail(read_problems.front().message);
  }
  for (const auto& file : *files) {
    const auto it = expected_hashes.find(file.path);
    if (it == expected_hashes.end()) {
      return fail(fmt::format("{} is not listed in {}", util::sanitize(file.path, 200), k_manifest));
    }
    if (it->second != util::sha256_hex(file.bytes)) {
      return fail(fmt::format("{} does not match its SHA-256 in {} (changed since it was collected)",
                              util::sanitize(file.path, 200), k_manifest));
    }
    expected_hashes.erase(it);
  }
  if (!expected_hashes.empty()) {
    return fail(
      fmt::format("{} is listed in {} but missing", util::sanitize(expected_hashes.begin()->first, 200), k_manifest));
  }
  return std::optional<expected<std::vector<GpoPolicy>>>(policies_from_files(*files, folders, dir, diagnostics));
}

} // namespace kerbready::collect
