#include "src/triage/history.hpp"

#include "src/triage/stored_report.hpp"
#include "src/util/ad.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

namespace kerbready::triage {

HistoryPoint
history_point(const StoredReport& report, std::string source)
{
  HistoryPoint p;
  p.started_at = report.started_at;
  p.source = std::move(source);
  p.complete = report.complete;
  for (const auto& f : report.findings) {
    if (!f.suppressed && f.severity < Severity::count_) {
      ++p.findings[static_cast<std::size_t>(f.severity)];
    }
  }
  p.verdicts = report.verdicts;
  return p;
}

HistoryPoint
history_point(const Report& report)
{
  HistoryPoint p;
  p.started_at = util::format_iso8601(report.metadata.started_at);
  p.complete = report.complete();
  for (const auto& f : report.findings) {
    if (!report.triage.is_suppressed(f.id) && f.severity < Severity::count_) {
      ++p.findings[static_cast<std::size_t>(f.severity)];
    }
  }
  for (const auto& v : report.verdicts) {
    p.verdicts.emplace_back(v.domain, std::string(name_of(v.readiness)));
  }
  std::sort(p.verdicts.begin(), p.verdicts.end());
  return p;
}

expected<History>
read_history(const std::string& dir)
{
  namespace fs = std::filesystem;
  History history;
  history.present = true;
  history.dir = dir;
  std::error_code error;
  const auto type = fs::status(dir, error).type();
  if (type == fs::file_type::not_found) {
    return history;
  }
  if (type != fs::file_type::directory) {
    return unexpected(fmt::format("{}: not a directory", dir));
  }
  std::vector<std::string> names;
  fs::directory_iterator it(dir, error);
  for (; !error && it != fs::directory_iterator(); it.increment(error)) {
    const auto name = it->path().filename().string();
    if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) {
      names.push_back(name);
    }
  }
  if (error) {
    return unexpected(fmt::format("cannot list {}: {}", dir, error.message()));
  }
  std::sort(names.begin(), names.end());
  if (names.size() > k_max_history_reports) {
    history.not_read = names.size() - k_max_history_reports;
    names.erase(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(history.not_read));
  }
  for (const auto& name : names) {
    const auto path = (fs::path(dir) / name).string();
    std::error_code size_error;
    const auto size = fs::file_size(path, size_error);
    if (!size_error && size > k_max_history_file_bytes) {
      history.skipped.push_back(fmt::format("{}: larger than {} MiB", path, k_max_history_file_bytes >> 20U));
      continue;
    }
    auto stored = read_stored_report(path);
    if (!stored) {
      history.skipped.push_back(stored.error());
      continue;
    }
    // The time line is ordered by this value: only the form kerbready writes is accepted.
    if (!util::parse_iso8601(stored->started_at)) {
      history.skipped.push_back(fmt::format("{}: scan.started_at is not a UTC time (YYYY-MM-DDTHH:MM:SSZ)", path));
      continue;
    }
    history.points.push_back(history_point(*stored, name));
  }
  std::stable_sort(history.points.begin(), history.points.end(),
                   [](const HistoryPoint& a, const HistoryPoint& b) { return a.started_at < b.started_at; });
  return history;
}

} // namespace kerbready::triage
