#include "src/live/ldap_session.hpp"

#include "src/live/kerberos.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>
#include <ldap.h>
#include <sasl/sasl.h>

#include <cstring>
#include <optional>

namespace kerbready::collect {

namespace {

constexpr const char* k_paged_results_oid = "1.2.840.113556.1.4.319";

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

// Explain the AD "data NNN" sub-code of an invalid-credentials bind (MS-ADTS; KB 2000 list).
std::string
explain_ad_bind_error(const std::string& diagnostic)
{
  struct Code
  {
    const char* data;
    const char* meaning;
  };
  static constexpr Code k_codes[] = {
    {"data 52e", "wrong user name or password"},
    {"data 525", "no such user"},
    {"data 530", "logon not permitted at this time"},
    {"data 531", "logon not permitted from this workstation"},
    {"data 532", "password expired"},
    {"data 533", "account disabled"},
    {"data 701", "account expired"},
    {"data 773", "the user must change the password"},
    {"data 775", "account locked out"},
  };
  for (const auto& code : k_codes) {
    if (diagnostic.find(code.data) != std::string::npos) {
      return code.meaning;
    }
  }
  return "wrong user name or password";
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

std::vector<std::string>
values_of(LDAP* ld, LDAPMessage* entry, const char* name)
{
  std::vector<std::string> result;
  berval** values = ldap_get_values_len(ld, entry, name);
  if (values != nullptr) {
    for (auto** v = values; *v != nullptr; ++v) {
      result.emplace_back((*v)->bv_val, (*v)->bv_len);
    }
    ldap_value_free_len(values);
  }
  return result;
}

std::string
first_of(LDAP* ld, LDAPMessage* entry, const char* name)
{
  auto values = values_of(ld, entry, name);
  return values.empty() ? std::string() : values.front();
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

} // namespace

LdapSession::~LdapSession()
{
  if (m_ld != nullptr) {
    ldap_unbind_ext_s(m_ld, nullptr, nullptr);
  }
}

std::string
LdapSession::last_error(int code) const
{
  return error_text(m_ld, code);
}

tl::expected<std::unique_ptr<LdapSession>, OpenError>
LdapSession::open(const Endpoint& requested, const ConnectionOptions& options)
{
  auto fail = [](bool unreachable, std::string message) {
    return tl::unexpected(OpenError{unreachable, std::move(message)});
  };
  std::unique_ptr<LdapSession> session(new LdapSession());
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
  char attr_names[][40] = {"dnsHostName",
                           "defaultNamingContext",
                           "configurationNamingContext",
                           "rootDomainNamingContext",
                           "schemaNamingContext",
                           "namingContexts",
                           "domainFunctionality",
                           "forestFunctionality",
                           "domainControllerFunctionality",
                           "supportedSASLMechanisms",
                           "supportedControl"};
  char* attrs[std::size(attr_names) + 1] = {};
  for (std::size_t i = 0; i < std::size(attr_names); ++i) {
    attrs[i] = attr_names[i];
  }
  LDAPMessage* result = nullptr;
  const int rc = ldap_search_ext_s(ld, "", LDAP_SCOPE_BASE, "(objectClass=*)", attrs, 0, nullptr, nullptr, &timeout,
                                   LDAP_NO_LIMIT, &result);
  LDAPMessage* entry = rc == LDAP_SUCCESS ? ldap_first_entry(ld, result) : nullptr;
  if (entry == nullptr) {
    const auto text = error_text(ld, rc);
    if (result != nullptr) {
      ldap_msgfree(result);
    }
    return fail(rc == LDAP_SERVER_DOWN || rc == LDAP_TIMEOUT,
                fmt::format("cannot read the RootDSE of {}: {}", uri, text));
  }
  auto& r = session->m_root_dse;
  r.dns_host_name = first_of(ld, entry, "dnsHostName");
  r.default_naming_context = first_of(ld, entry, "defaultNamingContext");
  r.configuration_naming_context = first_of(ld, entry, "configurationNamingContext");
  r.root_domain_naming_context = first_of(ld, entry, "rootDomainNamingContext");
  r.schema_naming_context = first_of(ld, entry, "schemaNamingContext");
  r.naming_contexts = values_of(ld, entry, "namingContexts");
  r.domain_functionality = first_of(ld, entry, "domainFunctionality");
  r.forest_functionality = first_of(ld, entry, "forestFunctionality");
  r.domain_controller_functionality = first_of(ld, entry, "domainControllerFunctionality");
  r.supported_sasl_mechanisms = values_of(ld, entry, "supportedSASLMechanisms");
  r.supported_controls = values_of(ld, entry, "supportedControl");
  ldap_msgfree(result);
  if (r.default_naming_context.empty()) {
    return fail(false, fmt::format("{} is not an Active Directory domain controller (its RootDSE has no "
                                   "defaultNamingContext)",
                                   uri));
  }
  bool paged = false;
  for (const auto& oid : r.supported_controls) {
    paged = paged || oid == k_paged_results_oid;
  }
  if (!paged) {
    return fail(false, fmt::format("{} does not support the paged-results control, which kerbready needs to read "
                                   "large directories completely",
                                   uri));
  }
  return session;
}

} // namespace kerbready::collect
