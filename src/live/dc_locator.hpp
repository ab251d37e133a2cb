#pragma once

// Finding domain controllers: DNS SRV records `_ldap._tcp.dc._msdcs.<domain>`, ordered by priority
// and weight. The platform resolver (libresolv, or DnsQuery on Windows) is confined to
// dc_locator.cpp.

#include "src/live/plan/srv_order.hpp"
#include "src/util/error.hpp"

#include <string>
#include <vector>

namespace kerbready::collect {

// Return the DCs of `domain` in the order to try them, or a one-line error (no such records, DNS
// server failure) saying what to try.
[[nodiscard]] expected<std::vector<SrvRecord>> find_domain_controllers(const std::string& domain);

} // namespace kerbready::collect
