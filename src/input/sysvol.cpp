#include "src/input/sysvol.hpp"

#include "src/ad/gpo.hpp"
#include "src/ad/gpp_registry.hpp"
#include "src/ad/gpt_ini.hpp"
#include "src/ad/registry_pol.hpp"
#include "src/util/ad.hpp"
#include "src/util/input_guard.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <map>
#include <optional>
#include <set>

namespace kerbready::collect {

namespace {

namespace fs = std::filesystem;

// Return the child of `dir` named `name` in any case, or an empty path.
fs::path
child_icase(const fs::path& dir, std::string_view name)
{
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (util::iequals(it->path().filename().string(), name)) {
      return it->path();
    }
  }
  return {};
}

// Read `file` whole; nullopt and a diagnostic naming the file when it is not a regular file (a
// FIFO would block), unreadable or larger than the limit.
std::optional<std::string>
read_small_file(const fs::path& file, std::vector<Diagnostic>& diagnostics)
{
  const auto fail = [&](const std::string& why) {
    diagnostics.push_back(Diagnostic{file.string(), fmt::format("{}: {}", util::sanitize(file.string(), 300), why)});
    return std::nullopt;
  };
  if (const auto problem = util::regular_file_problem(file)) {
    return fail(*problem);
  }
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (ec) {
    return fail(ec.message());
  }
  if (size > k_max_sysvol_file_bytes) {
    return fail(fmt::format("larger than {} MiB", k_max_sysvol_file_bytes >> 20));
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return fail("cannot open for reading");
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    return fail("read error");
  }
  return bytes;
}

bool
looks_like_guid_folder(const std::string& name)
{
  return name.size() == 38 && name.front() == '{' && name.back() == '}';
}

// Return the index in k_gpo_files of `relative` (the path inside a GPO folder), or -1.
int
gpo_file_kind(std::string_view relative)
{
  for (std::size_t i = 0; i < k_gpo_files.size(); ++i) {
    if (util::iequals(relative, k_gpo_files[i])) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

} // namespace

GpoPolicy
policy_from_files(const std::string& guid, const std::vector<SysvolFile>& files, std::string_view origin,
                  std::vector<Diagnostic>& diagnostics)
{
  GpoPolicy policy;
  policy.guid = util::to_upper(guid);
  const SysvolFile* by_kind[k_gpo_files.size()] = {};
  for (const auto& file : files) {
    const auto slash = file.path.find('/');
    if (slash == std::string::npos) {
      continue;
    }
    if (const auto kind = gpo_file_kind(std::string_view(file.path).substr(slash + 1)); kind >= 0) {
      by_kind[kind] = &file;
    }
  }
  const auto diagnose = [&](const SysvolFile& file, const std::string& problem) {
    diagnostics.push_back(
      Diagnostic{fmt::format("{}/{}", origin, file.path),
                 fmt::format("{}: {}", util::sanitize(file.path, 300), util::sanitize(problem, 300))});
  };
  if (const auto* ini = by_kind[0]) {
    const auto parsed = read_gpt_ini(ini->bytes);
    for (const auto& problem : parsed.problems) {
      diagnose(*ini, problem);
    }
    policy.gpt_version = parsed.version;
  }
  if (const auto* tmpl = by_kind[1]) {
    policy.file = tmpl->path;
    auto parsed = read_gpttmpl(tmpl->bytes);
    for (const auto& problem : parsed.problems) {
      diagnose(*tmpl, problem);
    }
    policy.registry_values = std::move(parsed.values);
  }
  // Administrative Templates settings (MS-GPREG Registry.pol), e.g. the RPC policies.
  if (const auto* pol = by_kind[2]) {
    const auto parsed = parse_registry_pol(pol->bytes);
    for (const auto& problem : parsed.problems) {
      diagnose(*pol, problem);
    }
    for (auto& value : registry_pol_values(parsed, "MACHINE")) {
      value.file = pol->path;
      policy.registry_values.push_back(std::move(value));
    }
    if (policy.file.empty()) {
      policy.file = pol->path;
    }
  }
  // Group Policy Preferences run after the other two: appended last, they win within the GPO.
  if (const auto* gpp = by_kind[3]) {
    auto parsed = read_gpp_registry(gpp->bytes);
    for (const auto& problem : parsed.problems) {
      diagnose(*gpp, problem);
    }
    for (auto& value : parsed.values) {
      value.file = gpp->path;
      policy.registry_values.push_back(std::move(value));
    }
    if (policy.file.empty()) {
      policy.file = gpp->path;
    }
  }
  return policy;
}

expected<std::vector<SysvolFile>>
read_sysvol_dir(const std::string& dir, std::vector<std::string>& folder_names, std::vector<Diagnostic>& diagnostics)
{
  std::error_code ec;
  fs::path root(dir);
  if (!fs::is_directory(root, ec)) {
    return unexpected(fmt::format("--sysvol {}: not a directory", dir));
  }
  if (auto policies = child_icase(root, "Policies"); !policies.empty()) {
    root = policies;
  }
  std::vector<fs::path> folders;
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code entry_ec; // a dangling link is one entry's problem, not the listing's
    if (it->is_directory(entry_ec) && looks_like_guid_folder(it->path().filename().string())) {
      folders.push_back(it->path());
    }
  }
  if (ec) {
    return unexpected(fmt::format("--sysvol {}: {}", dir, ec.message()));
  }
  std::sort(folders.begin(), folders.end());
  std::vector<SysvolFile> files;
  // SYSVOL holds no symbolic links: one in a copy (or in a saved folder, whose files are verified
  // against its SHA256SUMS) would make kerbready read outside it. Refused, by name.
  const auto is_link = [&](const fs::path& path) {
    std::error_code link_ec;
    if (!fs::is_symlink(fs::symlink_status(path, link_ec))) {
      return false;
    }
    diagnostics.push_back(
      Diagnostic{path.string(), fmt::format("{}: a symbolic link, not read", util::sanitize(path.string(), 300))});
    return true;
  };
  for (const auto& folder : folders) {
    if (is_link(folder)) {
      continue;
    }
    folder_names.push_back(folder.filename().string());
    for (const auto name : k_gpo_files) {
      // The path in the report is built from the names found, never resolved: "{GUID}/Machine/…".
      fs::path file = folder;
      std::string relative = folder.filename().string();
      for (const auto part : util::split(name, '/')) {
        file = child_icase(file, part);
        if (file.empty() || is_link(file)) {
          file.clear();
          break;
        }
        relative += '/' + file.filename().string();
      }
      if (file.empty()) {
        continue;
      }
      if (auto bytes = read_small_file(file, diagnostics)) {
        files.push_back(SysvolFile{std::move(relative), std::move(*bytes)});
      }
    }
  }
  return files;
}

std::vector<GpoPolicy>
policies_from_files(const std::vector<SysvolFile>& files, const std::vector<std::string>& folders,
                    std::string_view origin, std::vector<Diagnostic>& diagnostics)
{
  std::map<std::string, std::pair<std::string, std::vector<SysvolFile>>> by_folder; // upper GUID -> (name, files)
  for (const auto& folder : folders) {
    by_folder.emplace(util::to_upper(folder), std::pair{folder, std::vector<SysvolFile>()});
  }
  for (const auto& file : files) {
    const auto folder = file.path.substr(0, file.path.find('/'));
    auto& entry = by_folder[util::to_upper(folder)];
    entry.first = folder;
    entry.second.push_back(file);
  }
  std::vector<GpoPolicy> out;
  for (const auto& [upper, entry] : by_folder) {
    if (looks_like_guid_folder(entry.first)) {
      out.push_back(policy_from_files(entry.first, entry.second, origin, diagnostics));
    }
  }
  return out;
}

expected<std::vector<GpoPolicy>>
load_sysvol(const std::string& dir, std::vector<Diagnostic>& diagnostics)
{
  std::vector<std::string> folders;
  auto files = read_sysvol_dir(dir, folders, diagnostics);
  if (!files) {
    return unexpected(files.error());
  }
  std::error_code ec;
  fs::path root(dir);
  if (auto policies = child_icase(root, "Policies"); !policies.empty()) {
    root = policies;
  }
  return policies_from_files(*files, folders, root.string(), diagnostics);
}

void
attach_gpo_policies(Snapshot& snapshot, std::vector<GpoPolicy> policies, VersionCheck versions)
{
  std::set<std::string> seen;
  for (auto& policy : policies) {
    seen.insert(util::to_upper(policy.guid));
    for (const auto& gpo : snapshot.gpos) {
      if (util::iequals(util::first_rdn_value(gpo.dn), policy.guid)) {
        policy.dn = gpo.dn;
        policy.domain = gpo.domain;
        if (const auto* name = gpo.first("displayname")) {
          policy.display_name = *name;
        }
        const auto* number = gpo.first("versionnumber");
        std::int64_t directory_version = -1;
        if (number != nullptr) {
          directory_version = util::parse_int(util::trim(*number)).value_or(-1);
        }
        if (versions == VersionCheck::yes && policy.gpt_version && directory_version >= 0 &&
            static_cast<std::uint32_t>(directory_version) != *policy.gpt_version) {
          snapshot.diagnostics.push_back(Diagnostic{
            gpo.dn, fmt::format("GPO {} ({}): SYSVOL replication is behind: GPT.INI has version {}, the directory's "
                                "versionNumber is {}; the settings read may not be those in force (check DFS-R "
                                "replication of SYSVOL, then scan again)",
                                util::sanitize(policy.guid, 60), util::sanitize(gpo.dn, 200), *policy.gpt_version,
                                static_cast<std::uint32_t>(directory_version))});
        }
      }
    }
  }
  for (const auto& gpo : snapshot.gpos) {
    const auto guid = util::to_upper(util::first_rdn_value(gpo.dn));
    if (seen.count(guid) == 0) {
      snapshot.diagnostics.push_back(
        Diagnostic{"--sysvol", fmt::format("GPO {} ({}) has no folder in SYSVOL: its settings were not read",
                                           util::sanitize(guid, 60), util::sanitize(gpo.dn, 200))});
    }
  }
  snapshot.gpo_policies = std::move(policies);
  snapshot.data_sets |= static_cast<unsigned>(DataSet::sysvol);
}

} // namespace kerbready::collect
