// The Windows backend of ldap_connection.hpp: the platform's LDAP client (wldap32). A GSSAPI
// bind is a Negotiate bind as the logged-on user (Kerberos through SSPI; NTLM is excluded from the
// package list), with signing and sealing on, so an administrator on a domain-joined PC needs no
// kinit, keytab or password. LDAPS and StartTLS certificates are verified against the Windows
// certificate store by the platform itself.
//
// Microsoft Learn: "ldap_bind_s function (winldap.h)" (LDAP_AUTH_NEGOTIATE), "Session Options"
// (LDAP_OPT_SIGN, LDAP_OPT_ENCRYPT, LDAP_OPT_SERVER_CERTIFICATE), "SEC_WINNT_AUTH_IDENTITY_EXW
// structure" (PackageList), "ldap_create_page_control" / "ldap_parse_page_control" (RFC 2696).

#include "src/live/ldap_connection.hpp"

#include "src/live/windows/wide.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

// clang-format off
#include <windows.h>
#include <winldap.h>
#include <winber.h>
#define SECURITY_WIN32
#include <security.h>
// clang-format on

#include <optional>

namespace kerbready::collect {

namespace {

// The connection's last error: "<ldap text> (<server diagnostic>)".
std::string
error_text(LDAP* ld, ULONG code)
{
  std::string text = narrow(ldap_err2stringW(code));
  PWCHAR diagnostic = nullptr;
  if (ld != nullptr && ldap_get_optionW(ld, LDAP_OPT_SERVER_ERROR, static_cast<void*>(&diagnostic)) == LDAP_SUCCESS &&
      diagnostic != nullptr) {
    const auto server = narrow(diagnostic);
    if (!server.empty()) {
      text += fmt::format(" ({})", util::sanitize(util::trim(server), 300));
    }
    ldap_memfreeW(diagnostic);
  }
  return text;
}

LdapStatus
status_of(ULONG code)
{
  switch (code) {
  case LDAP_SUCCESS:
    return LdapStatus::success;
  case LDAP_SIZELIMIT_EXCEEDED:
  case LDAP_TIMELIMIT_EXCEEDED:
  case LDAP_ADMIN_LIMIT_EXCEEDED:
    return LdapStatus::limit_exceeded;
  case LDAP_INSUFFICIENT_RIGHTS:
  case LDAP_NO_SUCH_OBJECT:
  case LDAP_REFERRAL:
    return LdapStatus::no_access;
  case LDAP_UNAVAILABLE_CRIT_EXTENSION:
  case LDAP_UNWILLING_TO_PERFORM:
  case LDAP_PROTOCOL_ERROR:
  case LDAP_OPERATIONS_ERROR:
    return LdapStatus::paging_refused;
  case LDAP_SERVER_DOWN:
  case LDAP_UNAVAILABLE:
  case LDAP_BUSY:
  case LDAP_CONNECT_ERROR:
    return LdapStatus::connection_lost;
  case LDAP_TIMEOUT:
    return LdapStatus::timeout;
  default:
    return LdapStatus::other;
  }
}

// A NULL-terminated PWCHAR array over `names`, as wldap32 wants it.
class AttributeArray
{
public:
  explicit AttributeArray(const std::vector<std::string>& names)
  {
    for (const auto& name : names) {
      m_names.push_back(widen(name));
    }
    for (auto& name : m_names) {
      m_pointers.push_back(name.data());
    }
    m_pointers.push_back(nullptr);
  }
  [[nodiscard]] PWCHAR* get() { return m_pointers.data(); }

private:
  std::vector<std::wstring> m_names;
  std::vector<PWCHAR> m_pointers;
};

// Copy one search entry, noting the attributes that came back as a partial range.
ReadEntry
copy_entry(LDAP* ld, LDAPMessage* message)
{
  ReadEntry read;
  if (PWCHAR dn = ldap_get_dnW(ld, message); dn != nullptr) {
    read.entry.dn = narrow(dn);
    ldap_memfreeW(dn);
  }
  BerElement* ber = nullptr;
  for (PWCHAR name = ldap_first_attributeW(ld, message, &ber); name != nullptr;
       name = ldap_next_attributeW(ld, message, ber)) {
    const auto name8 = narrow(name);
    if (berval** values = ldap_get_values_lenW(ld, message, name); values != nullptr) {
      for (auto** v = values; *v != nullptr; ++v) {
        read.entry.add_value(name8, std::string((*v)->bv_val, (*v)->bv_len));
      }
      ldap_value_free_len(values);
    }
    if (name8.find(";range=") != std::string::npos) {
      read.ranged_names.push_back(name8);
    }
    ldap_memfreeW(name);
  }
  if (ber != nullptr) {
    ber_free(ber, 0);
  }
  return read;
}

// Accept any server certificate (--tls-insecure only).
BOOLEAN __cdecl accept_any_certificate(PLDAP /*connection*/, PCCERT_CONTEXT /*certificate*/)
{
  return TRUE;
}

class WindowsLdapConnection final : public LdapConnection
{
public:
  WindowsLdapConnection() = default;
  WindowsLdapConnection(const WindowsLdapConnection&) = delete;
  WindowsLdapConnection& operator=(const WindowsLdapConnection&) = delete;
  ~WindowsLdapConnection() override
  {
    if (m_ld != nullptr) {
      ldap_unbind_s(m_ld);
    }
  }

