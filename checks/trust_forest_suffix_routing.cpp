// TRUST-SUFFIX-ROUTING: forest trusts whose name-suffix routing leaves out names the partner
// forest uses: top-level names disabled (new, by an administrator, or in conflict), exclusion
// records, domain records with their SID or NetBIOS name disabled, and, when the scan holds the
// partner forest too, a domain name, UPN suffix or SPN suffix of the partner that the trust's table
// lacks or has disabled.
//
// The routing table is the trustedDomain object's msDS-TrustForestTrustInfo (MS-ADTS 6.1.6.9.3
// "msDS-TrustForestTrustInfo Attribute", learn.microsoft.com/openspecs/windows_protocols/ms-adts/
// 96e44639-eb3e-48c3-a565-1d67cceb3bad, and 6.1.6.9.3.1 "Record", …/66387402-cb2b-490c-bf2a-
// f4ad687397e4; flags MS-LSAD 2.2.1.5). The KDC refers a service ticket request across a forest
// trust only for a name under an enabled top-level name that no exclusion covers; for any other
// name the client gets no Kerberos ticket and Negotiate falls back to NTLM. A suffix the partner
// adds after the trust was made (a new UPN or SPN suffix, a new tree) arrives as a top-level name
// with LSA_TLN_DISABLED_NEW and stays disabled until an administrator enables it ("Name Suffix
// Routing" in Active Directory Domains and Trusts, or `netdom trust /EnableTLN`).
//
// The Kerberos "Use forest search order" policies (client and KDC, src/ad/forest_search.hpp), when
// a GPO enables them and lists the partner forest, are shown as evidence: they let a client or KDC
// look for a two-part SPN in the listed forest, which may still find a referral for a name the
// routing table leaves out. GPO-FOREST-SEARCH-ORDER reports lists that name a forest no trust reaches.
//
// Severity: medium when a name the partner forest uses is not routed (seen from the partner's own
// Configuration partition); low for disabled or excluded records alone (whether clients use those
// names is not known). Not reported: disabled trusts, trusts without FOREST_TRANSITIVE, trusts
// without msDS-TrustForestTrustInfo or whose value could not be decoded (a diagnostic says so).

#include "src/ad/forest_search.hpp"
#include "src/ad/forest_trust_info.hpp"
#include "src/ad/trust.hpp"
#include "src/model/check.hpp"
#include "src/util/ad.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <set>

