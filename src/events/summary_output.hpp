#pragma once

// The `kerbready events` report: what was read, NTLM and Kerberos volume per day with the NTLM
// share, NTLM versions and reasons, top talkers and targets, Kerberos ticket failures. Text for
// people (every string from an event is sanitised) and versioned JSON for dashboards.

#include "src/events/summary.hpp"

#include <ostream>
#include <string>

namespace kerbready::events {

inline constexpr std::string_view k_events_schema_version = "1.0";

struct SummaryOutputOptions
{
  std::size_t top = 10; // rows per top-talker table
  bool color = false;
  std::string tool_version;
};

void write_summary_text(const EventSummary& summary, std::ostream& out, const SummaryOutputOptions& options);

// Return the summary as a JSON document (schema_version k_events_schema_version).
[[nodiscard]] std::string summary_to_json(const EventSummary& summary, const SummaryOutputOptions& options);

// Return a one-line description of a Kerberos status code ("0x7 server principal unknown").
[[nodiscard]] std::string describe_kerberos_status(std::uint32_t status);

} // namespace kerbready::events
