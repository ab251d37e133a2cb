#pragma once

// Domain-based DFS namespaces as stored in the directory (MS-DFSNM): domainV2 msDFS-Namespacev2 /
// msDFS-Linkv2 objects with msDFS-TargetListv2 (UTF-16LE XML after a BOM), and domainV1 fTDfs
// objects with remoteServerName and the pKT blob (2.3.3). Both are untrusted bytes: parsers are
// bounds-checked and return nullopt for truncated or garbage input, never crash.

#include "src/model/snapshot.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kerbready {

struct DfsTarget
{
  std::string server; // as written
  std::string share;  // may hold a path ("share\sub")
  std::string state;  // "online"/"offline" when known
};

// Parse a UNC path "\\server\share[\…]". Returns nullopt when it is not one.
[[nodiscard]] std::optional<DfsTarget> parse_unc(std::string_view path);

// Parse an msDFS-TargetListv2 value: the <target> elements' UNC paths. nullopt when the value is
// not a decodable target list.
[[nodiscard]] std::optional<std::vector<DfsTarget>> parse_dfs_target_list(std::string_view bytes);

struct PktEntry
{
  std::string prefix; // "\DFSN-DEV\testroot1[\link]"
  bool is_root = false;
  std::vector<DfsTarget> targets;
};

// Parse a domainV1 pKT blob (BLOBVersion 0). Site information elements are skipped. nullopt for
// anything malformed (many pKT values are placeholders).
[[nodiscard]] std::optional<std::vector<PktEntry>> parse_pkt(std::string_view bytes);

enum class DfsVersion { v1, v2 };

struct DfsNamespace
{
  std::string dn;
  std::string domain;
  std::string name; // "\\corp.example.com\<name>"
  DfsVersion version = DfsVersion::v2;
  std::vector<DfsTarget> root_targets;
  struct Link
  {
    std::string dn;
    std::string path; // as stored ("/apps/tools") or the pKT prefix
    std::vector<DfsTarget> targets;
  };
  std::vector<Link> links;
  std::vector<std::string> undecodable; // DNs (or DN + attribute) whose targets could not be read
};

// Return the DFS namespaces in `snapshot.dfs_objects`, sorted by DN: decodes every target list.
[[nodiscard]] std::vector<DfsNamespace> collect_dfs_namespaces(const Snapshot& snapshot);

// Return the path PowerShell's DFSN cmdlets take (-Path) for a link stored as `link_path` in the
// namespace `namespace_name` ("\\domain\ns"): "\\domain\ns\link" for a domainV2 link stored as
// "/link" and for a domainV1 pKT prefix "\domain\ns\link"; the namespace itself when `link_path`
// is empty (root targets).
[[nodiscard]] std::string dfs_cmdlet_path(const std::string& namespace_name, const std::string& link_path);

// Return collect_dfs_namespaces(snapshot), decoded once per snapshot and cached with its other
// indexes (src/ad/snapshot_indexes.hpp): what checks and the probe read.
[[nodiscard]] const std::vector<DfsNamespace>& dfs_namespaces(const Snapshot& snapshot);

} // namespace kerbready
