#pragma once

// The Kerberos side of a GSSAPI bind, with MIT Kerberos: checking the ticket cache before a bind
// (so a missing or expired ticket gives a clear message instead of a GSSAPI minor code), and
// getting a ticket from a keytab into a private in-memory cache that only this process uses.

#include "src/util/error.hpp"

#include <memory>
#include <string>

namespace kerbready::collect {

// What the default ticket cache (KRB5CCNAME, or the krb5.conf default) holds.
struct TicketCacheInfo
{
  std::string cache_name; // "FILE:/tmp/krb5cc_0"
  std::string principal;  // "administrator@LAB.EXAMPLE"
  std::string realm;      // "LAB.EXAMPLE"
};

// Return the client principal of the default ticket cache, or a one-line error saying what is
// wrong (no cache, no TGT, TGT expired) and what to try.
[[nodiscard]] expected<TicketCacheInfo> inspect_default_ticket_cache();

// A ticket obtained from a keytab into a MEMORY: cache. While the object lives, GSSAPI calls made by
// this thread (the SASL GSSAPI bind) use that cache instead of the default one. The cache is
// destroyed with the object.
class KeytabTicket
{
public:
  // Get a TGT for `principal` (empty: the first principal in the keytab) with the keys in
  // `keytab_path`. Returns a one-line error (KDC unreachable, key mismatch, unknown principal…).
  [[nodiscard]] static expected<std::unique_ptr<KeytabTicket>> acquire(const std::string& keytab_path,
                                                                       const std::string& principal);
  KeytabTicket(const KeytabTicket&) = delete;
  KeytabTicket& operator=(const KeytabTicket&) = delete;
  ~KeytabTicket();

  [[nodiscard]] const std::string& principal() const { return m_principal; }
  [[nodiscard]] const std::string& cache_name() const { return m_cache_name; }

private:
  struct Impl;
  explicit KeytabTicket(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> m_impl;
  std::string m_principal;
  std::string m_cache_name;
};

} // namespace kerbready::collect
