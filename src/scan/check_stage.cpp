#include "src/scan/check_stage.hpp"

#include "src/ad/privilege.hpp"
#include "src/util/ad.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>

namespace kerbready {

namespace {

std::string
describe_missing(unsigned missing)
{
  std::vector<std::string_view> parts;
  for (const auto& info : k_data_sets) {
    if ((missing & static_cast<unsigned>(info.set)) != 0) {
      parts.push_back(info.description);
    }
  }
  return fmt::format("needs {}, which the input does not contain", fmt::join(parts, " and "));
}

} // namespace

Report
run_check_stage(const Snapshot& snapshot, const std::vector<std::string>& only, unsigned stale_days)
{
  Report report;
  report.diagnostics = snapshot.diagnostics;
  describe_snapshot(snapshot, report.metadata);

  // Only privileged accounts raise a finding's priority, so only they are indexed (normalising
  // every DN of a million-object snapshot cost more than all the checks together).
  // Tier-0 (Enterprise/Schema/Domain Admins, Administrators, DCs, Key Admins) = +2; operators,
  // DnsAdmins and adminCount=1 = +1. Privileged = DCs plus the transitive members of the
  // well-known groups and adminCount=1 accounts (src/ad/privilege.hpp).
  const PrivilegeIndex privileged(snapshot);
  std::unordered_map<std::string, const Account*> by_dn;
  for (const auto& account : snapshot.accounts) {
    if (account.is_domain_controller()) {
      by_dn.emplace(util::normalize_dn(account.dn), &account);
    }
  }
  for (const auto& entry : privileged.ranked()) {
    by_dn.emplace(util::normalize_dn(entry.account->dn), entry.account);
  }

  // Findings about stale accounts are grouped per check, off the verdict (src/ad/stale.hpp).
  const StaleIndex stale(snapshot, snapshot.reference_time, stale_days,
                         [&](const Account& a) { return by_dn.count(util::normalize_dn(a.dn)) != 0; });

  for (const auto* check : all_checks()) {
    if (check->kind == CheckKind::events ||
        (!only.empty() && std::find(only.begin(), only.end(), check->id) == only.end())) {
      continue;
    }
    CheckResult result;
    result.check = check;
    const unsigned missing = check->needs & ~snapshot.data_sets;
    if (missing != 0) {
      result.status = CheckStatus::not_evaluated;
      result.reason = describe_missing(missing);
      result.missing = missing;
      report.checks.push_back(std::move(result));
      continue;
    }
    auto findings = stale.group(*check, check->find(snapshot));
    result.findings = findings.size();
    for (auto& f : findings) {
      f.check_id = std::string(check->id);
      if (f.severity == Severity::count_) {
        f.severity = check->severity;
      }
      if (f.cause == FallbackCause::count_) {
        f.cause = check->cause;
      }
      if (f.remediation.empty()) {
        f.remediation = std::string(check->remediation);
      }
      if (f.key.empty()) {
        f.key = util::to_lower(f.subject);
      }
      f.id = make_finding_id(check->id, f.key);
      int privilege = 0;
      for (const auto& object : f.affected) {
        const auto it = by_dn.find(util::normalize_dn(object.dn));
        if (it == by_dn.end()) {
          continue;
        }
        privilege = std::max(privilege, privilege_level(privileged, *it->second));
      }
      f.tier0 = f.tier0 || privilege >= 2; // operators and adminCount raise the priority, not the label
      f.priority = severity_weight(f.severity) + 20 * privilege;
      report.findings.push_back(std::move(f));
    }
    report.checks.push_back(std::move(result));
  }
  report.checks_subset = !only.empty();
  return report;
}

} // namespace kerbready
