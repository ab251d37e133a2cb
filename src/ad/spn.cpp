#include "src/ad/spn.hpp"

#include "src/ad/snapshot_indexes.hpp"
#include "src/util/ad.hpp"
#include "src/util/text.hpp"

#include <algorithm>
#include <limits>

namespace kerbready {

namespace {

bool
is_ipv4(std::string_view host)
{
  // Four dot-separated decimal parts of 1-3 digits, each at most 255. Walked in place, without
  // util::split's vector: this runs for every SPN.
  int parts = 0;
  std::size_t start = 0;
  while (true) {
    const auto dot = host.find('.', start);
    const auto part = host.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (part.empty() || part.size() > 3 ||
        !std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        *util::parse_int(part) > 255) {
      return false;
    }
    ++parts;
    if (dot == std::string_view::npos) {
      return parts == 4;
    }
    if (parts == 4) {
      return false;
    }
    start = dot + 1;
  }
}

bool
is_ipv6(std::string_view host)
{
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.find(':') == std::string_view::npos || host.size() > 45) {
    return false;
  }
  int groups = 0;
  bool double_colon = false;
  for (std::size_t i = 0; i < host.size();) {
    if (host.substr(i, 2) == "::") {
      if (double_colon) {
        return false;
      }
      double_colon = true;
      i += 2;
      continue;
    }
    if (host[i] == ':') {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < host.size() && host[j] != ':') {
      ++j;
    }
    const auto group = host.substr(i, j - i);
    if (group.find('.') != std::string_view::npos) {
      if (j != host.size() || !is_ipv4(group)) {
        return false; // embedded IPv4 only at the end
      }
      groups += 2;
    } else {
      if (group.size() > 4 || !std::all_of(group.begin(), group.end(), [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
          })) {
        return false;
      }
      ++groups;
    }
    i = j;
  }
  return double_colon ? groups < 8 : groups == 8;
}

std::string
short_name(std::string_view host)
{
  const auto dot = host.find('.');
  return util::to_lower(host.substr(0, dot));
}

const AccountList k_none;

} // namespace

bool
is_ip_literal(std::string_view host)
{
  return is_ipv4(host) || is_ipv6(host);
}

std::optional<Spn>
parse_spn(std::string_view text, std::string* why)
{
  auto fail = [&](std::string_view reason) -> std::optional<Spn> {
    if (why != nullptr) {
      *why = std::string(reason);
    }
    return std::nullopt;
  };
  if (text.empty()) {
    return fail("empty SPN");
  }
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7F) {
      return fail("control character in SPN");
    }
    if (c == ' ' || c == '\t') {
      return fail("whitespace in SPN");
    }
  }
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    return fail("no '/' between service class and host");
  }
  Spn spn;
  spn.service_class = std::string(text.substr(0, slash));
  std::string_view rest = text.substr(slash + 1);
  std::string_view host_port;
  if (const auto second = rest.find('/'); second != std::string_view::npos) {
    host_port = rest.substr(0, second);
    spn.service_name = std::string(rest.substr(second + 1));
    if (spn.service_name.empty()) {
      return fail("empty service name after the second '/'");
    }
    if (spn.service_name.find('/') != std::string::npos) {
      return fail("more than three '/'-separated parts");
    }
  } else {
    host_port = rest;
  }
  if (spn.service_class.empty()) {
    return fail("empty service class");
  }
  if (host_port.empty()) {
    return fail("empty host");
  }
  // [v6]:port, bare IPv6, or host:port.
  if (host_port.front() == '[') {
    const auto close = host_port.find(']');
    if (close == std::string_view::npos) {
      return fail("unterminated '[' in host");
    }
    spn.host = std::string(host_port.substr(0, close + 1));
    const auto after = host_port.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':' || after.size() == 1) {
        return fail("garbage after ']' in host");
      }
      spn.port = std::string(after.substr(1));
    }
  } else if (std::count(host_port.begin(), host_port.end(), ':') > 1) {
    if (!is_ipv6(host_port)) {
      return fail("more than one ':' in host[:port]");
    }
    spn.host = std::string(host_port);
  } else if (const auto colon = host_port.find(':'); colon != std::string_view::npos) {
    spn.host = std::string(host_port.substr(0, colon));
    spn.port = std::string(host_port.substr(colon + 1));
    if (spn.port.empty()) {
      return fail("empty port after ':'");
    }
  } else {
    spn.host = std::string(host_port);
  }
  if (spn.host.empty()) {
    return fail("empty host");
  }
  if (!spn.port.empty() && !util::iequals(spn.service_class, "MSSQLSvc")) {
    const auto port = util::parse_int(spn.port);
    if (!port || *port < 1 || *port > 65535) {
      return fail("port is not a number from 1 to 65535");
    }
  }
  return spn;
}

