#include "src/collect/sysvol.hpp"

#include "src/gpo.hpp"
#include "src/registry_pol.hpp"
#include "src/util/ad.hpp"
#include "src/util/input_guard.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <set>

namespace kerbready::collect {

namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t k_max_template_bytes = std::uintmax_t{16} * 1024 * 1024;

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

// Return the child path `parts` of `dir`, each component matched in any case, or an empty path.
fs::path
descend_icase(fs::path dir, std::initializer_list<const char*> parts)
{
  for (const auto* part : parts) {
    dir = child_icase(dir, part);
    if (dir.empty()) {
      break;
    }
  }
  return dir;
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
  if (size > k_max_template_bytes) {
    return fail(fmt::format("larger than {} MiB", k_max_template_bytes >> 20));
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

} // namespace

expected<std::vector<GpoPolicy>>
load_sysvol(const std::string& dir, std::vector<Diagnostic>& diagnostics)
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
    if (it->is_directory(ec) && looks_like_guid_folder(it->path().filename().string())) {
      folders.push_back(it->path());
    }
  }
  if (ec) {
    return unexpected(fmt::format("--sysvol {}: {}", dir, ec.message()));
  }
  std::sort(folders.begin(), folders.end());
  std::vector<GpoPolicy> out;
  for (const auto& folder : folders) {
    GpoPolicy policy;
    policy.guid = util::to_upper(folder.filename().string());
    const auto file = descend_icase(folder, {"MACHINE", "Microsoft", "Windows NT", "SecEdit", "GptTmpl.inf"});
    if (!file.empty()) {
      policy.file = fs::relative(file, root, ec).generic_string();
      const auto bytes = read_small_file(file, diagnostics);
      if (!bytes) {
        continue;
      }
      auto parsed = read_gpttmpl(*bytes);
      for (const auto& problem : parsed.problems) {
        diagnostics.push_back(
          Diagnostic{file.string(), fmt::format("{}: {}", util::sanitize(policy.file, 300), problem)});
      }
      policy.registry_values = std::move(parsed.values);
    }
    // Administrative Templates settings (MS-GPREG Registry.pol), e.g. the RPC policies.
    if (const auto pol = descend_icase(folder, {"MACHINE", "Registry.pol"}); !pol.empty()) {
      const auto relative = fs::relative(pol, root, ec).generic_string();
      if (const auto bytes = read_small_file(pol, diagnostics)) {
        const auto parsed = parse_registry_pol(*bytes);
        for (const auto& problem : parsed.problems) {
          diagnostics.push_back(Diagnostic{
            pol.string(), fmt::format("{}: {}", util::sanitize(relative, 300), util::sanitize(problem, 200))});
        }
        for (auto& value : registry_pol_values(parsed, "MACHINE")) {
          value.file = relative;
          policy.registry_values.push_back(std::move(value));
        }
        if (policy.file.empty()) {
          policy.file = relative;
        }
      }
    }
    out.push_back(std::move(policy));
  }
  return out;
}

void
attach_gpo_policies(Snapshot& snapshot, std::vector<GpoPolicy> policies)
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
      }
    }
  }
  for (const auto& gpo : snapshot.gpos) {
    const auto guid = util::to_upper(util::first_rdn_value(gpo.dn));
    if (seen.count(guid) == 0) {
      snapshot.diagnostics.push_back(
        Diagnostic{"--sysvol", fmt::format("GPO {} ({}) has no folder in the SYSVOL copy: its settings were not read",
                                           util::sanitize(guid, 60), util::sanitize(gpo.dn, 200))});
    }
  }
  snapshot.gpo_policies = std::move(policies);
  snapshot.data_sets |= static_cast<unsigned>(DataSet::sysvol);
}

} // namespace kerbready::collect
