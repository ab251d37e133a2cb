#pragma once

// A live scan's SYSVOL: the files the GPO checks need (src/input/sysvol.hpp k_gpo_files), read
// over SMB (src/live/smb_reader.hpp) from the DC the directory was read from, with the same
// credentials, for the GPOs the directory lists (groupPolicyContainer gPCFileSysPath).

#include "src/input/entry.hpp"
#include "src/input/sysvol.hpp"
#include "src/live/ldap_collector.hpp"
#include "src/live/ldap_connection.hpp"
#include "src/model/snapshot.hpp"

#include <map>
#include <string>
#include <vector>

namespace kerbready::collect {

// A GPO to read: its container, domain and SYSVOL path as the directory gives them.
struct GpoTarget
{
  std::string dn;
  std::string guid;   // from the first RDN, upper-case
  std::string domain; // DNS name of the domain holding the container
  std::string file_sys_path;
};

// Collects the GPO containers among the entries of a live read (feed it every entry).
class GpoTargets
{
public:
  void add(const Entry& entry);
  [[nodiscard]] const std::vector<GpoTarget>& targets() const { return m_targets; }

private:
  std::vector<GpoTarget> m_targets;
};

struct LiveSysvol
{
  std::vector<SysvolFile> files;                 // paths relative to the Policies folder
  std::vector<std::string> folders;              // GPO folders found
  std::vector<Diagnostic> problems;              // files that could not be read, odd gPCFileSysPath values
  std::string origin;                            // "smb://dc1.corp.example.com/SYSVOL" (for diagnostics)
  std::map<std::string, std::string> collection; // for the report's metadata
};

// Read the SYSVOL files of `targets` from the DCs `read` went to (each GPO from the DC of its
// domain; a DC given by IP address is reached by its dnsHostName, as Kerberos needs a name) with
// `connection`'s credentials. Throws Fatal (exit 3) with one line naming
// the DC, what failed and what to try when SYSVOL cannot be reached at all (port closed, logon
// refused, SMB1 only, access denied to the share).
[[nodiscard]] LiveSysvol read_live_sysvol(const ConnectionOptions& connection, const CollectSummary& read,
                                          const std::vector<GpoTarget>& targets);

} // namespace kerbready::collect
