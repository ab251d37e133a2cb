#pragma once

// Builders for DFS directory values (MS-DFSNM): msDFS-TargetListv2 XML and domainV1 pKT blobs.

#include "src/model/snapshot.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace kerbready::test {

// Return ASCII `s` as UTF-16LE.
inline std::string
utf16le(const std::string& s)
{
  std::string out;
  for (const char c : s) {
    out += c;
    out += '\0';
  }
  return out;
}

// Return an msDFS-TargetListv2 value (BOM + UTF-16LE XML) with `uncs` as targets.
inline std::string
target_list(const std::vector<std::string>& uncs)
{
  std::string xml = "<?xml version=\"1.0\" encoding=\"utf-16\"?>\r\n<targets "
                    "xmlns=\"http://schemas.microsoft.com/dfs/2007/03\">";
  for (const auto& unc : uncs) {
    xml += "<target state=\"online\" priorityClass=\"SiteCostNormal\" priorityRank=\"0\">" + unc + "</target>";
  }
  xml += "</targets>";
  return std::string("\xFF\xFE", 2) + utf16le(xml);
}

inline void
put32(std::string& out, std::uint32_t v)
{
  for (int i = 0; i < 4; ++i) {
    out += static_cast<char>((v >> (8 * i)) & 0xFF);
  }
}

inline void
put_string16(std::string& out, const std::string& s)
{
  const auto w = utf16le(s);
  out += static_cast<char>(w.size() & 0xFF);
  out += static_cast<char>((w.size() >> 8) & 0xFF);
  out += w;
}

// Return a DFSNamespaceRootBLOB/LinkBLOB body for `prefix` with (server, share) targets.
inline std::string
pkt_root_or_link(const std::string& prefix, bool root, const std::vector<std::pair<std::string, std::string>>& targets)
{
  std::string out(16, '\x11'); // GUID
  put_string16(out, prefix);
  put_string16(out, prefix);
  put32(out, root ? 0x81 : 0x1);
  put32(out, 1);
  put_string16(out, "");
  out += std::string(24, '\0'); // three timestamps
  put32(out, 3);                // version
  std::string list;
  put32(list, static_cast<std::uint32_t>(targets.size()));
  for (const auto& [server, share] : targets) {
    std::string entry(8, '\0'); // timestamp
    put32(entry, 2);            // online
    put32(entry, 0);
    put_string16(entry, server);
    put_string16(entry, share);
    put32(list, static_cast<std::uint32_t>(entry.size()));
    list += entry;
  }
  put32(out, static_cast<std::uint32_t>(list.size()));
  out += list;
  put32(out, 0);   // reserved BLOB size
  put32(out, 300); // referral TTL
  return out;
}

// Return a pKT blob holding `elements` as (BLOBName, BLOBData).
inline std::string
pkt(const std::vector<std::pair<std::string, std::string>>& elements)
{
  std::string out;
  put32(out, 0);
  put32(out, static_cast<std::uint32_t>(elements.size()));
  for (const auto& [name, data] : elements) {
    put_string16(out, name);
    put32(out, static_cast<std::uint32_t>(data.size()));
    out += data;
  }
  return out;
}

// Add a DFS directory object of `object_class` (lowercase) with `attributes` to `snapshot`.
inline RawObject&
add_dfs_object(Snapshot& snapshot, const std::string& dn, const std::string& object_class,
               std::map<std::string, std::vector<std::string>> attributes)
{
  RawObject object;
  object.dn = dn;
  object.domain = "corp.example.com";
  object.object_classes = {"top", object_class};
  object.attributes = std::move(attributes);
  snapshot.dfs_objects.push_back(object);
  return snapshot.dfs_objects.back();
}

} // namespace kerbready::test
