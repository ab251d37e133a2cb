// libFuzzer target: the binary and text formats the checks decode from untrusted directory and
// SYSVOL bytes: dnsRecord (MS-DNSP DNS_RPC_RECORD), DFS target lists and pKT blobs (MS-DFSNM),
// security descriptors (MS-DTYP 2.4.6, msDS-AllowedToActOnBehalfOfOtherIdentity) and GptTmpl.inf
// security templates.

#include "src/ad/dfs.hpp"
#include "src/ad/dns_record.hpp"
#include "src/ad/gpo.hpp"
#include "src/ad/security_descriptor.hpp"
#include "src/util/utf16.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)kerbready::parse_dns_record(bytes);
  (void)kerbready::parse_dns_count_name(bytes);
  (void)kerbready::parse_dfs_target_list(bytes);
  (void)kerbready::parse_pkt(bytes);
  (void)kerbready::parse_unc(bytes);
  (void)kerbready::parse_dacl_grants(bytes);
  for (const auto& value : kerbready::parse_gpttmpl(bytes)) {
    (void)kerbready::registry_dword(value);
  }
  (void)kerbready::util::utf16le_to_utf8(bytes);
  return 0;
}
