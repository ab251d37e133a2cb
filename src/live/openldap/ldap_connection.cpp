// The OpenLDAP backend of ldap_connection.hpp: libldap, Cyrus SASL (GSSAPI) and MIT Kerberos.

#include "src/live/ldap_connection.hpp"

#include "src/live/openldap/kerberos.hpp"
#include "src/live/plan/endpoint.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>
#include <ldap.h>
#include <sasl/sasl.h>

#include <cstring>
#include <optional>

namespace kerbready::collect {

namespace {

std::string
error_text(LDAP* ld, int code)
{
  std::string text = ldap_err2string(code);
  char* diagnostic = nullptr;
  if (ld != nullptr && ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diagnostic) == LDAP_OPT_SUCCESS &&
      diagnostic != nullptr) {
    if (diagnostic[0] != '\0') {
      text += fmt::format(" ({})", util::sanitize(util::trim(diagnostic), 300));
    }
    ldap_memfree(diagnostic);
  }
  return text;
}

int
interact(LDAP* /*ld*/, unsigned /*flags*/, void* /*defaults*/, void* prompts)
{
  // GSSAPI asks at most for an authorisation identity; answer with the default (none).
  for (auto* p = static_cast<sasl_interact_t*>(prompts); p->id != SASL_CB_LIST_END; ++p) {
    const char* value = p->defresult != nullptr ? p->defresult : "";
    p->result = value;
    p->len = static_cast<unsigned>(std::strlen(value));
  }
  return LDAP_SUCCESS;
}

// Apply the TLS settings to libldap's global context. Returns an error message on failure.
std::optional<std::string>
configure_tls(const ConnectionOptions& options)
{
  const int require = options.tls_insecure ? LDAP_OPT_X_TLS_NEVER : LDAP_OPT_X_TLS_DEMAND;
  ldap_set_option(nullptr, LDAP_OPT_X_TLS_REQUIRE_CERT, &require);
  if (!options.ca_file.empty()) {
    ldap_set_option(nullptr, LDAP_OPT_X_TLS_CACERTFILE, options.ca_file.c_str());
  }
  const int is_server = 0;
  if (int rc = ldap_set_option(nullptr, LDAP_OPT_X_TLS_NEWCTX, &is_server); rc != LDAP_OPT_SUCCESS) {
    return fmt::format("cannot set up TLS: {}{}", ldap_err2string(rc),
                       options.ca_file.empty() ? "" : fmt::format("; check --ca-file {}", options.ca_file));
  }
  return std::nullopt;
}

// Return whether `endpoint` accepts a TLS connection when the certificate is not checked: tells a
// certificate problem from an unreachable DC, since libldap reports both as "Can't contact LDAP
// server". Restores the verifying context afterwards.
bool
tls_works_unverified(const Endpoint& endpoint, const ConnectionOptions& options, bool starttls)
{
  ConnectionOptions insecure = options;
  insecure.tls_insecure = true;
  if (configure_tls(insecure)) {
    return false;
  }
  LDAP* probe = nullptr;
  bool ok = false;
  if (ldap_initialize(&probe, endpoint.uri().c_str()) == LDAP_SUCCESS) {
    const int version = LDAP_VERSION3;
    ldap_set_option(probe, LDAP_OPT_PROTOCOL_VERSION, &version);
    timeval timeout{options.timeout_seconds, 0};
    ldap_set_option(probe, LDAP_OPT_NETWORK_TIMEOUT, &timeout);
    ldap_set_option(probe, LDAP_OPT_TIMEOUT, &timeout);
    ok =
      ldap_connect(probe) == LDAP_SUCCESS && (!starttls || ldap_start_tls_s(probe, nullptr, nullptr) == LDAP_SUCCESS);
    ldap_unbind_ext_s(probe, nullptr, nullptr);
  }
  configure_tls(options);
  return ok;
}

// A NULL-terminated char* array over `names`, as libldap wants it.
class AttributeArray
{
public:
  explicit AttributeArray(std::vector<std::string> names) : m_names(std::move(names))
  {
    for (auto& name : m_names) {
      m_pointers.push_back(name.data());
    }
    m_pointers.push_back(nullptr);
  }
  [[nodiscard]] char** get() { return m_pointers.data(); }

private:
  std::vector<std::string> m_names;
  std::vector<char*> m_pointers;
};

LdapStatus
status_of(int code)
{
  switch (code) {
  case LDAP_SUCCESS:
    return LdapStatus::success;
  case LDAP_SIZELIMIT_EXCEEDED:
  case LDAP_TIMELIMIT_EXCEEDED:
  case LDAP_ADMINLIMIT_EXCEEDED:
    return LdapStatus::limit_exceeded;
  case LDAP_INSUFFICIENT_ACCESS:
  case LDAP_NO_SUCH_OBJECT:
  case LDAP_REFERRAL:
    return LdapStatus::no_access;
  case LDAP_UNAVAILABLE_CRITICAL_EXTENSION:
  case LDAP_UNWILLING_TO_PERFORM:
  case LDAP_PROTOCOL_ERROR:
  case LDAP_OPERATIONS_ERROR:
    return LdapStatus::paging_refused;
  case LDAP_SERVER_DOWN:
  case LDAP_UNAVAILABLE:
  case LDAP_BUSY:
    return LdapStatus::connection_lost;
  case LDAP_TIMEOUT:
    return LdapStatus::timeout;
  default:
    return LdapStatus::other;
  }
}

// Copy one search entry, noting the attributes that came back as a partial range.
ReadEntry
copy_entry(LDAP* ld, LDAPMessage* message)
{
  ReadEntry read;
  if (char* dn = ldap_get_dn(ld, message); dn != nullptr) {
    read.entry.dn = dn;
    ldap_memfree(dn);
  }
  BerElement* ber = nullptr;
  for (char* name = ldap_first_attribute(ld, message, &ber); name != nullptr;
       name = ldap_next_attribute(ld, message, ber)) {
    if (berval** values = ldap_get_values_len(ld, message, name); values != nullptr) {
      for (auto** v = values; *v != nullptr; ++v) {
        read.entry.add_value(name, std::string((*v)->bv_val, (*v)->bv_len));
      }
      ldap_value_free_len(values);
    }
    if (std::string_view(name).find(";range=") != std::string_view::npos) {
      read.ranged_names.emplace_back(name);
    }
    ldap_memfree(name);
  }
  if (ber != nullptr) {
    ber_free(ber, 0);
  }
  return read;
}

class OpenLdapConnection final : public LdapConnection
{
public:
  OpenLdapConnection() = default;
  OpenLdapConnection(const OpenLdapConnection&) = delete;
  OpenLdapConnection& operator=(const OpenLdapConnection&) = delete;
  ~OpenLdapConnection() override
  {
    if (m_ld != nullptr) {
      ldap_unbind_ext_s(m_ld, nullptr, nullptr);
    }
  }

