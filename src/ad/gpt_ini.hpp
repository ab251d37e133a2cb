#pragma once

// GPT.INI, the file at the root of every GPO folder in SYSVOL ("[General]" and "Version=N"). Its
// version is the GPO's version as SYSVOL holds it; the groupPolicyContainer's versionNumber is the
// directory's. Group Policy compares the two, and so does kerbready: when they differ, SYSVOL
// replication has not caught up with the directory (or the other way round) and the settings read
// may not be the ones in force (MS-GPOL 3.2.5.1.4, "GPO version"). Untrusted input: problems are
// returned, never thrown.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kerbready {

struct GptIni
{
  std::optional<std::uint32_t> version; // [General] Version, when present and a number
  std::vector<std::string> problems;    // why the file cannot be trusted; empty when sound
};

// Read GPT.INI `bytes` (ANSI/UTF-8, or UTF-16LE with a byte-order mark; CRLF or LF; the last line
// may lack its line end, as Samba writes it).
[[nodiscard]] GptIni read_gpt_ini(std::string_view bytes);

} // namespace kerbready