SpnMappings
SpnMappings::from(const Configuration& configuration)
{
  SpnMappings mappings;
  std::vector<std::string> values;
  if (configuration.spn_mappings_present) {
    values = configuration.spn_mappings;
    mappings.m_from_directory = true;
  } else {
    values.emplace_back(k_default_spn_mappings);
  }
  for (const auto& value : values) {
    const auto eq = value.find('=');
    if (eq == std::string::npos) {
      continue;
    }
    const auto alias = util::to_lower(util::trim(std::string_view(value).substr(0, eq)));
    for (const auto cls : util::split(std::string_view(value).substr(eq + 1), ',')) {
      const auto trimmed = util::trim(cls);
      if (!trimmed.empty()) {
        mappings.m_alias.emplace(util::to_lower(trimmed), alias);
      }
    }
  }
  return mappings;
}

std::optional<std::string>
SpnMappings::alias_of(std::string_view service_class) const
{
  const auto it = m_alias.find(util::to_lower(service_class));
  if (it == m_alias.end()) {
    return std::nullopt;
  }
  return it->second;
}

SpnResolution
resolve_spn(const SpnIndex& index, const SpnMappings& mappings, std::string_view spn)
{
  SpnResolution resolution;
  const auto lower = util::to_lower(spn);
  if (const auto it = index.find(lower); it != index.end()) {
    resolution.holders.assign(it->second.begin(), it->second.end());
    return resolution;
  }
  const auto slash = lower.find('/');
  if (slash == std::string::npos) {
    return resolution;
  }
  const auto alias = mappings.alias_of(std::string_view(lower).substr(0, slash));
  if (!alias || *alias == lower.substr(0, slash)) {
    return resolution;
  }
  auto mapped = *alias + lower.substr(slash);
  if (const auto it = index.find(mapped); it != index.end()) {
    resolution.holders.assign(it->second.begin(), it->second.end());
    resolution.via_alias = true;
    resolution.mapped = std::move(mapped);
  }
  return resolution;
}

SpnIndex::SpnIndex(const Snapshot& snapshot)
{
  std::size_t total = 0;
  for (const auto& account : snapshot.accounts) {
    total += account.service_principal_names.size();
  }
  m_entries.reserve(total);
  m_slots.reserve(total);
  std::string scratch; // reused: no temporary string per SPN
  for (const auto& account : snapshot.accounts) {
    for (const auto& spn : account.service_principal_names) {
      const auto position = m_slots.insert(hash_of(spn, scratch), m_entries.size(),
                                           [&](std::size_t j) { return util::iequals(m_entries[j].first, spn); });
      if (position == m_entries.size()) {
        m_entries.emplace_back(spn, AccountList());
      }
      auto& holders = m_entries[position].second;
      if (std::find(holders.begin(), holders.end(), &account) == holders.end()) {
        holders.push_back(&account);
      }
    }
  }
}

std::uint64_t
SpnIndex::hash_of(std::string_view spn, std::string& scratch)
{
  scratch.assign(spn);
  util::lower_in_place(scratch);
  return util::KeylessIndex::hash(scratch);
}

SpnIndex::const_iterator
SpnIndex::find(std::string_view spn) const
{
  std::string scratch;
  const auto position =
    m_slots.find(hash_of(spn, scratch), [&](std::size_t j) { return util::iequals(m_entries[j].first, spn); });
  return position == util::KeylessIndex::npos ? end() : begin() + static_cast<std::ptrdiff_t>(position);
}

SpnIndex
build_spn_index(const Snapshot& snapshot)
{
  return SpnIndex(snapshot);
}

