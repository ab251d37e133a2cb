#include "src/live/dc_locator.hpp"

#include "src/util/text.hpp"

#include <fmt/format.h>

#ifdef _WIN32
// clang-format off
#include <windows.h>
#include <dsgetdc.h>
#include <lm.h>
#include <windns.h>
// clang-format on

#include "src/live/windows/wide.hpp"
#else
#include <netdb.h>
#include <resolv.h>

#include <arpa/nameser.h>
#include <netinet/in.h>
#endif

#include <optional>
#include <random>

namespace kerbready::collect {

namespace {

#ifdef _WIN32

expected<std::vector<SrvRecord>>
query_srv(const std::string& name)
{
  PDNS_RECORDA records = nullptr;
  const auto status = DnsQuery_A(name.c_str(), DNS_TYPE_SRV, DNS_QUERY_STANDARD, nullptr,
                                 reinterpret_cast<PDNS_RECORD*>(&records), nullptr);
  if (status != 0) {
    return unexpected(fmt::format("DNS lookup of {} failed (error {})", name, status));
  }
  std::vector<SrvRecord> result;
  for (auto* r = records; r != nullptr; r = r->pNext) {
    if (r->wType == DNS_TYPE_SRV) {
      result.push_back(
        SrvRecord{r->Data.SRV.pNameTarget, r->Data.SRV.wPort, r->Data.SRV.wPriority, r->Data.SRV.wWeight});
    }
  }
  DnsRecordListFree(reinterpret_cast<PDNS_RECORD>(records), DnsFreeRecordList);
  return result;
}

// The DC the platform's DC locator picks for `domain` (site-aware, one that answers), if any.
std::optional<std::string>
locate_dc(const std::string& domain)
{
  auto wide = widen(domain);
  PDOMAIN_CONTROLLER_INFOW info = nullptr;
  const auto status = DsGetDcNameW(nullptr, wide.c_str(), nullptr, nullptr,
                                   DS_DIRECTORY_SERVICE_REQUIRED | DS_RETURN_DNS_NAME | DS_IP_REQUIRED, &info);
  if (status != ERROR_SUCCESS || info == nullptr) {
    return std::nullopt;
  }
  std::string name = narrow(info->DomainControllerName);
  NetApiBufferFree(info);
  while (!name.empty() && name.front() == '\\') {
    name.erase(name.begin());
  }
  return name.empty() ? std::nullopt : std::optional<std::string>(name);
}

#else

expected<std::vector<SrvRecord>>
query_srv(const std::string& name)
{
  struct __res_state state = {};
  if (res_ninit(&state) != 0) {
    return unexpected(std::string("cannot initialise the DNS resolver (check /etc/resolv.conf)"));
  }
  std::vector<unsigned char> answer(65535);
  const int length =
    res_nquery(&state, name.c_str(), ns_c_in, ns_t_srv, answer.data(), static_cast<int>(answer.size()));
  const int herr = state.res_h_errno;
  res_nclose(&state);
  if (length < 0) {
    switch (herr) {
    case HOST_NOT_FOUND:
      return unexpected(fmt::format("DNS has no {} (NXDOMAIN)", name));
    case NO_DATA:
      return unexpected(fmt::format("DNS has no SRV records for {}", name));
    case TRY_AGAIN:
      return unexpected(fmt::format("DNS lookup of {} failed (server failure or timeout)", name));
    default:
      return unexpected(fmt::format("DNS lookup of {} failed", name));
    }
  }
  ns_msg message;
  if (ns_initparse(answer.data(), length, &message) != 0) {
    return unexpected(fmt::format("malformed DNS answer for {}", name));
  }
  std::vector<SrvRecord> result;
  const int count = ns_msg_count(message, ns_s_an);
  for (int i = 0; i < count; ++i) {
    ns_rr rr;
    if (ns_parserr(&message, ns_s_an, i, &rr) != 0 || ns_rr_type(rr) != ns_t_srv || ns_rr_rdlen(rr) < 7) {
      continue;
    }
    const unsigned char* rdata = ns_rr_rdata(rr);
    SrvRecord record;
    record.priority = static_cast<std::uint16_t>(ns_get16(rdata));
    record.weight = static_cast<std::uint16_t>(ns_get16(rdata + 2));
    record.port = static_cast<std::uint16_t>(ns_get16(rdata + 4));
    char target[NS_MAXDNAME];
    if (dn_expand(ns_msg_base(message), ns_msg_end(message), rdata + 6, target, sizeof target) < 0) {
      continue;
    }
    record.target = target[0] == '\0' ? "." : target;
    result.push_back(std::move(record));
  }
  return result;
}

#endif

} // namespace

expected<std::vector<SrvRecord>>
find_domain_controllers(const std::string& domain)
{
  const auto name = fmt::format("_ldap._tcp.dc._msdcs.{}", domain);
  auto records = query_srv(name);
#ifdef _WIN32
  // The DC locator's choice first (it knows the site), the SRV order after it.
  const auto located = locate_dc(domain);
  if (!records && located) {
    records = std::vector<SrvRecord>();
  }
#endif
  if (!records) {
    return unexpected(fmt::format("cannot find a domain controller for {}: {}; check that the DNS servers this "
                                  "machine uses serve the AD zone, or name a DC with --server",
                                  domain, records.error()));
  }
  std::random_device seed;
  std::mt19937 rng(seed());
  auto ordered = order_srv_records(std::move(*records), rng);
#ifdef _WIN32
  if (located) {
    std::erase_if(ordered, [&](const SrvRecord& r) { return util::iequals(r.target, *located) && r.port == 389; });
    ordered.insert(ordered.begin(), SrvRecord{*located, 389, 0, 0});
  }
#endif
  if (ordered.empty()) {
    return unexpected(fmt::format("cannot find a domain controller for {}: {} has no usable SRV records; "
                                  "name a DC with --server",
                                  domain, name));
  }
  return ordered;
}

} // namespace kerbready::collect
