#pragma once

// Group Policy Preferences registry items (SYSVOL Policies/{GUID}/Machine/Preferences/Registry/
// Registry.xml, MS-GPPREF 2.2.1.2): <RegistrySettings> holding <Registry> items (possibly inside
// <Collection> folders), each with one <Properties action= hive= key= name= type= value=/>.
// Many estates set LmCompatibilityLevel, DisableLoopbackCheck and BackConnectionHostNames this way
// rather than through the security template, so these values join the GPO's registry values and
// take part in precedence like them (the Preferences extension runs after the security and
// registry extensions, so within one GPO a preference wins).
//
// Read: HKEY_LOCAL_MACHINE items with action C (create), R (replace) or U (update); items or
// collections with disabled="1" and action D (delete) are skipped; REG_DWORD data (8 hex digits)
// becomes decimal, REG_MULTI_SZ entries are joined with commas as in GptTmpl.inf. Item-level
// targeting (<Filters>) is not evaluated: a filtered item counts as applying wherever its GPO does.
// Untrusted input: malformed XML is reported as problems, never a crash.

#include "src/model/snapshot.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace kerbready {

struct GppRegistryFile
{
  std::vector<GpoRegistryValue> values; // paths "MACHINE\<key>\<name>", as GptTmpl.inf writes them
  std::vector<std::string> problems;    // why the file cannot be trusted whole; empty when sound
};

// Read Registry.xml `bytes` (UTF-8, or UTF-16LE with a byte-order mark).
[[nodiscard]] GppRegistryFile read_gpp_registry(std::string_view bytes);

} // namespace kerbready
