#include "src/ad/forest_search.hpp"

#include "src/ad/gpo.hpp"
#include "src/util/text.hpp"

namespace kerbready {

std::string_view
describe(ForestSearchRole role)
{
  return role == ForestSearchRole::kdc ? "KDC" : "Kerberos client";
}

std::vector<std::string>
forest_search_entries(std::string_view data)
{
  std::vector<std::string> out;
  for (auto part : util::split(data, ';')) {
    part = util::trim(part);
    if (!part.empty() && part.back() == '.') {
      part.remove_suffix(1);
    }
    if (!part.empty()) {
      out.push_back(util::to_lower(part));
    }
  }
  return out;
}

std::vector<ForestSearchOrder>
forest_search_orders(const Snapshot& snapshot)
{
  std::vector<ForestSearchOrder> out;
  const struct
  {
    ForestSearchRole role;
    std::string_view enabled;
    std::string_view list;
  } k_policies[] = {
    {ForestSearchRole::kerberos_client, gpo_value::kerberos_use_forest_search, gpo_value::kerberos_forest_search_list},
    {ForestSearchRole::kdc, gpo_value::kdc_use_forest_search, gpo_value::kdc_forest_search_list},
  };
  for (const auto& policy : k_policies) {
    const auto lists = values_in_force(snapshot, policy.list);
    for (auto& enabled : values_in_force(snapshot, policy.enabled)) {
      const auto v = registry_dword(*enabled.value);
      if (!v || *v != 1) {
        continue;
      }
      ForestSearchOrder order;
      order.role = policy.role;
      // The same scope; an OU scope whose list winner is the domain root's is not listed apart
      // (values_in_force), so fall back to the root's.
      const ValueInForce* same = nullptr;
      const ValueInForce* root = nullptr;
      for (const auto& list : lists) {
        if (list.key == enabled.key) {
          same = &list;
        } else if (list.links_evaluated && list.scope.kind == ScopeKind::domain_members &&
                   list.scope.domain == enabled.scope.domain) {
          root = &list;
        }
      }
      if (const auto* chosen = same != nullptr ? same : (enabled.links_evaluated ? root : nullptr)) {
        order.list = chosen->value;
        order.forests = forest_search_entries(chosen->value->data);
      }
      order.enabled = std::move(enabled);
      out.push_back(std::move(order));
    }
  }
  return out;
}

} // namespace kerbready
