// SPN-MSSQL-LISTENER: SQL Server names other than a server's own (Availability Group listeners,
// failover cluster network names, host-name aliases) whose MSSQLSvc SPNs are missing or on an
// account no instance runs as.
//
// Source: Microsoft Learn, "Register a Service Principal Name for Kerberos Connections"
// (https://learn.microsoft.com/en-us/sql/database-engine/configure-windows/register-a-service-principal-name-for-kerberos-connections):
// the client builds MSSQLSvc/<FQDN>:<port> from the name it resolves and the SPN must be mapped to
// the account that starts the instance; for an availability group listener that is
// MSSQLSvc/<listener FQDN>:<port> registered on the instances' service account (Microsoft Learn,
// "Configure availability group listener", Kerberos section). Otherwise the KDC has no SPN (or the
// wrong key) for the name and the connection falls back to NTLM.
//
// - A computer account without operatingSystem (the object of a cluster network name or listener,
//   created by the cluster, not by a machine joining the domain) holding MSSQLSvc SPNs: no SQL
//   Server runs as such an object (failover cluster instances and listeners run under a domain
//   account or gMSA), so tickets for these SPNs are encrypted for a key no instance holds (medium;
//   the summary says to confirm that the object is a cluster or listener name). Judged only where
//   other computers of its domain carry operatingSystem, which proves the attribute was read.
// - A DNS name that is no computer's name, shares an address with a host that has MSSQLSvc SPNs
//   (a host-name alias or listener address of that SQL Server), is named in some SPN, but in no
//   MSSQLSvc SPN (medium). A name no SPN names at all is DNS-VIP-NO-SPN's (one finding per name);
//   a CNAME is not reported: the client resolves it to the canonical name and builds the SPN for
//   that host.
//
// Not reported: a missing short-name form, names outside what was read (src/ad/scope.hpp).

