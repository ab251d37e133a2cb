#include "src/scan/check_stage.hpp"

#include "src/ad/privilege.hpp"
#include "src/ad/snapshot_indexes.hpp"
#include "src/util/ad.hpp"
#include "src/util/parallel.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>

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

unsigned
default_threads()
{
  const unsigned hardware = std::thread::hardware_concurrency();
  return hardware == 0 ? 1 : std::min(hardware, 8u);
}

Report
run_check_stage(const Snapshot& snapshot, const std::vector<std::string>& only, unsigned stale_days, unsigned threads)
{
  Report report;
  report.diagnostics = snapshot.diagnostics;
  describe_snapshot(snapshot, report.metadata);
  if (threads == 0) {
    threads = default_threads();
  }

  std::vector<const Check*> to_run;
  for (const auto* check : all_checks()) {
    if (check->kind == CheckKind::events ||
        (!only.empty() && std::find(only.begin(), only.end(), check->id) == only.end())) {
      continue;
    }
    to_run.push_back(check);
  }

  // The tables several checks share are built once (src/ad/snapshot_indexes.hpp). With every check
  // to run, build them side by side first, so no check waits on another's thread for them.
  if (threads > 1 && only.empty()) {
    build_snapshot_indexes(snapshot, threads);
  }

  // Only privileged accounts raise a finding's priority, so only they are indexed (normalising
  // every DN of a million-object snapshot cost more than all the checks together).
  // Tier-0 (Enterprise/Schema/Domain Admins, Administrators, DCs, Key Admins) = +2; operators,
  // DnsAdmins and adminCount=1 = +1. Privileged = DCs plus the transitive members of the
  // well-known groups and adminCount=1 accounts (src/ad/privilege.hpp).
  // Findings about stale accounts are grouped per check, off the verdict (src/ad/stale.hpp).
  // Neither is needed before the findings are in: they are built while the checks run.
  const PrivilegeIndex* privileged = nullptr;
  std::unordered_map<std::string, const Account*> by_dn;
  std::optional<StaleIndex> stale;
  const auto prepare = [&] {
    privileged = &privilege_index(snapshot);
    std::unordered_set<const Account*> raised;
    for (const auto& account : snapshot.accounts) {
      if (account.is_domain_controller()) {
        by_dn.emplace(util::normalize_dn(account.dn), &account);
        raised.insert(&account);
      }
    }
    for (const auto& entry : privileged->ranked()) {
      by_dn.emplace(util::normalize_dn(entry.account->dn), entry.account);
      raised.insert(entry.account);
    }
    // The snapshot holds each DN once (src/input/entries.hpp), so an account is privileged exactly
    // when it is one of those found above.
    stale.emplace(snapshot, snapshot.reference_time, stale_days,
                  [&](const Account& a) { return raised.count(&a) != 0; });
  };

  // The checks are independent and read the snapshot only: they run side by side, and their
  // findings are taken in check order, so the report does not depend on the number of threads.
  std::vector<std::vector<Finding>> found(to_run.size());
  const auto run_one = [&](std::size_t i) {
    if ((to_run[i]->needs & ~snapshot.data_sets) == 0) {
      found[i] = to_run[i]->find(snapshot);
    }
  };
  util::parallel_for(to_run.size() + 1, threads, [&](std::size_t i) {
    if (i == 0) {
      prepare();
    } else {
      run_one(i - 1);
    }
  });

  for (std::size_t i = 0; i < to_run.size(); ++i) {
    const auto* check = to_run[i];
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
    auto findings = stale->group(*check, std::move(found[i]));
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
        privilege = std::max(privilege, privilege_level(*privileged, *it->second));
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
