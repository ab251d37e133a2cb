// SPN-ALIAS-COLLISION: an SPN whose service class is an alias of HOST (through the forest's
// sPNMappings, or the Windows default list when Configuration was not read) is held by an account
// other than the computer that holds HOST/ for the same name.
//
// The KDC resolves an SPN by exact match first and only then through MapSPN (MS-DRSR 4.1.4.2.14),
// so a request for cifs/web01 or http/web01 gets a ticket for the explicit holder, not for the
// computer. When the service actually runs as the computer, the ticket cannot be decrypted
// (KRB_AP_ERR_MODIFIED) and the client falls back to NTLM. High when the holder is another computer
// (almost always a mistake); info when it is a user or managed service account, which is the normal
// pattern for an IIS application pool or SQL service identity.
//
// Not reported: the computer's own explicit SPNs, SPNs with a port (MapSPN keeps the port, and
// nobody holds host/name:port), and exact duplicates (SPN-DUPLICATE reports those).

#include "src/ad/spn.hpp"
#include "src/model/check.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_alias_collisions(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  const auto mappings = SpnMappings::from(snapshot.configuration);
  const auto& index = spn_index(snapshot);
  for (const auto& account : snapshot.accounts) {
    for (const auto& written : account.service_principal_names) {
      const auto spn = parse_spn(written);
      if (!spn || !spn->port.empty()) {
        continue;
      }
      const auto alias = mappings.alias_of(spn->service_class);
      if (!alias || util::iequals(*alias, spn->service_class)) {
        continue;
      }
      const auto lower = util::to_lower(written);
      if (const auto dup = index.find(lower); dup != index.end() && dup->second.size() > 1) {
        continue;
      }
      const auto slash = lower.find('/');
      const auto mapped = *alias + lower.substr(slash);
      const auto owners = index.find(mapped);
      // When this account holds the mapped SPN itself, the KDC's answer is the same either way
      // (a duplicate of the mapped SPN is SPN-DUPLICATE's to report).
      if (owners == index.end() ||
          std::find(owners->second.begin(), owners->second.end(), &account) != owners->second.end()) {
        continue;
      }
      for (const auto* owner : owners->second) {
        if (owner == &account) {
          continue;
        }
        Finding f;
        const bool other_computer = account.kind == AccountKind::computer;
        f.severity = other_computer ? Severity::high : Severity::info;
        f.subject = written;
        f.key = fmt::format("{}|{}", lower, util::to_lower(account.dn));
        f.summary =
          other_computer
            ? fmt::format("{} is held by computer {} while {} holds {}/{}: clients get tickets for the wrong "
                          "computer and fall back to NTLM",
                          written, account.sam_account_name, owner->sam_account_name, *alias, spn->host)
            : fmt::format("{} is held by service account {}, which takes precedence over {}'s {}/{}: correct only "
                          "if the service runs as {}",
                          written, account.sam_account_name, owner->sam_account_name, *alias, spn->host,
                          account.sam_account_name);
        f.affected.push_back(affected(account));
        f.affected.push_back(affected(*owner));
        f.evidence.push_back(
          Evidence{fmt::format("servicePrincipalName of {}", account.sam_account_name), std::string(written)});
        for (const auto& owner_spn : owner->service_principal_names) {
          if (util::iequals(owner_spn, mapped)) {
            f.evidence.push_back(
              Evidence{fmt::format("servicePrincipalName of {}", owner->sam_account_name), std::string(owner_spn)});
          }
        }
        f.evidence.push_back(Evidence{
          "sPNMappings",
          fmt::format("{} maps to {} ({})", spn->service_class, *alias,
                      mappings.from_directory() ? "forest's sPNMappings" : "Windows default; Configuration not read")});
        const auto setspn_d = util::shell_command(
          util::Shell::cmd, "setspn -D {} {}", {{written, "the SPN"}, {account.sam_account_name, "the account name"}});
        f.remediation =
          other_computer
            ? fmt::format("Remove the SPN from the computer that does not run the service:\n  {}", setspn_d)
            : fmt::format("If the service runs as {}, nothing to do. If it runs as the computer (LocalSystem, "
                          "NetworkService, ApplicationPoolIdentity), remove the explicit SPN:\n  {}",
                          util::sanitize(account.sam_account_name), setspn_d);
        findings.push_back(std::move(f));
      }
    }
  }
  return findings;
}

// The directory attributes behind the snapshot fields this check reads, directly or through
// src/ad helpers (Check::reads).
constexpr AttributeRead k_reads[] = {
  {DirectoryObject::account, "servicePrincipalName"},
  {DirectoryObject::account, "sAMAccountName"},
  {DirectoryObject::account, "userAccountControl"},
  {DirectoryObject::directory_service, "sPNMappings"},
};

const CheckRegistrar k_registrar{{
  .id = "SPN-ALIAS-COLLISION",
  .title = "SPN shadows a computer's HOST/ SPN through sPNMappings",
  .severity = Severity::high,
  .cause = FallbackCause::spn,
  .description = "An SPN whose service class maps to HOST (cifs, http, …, per sPNMappings) is held by an account "
                 "other than the computer holding HOST/ for that name. The KDC takes the exact match first, so "
                 "clients get tickets for that account; if the service runs as the computer they fail and fall "
                 "back to NTLM. High when the holder is another computer, info for service accounts.",
  .remediation = "Keep the explicit SPN only on the account the service runs as (setspn -D on the others).",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_alias_collisions,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
