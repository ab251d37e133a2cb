#pragma once

// The HTML report's progress section, the dashboard the NTLM field guide asks for: with audit
// events, NTLM and Kerberos per day with the NTLM share and NTLMv1; with archived reports (scan
// --archive or --history), the burn-down of findings by severity and the readiness verdict per
// domain over time. Inline SVG only; every string from events or archived files is sanitized and
// escaped (reports/escape.hpp).

#include "src/model/report.hpp"

#include <ostream>

namespace kerbready::reports {

// Days and domains drawn at most; the oldest days and the last domains by name are left out, and
// the caption says so.
inline constexpr std::size_t k_max_chart_days = 366;
inline constexpr std::size_t k_max_chart_domains = 30;

// Write the progress section of `report` to `out`; nothing when it has neither per-day events nor
// a history.
void write_dashboard(std::ostream& out, const Report& report);

} // namespace kerbready::reports