SpnHostIndex::SpnHostIndex(const Snapshot& snapshot)
{
  // Two passes over the SPNs: number the hosts and count their uses (noting each SPN's host), then
  // place the uses.
  constexpr auto no_host = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> host_of; // per SPN, in snapshot order: its host's number, or no_host
  std::vector<std::uint32_t> counts;  // per host number
  std::string lower;                  // reused: no temporary string per SPN
  std::size_t total = 0;
  for (const auto& account : snapshot.accounts) {
    total += account.service_principal_names.size();
  }
  // Sized once: a computer's SPNs name about two hosts (its FQDN and short name) in three or four
  // classes, so half the SPN count is a bound in practice; growing from empty left the arrays it
  // outgrew at the scan's peak (heaptrack, 1M objects).
  host_of.reserve(total);
  m_hosts.reserve(total / 2);
  counts.reserve(total / 2);
  for (const auto& account : snapshot.accounts) {
    for (const auto& written : account.service_principal_names) {
      const auto spn = parse_spn(written);
      if (!spn) {
        host_of.push_back(no_host);
        continue;
      }
      lower.clear();
      util::append_lower(lower, spn->host);
      // The host as written, when it is already lowercase: the map keeps that view, not a copy.
      const auto slash = written.find('/');
      const auto as_written =
        slash == std::string_view::npos ? std::string_view() : written.substr(slash + 1, lower.size());
      auto& number = as_written == lower ? m_hosts.with_stable_key(as_written) : m_hosts[lower];
      if (number == 0) {
        counts.push_back(0);
        number = static_cast<std::uint32_t>(counts.size()); // numbers start at 1: 0 is a new entry
      }
      ++counts[number - 1];
      host_of.push_back(number - 1);
    }
  }
  m_offsets.resize(counts.size() + 1);
  for (std::size_t host = 0; host < counts.size(); ++host) {
    m_offsets[host + 1] = m_offsets[host] + counts[host];
  }
  std::vector<std::uint32_t> next(m_offsets.begin(), m_offsets.end() - 1); // where each host's next use goes
  m_uses.resize(m_offsets.back());
  std::size_t spn_number = 0;
  for (const auto& account : snapshot.accounts) {
    for (const auto& written : account.service_principal_names) {
      if (const auto host = host_of[spn_number++]; host != no_host) {
        m_uses[next[host]++] = SpnUse{&account, written};
      }
    }
  }
}

std::span<const SpnUse>
SpnHostIndex::uses(std::string_view lower_host) const
{
  const auto it = m_hosts.find(lower_host);
  if (it == m_hosts.end()) {
    return {};
  }
  const auto host = it->second - 1;
  return std::span<const SpnUse>(m_uses).subspan(m_offsets[host], m_offsets[host + 1] - m_offsets[host]);
}

SpnHostIndex
build_spn_host_index(const Snapshot& snapshot)
{
  return SpnHostIndex(snapshot);
}

std::vector<SpnUse>
spn_uses_for_host(const SpnHostIndex& index, std::string_view fqdn)
{
  std::vector<SpnUse> out;
  const auto lower = util::to_lower(fqdn);
  const auto exact = index.uses(lower);
  out.assign(exact.begin(), exact.end());
  if (const auto dot = lower.find('.'); dot != std::string::npos) {
    const auto short_name = index.uses(std::string_view(lower).substr(0, dot));
    out.insert(out.end(), short_name.begin(), short_name.end());
  }
  return out;
}

} // namespace kerbready

namespace kerbready {

const SpnIndex&
spn_index(const Snapshot& snapshot)
{
  return snapshot_indexes(snapshot).spns.get(
    [&] { return std::make_unique<const SpnIndex>(build_spn_index(snapshot)); });
}

const SpnHostIndex&
spn_host_index(const Snapshot& snapshot)
{
  return snapshot_indexes(snapshot).spn_hosts.get(
    [&] { return std::make_unique<const SpnHostIndex>(build_spn_host_index(snapshot)); });
}

const HostIndex&
host_index(const Snapshot& snapshot)
{
  return snapshot_indexes(snapshot).hosts.get([&] { return std::make_unique<const HostIndex>(snapshot); });
}

std::vector<std::string>
host_names_of(const Account& account)
{
  std::vector<std::string> names;
  auto add = [&](std::string name) {
    if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(std::move(name));
    }
  };
  add(util::to_lower(account.dns_host_name));
  std::string sam = account.sam_account_name.str();
  if (!sam.empty() && sam.back() == '$') {
    sam.pop_back();
  }
  add(util::to_lower(sam));
  for (const auto& alternate : account.additional_dns_host_names) {
    add(util::to_lower(alternate));
  }
  return names;
}

