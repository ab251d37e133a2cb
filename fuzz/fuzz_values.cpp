// libFuzzer target: the value decoders for untrusted directory strings and bytes: SIDs, DNs,
// SPNs, GeneralizedTime, base64, gPLink, and the terminal/JSON sanitisers.

#include "src/ad/gpo_links.hpp"
#include "src/ad/spn.hpp"
#include "src/util/ad.hpp"
#include "src/util/text.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)kerbready::util::decode_sid(bytes);
  (void)kerbready::util::parse_dn(bytes);
  (void)kerbready::util::normalize_dn(bytes);
  (void)kerbready::util::domain_of_dn(bytes);
  (void)kerbready::util::parse_generalized_time(bytes);
  (void)kerbready::util::base64_decode(bytes);
  const auto sanitized = kerbready::util::sanitize(bytes, 256);
  if (sanitized.find('\x1b') != std::string::npos) {
    __builtin_trap(); // the sanitiser let an escape through
  }
  if (!kerbready::util::is_valid_utf8(kerbready::util::to_valid_utf8(bytes))) {
    __builtin_trap();
  }
  std::string why;
  (void)kerbready::parse_spn(bytes, &why);
  (void)kerbready::is_ip_literal(bytes);
  for (const auto& link : kerbready::parse_gplink(bytes)) {
    (void)link.enforced();
  }
  return 0;
}
