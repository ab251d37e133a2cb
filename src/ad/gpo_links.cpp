#include "src/ad/gpo_links.hpp"

#include "src/ad/gpo.hpp"
#include "src/util/ad.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace kerbready {

namespace {

constexpr std::string_view k_ldap_prefix = "LDAP://";
// groupPolicyContainer flags: 1 user settings disabled, 2 computer settings disabled, 3 both
// (MS-GPOD "GPO attributes",
// learn.microsoft.com/openspecs/windows_protocols/ms-gpod/d360d288-d7d5-49a9-83be-603805da1379).
constexpr std::int64_t k_gpo_flag_machine_disabled = 0x2;

} // namespace

std::string
scope_key(const GpoScope& scope)
{
  const char* prefix = scope.kind == ScopeKind::domain_controllers ? "dcs"
                       : scope.kind == ScopeKind::domain_members   ? "members"
                                                                   : "ou";
  return fmt::format("{}|{}", prefix, util::normalize_dn(scope.dn));
}

std::vector<GpoLink>
parse_gplink(std::string_view value)
{
  std::vector<GpoLink> links;
  std::size_t pos = 0;
  while (true) {
    const auto open = value.find('[', pos);
    if (open == std::string_view::npos) {
      break;
    }
    const auto close = value.find(']', open + 1);
    if (close == std::string_view::npos) {
      break;
    }
    pos = close + 1;
    const auto body = value.substr(open + 1, close - open - 1);
    const auto semi = body.rfind(';');
    if (semi == std::string_view::npos || !util::istarts_with(body, k_ldap_prefix)) {
      continue;
    }
    const auto options = util::parse_int(util::trim(body.substr(semi + 1)));
    if (!options || *options < 0 || *options > static_cast<std::int64_t>(UINT32_MAX)) {
      continue;
    }
    GpoLink link;
    link.gpo_dn = std::string(body.substr(k_ldap_prefix.size(), semi - k_ldap_prefix.size()));
    if (link.gpo_dn.empty()) {
      continue;
    }
    const auto first = util::first_rdn_value(link.gpo_dn);
    if (first.size() == 38 && first.front() == '{' && first.back() == '}') {
      link.guid = util::to_upper(first);
    }
    link.options = static_cast<std::uint32_t>(*options);
    links.push_back(std::move(link));
  }
  // The last entry has link order 1. A new link gets the lowest precedence (the highest link order)
  // in GPMC, and samba-tool's "gpo setlink" writes a new link at the front of the string, which
  // agrees; the MS-GPOL text itself was not checked here.
  for (std::size_t i = 0; i < links.size(); ++i) {
    links[i].link_order = static_cast<unsigned>(links.size() - i);
  }
  return links;
}

std::string
describe(const AppliedGpo& applied)
{
  const auto label = applied.policy != nullptr ? gpo_label(*applied.policy) : applied.link.guid;
  return fmt::format("GPO {} linked at {} (link order {}{})", label, applied.container_dn, applied.link.link_order,
                     applied.link.enforced() ? ", enforced" : "");
}

bool
gpo_links_known(const Snapshot& snapshot, std::string_view domain)
{
  return std::any_of(snapshot.gpo_link_containers.begin(), snapshot.gpo_link_containers.end(),
                     [&](const GpoLinkContainer& c) { return c.has_gp_link && util::iequals(c.domain, domain); });
}

GpoLinkIndex::GpoLinkIndex(const Snapshot& snapshot)
{
  for (const auto& c : snapshot.gpo_link_containers) {
    m_containers[util::normalize_dn(c.dn)] = Container{&c, c.links};
  }
  for (const auto& site : snapshot.configuration.site_gpo_links) {
    if (site.has_gp_link) {
      m_sites.push_back(Container{&site, site.links});
    }
  }
  for (const auto& policy : snapshot.gpo_policies) {
    m_policies.emplace(util::to_upper(policy.guid), &policy);
  }
  for (const auto& gpo : snapshot.gpos) {
    const auto* flags = gpo.first("flags");
    const auto v = flags != nullptr ? util::parse_int(util::trim(*flags)) : std::nullopt;
    if (v && (*v & k_gpo_flag_machine_disabled) != 0) {
      m_machine_disabled.insert(util::to_upper(util::first_rdn_value(gpo.dn)));
    }
  }
}

