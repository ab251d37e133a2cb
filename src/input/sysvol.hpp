#pragma once

// SYSVOL input for the GPO checks: a domain's SYSVOL Policies tree, one folder per GPO named by its
// GUID, each possibly holding GPT.INI (src/ad/gpt_ini.hpp), MACHINE/Microsoft/Windows NT/SecEdit/
// GptTmpl.inf (security template, src/ad/gpo.hpp), MACHINE/Registry.pol (Administrative Templates,
// src/ad/registry_pol.hpp) and MACHINE/Preferences/Registry/Registry.xml (Group Policy Preferences,
// src/ad/gpp_registry.hpp). The files come from a copy on disk (scan --sysvol DIR, or the folder saved
// beside a snapshot) or from the DC over SMB (src/live/sysvol_live.hpp); either way they are
// parsed here. Path components on disk are matched case-insensitively (copies made from Windows
// keep any case).

#include "src/model/snapshot.hpp"
#include "src/util/error.hpp"

#include <array>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace kerbready::collect {

// One file of a GPO folder: `path` is relative to the Policies folder ("{GUID}/GPT.INI").
struct SysvolFile
{
  std::string path;
  std::string bytes;
};

// The files read in each GPO folder, relative to it, in the spelling used when saving them.
inline constexpr std::array<std::string_view, 4> k_gpo_files = {
  "GPT.INI",
  "MACHINE/Microsoft/Windows NT/SecEdit/GptTmpl.inf",
  "MACHINE/Registry.pol",
  "MACHINE/Preferences/Registry/Registry.xml",
};

// Files larger than this are not read (a diagnostic instead): real ones are a few KiB.
inline constexpr std::uintmax_t k_max_sysvol_file_bytes = std::uintmax_t{16} * 1024 * 1024;

// Parse the files of one GPO folder named `guid` (paths relative to the Policies folder); problems
// become diagnostics whose `where` starts with `origin` (a directory or "smb://dc/…").
[[nodiscard]] GpoPolicy policy_from_files(const std::string& guid, const std::vector<SysvolFile>& files,
                                          std::string_view origin, std::vector<Diagnostic>& diagnostics);

// Read the files of every GPO folder under `dir` (or `dir`/Policies when present), as paths
// relative to the Policies folder. Returns an error when `dir` is not a readable directory; files
// that cannot be read become diagnostics. `folders` receives the GUID folder names found.
[[nodiscard]] expected<std::vector<SysvolFile>>
read_sysvol_dir(const std::string& dir, std::vector<std::string>& folders, std::vector<Diagnostic>& diagnostics);

// Group `files` by GPO folder (the first path component) and parse each; `folders` lists GPO
// folders that exist even when none of their files were read.
[[nodiscard]] std::vector<GpoPolicy> policies_from_files(const std::vector<SysvolFile>& files,
                                                         const std::vector<std::string>& folders,
                                                         std::string_view origin, std::vector<Diagnostic>& diagnostics);

// Read and parse every GPO folder under `dir` (read_sysvol_dir + policies_from_files).
[[nodiscard]] expected<std::vector<GpoPolicy>> load_sysvol(const std::string& dir,
                                                           std::vector<Diagnostic>& diagnostics);

enum class VersionCheck {
  no,  // a hand-made copy (--sysvol): it may be from another day than the directory read
  yes, // read together with the directory (live, or saved with the snapshot): compare versions
};

// Attach `policies` to `snapshot`: match each to its groupPolicyContainer (by GUID) for DN, domain
// and displayName, mark DataSet::sysvol as read, and add a diagnostic for every GPO container in
// the snapshot whose folder is missing from the copy (the copy is then partial). With
// VersionCheck::yes, a GPT.INI version that differs from the container's versionNumber is a
// diagnostic too ("SYSVOL replication is behind").
void attach_gpo_policies(Snapshot& snapshot, std::vector<GpoPolicy> policies, VersionCheck versions = VersionCheck::no);

} // namespace kerbready::collect
