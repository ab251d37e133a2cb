// libFuzzer target: the LDIF reader and the entries -> Snapshot conversion, then every check and
// both reporters over whatever came out. Nothing here may crash, hang or read out of bounds.

#include "reports/reporter.hpp"
#include "src/input/entries.hpp"
#include "src/input/ldif.hpp"
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
  kerbready::collect::LdifReader reader(in, "fuzz");
  kerbready::collect::SnapshotBuilder builder;
  for (int i = 0; i < 10000; ++i) {
    auto entry = reader.next();
    if (!entry || !entry->has_value()) {
      break;
    }
    builder.add(**entry);
  }
  const auto snapshot = std::move(builder).finish();
  const auto report = kerbready::run_checks(snapshot);
  std::ostringstream out;
  kerbready::reports::write_text(report, out, {});
  kerbready::reports::write_json(report, out, {});
  return 0;
}
