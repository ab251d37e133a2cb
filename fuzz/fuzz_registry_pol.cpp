// libFuzzer target: Group Policy Registry.pol files (MS-GPREG PReg) from untrusted SYSVOL copies,
// and their conversion to registry values.

#include "src/ad/registry_pol.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto file = kerbready::parse_registry_pol(bytes);
  std::size_t data_bytes = 0;
  for (const auto& entry : file.entries) {
    data_bytes += entry.data.size();
  }
  if (data_bytes > size) {
    __builtin_trap(); // entries cannot hold more data than the input
  }
  (void)kerbready::registry_pol_values(file, "MACHINE");
  return 0;
}
