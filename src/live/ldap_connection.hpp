#pragma once

// One authenticated LDAP connection to a domain controller, behind the small interface that the
// shared collector (ldap_collector.cpp: the partition plan, the paging loop, range retrieval and
// every error message) talks to. Two implementations, chosen at build time (KR_LIVE_BACKEND):
//  - openldap/ldap_connection.cpp: OpenLDAP libldap and Cyrus SASL (Linux, macOS, MSYS2): SASL/GSSAPI
//    with a signed and sealed security layer from the Kerberos ticket cache or a keytab, or a simple
//    bind that is refused unless TLS (LDAPS or StartTLS) protects it;
//  - windows/ldap_connection.cpp: the platform's wldap32 with Negotiate (Kerberos through SSPI,
//    signing and sealing on) as the logged-on user, or a simple bind over TLS; LDAPS verified
//    against the Windows certificate store.
// TLS certificates are verified unless the caller explicitly turned verification off.
//
// A connection owns all of its state (no globals, no static buffers), so several can read side
// by side, one per thread; a connection itself is used by one thread at a time.

#include "src/input/entry.hpp"
#include "src/live/plan/endpoint.hpp"
#include "src/util/error.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kerbready::collect {

enum class AuthMethod { gssapi, simple };

// How the connection is protected. `automatic`: LDAPS for an ldaps:// URI or port 636/3269,
// StartTLS for a simple bind, otherwise the SASL security layer alone.
enum class TlsMode { automatic, ldaps, starttls, none };

struct ConnectionOptions
{
  AuthMethod auth = AuthMethod::gssapi;
  TlsMode tls = TlsMode::automatic;
  std::string user;      // simple bind: DN, UPN or DOMAIN\name
  std::string password;  // simple bind
  std::string keytab;    // GSSAPI: get a ticket from this keytab instead of the ticket cache
  std::string principal; // GSSAPI with a keytab: the client principal (empty: first in keytab)
  std::string ca_file;   // extra CA certificates (PEM); empty: system CAs and ldap.conf
  bool tls_insecure = false;
  int timeout_seconds = 120; // per LDAP operation, and for the TCP connect
};

// What the RootDSE of the DC says about itself and the forest.
struct RootDse
{
  std::string dns_host_name;
  std::string default_naming_context;
  std::string configuration_naming_context;
  std::string root_domain_naming_context;
  std::string schema_naming_context;
  std::vector<std::string> naming_contexts;
  std::string domain_functionality;
  std::string forest_functionality;
  std::string domain_controller_functionality;
  std::vector<std::string> supported_sasl_mechanisms;
  std::vector<std::string> supported_controls;
  std::uint64_t highest_committed_usn = 0; // 0: not given
};

// Why a connection could not be opened. `unreachable` failures (no answer, connection refused)
// let the caller move on to the next DC; the others (credentials, certificates) would fail on every
// DC alike.
struct OpenError
{
  bool unreachable = false;
  std::string message; // one line: what failed and what to try
};

// What an LDAP operation came to, in the terms the collector decides on (RFC 4511 result codes
// grouped by what to do about them).
enum class LdapStatus {
  success,
  limit_exceeded,  // sizeLimitExceeded, timeLimitExceeded, adminLimitExceeded: read partly
  no_access,       // insufficientAccessRights, noSuchObject, referral: bind as another account
  paging_refused,  // unavailableCriticalExtension, unwillingToPerform, protocolError, operationsError
  connection_lost, // server down, unavailable, busy, the connection reset
  timeout,         // no answer within the timeout
  other,
};

// A failed operation: its status and one line "<library text> (<server diagnostic>)".
struct LdapError
{
  LdapStatus status = LdapStatus::other;
  std::string text;
};

// One entry as the server sent it: values under their lowercase base names (Entry::add_value), and
// the attribute names that came back with a range option ("member;range=0-1499"), as spelt.
struct ReadEntry
{
  Entry entry;
  std::vector<std::string> ranged_names;
};

// One page of a paged subtree search (RFC 2696). A page whose search the server ended with an
// error still carries the entries that came before it.
struct SearchPage
{
  std::vector<ReadEntry> entries;
  LdapStatus status = LdapStatus::success;
  std::string detail;            // status != success: "<result text> (<server diagnostic>)"
  bool has_page_control = false; // the server answered with a paged-results control
  std::string cookie;            // empty: that was the last page
};

class LdapConnection
{
public:
  LdapConnection() = default;
  LdapConnection(const LdapConnection&) = delete;
  LdapConnection& operator=(const LdapConnection&) = delete;
  virtual ~LdapConnection() = default;

  // One page of at most `page_size` entries of the subtree search of `base` with `filter` for
  // `attributes`, continuing after `cookie` (empty: the first page). An error when the connection
  // cannot go on (lost, timed out); a failure of the search itself is the page's status.
  [[nodiscard]] virtual tl::expected<SearchPage, LdapError> search_page(const std::string& base,
                                                                        const std::string& filter,
                                                                        const std::vector<std::string>& attributes,
                                                                        int page_size, const std::string& cookie) = 0;

  // Read `attributes` ("member;range=1500-*") of the entry `dn` alone (a base search).
  [[nodiscard]] virtual tl::expected<ReadEntry, LdapError> read_entry(const std::string& dn,
                                                                      const std::vector<std::string>& attributes) = 0;

  [[nodiscard]] const Endpoint& endpoint() const { return m_endpoint; }
  [[nodiscard]] const RootDse& root_dse() const { return m_root_dse; }
  [[nodiscard]] int timeout_seconds() const { return m_timeout_seconds; }
  // For the report: "SASL/GSSAPI as alice@CORP.EXAMPLE", "simple as CN=…".
  [[nodiscard]] const std::string& bind_description() const { return m_bind; }
  // For the report: "SASL GSSAPI sign+seal (SSF 256)", "TLS (StartTLS)".
  [[nodiscard]] const std::string& security_layer() const { return m_security; }
  // For the report: "verified", "NOT verified (--tls-insecure)", "not used".
  [[nodiscard]] const std::string& tls_verification() const { return m_tls; }

protected:
  Endpoint m_endpoint;
  RootDse m_root_dse;
  int m_timeout_seconds = 120;
  std::string m_bind;
  std::string m_security;
  std::string m_tls;
};

// Connect to `endpoint`, protect the connection as `options` says, bind, and read the RootDSE
// (check_root_dse() decides whether it is an AD DC kerbready can read). One implementation per
// backend.
[[nodiscard]] tl::expected<std::unique_ptr<LdapConnection>, OpenError>
open_connection(const Endpoint& endpoint, const ConnectionOptions& options);

// The domain to read when neither --server nor --domain names one: the realm of the Kerberos
// credentials (openldap: the keytab's principal or the ticket cache; windows: the logged-on user's
// domain), in lowercase. A one-line error saying what to pass otherwise.
[[nodiscard]] expected<std::string> default_domain(const ConnectionOptions& options);

// The RootDSE attributes open_connection() reads, and the check shared by both backends: an error
// message when `root` is not an AD DC or lacks the paged-results control, for `uri`.
[[nodiscard]] const std::vector<std::string>& root_dse_attributes();
[[nodiscard]] std::optional<std::string> check_root_dse(const RootDse& root, const std::string& uri);

// Fill `root` from the RootDSE entry as read.
void fill_root_dse(const Entry& entry, RootDse& root);

// Explain the AD "data NNN" sub-code of an invalid-credentials bind in `diagnostic` (MS-ADTS;
// "wrong user name or password" when there is none).
[[nodiscard]] std::string explain_ad_bind_error(const std::string& diagnostic);

} // namespace kerbready::collect
