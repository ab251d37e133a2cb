#pragma once

// Reporters turn a Report into one output format. They are listed in the explicit table
// k_reporters (reports/reporter.cpp); adding a format means a file here and a row there.

#include "src/model/report.hpp"

#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kerbready::reports {

struct OutputOptions
{
  bool color = false; // ANSI colour (text only): on a TTY and never under NO_COLOR
  int width = 100;
};

using WriteFn = void (*)(const Report&, std::ostream&, const OutputOptions&);

struct Reporter
{
  std::string_view name;
  std::string_view description;
  WriteFn write;
};

// Return every reporter, in table order.
[[nodiscard]] std::span<const Reporter> all_reporters();

// Return the reporter called `name`, or nullptr.
[[nodiscard]] const Reporter* find_reporter(std::string_view name);

void write_text(const Report& report, std::ostream& out, const OutputOptions& options);
void write_json(const Report& report, std::ostream& out, const OutputOptions& options);

void write_markdown(const Report& report, std::ostream& out, const OutputOptions& options);
void write_csv(const Report& report, std::ostream& out, const OutputOptions& options);
void write_tickets(const Report& report, std::ostream& out, const OutputOptions& options);
void write_html(const Report& report, std::ostream& out, const OutputOptions& options);
void write_metrics(const Report& report, std::ostream& out, const OutputOptions& options);

// Return one line naming the evidence verdict `v` had: the kinds ("directory, sysvol, events,
// kdc probe") and, with events, the days and computers they cover and the event ids present
// ("4776 (DC) x120"). Not sanitised: names come from the events.
[[nodiscard]] std::string describe_evidence(const Report& report, const kerbready::DomainVerdict& v);

// Return the name the HTML, Markdown and metrics outputs show for verdict `v` (the scan's verdict,
// kerbready::DomainVerdict, computed once after triage): "ready", "at_risk" (ready_with_caveats
// with a medium finding among the caveats; with only low ones, "ready"), "not_ready", "unknown",
// or "no_traffic_evidence" (directory_ready_no_traffic_evidence).
[[nodiscard]] std::string_view display_verdict(const kerbready::DomainVerdict& v);

// Return the label of verdict `v` in capitals ("NOT READY", "AT RISK", …), as the HTML and Markdown
// outputs show it.
[[nodiscard]] std::string_view verdict_label(const kerbready::DomainVerdict& v);

// Return the domain a finding belongs to: its first affected object's domain, else the forest root.
[[nodiscard]] std::string finding_domain(const Report& report, const Finding& finding);

// Return the check called `id` as `report` knows it: one of the report's own checks (a report may
// carry checks that are not registered), else the registered one; nullptr when neither knows it.
[[nodiscard]] const Check* report_check(const Report& report, std::string_view id);

// Return the title of `finding`'s check (report_check), or its check id when the check is unknown.
[[nodiscard]] std::string finding_title(const Report& report, const Finding& finding);

// Return `finding` described in Markdown (summary, cause, objects, evidence, fix), as tickets and
// the Markdown report show it. Directory strings are escaped, never interpreted.
[[nodiscard]] std::string finding_markdown(const Report& report, const Finding& finding);

// Return the report as the JSON document write_json writes (schema docs/report.schema.json).
[[nodiscard]] std::string to_json_string(const Report& report);

} // namespace kerbready::reports
