#include "src/ad/scope.hpp"

#include "src/ad/dns_record.hpp"
#include "src/ad/snapshot_indexes.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace kerbready {

namespace {

// Names listed one by one in the outside-scope finding; the rest are counted.
constexpr std::size_t k_listed = 20;

std::string
normalize(std::string_view name)
{
  auto out = util::to_lower(name);
  while (!out.empty() && out.back() == '.') {
    out.pop_back();
  }
  return out;
}

// Call `visit` with `name` and each of its parent suffixes at label boundaries, longest first;
// stop when it returns true.
template <typename Visit>
void
for_each_suffix(std::string_view name, Visit visit)
{
  std::size_t start = 0;
  while (start < name.size()) {
    if (visit(name.substr(start))) {
      return;
    }
    const auto dot = name.find('.', start);
    if (dot == std::string_view::npos) {
      return;
    }
    start = dot + 1;
  }
}

bool
is_zone_read(const DnsNode& node)
{
  const auto zone = normalize(node.zone);
  return !zone.empty() && zone != "rootdnsservers" && !util::istarts_with(zone, "..");
}

} // namespace

ReadScope::ReadScope(const Snapshot& snapshot)
{
  // Domains read: the domain objects, and the domains of the accounts (a snapshot may lack the
  // domainDNS object of a partition it holds).
  std::set<std::string> domains;
  for (const auto& domain : snapshot.domains) {
    if (!domain.dns_name.empty()) {
      domains.insert(normalize(domain.dns_name));
    }
  }
  std::string last;
  for (const auto& account : snapshot.accounts) {
    if (!account.domain.empty() && account.domain != last) {
      last = account.domain;
      domains.insert(normalize(account.domain));
    }
  }
  m_domains_read.assign(domains.begin(), domains.end());
  for (const auto& d : m_domains_read) {
    m_suffixes.insert_or_assign(d, Suffix{Kind::read_domain, {}});
  }
  auto add_other = [&](const std::string& name, Kind kind, std::string detail = {}) {
    if (!name.empty() && m_suffixes.count(name) == 0) {
      m_suffixes.emplace(name, Suffix{kind, std::move(detail)});
    }
  };
  for (const auto& ref : snapshot.configuration.cross_refs) {
    const auto root = normalize(ref.dns_root);
    const bool nt_domain =
      ref.system_flags ? (*ref.system_flags & 2) != 0
                       : !util::istarts_with(root, "domaindnszones.") && !util::istarts_with(root, "forestdnszones.");
    if (!nt_domain || root.empty()) {
      continue;
    }
    if (domains.count(root) == 0) {
      m_forest_read = false;
    }
    add_other(root, Kind::unread_domain);
  }
  const auto forest_root = normalize(snapshot.configuration.forest_root);
  if (!forest_root.empty() && domains.count(forest_root) == 0) {
    m_forest_read = false;
    add_other(forest_root, Kind::unread_domain);
  }
  for (const auto& trust : snapshot.trusts) {
    const auto partner = normalize(trust.partner);
    if (partner.find('.') != std::string::npos) {
      add_other(partner, Kind::trusted);
    }
  }

  // Zones read, then the delegations out of them: a node other than the apex holding NS records.
  for (const auto& node : snapshot.dns_nodes) {
    if (is_zone_read(node)) {
      m_zones.insert(normalize(node.zone));
    }
  }
  m_zones_read.assign(m_zones.begin(), m_zones.end());
  std::sort(m_zones_read.begin(), m_zones_read.end());
  for (const auto& node : snapshot.dns_nodes) {
    if (node.tombstoned || node.name.empty() || node.name == "@" || !is_zone_read(node)) {
      continue;
    }
    const bool has_ns = std::any_of(node.records.begin(), node.records.end(),
                                    [](const DnsRecord& record) { return record.type == dns_type::ns; });
    if (!has_ns) {
      continue;
    }
    const auto point = node_fqdn(node);
    const auto zone = normalize(node.zone);
    auto& parents = m_delegations[point];
    if (std::find(parents.begin(), parents.end(), zone) == parents.end()) {
      parents.push_back(zone);
    }
    if (m_zones.count(point) == 0) {
      add_other(point, Kind::delegated_zone, zone);
    }
  }
}

Authority
ReadScope::zone_authority(std::string_view host, std::string* why) const
{
  const auto name = normalize(host);
  auto outside = [&](std::string reason) {
    if (why != nullptr) {
      *why = std::move(reason);
    }
    return Authority::outside;
  };
  if (m_zones.empty()) {
    return outside("no DNS zone was read");
  }
  if (name.empty()) {
    return outside("no name");
  }
  if (name.find('.') == std::string::npos) {
    return Authority::read;
  }
  // A DC locator name lives in the _msdcs zone (the forest root's holds every DC's GUID name); the
  // zone of the domain above it does not hold it.
  const auto msdcs = name.rfind("_msdcs.");
  if (msdcs != std::string::npos && (msdcs == 0 || name[msdcs - 1] == '.')) {
    const auto zone = name.substr(msdcs);
    if (m_zones.count(zone) == 0) {
      return outside(fmt::format("in zone {}, which was not read", zone));
    }
  }
  std::vector<std::string_view> crossed; // delegation points between the name and its zone
  Authority answer = Authority::outside;
  std::string reason = "under no DNS zone that was read";
  for_each_suffix(name, [&](std::string_view suffix) {
    const std::string key(suffix);
    if (m_zones.count(key) != 0) {
      for (const auto point : crossed) {
        const auto& parents = m_delegations.at(std::string(point));
        if (std::find(parents.begin(), parents.end(), key) != parents.end()) {
          reason = fmt::format("in zone {}, delegated from {} and not read", point, key);
          return true;
        }
      }
      answer = Authority::read;
      return true;
    }
    if (m_delegations.count(key) != 0) {
      crossed.push_back(suffix);
    }
    return false;
  });
  return answer == Authority::read ? Authority::read : outside(reason);
}

