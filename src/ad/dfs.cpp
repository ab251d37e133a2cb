#include "src/ad/dfs.hpp"

#include "src/ad/snapshot_indexes.hpp"
#include "src/util/ad.hpp"
#include "src/util/text.hpp"
#include "src/util/utf16.hpp"

#include <algorithm>
#include <cstdint>
#include <map>

namespace kerbready {

namespace {

constexpr std::uint32_t k_pkt_entry_type_referral_svc = 0x80;

// Bounds-checked little-endian reader over untrusted bytes.
class Reader
{
public:
  explicit Reader(std::string_view bytes) : m_bytes(bytes) {}

  bool u16(std::uint32_t& out)
  {
    if (remaining() < 2) {
      return false;
    }
    out = static_cast<std::uint32_t>(static_cast<unsigned char>(m_bytes[m_at]) |
                                     (static_cast<unsigned char>(m_bytes[m_at + 1]) << 8));
    m_at += 2;
    return true;
  }

  bool u32(std::uint32_t& out)
  {
    std::uint32_t low = 0;
    std::uint32_t high = 0;
    if (remaining() < 4 || !u16(low) || !u16(high)) {
      return false;
    }
    out = low | (high << 16);
    return true;
  }

  bool take(std::size_t n, std::string_view& out)
  {
    if (remaining() < n) {
      return false;
    }
    out = m_bytes.substr(m_at, n);
    m_at += n;
    return true;
  }

  bool skip(std::size_t n)
  {
    std::string_view ignored;
    return take(n, ignored);
  }

  // A UTF-16LE string preceded by its 16-bit byte count.
  bool string16(std::string& out)
  {
    std::uint32_t size = 0;
    std::string_view raw;
    if (!u16(size) || !take(size, raw)) {
      return false;
    }
    out = util::utf16le_to_utf8(raw);
    return true;
  }

  [[nodiscard]] std::size_t remaining() const { return m_at <= m_bytes.size() ? m_bytes.size() - m_at : 0; }

private:
  std::string_view m_bytes;
  std::size_t m_at = 0;
};

std::optional<std::vector<DfsTarget>>
parse_pkt_targets(std::string_view bytes)
{
  Reader r(bytes);
  std::uint32_t count = 0;
  if (!r.u32(count)) {
    return std::nullopt;
  }
  std::vector<DfsTarget> targets;
  for (std::uint32_t i = 0; i < count; ++i) {
    std::uint32_t size = 0;
    std::string_view entry;
    if (!r.u32(size) || !r.take(size, entry)) {
      return std::nullopt;
    }
    Reader e(entry);
    std::uint32_t state = 0;
    std::uint32_t type = 0;
    DfsTarget t;
    if (!e.skip(8) || !e.u32(state) || !e.u32(type) || !e.string16(t.server) || !e.string16(t.share)) {
      return std::nullopt;
    }
    t.state = (state & 0x2) != 0 ? "online" : "offline"; // DFS_STORAGE_STATE_ONLINE
    targets.push_back(std::move(t));
  }
  return targets;
}

std::optional<PktEntry>
parse_pkt_root_or_link(std::string_view bytes)
{
  Reader r(bytes);
  PktEntry entry;
  std::string short_prefix;
  std::string comment;
  std::uint32_t type = 0;
  std::uint32_t state = 0;
  std::uint32_t version = 0;
  std::uint32_t list_size = 0;
  std::string_view list;
  if (!r.skip(16) || !r.string16(entry.prefix) || !r.string16(short_prefix) || !r.u32(type) || !r.u32(state) ||
      !r.string16(comment) || !r.skip(24) || !r.u32(version) || !r.u32(list_size) || !r.take(list_size, list)) {
    return std::nullopt;
  }
  entry.is_root = (type & k_pkt_entry_type_referral_svc) != 0;
  auto targets = parse_pkt_targets(list);
  if (!targets) {
    return std::nullopt;
  }
  entry.targets = std::move(*targets);
  return entry;
}

std::string
unescape_xml(std::string_view s)
{
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    const auto end = s.find(';', i);
    if (end == std::string_view::npos) {
      out += s.substr(i);
      break;
    }
    const auto entity = s.substr(i + 1, end - i - 1);
    if (entity == "amp") {
      out += '&';
    } else if (entity == "lt") {
      out += '<';
    } else if (entity == "gt") {
      out += '>';
    } else if (entity == "quot") {
      out += '"';
    } else if (entity == "apos") {
      out += '\'';
    } else {
      out += s.substr(i, end - i + 1);
    }
    i = end;
  }
  return out;
}

std::string
attribute_of(std::string_view tag, std::string_view name)
{
  const auto key = std::string(name) + "=\"";
  const auto at = tag.find(key);
  if (at == std::string_view::npos) {
    return {};
  }
  const auto start = at + key.size();
  const auto end = tag.find('"', start);
  return end == std::string_view::npos ? std::string() : std::string(tag.substr(start, end - start));
}

std::string
parent_dn(std::string_view dn)
{
  auto rdns = util::parse_dn(dn);
  if (!rdns || rdns->size() < 2) {
    return {};
  }
  // Rebuild from the parsed RDNs (values unescaped; only used as a lookup key after normalising).
  std::string out;
  for (std::size_t i = 1; i < rdns->size(); ++i) {
    if (!out.empty()) {
      out += ',';
    }
    out += (*rdns)[i].type + "=" + (*rdns)[i].value;
  }
  return util::normalize_dn(out);
}

bool
has_class(const RawObject& object, std::string_view name)
{
  return std::find(object.object_classes.begin(), object.object_classes.end(), name) != object.object_classes.end();
}

} // namespace

