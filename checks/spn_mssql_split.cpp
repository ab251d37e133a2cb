// SPN-MSSQL-SPLIT: the MSSQLSvc SPNs of one SQL Server host split between accounts in a way that
// cannot all be right: one endpoint on two accounts, SPNs left on a disabled account, or the
// port form and the instance-name form of an instance on different accounts.
//
// Source: Microsoft Learn, "Register a Service Principal Name for Kerberos Connections"
// (https://learn.microsoft.com/en-us/sql/database-engine/configure-windows/register-a-service-principal-name-for-kerberos-connections).
// The client builds MSSQLSvc/<FQDN>:<port> for TCP (MSSQLSvc/<FQDN>:<instancename> for a named
// instance, MSSQLSvc/<FQDN> for the default instance, over named pipes and shared memory) from the
// name it resolves, and the SPN must be mapped to the account that starts the instance; if the
// KDC finds no such SPN, or the ticket is encrypted for another account's key, "the
// authentication falls back to NTLM" (or, for a wrong key, fails with KRB_AP_ERR_MODIFIED). An
// instance lives on one host and one port and runs as one account, so:
//
// - one endpoint (host and port, or host and instance name) whose SPN forms (FQDN, short name)
//   are held by two enabled accounts: one of them is not the account the instance runs as
//   (medium). The same SPN string on two accounts is SPN-DUPLICATE's, not reported here;
// - MSSQLSvc SPNs for a host on a disabled account while an enabled account holds MSSQLSvc SPNs
//   for the same host: left behind when the service account changed (medium);
// - a host whose port-form SPNs are on one enabled account and instance-name forms on another,
//   with no account holding both: SQL Server registers both forms of a named instance on the
//   account it runs as, so if they are one instance one account is stale (low: two instances
//   under two accounts look the same).
//
// A short host name is read as the computer that answers to it (one computer only). Not
// reported: a missing short-name form (SQL Server registers the FQDN forms itself; the short
// forms are optional), hosts held by one account, several instances of a host under several
// accounts each with consistent forms, IP hosts (SPN-IP-ADDRESS).

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

struct SqlSpn
{
  const Account* account = nullptr;
  std::string written;  // as written
  std::string endpoint; // lowercase port or instance name; empty for MSSQLSvc/<host>
};

