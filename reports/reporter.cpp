#include "reports/reporter.hpp"

#include <array>

namespace kerbready::reports {

namespace {

constexpr std::array k_reporters = {
  Reporter{"text", "prioritised report for people, 100 columns", write_text},
  Reporter{"json", "versioned JSON (docs/report.schema.json) for tickets and tools", write_json},
  Reporter{"markdown", "Markdown for wikis and tickets", write_markdown},
  Reporter{"csv", "one row per finding (RFC 4180) for spreadsheets", write_csv},
  Reporter{"jsonl", "one ticket per line (JSON Lines, dedup key: the finding id); docs/ticketing.md", write_tickets},
  Reporter{"html", "one self-contained HTML page: verdict, charts, sortable findings table", write_html},
  Reporter{"metrics", "Prometheus metrics, node_exporter textfile format", write_metrics},
};

} // namespace

std::span<const Reporter>
all_reporters()
{
  return k_reporters;
}

const Reporter*
find_reporter(std::string_view name)
{
  for (const auto& reporter : k_reporters) {
    if (reporter.name == name) {
      return &reporter;
    }
  }
  return nullptr;
}

} // namespace kerbready::reports
