#include "src/model/triage_types.hpp"

#include "src/util/text.hpp"

#include <algorithm>
#include <array>

namespace kerbready {

namespace {

char
lower(char c)
{
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

} // namespace

std::string_view
name_of(Change change)
{
  switch (change) {
  case Change::added:
    return "new";
  case Change::unchanged:
    return "unchanged";
  case Change::resolved:
    return "resolved";
  case Change::not_reevaluated:
    return "not_reevaluated";
  default:
    return "unknown";
  }
}

std::string_view
name_of(GapReason reason)
{
  switch (reason) {
  case GapReason::scan_incomplete:
    return "scan_incomplete";
  case GapReason::completeness_not_verifiable:
    return "completeness_not_verifiable";
  case GapReason::check_not_run:
    return "check_not_run";
  case GapReason::data_set_not_read:
    return "data_set_not_read";
  case GapReason::domain_not_read:
    return "domain_not_read";
  case GapReason::folded_into_stale_group:
    return "folded_into_stale_group";
  default:
    return "unknown";
  }
}

std::string_view
name_of(SuppressionState state)
{
  switch (state) {
  case SuppressionState::active:
    return "active";
  case SuppressionState::expired:
    return "expired";
  default:
    return "unmatched";
  }
}

std::size_t
ReportDiff::count(Change change) const
{
  return static_cast<std::size_t>(
    std::count_if(entries.begin(), entries.end(), [&](const DiffEntry& e) { return e.change == change; }));
}

bool
ReportDiff::has_new_at_or_above(Severity threshold) const
{
  return std::any_of(entries.begin(), entries.end(), [&](const DiffEntry& e) {
    return e.change == Change::added && !e.finding.suppressed && e.finding.severity <= threshold;
  });
}

bool
Suppression::matches(const Finding& finding) const
{
  if (!finding_id.empty() && finding_id != finding.id) {
    return false;
  }
  if (!check_id.empty() && !util::iequals(check_id, finding.check_id)) {
    return false;
  }
  if (!subject.empty() && !glob_match(subject, finding.subject)) {
    return false;
  }
  return !(finding_id.empty() && check_id.empty() && subject.empty());
}

std::optional<Change>
Triage::change_of(const std::string& id) const
{
  const auto it = change_by_id.find(id);
  if (it == change_by_id.end()) {
    return std::nullopt;
  }
  return it->second;
}

const SuppressionResult*
Triage::suppression_of(const std::string& id) const
{
  const auto it = suppression_by_id.find(id);
  return it == suppression_by_id.end() ? nullptr : &suppressions[it->second];
}

bool
glob_match(std::string_view pattern, std::string_view text)
{
  // Iterative matcher with one backtrack point: linear in practice, never exponential.
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || lower(pattern[p]) == lower(text[t]))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

} // namespace kerbready