std::optional<DfsTarget>
parse_unc(std::string_view path)
{
  if (path.size() < 3 || path[0] != '\\' || path[1] != '\\') {
    return std::nullopt;
  }
  path.remove_prefix(2);
  const auto slash = path.find('\\');
  DfsTarget t;
  t.server = std::string(path.substr(0, slash));
  if (slash != std::string_view::npos) {
    t.share = std::string(path.substr(slash + 1));
  }
  if (t.server.empty()) {
    return std::nullopt;
  }
  return t;
}

std::optional<std::vector<DfsTarget>>
parse_dfs_target_list(std::string_view bytes)
{
  const auto text = util::decode_text_with_bom(bytes);
  if (text.find("<targets") == std::string::npos) {
    return std::nullopt;
  }
  std::vector<DfsTarget> targets;
  std::size_t at = 0;
  while (true) {
    const auto open = text.find("<target", at);
    if (open == std::string::npos) {
      break;
    }
    const auto after = open + 7;
    if (after < text.size() && text[after] == 's') { // <targets>
      at = after;
      continue;
    }
    const auto tag_end = text.find('>', open);
    if (tag_end == std::string::npos) {
      return std::nullopt;
    }
    const auto close = text.find("</target>", tag_end);
    if (close == std::string::npos) {
      return std::nullopt;
    }
    const auto tag = std::string_view(text).substr(open, tag_end - open);
    auto target = parse_unc(unescape_xml(util::trim(std::string_view(text).substr(tag_end + 1, close - tag_end - 1))));
    if (target) {
      target->state = attribute_of(tag, "state");
      targets.push_back(std::move(*target));
    }
    at = close + 9;
  }
  return targets;
}

std::optional<std::vector<PktEntry>>
parse_pkt(std::string_view bytes)
{
  Reader r(bytes);
  std::uint32_t version = 0;
  std::uint32_t count = 0;
  if (!r.u32(version) || version != 0 || !r.u32(count)) {
    return std::nullopt;
  }
  std::vector<PktEntry> entries;
  for (std::uint32_t i = 0; i < count; ++i) {
    std::string name;
    std::uint32_t size = 0;
    std::string_view data;
    if (!r.string16(name) || !r.u32(size) || !r.take(size, data)) {
      return std::nullopt;
    }
    if (!util::istarts_with(name, "\\domainroot")) {
      continue; // \siteroot: site information
    }
    auto entry = parse_pkt_root_or_link(data);
    if (!entry) {
      return std::nullopt;
    }
    entries.push_back(std::move(*entry));
  }
  return entries;
}

