#include "src/ad/stale.hpp"

#include "src/ad/etypes.hpp"
#include "src/ad/special_accounts.hpp"
#include "src/util/ad.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>

namespace kerbready {

namespace {

constexpr std::int64_t k_day = 86400;
// Objects named one by one in a grouped finding's evidence and disable commands; the rest are
// counted (all of them are in its affected objects).
constexpr std::size_t k_listed = 20;

struct KindName
{
  std::string_view singular;
  std::string_view plural;
  std::string_view search_switch; // Search-ADAccount's filter for the kind
};

// Every kind a group is keyed by ("stale|<kind>").
constexpr std::array<std::string_view, 2> k_kinds = {"computer", "user"};

KindName
kind_name(const Account& a)
{
  // Keep in step with k_kinds.
  if (a.kind == AccountKind::computer) {
    return {"computer", "computers", "-ComputersOnly"};
  }
  return {"user", "users", "-UsersOnly"};
}

std::string
date_or_never(const std::optional<std::int64_t>& t)
{
  return t ? util::format_iso8601(*t).substr(0, 10) : std::string("never");
}

} // namespace

bool
is_stale_group_id(std::string_view check_id, std::string_view finding_id)
{
  return std::any_of(k_kinds.begin(), k_kinds.end(), [&](std::string_view kind) {
    return make_finding_id(check_id, fmt::format("stale|{}", kind)) == finding_id;
  });
}

bool
is_stale(const Account& account, std::int64_t reference_time, unsigned stale_days)
{
  if (reference_time == 0 || stale_days == 0) {
    return false;
  }
  const std::int64_t cutoff = reference_time - static_cast<std::int64_t>(stale_days) * k_day;
  const auto password = account.pwd_last_set ? account.pwd_last_set : account.when_created;
  if (!password || *password >= cutoff) {
    return false;
  }
  return !account.last_logon_timestamp || *account.last_logon_timestamp < cutoff;
}

StaleIndex::StaleIndex(const Snapshot& snapshot, std::int64_t reference_time, unsigned stale_days,
                       const std::function<bool(const Account&)>& privileged)
    : m_reference_time(reference_time), m_stale_days(stale_days)
{
  if (reference_time == 0 || stale_days == 0) {
    return;
  }
  // Only a domain whose accounts carry lastLogonTimestamp can tell a stale account from one whose
  // logons were not collected (snapshots of several domains may differ).
  std::set<std::string> with_logons;
  const util::CompactString* last_inserted = nullptr;
  for (const auto& a : snapshot.accounts) {
    if (a.last_logon_timestamp && (last_inserted == nullptr || *last_inserted != a.domain)) {
      last_inserted = &a.domain;
      with_logons.insert(util::to_lower(a.domain));
    }
  }
  // Accounts come domain by domain: look the domain up only when it changes.
  const util::CompactString* last_domain = nullptr;
  bool last_has_logons = false;
  const auto domain_has_logons = [&](const util::CompactString& domain) {
    if (last_domain == nullptr || *last_domain != domain) {
      last_domain = &domain;
      last_has_logons = with_logons.count(util::to_lower(domain)) != 0;
    }
    return last_has_logons;
  };
  for (const auto& a : snapshot.accounts) {
    // A user holding SPNs is a service account: a service that gets tickets through a keytab
    // (Linux, Java, SAP) never logs on and keeps its password on purpose, so old dates do not make
    // it unused, and its weak-crypto findings are what breaks when RC4 goes.
    const bool service_account = a.kind == AccountKind::user && !a.service_principal_names.empty();
    if ((a.kind != AccountKind::computer && a.kind != AccountKind::user) || a.is_domain_controller() ||
        service_account || !domain_has_logons(a.domain) || !is_stale(a, reference_time, stale_days) ||
        is_krbtgt_account(a) || special_account(a) != nullptr || privileged(a)) {
      continue;
    }
    m_stale.push_back(&a);
  }
  // Sorted by DN; of two accounts with one DN (which the snapshot does not hold), the first stays.
  const auto by_dn = [](const Account* x, const Account* y) { return x->dn < y->dn; };
  std::stable_sort(m_stale.begin(), m_stale.end(), by_dn);
  m_stale.erase(
    std::unique(m_stale.begin(), m_stale.end(), [](const Account* x, const Account* y) { return x->dn == y->dn; }),
    m_stale.end());
  m_stale.shrink_to_fit();
}

const Account*
StaleIndex::find(std::string_view dn) const
{
  const auto it = std::lower_bound(m_stale.begin(), m_stale.end(), dn,
                                   [](const Account* entry, std::string_view key) { return entry->dn < key; });
  return it == m_stale.end() || (*it)->dn != dn ? nullptr : *it;
}

std::vector<Finding>
StaleIndex::group(const Check& check, std::vector<Finding> findings) const
{
  if (m_stale.empty() || findings.empty()) {
    return findings;
  }
  std::vector<Finding> live;
  live.reserve(findings.size());
  // Kind ("computer", "user") -> its stale accounts, each once, and how many findings they had.
  std::map<std::string_view, std::map<std::string, const Account*>> members;
  std::map<std::string_view, std::size_t> folded;
  for (auto& f : findings) {
    std::vector<const Account*> accounts;
    // Info findings already stay off the verdict, and some of them are groups of their own (names
    // outside what was read, listed with the accounts that refer to them): never fold them.
    const auto severity = f.severity == Severity::count_ ? check.severity : f.severity;
    bool all_stale = !f.affected.empty() && severity != Severity::info;
    for (const auto& object : f.affected) {
      const auto* a = object.dn.empty() ? nullptr : find(object.dn);
      if (a == nullptr) {
        all_stale = false;
        break;
      }
      accounts.push_back(a);
    }
    if (!all_stale) {
      live.push_back(std::move(f));
      continue;
    }
    for (const auto* a : accounts) {
      const auto kind = kind_name(*a).singular;
      members[kind].emplace(util::to_lower(a->dn), a);
    }
    ++folded[kind_name(*accounts.front()).singular];
  }
  const auto cutoff = util::format_iso8601(m_reference_time - static_cast<std::int64_t>(m_stale_days) * k_day);
  for (const auto& [kind, accounts] : members) {
    const auto names = kind_name(*accounts.begin()->second);
    Finding g;
    g.severity = Severity::info;
    g.key = fmt::format("stale|{}", kind);
    g.subject = fmt::format("{} stale {}: {}", accounts.size(), accounts.size() == 1 ? names.singular : names.plural,
                            check.title);
    g.summary = fmt::format(
      "{} {} with neither a logon nor a password change since {} ({} days before the scan) account for {} "
      "{} finding(s); nobody uses them, so they do not count against readiness: clean them up rather than fix them",
      accounts.size(), accounts.size() == 1 ? names.singular : names.plural, cutoff.substr(0, 10), m_stale_days,
      folded[kind], check.id);
    std::string commands;
    std::size_t listed = 0;
    for (const auto& [dn, a] : accounts) {
      g.affected.push_back(affected(*a));
      if (listed++ >= k_listed) {
        continue;
      }
      g.evidence.push_back(Evidence{fmt::format("stale {}", names.singular),
                                    fmt::format("{} (last logon {}, password set {})", a->sam_account_name,
                                                date_or_never(a->last_logon_timestamp),
                                                date_or_never(a->pwd_last_set ? a->pwd_last_set : a->when_created))});
      commands += "\n  " + util::shell_command(util::Shell::powershell, "Disable-ADAccount -Identity {}",
                                               {{a->dn, "the object's DN"}});
    }
    if (accounts.size() > k_listed) {
      g.evidence.push_back(
        Evidence{fmt::format("stale {} not listed", names.plural), std::to_string(accounts.size() - k_listed)});
      commands += fmt::format("\n  … and {} more", accounts.size() - k_listed);
    }
    g.remediation =
      fmt::format("Confirm with their owners that these {} are unused, then disable them and delete them after a grace "
                  "period (the fix for {} is then moot):{}\nTo list every stale {} of a domain:\n  Search-ADAccount "
                  "-AccountInactive {} -TimeSpan {}.00:00:00 | Where-Object Enabled",
                  names.plural, check.id, commands, names.singular, names.search_switch, m_stale_days);
    live.push_back(std::move(g));
  }
  return live;
}

} // namespace kerbready
