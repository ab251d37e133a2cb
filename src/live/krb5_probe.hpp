#pragma once

// Service-ticket requests with MIT Kerberos, using the caller's credential cache (kinit first), as
// a Windows client would make them. The only code that calls the krb5 ticket API. Read-only: tickets
// are requested with KRB5_GC_NO_STORE and never written to the cache. The cache's TGTs are copied to
// a memory cache first, so a service ticket already in the cache never stands in for the KDC's answer.

#include "src/probe/probe.hpp"
#include "src/util/error.hpp"

#include <memory>

namespace kerbready::collect {

class Krb5Prober
{
public:
  // Open the default context and credential cache; an error when there is no usable TGT.
  [[nodiscard]] static expected<std::unique_ptr<Krb5Prober>> open();
  Krb5Prober(const Krb5Prober&) = delete;
  Krb5Prober& operator=(const Krb5Prober&) = delete;
  ~Krb5Prober();

  // Ask the KDC for a ticket for `request.spn` in the client's realm; never throws.
  [[nodiscard]] ProbeResult request(const ProbeRequest& request);

  [[nodiscard]] const std::string& client() const { return m_client; }
  [[nodiscard]] const std::string& realm() const { return m_realm; }

private:
  Krb5Prober() = default;
  struct State;
  std::unique_ptr<State> m_state;
  std::string m_client;
  std::string m_realm;
};

} // namespace kerbready::collect
