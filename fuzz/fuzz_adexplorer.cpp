// libFuzzer target: the AD Explorer snapshot reader (src/input/adexplorer.hpp) and the entries ->
// Snapshot conversion, then every check and both reporters over whatever came out. Nothing here
// may crash, hang, read out of bounds or allocate without bound, whatever the offsets and counts
// in the file say. Seeds (fuzz/corpus/adexplorer/): a small whole snapshot and hostile variants
// of it (offsets past the end, counts of 2^32-1, objects overlapping the property table).

#include "reports/reporter.hpp"
#include "src/input/adexplorer.hpp"
#include "src/input/entries.hpp"
#include "src/model/report.hpp"
#include "src/scan/scan.hpp"

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  kerbready::collect::SnapshotBuilder builder;
  const auto read = kerbready::collect::read_adexplorer(
    in, "fuzz", [&](kerbready::collect::Entry&& entry) { builder.add(std::move(entry)); });
  if (!read) {
    return 0; // refused: the loader discards what was read
  }
  const auto snapshot = std::move(builder).finish();
  const auto report = kerbready::run_checks(snapshot);
  std::ostringstream out;
  kerbready::reports::write_text(report, out, {});
  kerbready::reports::write_json(report, out, {});
  return 0;
}
