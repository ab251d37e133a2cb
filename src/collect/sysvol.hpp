#pragma once

// Offline SYSVOL input (scan --sysvol DIR): a copy of a domain's SYSVOL Policies tree, one folder
// per GPO named by its GUID, each possibly holding MACHINE/Microsoft/Windows NT/SecEdit/GptTmpl.inf
// (security template) and MACHINE/Registry.pol (Administrative Templates, src/registry_pol.hpp).
// Path components are matched case-insensitively (copies made from Windows keep any case).

#include "src/error.hpp"
#include "src/snapshot.hpp"

#include <string>
#include <vector>

namespace kerbready::collect {

// Read the GptTmpl.inf and Registry.pol of every GPO folder under `dir` (or `dir`/Policies when present). Returns an
// error when `dir` is not a readable directory; files that cannot be read become diagnostics in
// `diagnostics`.
[[nodiscard]] expected<std::vector<GpoPolicy>> load_sysvol(const std::string& dir, std::vector<Diagnostic>& diagnostics);

// Attach `policies` to `snapshot`: match each to its groupPolicyContainer (by GUID) for DN, domain
// and displayName, mark DataSet::sysvol as read, and add a diagnostic for every GPO container in
// the snapshot whose folder is missing from the copy (the copy is then partial).
void attach_gpo_policies(Snapshot& snapshot, std::vector<GpoPolicy> policies);

} // namespace kerbready::collect