  tl::expected<SearchPage, LdapError> search_page(const std::string& base, const std::string& filter,
                                                  const std::vector<std::string>& attributes, int page_size,
                                                  const std::string& cookie) override;
  tl::expected<ReadEntry, LdapError> read_entry(const std::string& dn,
                                                const std::vector<std::string>& attributes) override;

  [[nodiscard]] LdapError error(ULONG code) const { return LdapError{status_of(code), error_text(m_ld, code)}; }

  LDAP* m_ld = nullptr;
  friend tl::expected<std::unique_ptr<LdapConnection>, OpenError>
  kerbready::collect::open_connection(const Endpoint&, const ConnectionOptions&);
};

tl::expected<SearchPage, LdapError>
WindowsLdapConnection::search_page(const std::string& base, const std::string& filter,
                                   const std::vector<std::string>& attributes, int page_size, const std::string& cookie)
{
  AttributeArray attrs(attributes);
  auto wbase = widen(base);
  auto wfilter = widen(filter);
  berval cookie_value{static_cast<ULONG>(cookie.size()), const_cast<char*>(cookie.data())};
  PLDAPControlW page_control = nullptr;
  ULONG rc = ldap_create_page_controlW(m_ld, static_cast<ULONG>(page_size), &cookie_value, 1, &page_control);
  if (rc != LDAP_SUCCESS) {
    return tl::unexpected(LdapError{
      LdapStatus::other, fmt::format("cannot build the paged-results control: {}", narrow(ldap_err2stringW(rc)))});
  }
  PLDAPControlW server_controls[] = {page_control, nullptr};
  ULONG message_id = 0;
  rc = ldap_search_extW(m_ld, wbase.data(), LDAP_SCOPE_SUBTREE, wfilter.data(), attrs.get(), 0, server_controls,
                        nullptr, static_cast<ULONG>(m_timeout_seconds), 0, &message_id);
  ldap_control_freeW(page_control);
  if (rc != LDAP_SUCCESS) {
    return tl::unexpected(error(rc));
  }
  SearchPage page;
  l_timeval timeout{m_timeout_seconds, 0};
  bool done = false;
  while (!done) {
    LDAPMessage* message = nullptr;
    const ULONG type = ldap_result(m_ld, message_id, LDAP_MSG_ONE, &timeout, &message);
    if (type == 0) {
      ldap_abandon(m_ld, message_id);
      return tl::unexpected(LdapError{LdapStatus::timeout, "timed out"});
    }
    if (type == static_cast<ULONG>(-1)) {
      auto failure = error(LdapGetLastError());
      if (failure.status != LdapStatus::timeout) {
        failure.status = LdapStatus::connection_lost;
      }
      return tl::unexpected(std::move(failure));
    }
    switch (type) {
    case LDAP_RES_SEARCH_ENTRY:
      page.entries.push_back(copy_entry(m_ld, message));
      break;
    case LDAP_RES_REFERRAL:
      // Continuation references point at other partitions, which the plan reads itself.
      break;
    case LDAP_RES_SEARCH_RESULT: {
      ULONG result_code = LDAP_OTHER;
      PWCHAR text = nullptr;
      PLDAPControlW* response_controls = nullptr;
      ldap_parse_resultW(m_ld, message, &result_code, nullptr, &text, nullptr, &response_controls, FALSE);
      std::string diagnostic;
      if (text != nullptr) {
        diagnostic = util::sanitize(util::trim(narrow(text)), 300);
        ldap_memfreeW(text);
      }
      page.status = status_of(result_code);
      if (result_code != LDAP_SUCCESS) {
        page.detail = fmt::format("{}{}", narrow(ldap_err2stringW(result_code)),
                                  diagnostic.empty() ? std::string() : fmt::format(" ({})", diagnostic));
      }
      if (response_controls != nullptr) {
        ULONG estimate = 0;
        berval* next = nullptr;
        if (ldap_parse_page_controlW(m_ld, response_controls, &estimate, &next) == LDAP_SUCCESS) {
          page.has_page_control = true;
          if (next != nullptr) {
            page.cookie.assign(next->bv_val != nullptr ? next->bv_val : "", next->bv_len);
            ber_bvfree(next);
          }
        }
        ldap_controls_freeW(response_controls);
      }
      done = true;
      break;
    }
    default:
      break;
    }
    ldap_msgfree(message);
  }
  return page;
}

tl::expected<ReadEntry, LdapError>
WindowsLdapConnection::read_entry(const std::string& dn, const std::vector<std::string>& attributes)
{
  AttributeArray attrs(attributes);
  auto wdn = widen(dn);
  std::wstring filter = L"(objectClass=*)";
  l_timeval timeout{m_timeout_seconds, 0};
  LDAPMessage* result = nullptr;
  const ULONG rc = ldap_search_ext_sW(m_ld, wdn.data(), LDAP_SCOPE_BASE, filter.data(), attrs.get(), 0, nullptr,
                                      nullptr, &timeout, 0, &result);
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

// The logged-on user as "alice@CORP.EXAMPLE.COM" (empty when unknown).
std::string
logged_on_user()
{
  ULONG size = 0;
  GetUserNameExW(NameUserPrincipal, nullptr, &size);
  if (size == 0) {
    return {};
  }
  std::wstring name(size, L'\0');
  if (GetUserNameExW(NameUserPrincipal, name.data(), &size) == 0) {
    return {};
  }
  name.resize(size);
  return narrow(name.c_str());
}

} // namespace

expected<std::string>
default_domain(const ConnectionOptions& /*options*/)
{
  // NameDnsDomain gives "corp.example.com\alice" for a domain account.
  ULONG size = 0;
  GetUserNameExW(NameDnsDomain, nullptr, &size);
  std::wstring name(size, L'\0');
  if (size == 0 || GetUserNameExW(NameDnsDomain, name.data(), &size) == 0) {
    return unexpected(std::string("the logged-on user is not a domain account (or the domain cannot be reached): "
                                  "name the domain with --domain or a DC with --server"));
  }
  name.resize(size);
  const auto full = narrow(name.c_str());
  return util::to_lower(full.substr(0, full.find('\\')));
}

tl::expected<std::unique_ptr<LdapConnection>, OpenError>
open_connection(const Endpoint& requested, const ConnectionOptions& options)
{
  auto fail = [](bool unreachable, std::string message) {
    return tl::unexpected(OpenError{unreachable, std::move(message)});
  };
  auto session = std::make_unique<WindowsLdapConnection>();
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
  if (!options.keytab.empty()) {
    return fail(false, "--keytab is not supported in the Windows build: kerbready binds as the logged-on user "
                       "(run it as the account that should read the directory, e.g. with runas)");
  }
  if (!options.ca_file.empty()) {
    return fail(false, "--ca-file is not supported in the Windows build: certificates are verified against the "
                       "Windows certificate store (import the issuing CA there)");
  }
  session->m_endpoint = endpoint;
  session->m_timeout_seconds = options.timeout_seconds;
  session->m_tls = !tls                   ? "not used"
                   : options.tls_insecure ? "NOT verified (--tls-insecure)"
                                          : "verified (Windows certificate store)";
  const auto uri = endpoint.uri();
  auto host = widen(endpoint.host);
  LDAP* ld = ldap_sslinitW(host.data(), endpoint.port, endpoint.ldaps ? 1 : 0);
  if (ld == nullptr) {
    return fail(false,
                fmt::format("cannot use server address {}: {}", uri, narrow(ldap_err2stringW(LdapGetLastError()))));
  }
  session->m_ld = ld;
  ULONG version = LDAP_VERSION3;
  ldap_set_optionW(ld, LDAP_OPT_PROTOCOL_VERSION, &version);
  ldap_set_optionW(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
  // The host name as given is the Kerberos service name (ldap/<host>); A records only, no reverse DNS.
  ldap_set_optionW(ld, LDAP_OPT_AREC_EXCLUSIVE, LDAP_OPT_ON);
  ULONG limit = static_cast<ULONG>(options.timeout_seconds);
  ldap_set_optionW(ld, LDAP_OPT_TIMELIMIT, &limit);
  if (tls && options.tls_insecure) {
    ldap_set_optionW(ld, LDAP_OPT_SERVER_CERTIFICATE, reinterpret_cast<void*>(&accept_any_certificate));
  }
  const std::string tls_hint =
    options.tls_insecure
      ? std::string()
      : fmt::format("; check that the DC's certificate names {} (connect by that name, not an address) and that its "
                    "issuing CA is trusted in the Windows certificate store, or (not recommended) --tls-insecure",
                    endpoint.host);
  l_timeval timeout{options.timeout_seconds, 0};
  if (ULONG rc = ldap_connect(ld, &timeout); rc != LDAP_SUCCESS) {
    const auto text = error_text(ld, rc);
    if (endpoint.ldaps && !options.tls_insecure && rc != LDAP_TIMEOUT) {
      return fail(false, fmt::format("cannot open LDAPS to {}: {}{}", uri, text, tls_hint));
    }
    return fail(true, fmt::format("cannot reach the DC at {}: {}; check the name and that the DC is up and port {} "
                                  "is reachable, or use --timeout",
                                  uri, text, endpoint.port));
  }
  if (use_starttls) {
    ULONG server_code = 0;
    if (ULONG rc = ldap_start_tls_sW(ld, &server_code, nullptr, nullptr, nullptr); rc != LDAP_SUCCESS) {
      if (rc == LDAP_SERVER_DOWN || rc == LDAP_TIMEOUT) {
        return fail(true, fmt::format("cannot reach the DC at {}: {}", uri, error_text(ld, rc)));
      }
      return fail(false, fmt::format("StartTLS with {} failed: {}{}", uri, error_text(ld, rc), tls_hint));
    }
  }

  if (options.auth == AuthMethod::gssapi) {
    // Over TLS, AD refuses a second layer, so TLS alone protects the connection; otherwise ask for
    // signing and sealing, which AD requires for binds without TLS.
    if (!tls) {
      ldap_set_optionW(ld, LDAP_OPT_SIGN, LDAP_OPT_ON);
      ldap_set_optionW(ld, LDAP_OPT_ENCRYPT, LDAP_OPT_ON);
    }
    // The logged-on user's credentials (no user, domain or password), Kerberos only: NTLM is
    // excluded from Negotiate's packages, so a missing SPN fails here instead of falling back.
    std::wstring packages = L"!NTLM";
    SEC_WINNT_AUTH_IDENTITY_EXW identity{};
    identity.Version = SEC_WINNT_AUTH_IDENTITY_VERSION;
    identity.Length = sizeof identity;
    identity.Flags = SEC_WINNT_AUTH_IDENTITY_UNICODE;
    identity.PackageList = reinterpret_cast<unsigned short*>(packages.data());
    identity.PackageListLength = static_cast<unsigned long>(packages.size());
    const auto who = logged_on_user();
    const ULONG rc = ldap_bind_sW(ld, nullptr, reinterpret_cast<PWCHAR>(&identity), LDAP_AUTH_NEGOTIATE);
    if (rc != LDAP_SUCCESS) {
      if (rc == LDAP_SERVER_DOWN || rc == LDAP_TIMEOUT) {
        return fail(
          true, fmt::format("the DC at {} stopped answering during the Negotiate bind: {}", uri, error_text(ld, rc)));
      }
      return fail(false,
                  fmt::format("Kerberos (Negotiate) bind to {} as {} failed: {}; check that you are logged on with a "
                              "domain account (klist), that {} is the DC's DNS name (the KDC must know ldap/{}), and "
                              "that the clocks are within 5 minutes",
                              uri, who.empty() ? "the logged-on user" : who, error_text(ld, rc), endpoint.host,
                              endpoint.host));
    }
    session->m_bind = fmt::format("Negotiate/Kerberos (SSPI) as {}", who.empty() ? "the logged-on user" : who);
    if (tls) {
      session->m_security = endpoint.ldaps ? "TLS (LDAPS)" : "TLS (StartTLS)";
    } else {
      void* sealed = LDAP_OPT_OFF;
      ldap_get_optionW(ld, LDAP_OPT_ENCRYPT, static_cast<void*>(&sealed));
      if (sealed == LDAP_OPT_OFF) {
        return fail(false, fmt::format("the Negotiate bind to {} negotiated no sealing: refusing to read the "
                                       "directory over an unprotected connection",
                                       uri));
      }
      session->m_security = "Negotiate (Kerberos) sign+seal";
    }
  } else {
    auto user = widen(options.user);
    auto password = widen(options.password);
    const ULONG rc = ldap_simple_bind_sW(ld, user.data(), password.data());
    std::fill(password.begin(), password.end(), L'\0');
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