HostIndex::HostIndex(const Snapshot& snapshot)
{
  // The holders of `name` (lowercase), one of `account`'s names or its first label. The key is not
  // copied when the account holds it as written (already lowercase): nearly every dNSHostName.
  const auto holders_of = [this](std::string_view name, const Account& account) -> AccountList& {
    const auto stable = [&](std::string_view source) {
      return source.size() >= name.size() && source.substr(0, name.size()) == name;
    };
    if (stable(account.dns_host_name)) {
      return m_computers.with_stable_key(account.dns_host_name.view().substr(0, name.size()));
    }
    if (stable(account.sam_account_name)) {
      return m_computers.with_stable_key(account.sam_account_name.view().substr(0, name.size()));
    }
    for (const auto alternate : account.additional_dns_host_names) {
      if (stable(alternate)) {
        return m_computers.with_stable_key(alternate.substr(0, name.size()));
      }
    }
    return m_computers[name];
  };
  std::size_t computers = 0;
  for (const auto& account : snapshot.accounts) {
    computers += account.kind == AccountKind::computer ? 1 : 0;
  }
  m_computers.reserve(computers * 2); // a short name and an FQDN each, usually
  for (const auto& account : snapshot.accounts) {
    if (account.kind != AccountKind::computer) {
      continue;
    }
    for (const auto& name : host_names_of(account)) {
      auto& holders = holders_of(name, account);
      if (std::find(holders.begin(), holders.end(), &account) == holders.end()) {
        holders.push_back(&account);
      }
      const auto short_form = short_name(name);
      if (short_form != name) {
        auto& list = holders_of(short_form, account);
        if (std::find(list.begin(), list.end(), &account) == list.end()) {
          list.push_back(&account);
        }
      }
    }
  }
  for (const auto& domain : snapshot.domains) {
    m_domain_names.push_back(util::to_lower(domain.dns_name));
    if (!domain.netbios_name.empty()) {
      m_netbios_names.push_back(util::to_lower(domain.netbios_name));
    }
  }
  for (const auto& ref : snapshot.configuration.cross_refs) {
    if (!ref.dns_root.empty()) {
      m_domain_names.push_back(util::to_lower(ref.dns_root));
    }
    if (!ref.netbios_name.empty()) {
      m_netbios_names.push_back(util::to_lower(ref.netbios_name));
    }
  }
}

const AccountList&
HostIndex::computers_for(std::string_view host) const
{
  const auto it = m_computers.find(util::to_lower(host));
  return it == m_computers.end() ? k_none : it->second;
}

std::string
HostIndex::canonical(std::string_view host) const
{
  auto lower = util::to_lower(host);
  if (lower.find('.') != std::string::npos) {
    return lower;
  }
  const auto& computers = computers_for(lower);
  if (computers.size() == 1 && !computers.front()->dns_host_name.empty()) {
    return util::to_lower(computers.front()->dns_host_name);
  }
  return lower;
}

namespace {

// Return whether `name` is `prefix` followed by `domain` (all lowercase), without building the string.
bool
is_prefixed(std::string_view name, std::string_view prefix, std::string_view domain)
{
  return name.size() == prefix.size() + domain.size() && name.substr(0, prefix.size()) == prefix &&
         name.substr(prefix.size()) == domain;
}

// Return whether `name` ends in `suffix` preceded by `separator` (all lowercase).
bool
ends_with_after(std::string_view name, std::string_view separator, std::string_view suffix)
{
  return name.size() >= separator.size() + suffix.size() && name.substr(name.size() - suffix.size()) == suffix &&
         name.substr(name.size() - suffix.size() - separator.size(), separator.size()) == separator;
}

} // namespace

// is_known runs once per SPN: it compares views instead of concatenating a
// string per domain per call.
bool
HostIndex::is_known(std::string_view host) const
{
  const auto lower = util::to_lower(host);
  if (m_computers.count(lower) != 0) {
    return true;
  }
  for (const auto& domain : m_domain_names) {
    if (lower == domain || is_prefixed(lower, "domaindnszones.", domain) ||
        is_prefixed(lower, "forestdnszones.", domain)) {
      return true;
    }
    // DC locator names: <guid>._msdcs.<forest>
    if (ends_with_after(lower, "._msdcs.", domain)) {
      return true;
    }
  }
  return std::find(m_netbios_names.begin(), m_netbios_names.end(), lower) != m_netbios_names.end();
}

} // namespace kerbready