std::vector<AppliedGpo>
GpoLinkIndex::gpos_applying_to(std::string_view container_dn) const
{
  // The container and its ancestors are the suffixes of its normalised DN that start after an
  // unescaped comma; collected deepest first, then reversed (root first).
  const auto target = util::normalize_dn(container_dn);
  std::vector<const Container*> chain;
  for (std::size_t start = 0; start < target.size();) {
    if (const auto it = m_containers.find(target.substr(start)); it != m_containers.end()) {
      chain.push_back(&it->second);
    }
    auto comma = target.find(',', start);
    while (comma != std::string::npos && comma > 0 && target[comma - 1] == '\\') {
      comma = target.find(',', comma + 1);
    }
    if (comma == std::string::npos) {
      break;
    }
    start = comma + 1;
  }
  std::reverse(chain.begin(), chain.end());
  // The deepest container below the root that blocks inheritance drops the non-enforced links of
  // every container above it.
  std::size_t first_inherited = 0;
  for (std::size_t i = 1; i < chain.size(); ++i) {
    const auto& options = chain[i]->container->gp_options;
    if (options && (*options & 1) != 0) {
      first_inherited = i;
    }
  }
  std::vector<AppliedGpo> applied;
  auto add = [&](const Container& entry, bool enforced) {
    // gPLink order is lowest precedence first, so applying in string order leaves link order 1 last.
    for (const auto& link : entry.links) {
      if (link.disabled() || link.enforced() != enforced || link.guid.empty()) {
        continue;
      }
      const auto policy = m_policies.find(link.guid);
      if (policy == m_policies.end() || m_machine_disabled.count(link.guid) != 0) {
        continue;
      }
      applied.push_back(AppliedGpo{policy->second, entry.container->dn, link});
    }
  };
  if (chain.empty()) {
    return applied; // not a container of a domain with link data
  }
  if (first_inherited == 0) {
    for (const auto& site : m_sites) {
      add(site, false);
    }
  }
  for (std::size_t i = first_inherited; i < chain.size(); ++i) {
    add(*chain[i], false);
  }
  for (std::size_t i = chain.size(); i > 0; --i) {
    add(*chain[i - 1], true);
  }
  for (const auto& site : m_sites) {
    add(site, true);
  }
  return applied;
}

std::vector<AppliedGpo>
gpos_applying_to(const Snapshot& snapshot, std::string_view container_dn)
{
  return GpoLinkIndex(snapshot).gpos_applying_to(container_dn);
}

EffectiveValue
effective_value(const std::vector<AppliedGpo>& applied, std::string_view path)
{
  EffectiveValue result;
  for (const auto& a : applied) {
    if (const auto* value = find_registry_value(*a.policy, path)) {
      result.value = value;
      result.source = &a;
    }
  }
  return result;
}

std::vector<GpoScope>
gpo_scopes(const Snapshot& snapshot, const Domain& domain)
{
  std::vector<GpoScope> scopes;
  if (domain.dn.empty()) {
    return scopes;
  }
  scopes.push_back(GpoScope{ScopeKind::domain_members, domain.dn, domain.dns_name,
                            fmt::format("domain members of {} (except where OU GPOs override)", domain.dns_name)});
  const auto dc_ou = "OU=Domain Controllers," + domain.dn;
  scopes.push_back(GpoScope{ScopeKind::domain_controllers, dc_ou, domain.dns_name,
                            fmt::format("domain controllers of {}", domain.dns_name)});
  const std::set<std::string> fixed = {util::normalize_dn(domain.dn), util::normalize_dn(dc_ou)};
  std::vector<GpoScope> ous;
  for (const auto& c : snapshot.gpo_link_containers) {
    if (!c.has_gp_link || !util::iequals(c.domain, domain.dns_name) || fixed.count(util::normalize_dn(c.dn)) != 0) {
      continue;
    }
    const auto& links = c.links;
    if (std::any_of(links.begin(), links.end(), [](const GpoLink& l) { return !l.disabled(); })) {
      ous.push_back(GpoScope{ScopeKind::ou, c.dn, domain.dns_name, fmt::format("objects in {}", c.dn)});
    }
  }
  std::sort(ous.begin(), ous.end(), [](const GpoScope& a, const GpoScope& b) { return a.dn < b.dn; });
  scopes.insert(scopes.end(), ous.begin(), ous.end());
  return scopes;
}

