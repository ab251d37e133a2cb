#pragma once

// One authenticated LDAP connection to a domain controller (OpenLDAP libldap, Cyrus SASL). This is
// the only code that binds: SASL/GSSAPI with a signed and sealed security layer, or a simple bind
// that is refused unless TLS (LDAPS or StartTLS) protects it. TLS certificates are verified unless
// the caller explicitly turned verification off.

#include "src/live/plan/endpoint.hpp"
#include "src/util/error.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

// libldap's handle, declared here so callers need not include <ldap.h>.
struct ldap;

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
};

// Why a connection could not be opened. `unreachable` failures (no answer, connection refused)
// let the caller move on to the next DC; the others (credentials, certificates) would fail on every
// DC alike.
struct OpenError
{
  bool unreachable = false;
  std::string message; // one line: what failed and what to try
};

class LdapSession
{
public:
  // Connect to `endpoint`, protect the connection as `options` says, bind and read the RootDSE.
  [[nodiscard]] static tl::expected<std::unique_ptr<LdapSession>, OpenError> open(const Endpoint& endpoint,
                                                                                  const ConnectionOptions& options);
  LdapSession(const LdapSession&) = delete;
  LdapSession& operator=(const LdapSession&) = delete;
  ~LdapSession();

  [[nodiscard]] ldap* handle() const { return m_ld; }
  [[nodiscard]] const Endpoint& endpoint() const { return m_endpoint; }
  [[nodiscard]] const RootDse& root_dse() const { return m_root_dse; }
  [[nodiscard]] int timeout_seconds() const { return m_timeout_seconds; }

  // For the report: "SASL/GSSAPI as alice@CORP.EXAMPLE", "simple as CN=…".
  [[nodiscard]] const std::string& bind_description() const { return m_bind; }
  // For the report: "SASL GSSAPI sign+seal (SSF 256)", "TLS (StartTLS)".
  [[nodiscard]] const std::string& security_layer() const { return m_security; }
  // For the report: "verified", "NOT verified (--tls-insecure)", "not used".
  [[nodiscard]] const std::string& tls_verification() const { return m_tls; }

  // Return the last error of the handle: "<ldap error text> (<server diagnostic>)".
  [[nodiscard]] std::string last_error(int code) const;

private:
  LdapSession() = default;

  ldap* m_ld = nullptr;
  Endpoint m_endpoint;
  RootDse m_root_dse;
  int m_timeout_seconds = 120;
  std::string m_bind;
  std::string m_security;
  std::string m_tls;
};

} // namespace kerbready::collect
