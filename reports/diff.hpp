#pragma once

// Output of `kerbready diff`: the comparison of two JSON reports as text or as a JSON document
// (docs/diff.schema.json).

#include "src/triage/triage.hpp"

#include <ostream>

namespace kerbready::reports {

// Write `diff` of `before` and `after` for people: counts, then new, resolved, not re-evaluated
// (with the reason) and unchanged findings. Directory strings are sanitized.
void write_diff_text(const StoredReport& before, const StoredReport& after, const ReportDiff& diff, std::ostream& out);

// Write `diff` as a JSON document (docs/diff.schema.json).
void write_diff_json(const StoredReport& before, const StoredReport& after, const ReportDiff& diff, std::ostream& out);

} // namespace kerbready::reports
