#include "src/report.hpp"

#include "src/util/ad.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
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

bool
Report::complete() const
{
  return diagnostics.empty()
         && std::all_of(checks.begin(), checks.end(),
                        [](const CheckResult& r) { return r.status == CheckStatus::evaluated; });
}

std::size_t
Report::count(Severity severity) const
{
  return static_cast<std::size_t>(
    std::count_if(findings.begin(), findings.end(), [&](const Finding& f) { return f.severity == severity; }));
}

std::size_t
Report::count(FallbackCause cause) const
{
  return static_cast<std::size_t>(
    std::count_if(findings.begin(), findings.end(), [&](const Finding& f) { return f.cause == cause; }));
}

bool
Report::has_findings_at_or_above(Severity threshold) const
{
  return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) {
    return f.severity <= threshold && !triage.is_suppressed(f.id);
  });
}

Report
run_checks(const Snapshot& snapshot, const std::vector<std::string>& only)
{
  Report report;
  report.diagnostics = snapshot.diagnostics;
  report.metadata.objects_read = snapshot.objects_read;
  report.metadata.objects_per_partition = snapshot.objects_per_partition;
  report.metadata.data_sets = snapshot.data_sets;
  report.metadata.forest_root = snapshot.configuration.forest_root;
  report.metadata.spn_mappings_from_directory = snapshot.configuration.spn_mappings_present;
  for (const auto& domain : snapshot.domains) {
    report.metadata.domains.push_back(domain.dns_name);
  }

  // Only privileged accounts raise a finding's priority, so only they are indexed (normalising
  // every DN of a million-object snapshot cost more than all the checks together).
  std::unordered_map<std::string, const Account*> by_dn;
  for (const auto& account : snapshot.accounts) {
    if (account.is_domain_controller() || account.admin_count.value_or(0) == 1) {
      by_dn.emplace(util::normalize_dn(account.dn), &account);
    }
  }

  for (const auto* check : all_checks()) {
    if (!only.empty() && std::find(only.begin(), only.end(), check->id) == only.end()) {
      continue;
    }
    CheckResult result;
    result.check = check;
    const unsigned missing = check->needs & ~snapshot.data_sets;
    if (missing != 0) {
      result.status = CheckStatus::not_evaluated;
      result.reason = describe_missing(missing);
      report.checks.push_back(std::move(result));
      continue;
    }
    auto findings = check->find(snapshot);
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
        const Account& a = *it->second;
        if (a.is_domain_controller()) {
          privilege = std::max(privilege, 2);
        } else if (a.admin_count.value_or(0) == 1) {
          privilege = std::max(privilege, 1);
        }
      }
      f.tier0 = f.tier0 || privilege > 0;
      f.priority = severity_weight(f.severity) + 20 * privilege;
      report.findings.push_back(std::move(f));
    }
    report.checks.push_back(std::move(result));
  }
  std::sort(report.findings.begin(), report.findings.end(), [](const Finding& a, const Finding& b) {
    if (a.priority != b.priority) {
      return a.priority > b.priority;
    }
    if (a.check_id != b.check_id) {
      return a.check_id < b.check_id;
    }
    return a.key < b.key;
  });
  return report;
}

} // namespace kerbready