  tl::expected<SearchPage, LdapError> search_page(const std::string& base, const std::string& filter,
                                                  const std::vector<std::string>& attributes, int page_size,
                                                  const std::string& cookie) override;
  tl::expected<ReadEntry, LdapError> read_entry(const std::string& dn,
                                                const std::vector<std::string>& attributes) override;

  [[nodiscard]] LdapError error(int code) const { return LdapError{status_of(code), error_text(m_ld, code)}; }

  LDAP* m_ld = nullptr;
  friend tl::expected<std::unique_ptr<LdapConnection>, OpenError>
  kerbready::collect::open_connection(const Endpoint&, const ConnectionOptions&);
};

tl::expected<SearchPage, LdapError>
OpenLdapConnection::search_page(const std::string& base, const std::string& filter,
                                const std::vector<std::string>& attributes, int page_size, const std::string& cookie)
{
  AttributeArray attrs(attributes);
  timeval timeout{m_timeout_seconds, 0};
  berval cookie_value{static_cast<ber_len_t>(cookie.size()), const_cast<char*>(cookie.data())};
  LDAPControl* page_control = nullptr;
  int rc = ldap_create_page_control(m_ld, static_cast<ber_int_t>(page_size), cookie.empty() ? nullptr : &cookie_value,
                                    1, &page_control);
  if (rc != LDAP_SUCCESS) {
    return tl::unexpected(
      LdapError{LdapStatus::other, fmt::format("cannot build the paged-results control: {}", ldap_err2string(rc))});
  }
  LDAPControl* server_controls[] = {page_control, nullptr};
  int message_id = 0;
  rc = ldap_search_ext(m_ld, base.c_str(), LDAP_SCOPE_SUBTREE, filter.c_str(), attrs.get(), 0, server_controls, nullptr,
                       &timeout, LDAP_NO_LIMIT, &message_id);
  ldap_control_free(page_control);
  if (rc != LDAP_SUCCESS) {
    return tl::unexpected(error(rc));
  }
  SearchPage page;
  int result_code = LDAP_OTHER;
  LDAPControl** response_controls = nullptr;
  bool done = false;
  while (!done) {
    LDAPMessage* message = nullptr;
    rc = ldap_result(m_ld, message_id, LDAP_MSG_ONE, &timeout, &message);
    if (rc == 0) {
      ldap_abandon_ext(m_ld, message_id, nullptr, nullptr);
      return tl::unexpected(LdapError{LdapStatus::timeout, "timed out"});
    }
    if (rc < 0) {
      int code = LDAP_SERVER_DOWN;
      ldap_get_option(m_ld, LDAP_OPT_RESULT_CODE, &code);
      auto failure = error(code);
      if (failure.status != LdapStatus::timeout) {
        failure.status = LdapStatus::connection_lost;
      }
      return tl::unexpected(std::move(failure));
    }
    switch (ldap_msgtype(message)) {
    case LDAP_RES_SEARCH_ENTRY:
      page.entries.push_back(copy_entry(m_ld, message));
      break;
    case LDAP_RES_SEARCH_REFERENCE:
      // Continuation references point at other partitions, which the plan reads itself.
      break;
    case LDAP_RES_SEARCH_RESULT: {
      char* text = nullptr;
      ldap_parse_result(m_ld, message, &result_code, nullptr, &text, nullptr, &response_controls, 0);
      std::string diagnostic;
      if (text != nullptr) {
        diagnostic = util::sanitize(util::trim(text), 300);
        ldap_memfree(text);
      }
      page.status = status_of(result_code);
      if (result_code != LDAP_SUCCESS) {
        page.detail = fmt::format("{}{}", ldap_err2string(result_code),
                                  diagnostic.empty() ? std::string() : fmt::format(" ({})", diagnostic));
      }
      done = true;
      break;
    }
    default:
      break;
    }
    ldap_msgfree(message);
  }
  if (response_controls != nullptr) {
    if (LDAPControl* control = ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, response_controls, nullptr);
        control != nullptr) {
      ber_int_t estimate = 0;
      berval value{0, nullptr};
      if (ldap_parse_pageresponse_control(m_ld, control, &estimate, &value) == LDAP_SUCCESS) {
        page.has_page_control = true;
        page.cookie.assign(value.bv_val != nullptr ? value.bv_val : "", value.bv_len);
        ber_memfree(value.bv_val);
      }
    }
    ldap_controls_free(response_controls);
  }
  return page;
}