const ReadScope::Suffix*
ReadScope::longest_suffix(const std::string& name, std::string& found) const
{
  const Suffix* out = nullptr;
  for_each_suffix(name, [&](std::string_view suffix) {
    const auto it = m_suffixes.find(std::string(suffix));
    if (it == m_suffixes.end()) {
      return false;
    }
    out = &it->second;
    found = it->first;
    return true;
  });
  return out;
}

std::string
ReadScope::describe(const Suffix& suffix, const std::string& name)
{
  switch (suffix.kind) {
  case Kind::read_domain:
    break;
  case Kind::unread_domain:
    return fmt::format("in domain {}, which was not read", name);
  case Kind::trusted:
    return fmt::format("in trusted domain or forest {}, which was not read", name);
  case Kind::delegated_zone:
    return fmt::format("in zone {}, delegated from {} and not read", name, suffix.detail);
  }
  return {};
}

Authority
ReadScope::domain_authority(std::string_view host, std::string* why) const
{
  const auto name = normalize(host);
  if (!name.empty() && name.find('.') == std::string::npos) {
    return Authority::read;
  }
  std::string found_name;
  const auto* found = name.empty() ? nullptr : longest_suffix(name, found_name);
  if (found != nullptr && found->kind == Kind::read_domain) {
    return Authority::read;
  }
  if (found == nullptr && !name.empty() && m_forest_read && zone_authority(name) == Authority::read) {
    return Authority::read; // a disjoint namespace: its computers are in a domain that was read
  }
  if (why != nullptr) {
    if (found != nullptr) {
      *why = describe(*found, found_name);
    } else if (name.empty()) {
      *why = "no name";
    } else {
      *why = m_domains_read.empty()
               ? "no domain was read"
               : fmt::format("under none of the domains read ({})", fmt::join(m_domains_read, ", "));
    }
  }
  return Authority::outside;
}

bool
ReadScope::known_elsewhere(std::string_view host, std::string* why) const
{
  const auto name = normalize(host);
  std::string found_name;
  const auto* found = name.find('.') == std::string::npos ? nullptr : longest_suffix(name, found_name);
  if (found == nullptr || found->kind == Kind::read_domain) {
    return false;
  }
  if (why != nullptr) {
    *why = describe(*found, found_name);
  }
  return true;
}

const ReadScope&
read_scope(const Snapshot& snapshot)
{
  return snapshot_indexes(snapshot).scope.get([&] { return std::make_unique<const ReadScope>(snapshot); });
}

void
OutsideScope::add(std::string name, std::string why, AffectedObject referrer)
{
  if (std::none_of(m_names.begin(), m_names.end(), [&](const Name& n) { return util::iequals(n.name, name); })) {
    m_names.push_back(Name{std::move(name), std::move(why)});
  }
  if (std::none_of(m_affected.begin(), m_affected.end(),
                   [&](const AffectedObject& a) { return util::iequals(a.dn, referrer.dn); })) {
    m_affected.push_back(std::move(referrer));
  }
}

void
OutsideScope::append_to(std::vector<Finding>& findings, std::string_view singular, std::string_view plural) const
{
  if (m_names.empty()) {
    return;
  }
  auto names = m_names;
  std::sort(names.begin(), names.end(), [](const Name& a, const Name& b) { return a.name < b.name; });
  auto affected = m_affected;
  std::sort(affected.begin(), affected.end(), [](const AffectedObject& a, const AffectedObject& b) {
    return util::to_lower(a.dn) < util::to_lower(b.dn);
  });
  Finding f;
  f.severity = Severity::info;
  f.key = "outside-what-was-read";
  f.subject = fmt::format("{} name{} outside what was read", names.size(), names.size() == 1 ? "" : "s");
  f.summary = fmt::format("Not judged: {} {} outside what was read (the DNS zone or domain that would hold {} "
                          "was not part of this scan: another domain or forest, or a delegated child zone); "
                          "not counted against readiness",
                          names.size(), names.size() == 1 ? singular : plural, names.size() == 1 ? "it" : "each");
  std::size_t listed = 0;
  for (const auto& n : names) {
    if (listed++ < k_listed) {
      f.evidence.push_back(Evidence{n.name, n.why});
    }
  }
  if (names.size() > k_listed) {
    f.evidence.push_back(Evidence{"names not listed", std::to_string(names.size() - k_listed)});
  }
  f.affected = std::move(affected);
  f.remediation = "Nothing to fix from this scan. To judge these names, scan the domains and zones they belong to "
                  "together with this one: the whole forest (--forest), or every domain's snapshot in one scan "
                  "(scan --snapshot a.ldif --snapshot b.ldif); names in a trusted forest are judged by a scan of "
                  "that forest.";
  findings.push_back(std::move(f));
}

} // namespace kerbready
