#pragma once

// The time line of archived JSON reports (scan --archive DIR or --history DIR) that the HTML report
// draws as a burn-down of findings by severity and the readiness verdict per domain over time.
// Archived files may be damaged or hostile: a file that cannot be read as a kerbready report is
// skipped and named in History::skipped, never fatal.

#include "src/model/report.hpp"
#include "src/util/error.hpp"

#include <cstdint>
#include <string>

namespace kerbready::triage {

// Archived files larger than this are skipped unread.
inline constexpr std::uintmax_t k_max_history_file_bytes = 256ULL << 20U;

// Read the JSON reports in `dir` (its files whose names end in ".json"; no subfolders) into a
// History, oldest first by scan.started_at, then by file name. At most k_max_history_reports
// files are read, the last by name (archive names sort by time); the others are counted in
// `not_read`. Fails only when `dir` exists but cannot be listed; a missing `dir` is an empty
// history (the first run of an archive).
[[nodiscard]] expected<History> read_history(const std::string& dir);

// Return `report` as a point of the time line, `source` naming where it came from.
[[nodiscard]] HistoryPoint history_point(const StoredReport& report, std::string source);

// Return this scan's `report` as the last point of the time line.
[[nodiscard]] HistoryPoint history_point(const Report& report);

} // namespace kerbready::triage
