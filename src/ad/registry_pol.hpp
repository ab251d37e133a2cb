#pragma once

// Group Policy Administrative Templates settings file (SYSVOL Policies/{GUID}/MACHINE/Registry.pol),
// the "PReg" format of MS-GPREG 2.2.1: a 4-byte signature "PReg", a little-endian DWORD version (1),
// then entries `[key;value;type;size;data]` where the brackets and semicolons are UTF-16LE
// characters, key and value are NUL-terminated UTF-16LE strings, type and size little-endian
// DWORDs and data `size` raw bytes.
//
// Untrusted input: the parser never reads out of bounds; a malformed entry (missing delimiter,
// string without NUL, size beyond the end) stops parsing with a problem, keeping the entries
// before it. Special value names ("**del.X", "**delvals.", …: deletions) are kept as read.

#include "src/model/snapshot.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kerbready {

struct RegistryPolEntry
{
  std::string key;        // UTF-8, e.g. "Software\Policies\Microsoft\Windows NT\Rpc"
  std::string value;      // UTF-8 value name, e.g. "EnableAuthEpResolution"
  std::uint32_t type = 0; // REG_SZ 1, REG_EXPAND_SZ 2, REG_BINARY 3, REG_DWORD 4, REG_MULTI_SZ 7, REG_QWORD 11
  std::string data;       // raw bytes
};

struct RegistryPolFile
{
  std::vector<RegistryPolEntry> entries;
  std::vector<std::string> problems; // why parsing stopped or what was skipped; empty when clean
};

// Parse `bytes`. Never throws on content.
[[nodiscard]] RegistryPolFile parse_registry_pol(std::string_view bytes);

// Convert the entries to GptTmpl.inf-style registry values under `hive` ("MACHINE"): path
// "<hive>\<key>\<value>", REG_DWORD data as decimal, REG_SZ/REG_EXPAND_SZ as text, REG_MULTI_SZ as
// comma-separated text (as GptTmpl.inf writes it). Other types and "**" special entries are
// skipped.
[[nodiscard]] std::vector<GpoRegistryValue> registry_pol_values(const RegistryPolFile& file, std::string_view hive);

} // namespace kerbready