std::vector<ValueInForce>
values_in_force(const Snapshot& snapshot, std::string_view path)
{
  std::vector<ValueInForce> out;
  bool any_links = false;
  std::set<std::string> linked_domains;
  const GpoLinkIndex index(snapshot);
  for (const auto& domain : snapshot.domains) {
    if (!gpo_links_known(snapshot, domain.dns_name)) {
      continue;
    }
    any_links = true;
    linked_domains.insert(util::to_lower(domain.dns_name));
    const GpoPolicy* root_policy = nullptr;
    std::string root_container;
    for (const auto& scope : gpo_scopes(snapshot, domain)) {
      const auto applied = index.gpos_applying_to(scope.dn);
      const auto eff = effective_value(applied, path);
      if (eff.value == nullptr) {
        continue;
      }
      if (scope.kind == ScopeKind::domain_members) {
        root_policy = eff.source->policy;
        root_container = eff.source->container_dn;
      } else if (scope.kind == ScopeKind::ou && eff.source->policy == root_policy &&
                 util::iequals(eff.source->container_dn, root_container)) {
        continue; // inherits the root's winner: reported with the root
      }
      ValueInForce v;
      v.value = eff.value;
      v.policy = eff.source->policy;
      v.scope = scope;
      v.source = describe(*eff.source);
      v.links_evaluated = true;
      v.key = scope_key(scope);
      out.push_back(std::move(v));
    }
  }
  // Fallback for domains without link data: every GPO that sets the value.
  for (const auto& policy : snapshot.gpo_policies) {
    if (policy.domain.empty() ? any_links : linked_domains.count(util::to_lower(policy.domain)) != 0) {
      continue;
    }
    const auto* value = find_registry_value(policy, path);
    if (value == nullptr) {
      continue;
    }
    ValueInForce v;
    v.value = value;
    v.policy = &policy;
    v.scope = GpoScope{ScopeKind::domain_members, policy.dn, policy.domain,
                       fmt::format("wherever GPO {} applies", gpo_label(policy))};
    v.source = fmt::format("GPO {} ({})", gpo_label(policy), source_file(policy, *value));
    v.links_evaluated = false;
    v.key = gpo_key(policy);
    out.push_back(std::move(v));
  }
  return out;
}

const GpoRegistryValue*
value_alongside(const Snapshot& snapshot, const ValueInForce& in_force, std::string_view path)
{
  if (!in_force.links_evaluated) {
    return in_force.policy != nullptr ? find_registry_value(*in_force.policy, path) : nullptr;
  }
  const auto applied = gpos_applying_to(snapshot, in_force.scope.dn);
  return effective_value(applied, path).value;
}

std::vector<const GpoPolicy*>
unlinked_gpos(const Snapshot& snapshot, std::string_view domain)
{
  std::vector<const GpoPolicy*> out;
  if (!gpo_links_known(snapshot, domain)) {
    return out;
  }
  std::set<std::string> linked;
  auto add_links = [&linked](const std::vector<GpoLinkContainer>& containers) {
    for (const auto& c : containers) {
      for (const auto& link : c.links) {
        if (!link.disabled() && !link.guid.empty()) {
          linked.insert(link.guid);
        }
      }
    }
  };
  add_links(snapshot.gpo_link_containers);
  add_links(snapshot.configuration.site_gpo_links);
  for (const auto& policy : snapshot.gpo_policies) {
    if (!policy.domain.empty() && !util::iequals(policy.domain, domain)) {
      continue;
    }
    if (linked.count(util::to_upper(policy.guid)) == 0) {
      out.push_back(&policy);
    }
  }
  return out;
}

} // namespace kerbready
