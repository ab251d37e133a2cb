#include "src/live/plan/endpoint.hpp"

#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::collect {

std::string
Endpoint::uri() const
{
  const bool v6 = host.find(':') != std::string::npos;
  return fmt::format("{}://{}{}{}:{}", ldaps ? "ldaps" : "ldap", v6 ? "[" : "", host, v6 ? "]" : "", port);
}

expected<Endpoint>
parse_endpoint(const std::string& text)
{
  Endpoint endpoint;
  std::string_view rest = text;
  bool explicit_scheme = false;
  if (util::istarts_with(rest, "ldaps://")) {
    endpoint.ldaps = true;
    endpoint.port = 636;
    rest.remove_prefix(8);
    explicit_scheme = true;
  } else if (util::istarts_with(rest, "ldap://")) {
    rest.remove_prefix(7);
    explicit_scheme = true;
  } else if (rest.find("://") != std::string_view::npos) {
    return unexpected(
      fmt::format("unsupported server URI '{}': use ldap://, ldaps:// or HOST[:PORT]", util::sanitize(text, 100)));
  }
  if (explicit_scheme) {
    rest = rest.substr(0, rest.find('/'));
  }
  std::string_view port_text;
  if (!rest.empty() && rest.front() == '[') {
    const auto close = rest.find(']');
    if (close == std::string_view::npos) {
      return unexpected(fmt::format("bad server address '{}'", util::sanitize(text, 100)));
    }
    endpoint.host = std::string(rest.substr(1, close - 1));
    rest.remove_prefix(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') {
        return unexpected(fmt::format("bad server address '{}'", util::sanitize(text, 100)));
      }
      port_text = rest.substr(1);
    }
  } else {
    const auto colon = rest.rfind(':');
    if (colon != std::string_view::npos && rest.find(':') == colon) {
      endpoint.host = std::string(rest.substr(0, colon));
      port_text = rest.substr(colon + 1);
    } else {
      endpoint.host = std::string(rest);
    }
  }
  if (endpoint.host.empty()) {
    return unexpected(fmt::format("no host name in server address '{}'", util::sanitize(text, 100)));
  }
  if (!port_text.empty()) {
    const auto port = util::parse_int(port_text);
    if (!port || *port < 1 || *port > 65535) {
      return unexpected(fmt::format("bad port in server address '{}'", util::sanitize(text, 100)));
    }
    endpoint.port = static_cast<std::uint16_t>(*port);
  }
  if (!explicit_scheme && (endpoint.port == 636 || endpoint.port == 3269)) {
    endpoint.ldaps = true;
  }
  return endpoint;
}

std::optional<long>
next_range_low(std::string_view raw_name)
{
  const auto lower = util::to_lower(raw_name);
  const auto pos = lower.find(";range=");
  if (pos == std::string::npos) {
    return std::nullopt;
  }
  const auto spec = std::string_view(lower).substr(pos + 7);
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos) {
    return std::nullopt;
  }
  auto high = spec.substr(dash + 1);
  high = high.substr(0, high.find(';'));
  if (high == "*") {
    return std::nullopt;
  }
  const auto parsed = util::parse_int(high);
  if (!parsed) {
    return std::nullopt;
  }
  return static_cast<long>(*parsed + 1);
}

std::optional<std::string>
range_stop_reason(long requested_low, long next_low, std::size_t queries, std::size_t values)
{
  if (next_low <= requested_low) {
    return fmt::format("the DC answered range {}-* with a range ending before {} (no progress)", requested_low,
                       requested_low);
  }
  if (queries >= k_max_range_queries) {
    return fmt::format("more than {} range queries for one attribute", k_max_range_queries);
  }
  if (values > k_max_values_per_record) {
    return fmt::format("more than {} values in one entry (the limit per record)", k_max_values_per_record);
  }
  return std::nullopt;
}

} // namespace kerbready::collect
