#include "src/triage/triage.hpp"

#include "src/ad/stale.hpp"
#include "src/model/report.hpp"
#include "src/util/ad.hpp"
#include "src/util/text.hpp"

#include <algorithm>
#include <array>
#include <set>

namespace kerbready {

unsigned
data_sets_needed(std::string_view check_id)
{
  const auto* check = find_check(check_id);
  return check != nullptr ? check->needs : 0U;
}

bool
is_event_check(std::string_view check_id)
{
  // A report of an earlier version may name an events check this build no longer has: the prefix.
  const auto* check = find_check(check_id);
  return check != nullptr ? check->kind == CheckKind::events : check_id.rfind("EVT-", 0) == 0;
}

std::optional<ReevaluationGap>
reevaluation_gap(const StoredFinding& finding, const StoredReport& before, const StoredReport& after)
{
  if (!after.complete) {
    return ReevaluationGap{GapReason::scan_incomplete, "the newer scan is incomplete"};
  }
  if (!after.completeness_verifiable) {
    return ReevaluationGap{GapReason::completeness_not_verifiable,
                           "nothing proves the newer scan's input was read to its end"};
  }
  const auto missing = data_sets_needed(finding.check_id) & ~after.data_sets;
  if (missing != 0) {
    std::string names;
    for (const auto& info : k_data_sets) {
      if ((missing & static_cast<unsigned>(info.set)) != 0) {
        names += names.empty() ? "" : ", ";
        names += info.description;
      }
    }
    return ReevaluationGap{GapReason::data_set_not_read, "the newer scan did not read " + names};
  }
  if (is_event_check(finding.check_id) && !after.events_read) {
    return ReevaluationGap{GapReason::data_set_not_read, "the newer scan read no audit events (scan --events)"};
  }
  if (std::find(after.evaluated_checks.begin(), after.evaluated_checks.end(), finding.check_id) ==
      after.evaluated_checks.end()) {
    return ReevaluationGap{GapReason::check_not_run, "its check was not run or not evaluated in the newer scan"};
  }
  const auto contains = [](const std::vector<std::string>& domains, const std::string& domain) {
    return std::any_of(domains.begin(), domains.end(), [&](const std::string& d) { return util::iequals(d, domain); });
  };
  // The domains the earlier scan read the finding's objects from; a finding without one (or whose
  // objects belong to domains that scan did not read, such as a trusted forest) rests on the data
  // of every domain it read.
  std::vector<std::string> needed;
  for (const auto& domain : finding.domains) {
    if (contains(before.domains, domain)) {
      needed.push_back(domain);
    }
  }
  if (needed.empty()) {
    needed = before.domains;
  }
  for (const auto& domain : needed) {
    if (!contains(after.domains, domain)) {
      return ReevaluationGap{GapReason::domain_not_read, "the newer scan did not read the domain " + domain};
    }
  }
  return std::nullopt;
}

namespace {

// Return the stale group of `after` that `finding` (missing from it) was folded into: a group of
// the same check that lists every object of the finding. Grouping is not a fix: the objects are
// still there, only nobody has used them lately. A finding whose account was deleted is in no group.
const StoredFinding*
stale_group_of(const StoredFinding& finding, const StoredReport& after)
{
  if (finding.severity == Severity::info || finding.objects.empty()) {
    return nullptr;
  }
  for (const auto& g : after.findings) {
    if (g.check_id != finding.check_id || !is_stale_group_id(g.check_id, g.id)) {
      continue;
    }
    const bool all_in = std::all_of(finding.objects.begin(), finding.objects.end(), [&](const std::string& dn) {
      return std::find(g.objects.begin(), g.objects.end(), dn) != g.objects.end();
    });
    if (all_in) {
      return &g;
    }
  }
  return nullptr;
}

} // namespace

ReportDiff
diff_reports(const StoredReport& before, const StoredReport& after)
{
  std::set<std::string> before_ids;
  for (const auto& f : before.findings) {
    before_ids.insert(f.id);
  }
  std::set<std::string> after_ids;
  for (const auto& f : after.findings) {
    after_ids.insert(f.id);
  }

  ReportDiff diff;
  std::vector<DiffEntry> not_reevaluated;
  std::vector<DiffEntry> unchanged;
  for (const auto& f : after.findings) {
    if (before_ids.count(f.id) == 0) {
      diff.entries.push_back({f, Change::added, std::nullopt});
    } else {
      unchanged.push_back({f, Change::unchanged, std::nullopt});
    }
  }
  for (const auto& f : before.findings) {
    if (after_ids.count(f.id) != 0) {
      continue;
    }
    if (auto gap = reevaluation_gap(f, before, after)) {
      not_reevaluated.push_back({f, Change::not_reevaluated, std::move(gap)});
    } else if (const auto* group = stale_group_of(f, after)) {
      not_reevaluated.push_back(
        {f, Change::not_reevaluated,
         ReevaluationGap{GapReason::folded_into_stale_group, "its objects went stale and were folded into " +
                                                               group->id + " (" + group->subject +
                                                               "), which is off the verdict: grouping is not a fix"}});
    } else {
      diff.entries.push_back({f, Change::resolved, std::nullopt});
    }
  }
  diff.entries.insert(diff.entries.end(), not_reevaluated.begin(), not_reevaluated.end());
  diff.entries.insert(diff.entries.end(), unchanged.begin(), unchanged.end());
  return diff;
}

StoredReport
to_stored(const Report& report)
{
  StoredReport out;
  out.started_at = util::format_iso8601(report.metadata.started_at);
  out.complete = report.complete();
  out.completeness_verifiable = report.metadata.completeness_verifiable;
  out.data_sets = report.metadata.data_sets;
  out.forest_root = report.metadata.forest_root;
  out.domains = report.metadata.domains;
  for (const auto& r : report.checks) {
    if (r.status == CheckStatus::evaluated) {
      out.evaluated_checks.emplace_back(r.check->id);
      out.events_read = out.events_read || is_event_check(r.check->id);
    }
  }
  for (const auto& f : report.findings) {
    StoredFinding s;
    s.id = f.id;
    s.check_id = f.check_id;
    const auto* check = find_check(f.check_id);
    s.title = check != nullptr ? std::string(check->title) : std::string();
    s.severity = f.severity;
    s.cause = std::string(name_of(f.cause));
    s.subject = f.subject;
    s.summary = f.summary;
    for (const auto& a : f.affected) {
      if (!a.dn.empty()) {
        s.objects.push_back(util::normalize_dn(a.dn));
      }
      if (!a.domain.empty() && std::none_of(s.domains.begin(), s.domains.end(),
                                            [&](const std::string& d) { return util::iequals(d, a.domain); })) {
        s.domains.push_back(a.domain);
      }
    }
    s.suppressed = report.triage.is_suppressed(f.id);
    out.findings.push_back(std::move(s));
  }
  return out;
}

void
apply_baseline(Report& report, const StoredReport& baseline)
{
  Triage::Baseline b;
  b.path = baseline.path;
  b.started_at = baseline.started_at;
  b.complete = baseline.complete;
  b.diff = diff_reports(baseline, to_stored(report));
  b.findings = baseline.findings;
  report.triage.change_by_id.clear();
  for (const auto& e : b.diff.entries) {
    if (e.change == Change::added || e.change == Change::unchanged) {
      report.triage.change_by_id[e.finding.id] = e.change;
    }
  }
  report.triage.baseline = std::move(b);
}

void
apply_suppressions(Report& report, std::vector<Suppression> rules, const std::string& path, std::int64_t today)
{
  auto& t = report.triage;
  t.suppressions_path = path;
  t.suppressions.clear();
  t.suppression_by_id.clear();
  for (auto& rule : rules) {
    SuppressionResult r;
    r.rule = std::move(rule);
    t.suppressions.push_back(std::move(r));
  }
  for (const auto& f : report.findings) {
    for (std::size_t i = 0; i < t.suppressions.size(); ++i) {
      auto& r = t.suppressions[i];
      if (!r.rule.matches(f)) {
        continue;
      }
      ++r.matched;
      if (r.rule.expires_day >= today && t.suppression_by_id.count(f.id) == 0) {
        t.suppression_by_id[f.id] = i;
      }
    }
  }
  for (auto& r : t.suppressions) {
    if (r.rule.expires_day < today) {
      r.state = SuppressionState::expired;
    } else {
      r.state = r.matched > 0 ? SuppressionState::active : SuppressionState::unmatched;
    }
  }
}

std::optional<std::int64_t>
parse_date(std::string_view date)
{
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') {
    return std::nullopt;
  }
  const auto y = util::parse_int(date.substr(0, 4));
  const auto m = util::parse_int(date.substr(5, 2));
  const auto d = util::parse_int(date.substr(8, 2));
  if (!y || !m || !d || *y < 1970 || *m < 1 || *m > 12 || *d < 1) {
    return std::nullopt;
  }
  static constexpr std::array<int, 12> k_days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
  const auto max_day = k_days[static_cast<std::size_t>(*m - 1)] + (*m == 2 && leap ? 1 : 0);
  if (*d > max_day) {
    return std::nullopt;
  }
  return util::days_from_civil(*y, static_cast<unsigned>(*m), static_cast<unsigned>(*d));
}

void
apply_triage(Report& report, const TriageInputs& inputs)
{
  if (inputs.suppressions) {
    const auto started = report.metadata.started_at;
    const auto today = started >= 0 ? started / 86400 : (started - 86399) / 86400;
    apply_suppressions(report, *inputs.suppressions, inputs.suppressions_path, today);
  }
  if (inputs.baseline) {
    apply_baseline(report, *inputs.baseline);
  }
}

} // namespace kerbready
