// SPN-UNIQUENESS-DISABLED: the forest's dSHeuristics switches off the SPN or UPN uniqueness check
// on write (the DoNotVerifyUPNAndOrSPNUniqueness heuristic, its 21st character).
//
// Since KB5008382 (CVE-2021-42282, support.microsoft.com/topic/kb5008382-verification-of-uniqueness-
// for-user-principal-name-service-principal-name-and-the-service-principal-name-alias-cve-2021-42282-
// 4651b175-290c-4e59-8fcb-e4e5cd0cdb29) a DC refuses to add an SPN or UPN that another object of the
// forest already holds (MS-ADTS 3.1.1.5.1.3 "Uniqueness Constraints", learn.microsoft.com/openspecs/
// windows_protocols/ms-adts/3c154285-454c-4353-9a99-fb586e806944). The 21st character of dSHeuristics
// on CN=Directory Service,CN=Windows NT,CN=Services,CN=Configuration (MS-ADTS 6.1.1.2.4.1.2
// "dSHeuristics", …/ms-adts/e5899be4-862e-496f-9a38-33950617d2c5) turns the checks off again: bit 0
// (1) UPN, bit 1 (2) SPN, bit 2 (4) SPN alias uniqueness. With them off, duplicates can be written
// again, and a duplicate SPN makes the KDC fail the ticket request, so the client falls back to
// NTLM (SPN-DUPLICATE reports the duplicates themselves). Info: a setting to know about, not a
// defect by itself.
//
// dSHeuristics is honoured only when its check characters hold their position digit: the 10th
// character '1', the 20th '2', the 30th '3' (where the string is that long; MS-ADTS 6.1.1.2.4.1.2).
// A string that breaks this is not evaluated here. Not reported: dSHeuristics absent or shorter
// than 21 characters, a 21st character of '0' or one that is not a hexadecimal digit.

#include "src/model/check.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <optional>

namespace kerbready::checks {
namespace {

constexpr std::size_t k_uniqueness_position = 21; // 1-based

namespace uniqueness_bit {
constexpr unsigned upn = 0x1;
constexpr unsigned spn = 0x2;
constexpr unsigned spn_alias = 0x4;
} // namespace uniqueness_bit

// Return whether `value` keeps the check characters at positions 10, 20 and 30 (1-based).
bool
check_characters_hold(std::string_view value)
{
  for (std::size_t position = 10; position <= value.size(); position += 10) {
    if (value[position - 1] != static_cast<char>('0' + (position / 10) % 10)) {
      return false;
    }
  }
  return true;
}

std::optional<unsigned>
hex_digit(char c)
{
  if (c >= '0' && c <= '9') {
    return static_cast<unsigned>(c - '0');
  }
  if (c >= 'a' && c <= 'f') {
    return static_cast<unsigned>(c - 'a' + 10);
  }
  if (c >= 'A' && c <= 'F') {
    return static_cast<unsigned>(c - 'A' + 10);
  }
  return std::nullopt;
}

std::string
directory_service_dn(std::string_view forest_root)
{
  std::string dn = "CN=Directory Service,CN=Windows NT,CN=Services,CN=Configuration";
  for (const auto label : util::split(forest_root, '.')) {
    dn += fmt::format(",DC={}", label);
  }
  return dn;
}

std::vector<Finding>
find_uniqueness_disabled(const Snapshot& snapshot)
{
  // Without the Configuration partition there is no dSHeuristics to read: nothing to report, as the
  // SPN checks do without sPNMappings (a domain-only snapshot stays complete).
  if (!snapshot.has(DataSet::configuration)) {
    return {};
  }
  const auto& value = snapshot.configuration.ds_heuristics;
  if (value.size() < k_uniqueness_position || !check_characters_hold(value)) {
    return {};
  }
  const auto bits = hex_digit(value[k_uniqueness_position - 1]);
  if (!bits || (*bits & 0x7u) == 0) {
    return {};
  }
  std::vector<std::string> off;
  if ((*bits & uniqueness_bit::upn) != 0) {
    off.emplace_back("UPN");
  }
  if ((*bits & uniqueness_bit::spn) != 0) {
    off.emplace_back("SPN");
  }
  if ((*bits & uniqueness_bit::spn_alias) != 0) {
    off.emplace_back("SPN alias");
  }
  Finding f;
  f.subject = "dSHeuristics";
  f.key = "dsheuristics";
  f.summary = fmt::format("dSHeuristics turns off the forest-wide {} uniqueness check: duplicates can be written "
                          "again, and a duplicate SPN makes Kerberos fail over to NTLM",
                          fmt::join(off, ", "));
  if (!snapshot.configuration.forest_root.empty()) {
    f.affected.push_back(
      AffectedObject{directory_service_dn(snapshot.configuration.forest_root), {}, snapshot.configuration.forest_root});
  }
  f.evidence.push_back(Evidence{"dSHeuristics", util::sanitize(value, 256)});
  f.evidence.push_back(
    Evidence{"character 21 (DoNotVerifyUPNAndOrSPNUniqueness)",
             fmt::format("{} ({} unchecked)", value[k_uniqueness_position - 1], fmt::join(off, ", "))});
  return {std::move(f)};
}

constexpr AttributeRead k_reads[] = {
  {DirectoryObject::directory_service, "dsHeuristics"},
};

const CheckRegistrar k_registrar{{
  .id = "SPN-UNIQUENESS-DISABLED",
  .title = "dSHeuristics turns off SPN/UPN uniqueness",
  .severity = Severity::info,
  .cause = FallbackCause::spn,
  .description = "The 21st character of dSHeuristics (DoNotVerifyUPNAndOrSPNUniqueness, MS-ADTS 6.1.1.2.4.1.2) "
                 "turns off the forest-wide uniqueness check on write for UPNs (1), SPNs (2) or SPN aliases (4) "
                 "that KB5008382 made the default. Duplicates can be written again; a duplicate SPN makes the KDC "
                 "fail the request and the client use NTLM.",
  .remediation = "Set the 21st character of dSHeuristics (CN=Directory Service,CN=Windows NT,CN=Services,"
                 "CN=Configuration) back to 0 once the application that needed duplicates is fixed; keep the "
                 "other characters as they are.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_uniqueness_disabled,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
