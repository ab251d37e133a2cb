// GPO-FOREST-SEARCH-ORDER: the Kerberos "Use forest search order" policy (client, kerberos.admx
// System\Kerberos; or KDC, kdc.admx System\KDC) enabled with a forest list that names a forest no
// trust of the scan reaches, or with no forest at all.
//
// Values: UseForestSearch (REG_DWORD, 1 = enabled) and ForestSearchList (REG_SZ, forest FQDNs
// separated by ';') under HKLM\Software\Microsoft\Windows\CurrentVersion\Policies\System\{Kerberos,KDC}
// \Parameters (the ADMX; Policy CSP Kerberos/AllowForestSearchOrder,
// learn.microsoft.com/windows/client-management/mdm/policy-csp-kerberos, maps the client one).
// With the policy enabled, a client or KDC that cannot resolve a two-part SPN in its own forest
// searches the listed forests and asks for a referral there; the explain text says that without a
// match "NTLM authentication might be used". A listed forest that no trust reaches is searched in
// vain: names that live there still fall back to NTLM, and the list suggests a routing that does not
// exist (a removed trust, a typo). An enabled policy with an empty list does nothing. Low.
//
// A listed forest counts as reached when an enabled trust's partner is that name (or the name is
// under a forest trust's partner), or it is a domain of the scan's own forest. Evaluated per scope
// from GPO links when the snapshot has them, else per GPO. Not reported: the policy disabled or not
// set; lists whose forests are all reached. TRUST-SUFFIX-ROUTING shows the enabled policies
// as evidence with the forest trusts they name.

#include "src/ad/forest_search.hpp"
#include "src/ad/forest_trust_info.hpp"
#include "src/ad/gpo.hpp"
#include "src/ad/trust.hpp"
#include "src/model/check.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

bool
reached(const Snapshot& snapshot, std::string_view forest)
{
  for (const auto& trust : snapshot.trusts) {
    if (!is_enabled_trust(trust) || trust.partner.empty()) {
      continue;
    }
    if (util::iequals(trust.partner, forest)) {
      return true;
    }
    if ((trust.trust_attributes.value_or(0) & trust_attr::forest_transitive) != 0 &&
        dns_name_is_under(forest, trust.partner)) {
      return true;
    }
  }
  if (!snapshot.configuration.forest_root.empty() && dns_name_is_under(forest, snapshot.configuration.forest_root)) {
    return true;
  }
  for (const auto& domain : snapshot.domains) {
    if (util::iequals(domain.dns_name, forest)) {
      return true;
    }
  }
  return false;
}

std::vector<Finding>
find_forest_search_order(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& order : forest_search_orders(snapshot)) {
    std::vector<std::string> unreached;
    for (const auto& forest : order.forests) {
      if (!reached(snapshot, forest)) {
        unreached.push_back(util::sanitize(forest, 255));
      }
    }
    if (!order.forests.empty() && unreached.empty()) {
      continue;
    }
    const auto& in_force = order.enabled;
    const auto role = describe(order.role);
    const auto where = in_force.links_evaluated ? fmt::format("for {}", in_force.scope.label)
                                                : fmt::format("in GPO {}", gpo_label(*in_force.policy));
    Finding f;
    f.key = fmt::format("{}|{}", order.role == ForestSearchRole::kdc ? "kdc" : "client", in_force.key);
    if (order.forests.empty()) {
      f.summary = fmt::format("The {} \"Use forest search order\" policy is enabled {} with no forest listed: it "
                              "searches nothing",
                              role, where);
    } else {
      f.summary = fmt::format("The {} \"Use forest search order\" policy {} lists {} that no trust of the scan "
                              "reaches: two-part SPNs there are searched in vain and fall back to NTLM",
                              role, where, fmt::join(unreached, ", "));
    }
    if (in_force.links_evaluated) {
      f.subject = fmt::format("{} forest search order for {}", role, in_force.scope.label);
      f.affected.push_back(AffectedObject{in_force.scope.dn, {}, in_force.scope.domain});
      f.tier0 = in_force.scope.kind == ScopeKind::domain_controllers;
    } else {
      f.subject = gpo_label(*in_force.policy);
      f.summary += fmt::format(" ({})", k_links_not_evaluated);
      f.affected = gpo_affected(*in_force.policy);
    }
    f.evidence.push_back(
      Evidence{fmt::format("{} in {}", in_force.value->path, source_file(*in_force.policy, *in_force.value)),
               in_force.value->data});
    if (order.list != nullptr) {
      f.evidence.push_back(Evidence{order.list->path, util::sanitize(order.list->data, 1024)});
    }
    f.evidence.push_back(Evidence{"winning GPO", in_force.source});
    findings.push_back(std::move(f));
  }
  return findings;
}

// The directory attributes behind the snapshot fields this check reads, directly or through
// src/ad helpers (Check::reads).
constexpr AttributeRead k_reads[] = {
  {DirectoryObject::domain, "gPLink"},
  {DirectoryObject::domain, "gPOptions"},
  {DirectoryObject::organizational_unit, "gPLink"},
  {DirectoryObject::organizational_unit, "gPOptions"},
  {DirectoryObject::gpo, "displayName"},
  {DirectoryObject::gpo, "flags"},
  {DirectoryObject::site, "gPLink"},
  {DirectoryObject::trust, "trustPartner"},
  {DirectoryObject::trust, "trustDirection"},
  {DirectoryObject::trust, "trustAttributes"},
};

const CheckRegistrar k_registrar{{
  .id = "GPO-FOREST-SEARCH-ORDER",
  .title = "Kerberos forest search order lists a forest no trust reaches",
  .severity = Severity::low,
  .cause = FallbackCause::trust,
  .description = "The Kerberos client or KDC policy \"Use forest search order\" (UseForestSearch = 1, "
                 "ForestSearchList) is enabled with a forest that no trust of the scan reaches, or with an empty "
                 "list. Two-part SPNs searched there are not found and clients fall back to NTLM.",
  .remediation = "Remove forests without a trust from \"Forests to Search\", create the forest trust they need, "
                 "or disable the policy when it lists nothing.",
  .needs = DataSet::domain | DataSet::sysvol,
  .find = find_forest_search_order,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
