// libFuzzer target: msDS-TrustForestTrustInfo values (MS-ADTS 6.1.6.9.3), untrusted directory bytes
// decoded by the input layer, and the name routing over what decodes.

#include "src/ad/forest_trust_info.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto records = kerbready::parse_forest_trust_info(bytes);
  if (records) {
    for (const auto& rec : *records) {
      (void)kerbready::route_name(*records, rec.name);
      (void)kerbready::describe_tln_flags(rec.flags);
      (void)kerbready::describe_domain_info_flags(rec.flags);
    }
  }
  return 0;
}