tl::expected<ReadEntry, LdapError>
OpenLdapConnection::read_entry(const std::string& dn, const std::vector<std::string>& attributes)
{
  AttributeArray attrs(attributes);
  timeval timeout{m_timeout_seconds, 0};
  LDAPMessage* result = nullptr;
  const int rc = ldap_search_ext_s(m_ld, dn.c_str(), LDAP_SCOPE_BASE, "(objectClass=*)", attrs.get(), 0, nullptr,
                                   nullptr, &timeout, LDAP_NO_LIMIT, &result);
  if (rc != LDAP_SUCCESS) {
    if (result != nullptr) {
      ldap_msgfree(result);
    }
    return tl::unexpected(error(rc));
  }
  ReadEntry read;
  if (LDAPMessage* message = ldap_first_entry(m_ld, result); message != nullptr) {
    read = copy_entry(m_ld, message);
  }
  ldap_msgfree(result);
  return read;
}

} // namespace

expected<std::string>
default_domain(const ConnectionOptions& options)
{
  if (!options.keytab.empty()) {
    const auto at = options.principal.rfind('@');
    if (at == std::string::npos) {
      return unexpected(std::string("with --keytab, name the domain with --domain or --server, or give --principal "
                                    "NAME@REALM"));
    }
    return util::to_lower(options.principal.substr(at + 1));
  }
  auto cache = inspect_default_ticket_cache();
  if (!cache) {
    return unexpected(cache.error());
  }
  return util::to_lower(cache->realm);
}

