// libFuzzer target: the SYSVOL files a live scan reads over SMB from the DC (untrusted): GPT.INI
// and Group Policy Preferences Registry.xml, and the SHA256SUMS of a copy saved beside a snapshot.

#include "src/ad/gpp_registry.hpp"
#include "src/ad/gpt_ini.hpp"
#include "src/input/sysvol_saved.hpp"
#include "src/util/text.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)kerbready::read_gpt_ini(bytes);
  const auto xml = kerbready::read_gpp_registry(bytes);
  if (xml.problems.size() > 4) {
    __builtin_trap(); // at most three problems and a "more" line
  }
  for (const auto& value : xml.values) {
    if (value.path.rfind("MACHINE\\", 0) != 0) {
      __builtin_trap();
    }
  }
  // Whatever SHA256SUMS says, no listed path may leave the saved folder.
  if (const auto manifest = kerbready::collect::parse_sysvol_manifest(bytes)) {
    for (const auto& [path, hash] : *manifest) {
      if (path.empty() || path.front() == '/' || hash.size() != 64) {
        __builtin_trap();
      }
      for (const auto part : kerbready::util::split(path, '/')) {
        if (part.empty() || part == "." || part == "..") {
          __builtin_trap();
        }
      }
    }
  }
  return 0;
}