namespace kerbready::checks {
namespace {

constexpr std::size_t k_name_max = 255;

std::string
shown(std::string_view name)
{
  return util::sanitize(name, k_name_max);
}

// The names the partner forest `root` uses, when the scan read its Configuration partition: its
// domains' DNS names (domain crossRefs under its Partitions container), its UPN and SPN suffixes.
// Empty when the partner forest was not read.
std::vector<std::pair<std::string, std::string>>
partner_names(const Snapshot& snapshot, std::string_view root)
{
  std::vector<std::pair<std::string, std::string>> names; // name, where it comes from
  std::set<std::string> seen;
  auto add = [&](const std::string& name, std::string_view from) {
    auto lower = util::to_lower(util::trim(name));
    if (!lower.empty() && lower.back() == '.') {
      lower.pop_back();
    }
    if (!lower.empty() && seen.insert(lower).second) {
      names.emplace_back(lower, std::string(from));
    }
  };
  for (const auto& p : snapshot.configuration.partitions) {
    if (!util::iequals(p.forest_root, root)) {
      continue;
    }
    for (const auto& ref : snapshot.configuration.cross_refs) {
      if ((ref.system_flags.value_or(0) & 0x2) != 0 && util::iequals(util::domain_of_dn(ref.dn), root)) {
        add(ref.dns_root, "domain");
      }
    }
    for (const auto& s : p.upn_suffixes) {
      add(s, "uPNSuffixes");
    }
    for (const auto& s : p.spn_suffixes) {
      add(s, "msDS-SPNSuffixes");
    }
  }
  return names;
}

std::string
record_kind(const ForestTrustRecord& rec)
{
  return rec.type == forest_trust_record::top_level_name_exclusion ? "exclusion" : "top-level name";
}

std::vector<Finding>
find_suffix_routing(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  const auto orders = forest_search_orders(snapshot);
  for (const auto& trust : snapshot.trusts) {
    if (!is_enabled_trust(trust) || (trust.trust_attributes.value_or(0) & trust_attr::forest_transitive) == 0 ||
        trust.forest_trust_info.empty()) {
      continue;
    }
    const auto& info = trust.forest_trust_info;
    std::vector<std::string> problems;
    for (const auto& rec : info) {
      if (rec.type == forest_trust_record::top_level_name && (rec.flags & tln_flag::disabled_mask) != 0) {
        problems.push_back(
          fmt::format("top-level name {} is disabled ({})", shown(rec.name), describe_tln_flags(rec.flags)));
      } else if (rec.type == forest_trust_record::top_level_name_exclusion &&
                 (rec.flags & tln_flag::disabled_mask) == 0) {
        problems.push_back(fmt::format("{} is excluded from routing", shown(rec.name)));
      } else if (rec.type == forest_trust_record::domain_info && rec.flags != 0) {
        problems.push_back(fmt::format("domain {} ({}) is disabled: {}", shown(rec.name), shown(rec.netbios_name),
                                       describe_domain_info_flags(rec.flags)));
      }
    }
    std::vector<std::string> unrouted;
    for (const auto& [name, from] : partner_names(snapshot, trust.partner)) {
      const auto answer = route_name(info, name);
      switch (answer.routing) {
      case NameRouting::routed:
        break;
      case NameRouting::missing:
        unrouted.push_back(
          fmt::format("{} ({} of the partner forest) has no top-level name in the trust", shown(name), from));
        break;
      case NameRouting::disabled:
        unrouted.push_back(fmt::format("{} ({} of the partner forest) is under disabled top-level name {} ({})",
                                       shown(name), from, shown(answer.record->name),
                                       describe_tln_flags(answer.record->flags)));
        break;
      case NameRouting::excluded:
        unrouted.push_back(fmt::format("{} ({} of the partner forest) is under {} {}", shown(name), from,
                                       record_kind(*answer.record), shown(answer.record->name)));
        break;
      }
    }
    if (problems.empty() && unrouted.empty()) {
      continue;
    }
    auto f = trust_finding(trust);
    f.severity = unrouted.empty() ? Severity::low : Severity::medium;
    if (!unrouted.empty()) {
      f.summary = fmt::format("The forest trust from {} to {} does not route {} name(s) the partner forest uses: "
                              "Kerberos for them cannot be referred across the trust and falls back to NTLM",
                              trust.domain, shown(f.subject), unrouted.size());
    } else {
      f.summary = fmt::format("The forest trust from {} to {} has {} disabled or excluded name-suffix record(s): "
                              "Kerberos for names under them falls back to NTLM",
                              trust.domain, shown(f.subject), problems.size());
    }
    for (const auto& u : unrouted) {
      f.evidence.push_back(Evidence{"not routed", u});
    }
    for (const auto& p : problems) {
      f.evidence.push_back(Evidence{fmt::format("msDS-TrustForestTrustInfo of {}", trust.dn), p});
    }
    for (const auto& order : orders) {
      for (const auto& forest : order.forests) {
        if (util::iequals(forest, trust.partner)) {
          f.evidence.push_back(Evidence{
            fmt::format("{} \"Use forest search order\" for {}", describe(order.role), order.enabled.scope.label),
            fmt::format("lists {} ({}): a two-part SPN not found locally is searched there", shown(forest),
                        order.enabled.source)});
        }
      }
    }
    f.remediation = fmt::format(
      "In Active Directory Domains and Trusts, open the trust to {} (Properties, Name Suffix Routing), refresh it "
      "and enable the suffixes clients use, or remove the exclusion that covers them; a suffix added to the partner "
      "forest after the trust was made stays disabled until it is enabled here.",
      shown(f.subject));
    findings.push_back(std::move(f));
  }
  return findings;
}

// The directory attributes behind the snapshot fields this check reads, directly or through
// src/ad helpers (Check::reads).
constexpr AttributeRead k_reads[] = {
  {DirectoryObject::trust, "trustPartner"},
  {DirectoryObject::trust, "flatName"},
  {DirectoryObject::trust, "trustType"},
  {DirectoryObject::trust, "trustDirection"},
  {DirectoryObject::trust, "trustAttributes"},
  {DirectoryObject::trust, "msDS-TrustForestTrustInfo"},
  {DirectoryObject::cross_ref, "dnsRoot"},
  {DirectoryObject::cross_ref, "systemFlags"},
  {DirectoryObject::partitions, "uPNSuffixes"},
  {DirectoryObject::partitions, "msDS-SPNSuffixes"},
  {DirectoryObject::domain, "gPLink"},
  {DirectoryObject::domain, "gPOptions"},
  {DirectoryObject::organizational_unit, "gPLink"},
  {DirectoryObject::organizational_unit, "gPOptions"},
  {DirectoryObject::gpo, "displayName"},
  {DirectoryObject::gpo, "flags"},
  {DirectoryObject::site, "gPLink"},
};

const CheckRegistrar k_registrar{{
  .id = "TRUST-SUFFIX-ROUTING",
  .title = "Forest trust does not route name suffixes clients use",
  .severity = Severity::medium,
  .cause = FallbackCause::trust,
  .description = "A forest trust's name-suffix routing (msDS-TrustForestTrustInfo, MS-ADTS 6.1.6.9.3) has "
                 "top-level names disabled (LSA_TLN_DISABLED_NEW/ADMIN/CONFLICT), exclusions or disabled domain "
                 "records, or, when the partner forest is in the scan, lacks or disables a domain name, UPN suffix "
                 "or SPN suffix the partner uses (a suffix added after the trust was made is disabled by default). "
                 "The KDC refers no Kerberos request for such names across the trust, and clients fall back to "
                 "NTLM. Enabled \"Use forest search order\" policies that list the partner are shown as evidence.",
  .remediation = "Enable the suffixes clients use in the trust's Name Suffix Routing (Active Directory Domains and "
                 "Trusts), or remove the exclusion.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_suffix_routing,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