#include "src/ad/dns_record.hpp"
#include "src/ad/scope.hpp"
#include "src/ad/spn.hpp"
#include "src/model/check.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace kerbready::checks {
namespace {

bool
is_mssql(std::string_view written, Spn* out = nullptr)
{
  const auto spn = parse_spn(written);
  if (!spn || !util::iequals(spn->service_class, "MSSQLSvc") || spn->host.empty()) {
    return false;
  }
  if (out != nullptr) {
    *out = *spn;
  }
  return true;
}

void
find_cluster_objects(const Snapshot& snapshot, std::vector<Finding>& findings)
{
  std::set<std::string> os_read; // domains where some computer carries operatingSystem
  for (const auto& account : snapshot.accounts) {
    if (account.kind == AccountKind::computer && !account.operating_system.empty()) {
      os_read.insert(util::to_lower(account.domain));
    }
  }
  for (const auto& account : snapshot.accounts) {
    if (account.kind != AccountKind::computer || !account.operating_system.empty() || !account.is_enabled() ||
        account.is_domain_controller() || os_read.count(util::to_lower(account.domain)) == 0) {
      continue;
    }
    std::vector<std::string> sql;
    for (const auto& written : account.service_principal_names) {
      if (is_mssql(written)) {
        sql.emplace_back(written);
      }
    }
    if (sql.empty()) {
      continue;
    }
    Finding f;
    f.subject = account.sam_account_name;
    f.key = "object|" + util::to_lower(account.dn);
    f.summary = fmt::format("The computer account {} has no operatingSystem (a cluster network name or listener "
                            "object, if no machine joined as it) yet holds {}: SQL Server never runs as such an "
                            "object, so tickets for these SPNs are encrypted for a key no instance holds and "
                            "clients fail Kerberos or fall back to NTLM",
                            account.sam_account_name, fmt::join(sql, ", "));
    f.affected.push_back(affected(account));
    std::string commands;
    for (const auto& written : sql) {
      f.evidence.push_back(Evidence{fmt::format("servicePrincipalName of {}", account.sam_account_name), written});
      commands += "\n  " + util::shell_command(util::Shell::cmd, "setspn -D {} {}",
                                               {{written, "the SPN"}, {account.sam_account_name, "the account name"}});
      commands += "\n  " + util::shell_command(util::Shell::cmd, "setspn -S {} <SQL Server service account>",
                                               {{written, "the SPN"}});
    }
    f.remediation = fmt::format("Confirm that {} is a cluster or listener name (Failover Cluster Manager), then move "
                                "the SPNs to the account the SQL Server instances run as:{}",
                                util::sanitize(account.sam_account_name), commands);
    findings.push_back(std::move(f));
  }
}

void
find_address_aliases(const Snapshot& snapshot, std::vector<Finding>& findings)
{
  if (!snapshot.has(DataSet::dns)) {
    return;
  }
  const auto& dns = dns_index(snapshot);
  const auto& hosts = host_index(snapshot);
  const auto& spn_hosts = spn_host_index(snapshot);
  const auto& scope = read_scope(snapshot);
  // canonical SQL host -> its MSSQLSvc SPN uses
  std::map<std::string, std::vector<SpnUse>> sql_hosts;
  for (const auto& account : snapshot.accounts) {
    for (const auto& written : account.service_principal_names) {
      Spn spn;
      if (is_mssql(written, &spn) && !is_ip_literal(spn.host)) {
        sql_hosts[hosts.canonical(spn.host)].push_back(SpnUse{&account, written});
      }
    }
  }
  if (sql_hosts.empty()) {
    return;
  }
  for (const auto& name : dns.names()) {
    if (!hosts.computers_for(name).empty() || sql_hosts.count(name) != 0 || util::istarts_with(name, "_") ||
        name.find("._") != std::string::npos || scope.zone_authority(name) == Authority::outside ||
        scope.domain_authority(name) == Authority::outside) {
      continue;
    }
    const auto uses = spn_uses_for_host(spn_hosts, name);
    if (uses.empty() || std::any_of(uses.begin(), uses.end(), [](const SpnUse& u) { return is_mssql(u.spn); })) {
      continue;
    }
    const auto* records = dns.find(name);
    std::set<std::string> servers;
    for (const auto& record : records->records) {
      if (record.type != dns_type::a && record.type != dns_type::aaaa) {
        continue;
      }
      for (const auto& other : dns.names_with_address(record.address)) {
        if (other != name && sql_hosts.count(other) != 0) {
          servers.insert(other);
        }
      }
    }
    if (servers.empty()) {
      continue;
    }
    const auto& server = *servers.begin();
    const auto& sql = sql_hosts.at(server);
    Finding f;
    f.subject = name;
    f.key = "alias|" + name;
    f.summary =
      fmt::format("{} shares its address with the SQL Server host {} ({} on {}) and is named in {}, but in "
                  "no MSSQLSvc SPN: SQL clients connecting to {} ask for MSSQLSvc/{}:<port>, get no "
                  "ticket and fall back to NTLM",
                  name, server, sql.front().spn, sql.front().account->sam_account_name, uses.front().spn, name, name);
    for (const auto& use : sql) {
      if (std::none_of(f.affected.begin(), f.affected.end(),
                       [&](const AffectedObject& o) { return o.dn == use.account->dn; })) {
        f.affected.push_back(affected(*use.account));
      }
      f.evidence.push_back(
        Evidence{fmt::format("servicePrincipalName of {}", use.account->sam_account_name), std::string(use.spn)});
    }
    f.evidence.push_back(Evidence{"host", name});
    std::string commands;
    std::set<std::string> seen;
    for (const auto& use : sql) {
      Spn spn;
      if (!is_mssql(use.spn, &spn)) {
        continue;
      }
      const auto wanted = fmt::format("MSSQLSvc/{}{}{}", name, spn.port.empty() ? "" : ":", spn.port);
      if (seen.insert(util::to_lower(wanted) + "\n" + use.account->dn).second) {
        commands += "\n  " + util::shell_command(util::Shell::cmd, "setspn -S {} {}",
                                                 {{wanted, "the SPN"}, {use.account->sam_account_name, "the account"}});
      }
    }
    f.remediation = fmt::format("If clients connect to SQL Server by {}, register its MSSQLSvc SPNs on the account the "
                                "instance runs as (the holder of {}'s SPNs):{}",
                                util::sanitize(name), util::sanitize(server), commands);
    findings.push_back(std::move(f));
  }
}

std::vector<Finding>
find_sql_listener_spns(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  find_cluster_objects(snapshot, findings);
  find_address_aliases(snapshot, findings);
  return findings;
}

// The directory attributes behind the snapshot fields this check reads, directly or through
// src/ad helpers (Check::reads).
constexpr AttributeRead k_reads[] = {
  {DirectoryObject::account, "servicePrincipalName"},
  {DirectoryObject::account, "sAMAccountName"},
  {DirectoryObject::account, "userAccountControl"},
  {DirectoryObject::account, "dNSHostName"},
  {DirectoryObject::account, "msDS-AdditionalDnsHostName"},
  {DirectoryObject::account, "operatingSystem"},
  {DirectoryObject::trust, "trustPartner"},
  {DirectoryObject::dns_node, "dc"},
  {DirectoryObject::dns_node, "dnsRecord"},
  {DirectoryObject::dns_node, "dNSTombstoned"},
  {DirectoryObject::cross_ref, "dnsRoot"},
  {DirectoryObject::cross_ref, "systemFlags"},
  {DirectoryObject::cross_ref, "nETBIOSName"},
};

const CheckRegistrar k_registrar{{
  .id = "SPN-MSSQL-LISTENER",
  .title = "SQL Server listener or alias without a usable MSSQLSvc SPN",
  .severity = Severity::medium,
  .cause = FallbackCause::ip_or_alias,
  .description = "A cluster network name or availability group listener object (a computer account without "
                 "operatingSystem) holds MSSQLSvc SPNs although no SQL Server runs as it, or a DNS name sharing an "
                 "address with a SQL Server host is named in SPNs but in no MSSQLSvc SPN. SQL clients build "
                 "MSSQLSvc/<name>:<port> from the name they resolve and fall back to NTLM. Source: Microsoft Learn, "
                 "\"Register a Service Principal Name for Kerberos Connections\".",
  .remediation = "Register MSSQLSvc/<listener or alias FQDN>:<port> on the account the instances run as, and remove "
                 "MSSQLSvc SPNs from cluster and listener objects.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_sql_listener_spns,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
