// GPO-UNLINKED: GPOs in the SYSVOL copy that set NTLM or Kerberos policy values but have no
// enabled link on the domain, any OU or any AD site (gPLink).
//
// Their settings apply to nothing, so the other GPO checks do not count them as in force; they are
// listed so that a reviewer does not mistake a prepared (or abandoned) NTLM GPO for one that is
// deployed. Site links live on the site objects of the Configuration partition (MS-GPOL 2.2.2,
// "Site, domain and OU" scopes of management; GPMC links GPOs to sites, domains and OUs): a GPO
// linked to a site applies to the computers in that site and is not unlinked. When the snapshot
// has no site objects (the Configuration partition, or its sites, were not read), a GPO without a
// domain or OU link is still listed and the finding says its site links were not read. Needs GPO
// links in the snapshot; without them nothing is reported (the other checks then count every GPO
// and say so). Info.
//
// Not reported: unlinked GPOs that set none of the NTLM/Kerberos values the checks read.

#include "src/ad/gpo.hpp"
#include "src/ad/gpo_links.hpp"
#include "src/model/check.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

constexpr std::string_view k_paths[] = {
  gpo_value::lm_compatibility_level,        gpo_value::no_lm_hash,
  gpo_value::restrict_sending_ntlm,         gpo_value::restrict_receiving_ntlm,
  gpo_value::audit_receiving_ntlm,          gpo_value::ntlm_min_client_sec,
  gpo_value::ntlm_min_server_sec,           gpo_value::restrict_ntlm_in_domain,
  gpo_value::audit_ntlm_in_domain,          gpo_value::kerberos_supported_etypes,
  gpo_value::client_allowed_ntlm_servers,   gpo_value::dc_allowed_ntlm_servers,
  gpo_value::rpc_enable_auth_ep_resolution, gpo_value::rpc_restrict_remote_clients,
};

std::vector<Finding>
find_unlinked(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& domain : snapshot.domains) {
    for (const auto* policy : unlinked_gpos(snapshot, domain.dns_name)) {
      std::vector<std::string> names;
      Finding f;
      for (const auto path : k_paths) {
        if (const auto* value = find_registry_value(*policy, path)) {
          names.push_back(registry_value_name(path));
          f.evidence.push_back(
            Evidence{fmt::format("{} in {}", value->path, source_file(*policy, *value)), value->data});
        }
      }
      if (names.empty()) {
        continue;
      }
      f.subject = gpo_label(*policy);
      f.key = gpo_key(*policy);
      f.summary = snapshot.configuration.sites_read
                    ? fmt::format("GPO {} sets {} but is linked to no site, domain or OU: its settings are not in "
                                  "force",
                                  f.subject, fmt::join(names, ", "))
                    : fmt::format("GPO {} sets {} but is linked to no OU or domain (the sites were not read, so a "
                                  "site link cannot be ruled out): its settings are not in force there",
                                  f.subject, fmt::join(names, ", "));
      f.affected = gpo_affected(*policy);
      findings.push_back(std::move(f));
    }
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
  {DirectoryObject::cross_ref, "dnsRoot"},
  {DirectoryObject::cross_ref, "nETBIOSName"},
  {DirectoryObject::site, "gPLink"},
};

const CheckRegistrar k_registrar{{
  .id = "GPO-UNLINKED",
  .title = "GPO with NTLM/Kerberos settings is not linked",
  .severity = Severity::info,
  .cause = FallbackCause::app_config,
  .description = "A GPO sets NTLM or Kerberos policy values but no enabled gPLink on the domain, an OU or a site "
                 "points to it, so its settings apply nowhere. Needs GPO links in the snapshot.",
  .remediation = "Link the GPO where it is meant to apply, or delete it so that nobody mistakes it for deployed "
                 "policy.",
  .needs = DataSet::domain | DataSet::sysvol,
  .find = find_unlinked,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