std::vector<DfsNamespace>
collect_dfs_namespaces(const Snapshot& snapshot)
{
  std::map<std::string, DfsNamespace> by_dn; // normalised DN
  auto ns_name = [](const RawObject& object) {
    return "\\\\" + object.domain + "\\" + util::first_rdn_value(object.dn);
  };
  for (const auto& object : snapshot.dfs_objects) {
    const bool v2 = has_class(object, "msdfs-namespacev2");
    const bool v1 = has_class(object, "ftdfs");
    if (!v1 && !v2) {
      continue;
    }
    DfsNamespace ns;
    ns.dn = object.dn;
    ns.domain = object.domain;
    ns.name = ns_name(object);
    ns.version = v2 ? DfsVersion::v2 : DfsVersion::v1;
    if (v2) {
      if (const auto* list = object.first("msdfs-targetlistv2")) {
        auto targets = parse_dfs_target_list(*list);
        if (targets) {
          ns.root_targets = std::move(*targets);
        } else {
          ns.undecodable.push_back(object.dn + " (msDFS-TargetListv2)");
        }
      }
    } else {
      if (const auto it = object.attributes.find("remoteservername"); it != object.attributes.end()) {
        for (const auto& value : it->second) {
          if (auto target = parse_unc(value)) {
            ns.root_targets.push_back(std::move(*target));
          }
        }
      }
      if (const auto* pkt = object.first("pkt")) {
        auto entries = parse_pkt(*pkt);
        if (!entries) {
          ns.undecodable.push_back(object.dn + " (pKT)");
        } else {
          for (auto& entry : *entries) {
            if (entry.is_root) {
              continue; // root targets come from remoteServerName
            }
            ns.links.push_back(DfsNamespace::Link{object.dn, entry.prefix, std::move(entry.targets)});
          }
        }
      }
    }
    by_dn.emplace(util::normalize_dn(object.dn), std::move(ns));
  }
  for (const auto& object : snapshot.dfs_objects) {
    if (!has_class(object, "msdfs-linkv2")) {
      continue;
    }
    const auto it = by_dn.find(parent_dn(object.dn));
    if (it == by_dn.end()) {
      continue;
    }
    DfsNamespace::Link link;
    link.dn = object.dn;
    if (const auto* path = object.first("msdfs-linkpathv2")) {
      link.path = *path;
    }
    if (const auto* list = object.first("msdfs-targetlistv2")) {
      auto targets = parse_dfs_target_list(*list);
      if (!targets) {
        it->second.undecodable.push_back(object.dn + " (msDFS-TargetListv2)");
        continue;
      }
      link.targets = std::move(*targets);
    }
    it->second.links.push_back(std::move(link));
  }
  std::vector<DfsNamespace> out;
  for (auto& [dn, ns] : by_dn) {
    std::sort(ns.links.begin(), ns.links.end(),
              [](const DfsNamespace::Link& a, const DfsNamespace::Link& b) { return a.dn + a.path < b.dn + b.path; });
    out.push_back(std::move(ns));
  }
  return out;
}

const std::vector<DfsNamespace>&
dfs_namespaces(const Snapshot& snapshot)
{
  return snapshot_indexes(snapshot).dfs.get(
    [&] { return std::make_unique<const std::vector<DfsNamespace>>(collect_dfs_namespaces(snapshot)); });
}

std::string
dfs_cmdlet_path(const std::string& namespace_name, const std::string& link_path)
{
  if (link_path.empty()) {
    return namespace_name;
  }
  if (link_path.front() == '\\') {
    return "\\" + link_path;
  }
  std::string out = namespace_name;
  if (link_path.front() != '/') {
    out += '\\';
  }
  for (const char c : link_path) {
    out += c == '/' ? '\\' : c;
  }
  return out;
}

} // namespace kerbready
