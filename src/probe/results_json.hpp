#pragma once

// The probe's JSON document (written by `kerbready probe --json`, read back by
// `kerbready scan --probe-results`):
//   {"schema_version": "1.0", "tool": {…}, "client": "user@REALM",
//    "results": [{"spn", "target", "source", "outcome", "ticket_etype", "session_etype" | "code", "message"}]}
// The reader treats the file as untrusted: wrong types, unknown outcomes and oversized documents
// are errors, never crashes.

#include "src/probe/probe.hpp"
#include "src/util/error.hpp"

#include <string>
#include <vector>

namespace kerbready::probe {

inline constexpr std::size_t k_max_results = 100000;

struct ProbeRun
{
  std::string client; // the principal that asked
  std::vector<collect::ProbeResult> results;
};

// Return `run` as a JSON document (indented, no trailing newline).
[[nodiscard]] std::string to_json(const ProbeRun& run);

// Parse a document written by to_json(); `where` names it in error messages.
[[nodiscard]] expected<ProbeRun> parse_json(std::string_view text, std::string_view where);

// Read and parse the file at `path`.
[[nodiscard]] expected<ProbeRun> read_json_file(const std::string& path);

} // namespace kerbready::probe