bool
is_port(std::string_view endpoint)
{
  return !endpoint.empty() &&
         std::all_of(endpoint.begin(), endpoint.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string
endpoint_text(const std::string& host, const std::string& endpoint)
{
  if (endpoint.empty()) {
    return fmt::format("{} (no port or instance name: the default instance)", host);
  }
  return fmt::format("{} {} {}", host, is_port(endpoint) ? "port" : "instance", endpoint);
}

std::string
spn_list(const std::vector<const SqlSpn*>& spns)
{
  std::vector<std::string> texts;
  texts.reserve(spns.size());
  for (const auto* s : spns) {
    texts.push_back(s->written);
  }
  return fmt::format("{}", fmt::join(texts, ", "));
}

// Sort accounts by sAMAccountName, then DN, so that findings read the same on every run.
bool
by_name(const Account* a, const Account* b)
{
  return std::tie(a->sam_account_name, a->dn) < std::tie(b->sam_account_name, b->dn);
}

std::string
remove_commands(const std::vector<const SqlSpn*>& spns)
{
  std::string out;
  for (const auto* s : spns) {
    out += "\n  " + util::shell_command(util::Shell::cmd, "setspn -D {} {}",
                                        {{s->written, "the SPN"}, {s->account->sam_account_name, "the account name"}});
  }
  return out;
}

std::string
verify_command(const std::string& host)
{
  return util::shell_command(util::Shell::cmd, "setspn -Q {}", {{"MSSQLSvc/" + host + "*", "the host name"}});
}

void
add_spn_evidence(Finding& f, const std::vector<const SqlSpn*>& spns)
{
  for (const auto* s : spns) {
    f.evidence.push_back(Evidence{fmt::format("servicePrincipalName of {}", s->account->sam_account_name), s->written});
  }
}

std::vector<Finding>
find_split_sql_spns(const Snapshot& snapshot)
{
  const auto& hosts = host_index(snapshot);
  const auto& index = spn_index(snapshot);
  // canonical host -> its MSSQLSvc SPNs, in snapshot order
  std::map<std::string, std::vector<SqlSpn>> by_host;
  for (const auto& account : snapshot.accounts) {
    for (const auto& written : account.service_principal_names) {
      const auto spn = parse_spn(written);
      if (!spn || !util::iequals(spn->service_class, "MSSQLSvc") || spn->host.empty() || is_ip_literal(spn->host) ||
          !spn->service_name.empty()) {
        continue;
      }
      by_host[hosts.canonical(spn->host)].push_back(SqlSpn{&account, std::string(written), util::to_lower(spn->port)});
    }
  }
  const auto held_elsewhere = [&](const SqlSpn& s) {
    const auto it = index.find(util::to_lower(s.written));
    return it != index.end() && it->second.size() > 1;
  };

  std::vector<Finding> findings;
  for (const auto& [host, spns] : by_host) {
    std::set<const Account*> enabled;
    std::set<const Account*> disabled;
    for (const auto& s : spns) {
      (s.account->is_enabled() ? enabled : disabled).insert(s.account);
    }
    if (enabled.size() + disabled.size() < 2) {
      continue;
    }

    // One endpoint, two enabled accounts.
    std::map<std::string, std::vector<const SqlSpn*>> by_endpoint;
    for (const auto& s : spns) {
      if (s.account->is_enabled()) {
        by_endpoint[s.endpoint].push_back(&s);
      }
    }
    for (const auto& [endpoint, uses] : by_endpoint) {
      std::vector<const Account*> holders;
      std::set<std::string> texts;
      for (const auto* s : uses) {
        texts.insert(util::to_lower(s->written));
        if (std::find(holders.begin(), holders.end(), s->account) == holders.end()) {
          holders.push_back(s->account);
        }
      }
      if (holders.size() < 2 || texts.size() < 2) {
        continue;
      }
      std::sort(holders.begin(), holders.end(), by_name);
      Finding f;
      f.subject = fmt::format("MSSQLSvc/{}{}{}", host, endpoint.empty() ? "" : ":", endpoint);
      f.key = "endpoint|" + util::to_lower(f.subject);
      std::vector<std::string> names;
      for (const auto* a : holders) {
        names.push_back(a->sam_account_name.str());
        f.affected.push_back(affected(*a));
      }
      f.summary = fmt::format("The SQL Server endpoint {} has its MSSQLSvc SPNs on {} accounts ({}): an instance "
                              "runs as one account, so clients whose SPN form ({}) maps to another account get a "
                              "ticket the instance cannot decrypt and Kerberos fails or falls back to NTLM",
                              endpoint_text(host, endpoint), holders.size(), fmt::join(names, ", "), spn_list(uses));
      add_spn_evidence(f, uses);
      f.remediation = fmt::format(
        "Find the account the instance runs as (SQL Server Configuration Manager, or the service's Log On As), keep "
        "every form of this SPN on it and remove the others, e.g.:{}\nThen check with\n  {}",
        remove_commands(uses), verify_command(host));
      findings.push_back(std::move(f));
    }

    // Left on a disabled account.
    if (!enabled.empty()) {
      std::vector<const Account*> old(disabled.begin(), disabled.end());
      std::sort(old.begin(), old.end(), by_name);
      std::vector<const Account*> current(enabled.begin(), enabled.end());
      std::sort(current.begin(), current.end(), by_name);
      for (const auto* account : old) {
        std::vector<const SqlSpn*> left;
        for (const auto& s : spns) {
          if (s.account == account && !held_elsewhere(s)) {
            left.push_back(&s);
          }
        }
        if (left.empty()) {
          continue;
        }
        std::vector<const SqlSpn*> live;
        std::vector<std::string> names;
        for (const auto& s : spns) {
          if (s.account->is_enabled()) {
            live.push_back(&s);
          }
        }
        names.reserve(current.size());
        for (const auto* a : current) {
          names.push_back(a->sam_account_name.str());
        }
        Finding f;
        f.subject = fmt::format("{} ({})", host, account->sam_account_name);
        f.key = util::to_lower(fmt::format("disabled|{}|{}", host, account->dn));
        f.summary = fmt::format("MSSQLSvc SPNs for {} are on the disabled account {} ({}) while {} holds the host's "
                                "other MSSQLSvc SPNs: left behind when the service account changed, they send clients "
                                "using those forms to an account no instance runs as, and Kerberos fails or falls "
                                "back to NTLM",
                                host, account->sam_account_name, spn_list(left), fmt::join(names, ", "));
        f.affected.push_back(affected(*account));
        for (const auto* a : current) {
          f.affected.push_back(affected(*a));
        }
        add_spn_evidence(f, left);
        add_spn_evidence(f, live);
        f.remediation = fmt::format("Remove the SPNs from the disabled account:{}\nand register on the account the "
                                    "instance runs as those of its forms it lacks (setspn -S <SPN> <account>). "
                                    "Check with\n  {}",
                                    remove_commands(left), verify_command(host));
        findings.push_back(std::move(f));
      }
    }

    // Port forms on one account, instance-name forms on another.
    if (enabled.size() == 2) {
      const Account* ports = nullptr;
      const Account* names = nullptr;
      bool mixed = false;
      for (const auto* a : enabled) {
        bool has_port = false;
        bool has_name = false;
        for (const auto& s : spns) {
          if (s.account == a) {
            (is_port(s.endpoint) ? has_port : has_name) = true;
          }
        }
        mixed = mixed || (has_port && has_name);
        (has_port ? ports : names) = a;
      }
      const auto named = [](const SqlSpn& s) { return !s.endpoint.empty() && !is_port(s.endpoint); };
      if (!mixed && ports != nullptr && names != nullptr &&
          std::any_of(spns.begin(), spns.end(), [&](const SqlSpn& s) { return s.account == names && named(s); })) {
        std::vector<const SqlSpn*> port_spns;
        std::vector<const SqlSpn*> name_spns;
        for (const auto& s : spns) {
          if (s.account == ports) {
            port_spns.push_back(&s);
          } else if (s.account == names) {
            name_spns.push_back(&s);
          }
        }
        Finding f;
        f.severity = Severity::low;
        f.subject = fmt::format("{} (forms)", host);
        f.key = "forms|" + host;
        f.summary =
          fmt::format("On {} the port-form MSSQLSvc SPNs ({}) are on {} and the instance-name forms ({}) on "
                      "{}: SQL Server registers both forms of a named instance on the account it runs as, "
                      "so if these are one instance, clients using one of the forms get a ticket it cannot "
                      "decrypt (TCP clients use the port form, named-pipe clients the instance form)",
                      host, spn_list(port_spns), ports->sam_account_name, spn_list(name_spns), names->sam_account_name);
        f.affected.push_back(affected(*ports));
        f.affected.push_back(affected(*names));
        add_spn_evidence(f, port_spns);
        add_spn_evidence(f, name_spns);
        f.remediation = fmt::format(
          "Check which account each instance on {} runs as. If one instance: move the forms on the other account to "
          "it (setspn -D <SPN> <old account>, then setspn -S <SPN> <service account>). Check with\n  {}",
          util::sanitize(host), verify_command(host));
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
  {DirectoryObject::account, "dNSHostName"},
  {DirectoryObject::account, "msDS-AdditionalDnsHostName"},
  {DirectoryObject::cross_ref, "dnsRoot"},
  {DirectoryObject::cross_ref, "nETBIOSName"},
};

const CheckRegistrar k_registrar{{
  .id = "SPN-MSSQL-SPLIT",
  .title = "SQL Server SPNs split between accounts",
  .severity = Severity::medium,
  .cause = FallbackCause::spn,
  .description =
    "The MSSQLSvc SPNs of one SQL Server host are split between accounts in a way that cannot all be right: one "
    "endpoint (host and port or instance name) in two forms on two enabled accounts, or SPNs left on a disabled "
    "account while another account holds the host's other MSSQLSvc SPNs (medium); the port forms on one account "
    "and the instance-name forms on another (low). Clients get a ticket for an account the instance does not run "
    "as and Kerberos fails or falls back to NTLM. A missing short-name form is not reported. Source: Microsoft "
    "Learn, \"Register a Service Principal Name for Kerberos Connections\".",
  .remediation = "Keep every MSSQLSvc form of an instance on the account it runs as (setspn -S) and remove them "
                 "from the others (setspn -D).",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_split_sql_spns,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
