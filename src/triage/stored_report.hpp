#pragma once

// Reading back kerbready's own JSON reports (docs/report.schema.json), for `kerbready diff` and
// `scan --baseline`. Only what a comparison needs is read; unknown keys are ignored, so reports of
// later minor schema versions still load.

#include "src/triage/triage.hpp"
#include "src/util/error.hpp"

#include <string>
#include <string_view>

namespace kerbready::triage {

// Parse the JSON report `text`; `name` (usually the path) prefixes error messages. Fails with one
// line for malformed JSON, a document that is not a kerbready report, or an unsupported major
// schema version.
[[nodiscard]] expected<StoredReport> parse_stored_report(std::string_view text, const std::string& name);

// Read and parse the JSON report at `path`.
[[nodiscard]] expected<StoredReport> read_stored_report(const std::string& path);

} // namespace kerbready::triage
