#include "src/ad/etypes.hpp"

#include "src/ad/privilege.hpp"
#include "src/util/ad.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

namespace kerbready {

namespace {

constexpr std::array<std::pair<std::uint32_t, const char*>, 10> k_names = {{
  {0x1, "DES-CBC-CRC"},
  {0x2, "DES-CBC-MD5"},
  {0x4, "RC4-HMAC"},
  {0x8, "AES128-CTS-HMAC-SHA1-96"},
  {0x10, "AES256-CTS-HMAC-SHA1-96"},
  {0x20, "AES256-SK"},
  {0x10000, "FAST-supported"},
  {0x20000, "compound-identity-supported"},
  {0x40000, "claims-supported"},
  {0x80000, "resource-SID-compression-disabled"},
}};

} // namespace

std::string
describe_etypes(std::uint32_t value)
{
  std::vector<std::string> names;
  std::uint32_t known = 0;
  for (const auto& [bit, name] : k_names) {
    known |= bit;
    if ((value & bit) != 0) {
      names.emplace_back(name);
    }
  }
  if ((value & ~known) != 0) {
    names.push_back(fmt::format("other bits 0x{:x}", value & ~known));
  }
  if (names.empty()) {
    return fmt::format("0x{:x} (none)", value);
  }
  return fmt::format("0x{:x} ({})", value, fmt::join(names, ", "));
}

bool
is_des_only(std::uint32_t value)
{
  const auto ciphers = value & etype::ciphers;
  return ciphers != 0 && (ciphers & ~etype::des) == 0;
}

bool
is_rc4_without_aes(std::uint32_t value)
{
  return (value & etype::rc4_hmac) != 0 && (value & etype::aes) == 0;
}

AesThreshold
aes_threshold(const Snapshot& snapshot, std::string_view domain)
{
  AesThreshold out;
  const Group* rid521 = nullptr;
  for (const auto& group : snapshot.groups) {
    if (util::iequals(group.domain, domain) && is_well_known_group(group, rid::read_only_domain_controllers)) {
      rid521 = &group;
      break;
    }
  }
  if (rid521 == nullptr || !rid521->when_created) {
    return out;
  }
  const Domain* dom = nullptr;
  for (const auto& d : snapshot.domains) {
    if (util::iequals(d.dns_name, domain)) {
      dom = &d;
      break;
    }
  }
  const auto group_created = *rid521->when_created;
  if (dom != nullptr && dom->when_created && group_created >= *dom->when_created &&
      group_created - *dom->when_created <= k_same_promotion_seconds) {
    out.since = dom->when_created;
    out.source_dn = dom->dn;
    out.basis = fmt::format("the domain was created at the 2008 level or above: its RID-521 group was created "
                            "during the same promotion ({})",
                            util::format_iso8601(group_created));
    return out;
  }
  out.since = group_created;
  out.source_dn = rid521->dn;
  out.basis = dom != nullptr && dom->when_created
                ? fmt::format("the RID-521 group was created after the domain ({}): the domain was prepared for the "
                              "2008 level then (heuristic)",
                              util::format_iso8601(*dom->when_created))
                : std::string("the RID-521 group; the domain's own whenCreated was not read (heuristic)");
  return out;
}

std::string
aes_threshold_label(const AesThreshold& threshold)
{
  return fmt::format("whenCreated of {} ({})", threshold.source_dn, threshold.basis);
}

AesKeys
aes_keys(const Account& account, const AesThreshold& threshold)
{
  if (!threshold.since || !account.pwd_last_set) {
    return AesKeys::unknown;
  }
  return *account.pwd_last_set < *threshold.since ? AesKeys::probably_missing : AesKeys::probably_present;
}

KrbtgtKind
krbtgt_kind(const Account& account)
{
  const std::string_view name = account.sam_account_name;
  if (util::iequals(name, "krbtgt")) {
    return KrbtgtKind::domain;
  }
  if (util::iequals(name, "krbtgt_AzureAD")) {
    return KrbtgtKind::entra;
  }
  constexpr std::string_view prefix = "krbtgt_";
  if (name.size() > prefix.size() && util::istarts_with(name, prefix)) {
    const auto number = name.substr(prefix.size());
    if (std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return KrbtgtKind::rodc;
    }
  }
  return KrbtgtKind::none;
}

bool
is_krbtgt_account(const Account& account)
{
  return krbtgt_kind(account) != KrbtgtKind::none;
}

bool
is_fresh_precreated_computer(const Account& account, std::int64_t reference_time)
{
  if (account.kind != AccountKind::computer || account.last_logon_timestamp || reference_time == 0) {
    return false;
  }
  const auto created = account.when_created ? account.when_created : account.pwd_last_set;
  return created && reference_time - *created >= 0 && reference_time - *created < k_fresh_computer_days * 86400;
}

} // namespace kerbready