tl::expected<std::unique_ptr<LdapConnection>, OpenError>
open_connection(const Endpoint& requested, const ConnectionOptions& options)
{
  auto fail = [](bool unreachable, std::string message) {
    return tl::unexpected(OpenError{unreachable, std::move(message)});
  };
  auto session = std::make_unique<OpenLdapConnection>();
  Endpoint endpoint = requested;
  const bool use_starttls =
    !endpoint.ldaps &&
    (options.tls == TlsMode::starttls || (options.tls == TlsMode::automatic && options.auth == AuthMethod::simple));
  if (options.tls == TlsMode::ldaps && !endpoint.ldaps) {
    endpoint.ldaps = true;
    if (endpoint.port == 389) {
      endpoint.port = 636;
    }
  }
  if (options.tls == TlsMode::none && endpoint.ldaps) {
    return fail(false, fmt::format("--tls none contradicts the LDAPS address {}", endpoint.uri()));
  }
  const bool tls = endpoint.ldaps || use_starttls;
  if (options.auth == AuthMethod::simple && !tls) {
    return fail(false,
                "refusing a simple bind without TLS: the password would cross the network in clear text and "
                "AD rejects it anyway when LDAP signing is required; use ldaps://, --tls starttls, or --auth gssapi");
  }
  session->m_endpoint = endpoint;
  session->m_timeout_seconds = options.timeout_seconds;
  const auto uri = endpoint.uri();

  if (tls) {
    // Verify the certificate chain and name unless told not to; a TLS_REQCERT in ldap.conf cannot
    // weaken this. The settings go into libldap's global TLS context, because a handle does not
    // inherit the CA paths that ldap.conf / LDAPTLS_CACERT put there (a handle-level context
    // would lose them).
    if (auto error = configure_tls(options)) {
      return fail(false, *error);
    }
    session->m_tls = options.tls_insecure      ? "NOT verified (--tls-insecure)"
                     : options.ca_file.empty() ? "verified (system CAs / ldap.conf)"
                                               : fmt::format("verified (CA file {})", options.ca_file);
  } else {
    session->m_tls = "not used";
  }

  LDAP* ld = nullptr;
  if (int rc = ldap_initialize(&ld, uri.c_str()); rc != LDAP_SUCCESS) {
    return fail(false, fmt::format("cannot use server address {}: {}", uri, ldap_err2string(rc)));
  }
  session->m_ld = ld;
  const int version = LDAP_VERSION3;
  ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version);
  ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
  // Use the host name as given for the Kerberos service name: no reverse DNS (which would also leak
  // lookups of internal addresses to whatever resolver is configured).
  ldap_set_option(ld, LDAP_OPT_X_SASL_NOCANON, LDAP_OPT_ON);
  timeval timeout{options.timeout_seconds, 0};
  ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &timeout);
  ldap_set_option(ld, LDAP_OPT_TIMEOUT, &timeout);

  const std::string tls_hint =
    options.tls_insecure
      ? std::string()
      : fmt::format("; check that the DC's certificate names {} (connect by that name, not an address), pass the "
                    "issuing CA with --ca-file or TLS_CACERT in ldap.conf, or (not recommended) --tls-insecure",
                    endpoint.host);
  if (int rc = ldap_connect(ld); rc != LDAP_SUCCESS) {
    const auto text = error_text(ld, rc);
    if (endpoint.ldaps && !options.tls_insecure && tls_works_unverified(endpoint, options, false)) {
      return fail(false, fmt::format("the TLS certificate of {} could not be verified{}", uri, tls_hint));
    }
    return fail(true, fmt::format("cannot reach the DC at {}: {}; check the name and that the DC is up and port {} "
                                  "is reachable, or use --timeout",
                                  uri, text, endpoint.port));
  }
  if (use_starttls) {
    if (int rc = ldap_start_tls_s(ld, nullptr, nullptr); rc != LDAP_SUCCESS) {
      if (rc == LDAP_SERVER_DOWN || rc == LDAP_TIMEOUT) {
        return fail(true, fmt::format("cannot reach the DC at {}: {}", uri, error_text(ld, rc)));
      }
      if (!options.tls_insecure && tls_works_unverified(endpoint, options, true)) {
        return fail(false, fmt::format("the TLS certificate of {} could not be verified (StartTLS){}", uri, tls_hint));
      }
      return fail(false, fmt::format("StartTLS with {} failed: {}{}", uri, error_text(ld, rc), tls_hint));
    }
  }

  std::unique_ptr<KeytabTicket> ticket;
  if (options.auth == AuthMethod::gssapi) {
    std::string who;
    if (!options.keytab.empty()) {
      auto acquired = KeytabTicket::acquire(options.keytab, options.principal);
      if (!acquired) {
        return fail(false, acquired.error());
      }
      ticket = std::move(*acquired);
      who = ticket->principal();
    } else {
      auto cache = inspect_default_ticket_cache();
      if (!cache) {
        return fail(false, cache.error());
      }
      who = cache->principal;
    }
    // AD requires signing on binds without TLS; ask for sealing too. Over TLS, AD refuses a second
    // layer ("Sign or Seal are not allowed if TLS is used"), so TLS alone protects the connection.
    const char* secprops = tls ? "maxssf=0" : "minssf=56";
    ldap_set_option(ld, LDAP_OPT_X_SASL_SECPROPS, secprops);
    const int rc =
      ldap_sasl_interactive_bind_s(ld, nullptr, "GSSAPI", nullptr, nullptr, LDAP_SASL_QUIET, interact, nullptr);
    if (rc != LDAP_SUCCESS) {
      if (rc == LDAP_SERVER_DOWN || rc == LDAP_TIMEOUT) {
        return fail(true,
                    fmt::format("the DC at {} stopped answering during the GSSAPI bind: {}", uri, error_text(ld, rc)));
      }
      return fail(false,
                  fmt::format("GSSAPI bind to {} as {} failed: {}; check the ticket (klist), that {} is the DC's "
                              "DNS name (the KDC must know ldap/{}), and that the DC's clock is within 5 minutes",
                              uri, who, error_text(ld, rc), endpoint.host, endpoint.host));
    }
    session->m_bind = fmt::format("SASL/GSSAPI as {}{}", who, options.keytab.empty() ? "" : " (keytab)");
    ber_len_t ssf = 0;
    ldap_get_option(ld, LDAP_OPT_X_SASL_SSF, &ssf);
    if (tls) {
      session->m_security = endpoint.ldaps ? "TLS (LDAPS)" : "TLS (StartTLS)";
    } else if (ssf >= 56) {
      session->m_security = fmt::format("SASL GSSAPI sign+seal (SSF {})", ssf);
    } else {
      return fail(false, fmt::format("the GSSAPI bind to {} negotiated no confidentiality (SSF {}): refusing to read "
                                     "the directory over an unprotected connection",
                                     uri, ssf));
    }
  } else {
    berval credentials{static_cast<ber_len_t>(options.password.size()), const_cast<char*>(options.password.data())};
    const int rc =
      ldap_sasl_bind_s(ld, options.user.c_str(), LDAP_SASL_SIMPLE, &credentials, nullptr, nullptr, nullptr);
    if (rc != LDAP_SUCCESS) {
      const auto text = error_text(ld, rc);
      if (rc == LDAP_INVALID_CREDENTIALS) {
        return fail(false, fmt::format("simple bind to {} as {} rejected: {} ({}); check --user and the password", uri,
                                       util::sanitize(options.user, 200), explain_ad_bind_error(text), text));
      }
      if (rc == LDAP_SERVER_DOWN || rc == LDAP_TIMEOUT) {
        return fail(true, fmt::format("the DC at {} stopped answering during the bind: {}", uri, text));
      }
      return fail(false,
                  fmt::format("simple bind to {} as {} failed: {}", uri, util::sanitize(options.user, 200), text));
    }
    session->m_bind = fmt::format("simple as {}", options.user);
    session->m_security = endpoint.ldaps ? "TLS (LDAPS)" : "TLS (StartTLS)";
  }

  // The RootDSE: naming contexts, functional levels, what the DC supports.
  auto root = session->read_entry("", root_dse_attributes());
  if (!root || root->entry.attributes.empty()) {
    const auto text = root ? std::string("no entry") : root.error().text;
    const bool lost =
      !root && (root.error().status == LdapStatus::connection_lost || root.error().status == LdapStatus::timeout);
    return fail(lost, fmt::format("cannot read the RootDSE of {}: {}", uri, text));
  }
  fill_root_dse(root->entry, session->m_root_dse);
  if (auto problem = check_root_dse(session->m_root_dse, uri)) {
    return fail(false, *problem);
  }
  return session;
}

} // namespace kerbready::collect
