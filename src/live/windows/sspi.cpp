// The Windows backend of krb5_probe.hpp: service tickets through SSPI's Kerberos package as the
// logged-on user. Asking for a security context to `cifs/<name>` makes the Kerberos package get a
// service ticket for that name, and its status tells whether the KDC would give one
// (classify_sspi_status). Nothing is sent to the service itself: the context's first token is
// discarded.
//
// Microsoft Learn: "InitializeSecurityContext (Kerberos) function", "AcquireCredentialsHandle
// (Kerberos)", "QueryContextAttributes (Kerberos)" (SECPKG_ATTR_KEY_INFO: the session key's
// encryption type). Unlike the MIT backend, SSPI answers from the logon session's ticket cache when
// it already holds a ticket for the name (`klist purge` empties it), and it cannot show the
// ticket's own encryption type: docs/windows.md.

#include "src/live/krb5_probe.hpp"
#include "src/live/windows/wide.hpp"

#include <fmt/format.h>

// clang-format off
#include <windows.h>
#define SECURITY_WIN32
#include <security.h>
#include <sspi.h>
// clang-format on

namespace kerbready::collect {

struct Krb5Prober::State
{
  CredHandle credentials{};
  bool have_credentials = false;

  State() = default;
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  ~State()
  {
    if (have_credentials) {
      FreeCredentialsHandle(&credentials);
    }
  }
};

namespace {

// The Windows message of `status`, one line.
std::string
status_text(SECURITY_STATUS status)
{
  wchar_t* buffer = nullptr;
  const DWORD length =
    FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr,
                   static_cast<DWORD>(status), 0, reinterpret_cast<wchar_t*>(&buffer), 0, nullptr);
  std::string text = length > 0 ? narrow(buffer) : std::string();
  if (buffer != nullptr) {
    LocalFree(buffer);
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' || text.back() == '.')) {
    text.pop_back();
  }
  return fmt::format("{} (0x{:08X})", text.empty() ? "SSPI error" : text, static_cast<std::uint32_t>(status));
}

std::string
user_principal()
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

expected<std::unique_ptr<Krb5Prober>>
Krb5Prober::open()
{
  std::unique_ptr<Krb5Prober> prober(new Krb5Prober());
  prober->m_state = std::make_unique<State>();
  auto& s = *prober->m_state;
  std::wstring package = L"Kerberos";
  TimeStamp expiry{};
  const auto status = AcquireCredentialsHandleW(nullptr, package.data(), SECPKG_CRED_OUTBOUND, nullptr, nullptr,
                                                nullptr, nullptr, &s.credentials, &expiry);
  if (status != SEC_E_OK) {
    return unexpected(fmt::format("no Kerberos credentials for the logged-on user ({}): log on with a domain account",
                                  status_text(status)));
  }
  s.have_credentials = true;
  prober->m_client = user_principal();
  const auto at = prober->m_client.rfind('@');
  prober->m_realm = at == std::string::npos ? std::string() : prober->m_client.substr(at + 1);
  return prober;
}

Krb5Prober::~Krb5Prober() = default;

ProbeResult
Krb5Prober::request(const ProbeRequest& request)
{
  ProbeResult result;
  result.request = request;
  auto target = widen(request.spn);
  CtxtHandle context{};
  SecBuffer out_buffer{0, SECBUFFER_TOKEN, nullptr};
  SecBufferDesc out{SECBUFFER_VERSION, 1, &out_buffer};
  ULONG attributes = 0;
  TimeStamp expiry{};
  const auto status = InitializeSecurityContextW(&m_state->credentials, nullptr, target.data(),
                                                 ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_MUTUAL_AUTH, 0, SECURITY_NATIVE_DREP,
                                                 nullptr, 0, &context, &out, &attributes, &expiry);
  result.code = static_cast<std::uint32_t>(status);
  result.outcome = classify_sspi_status(static_cast<std::uint32_t>(status));
  if (status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED) {
    SecPkgContext_KeyInfoW key{};
    if (QueryContextAttributesW(&context, SECPKG_ATTR_KEY_INFO, &key) == SEC_E_OK) {
      result.session_etype = etype_name(static_cast<std::int32_t>(key.EncryptAlgorithm));
      FreeContextBuffer(key.sSignatureAlgorithmName);
      FreeContextBuffer(key.sEncryptAlgorithmName);
    }
    DeleteSecurityContext(&context);
  } else {
    result.message = status_text(status);
  }
  if (out_buffer.pvBuffer != nullptr) {
    FreeContextBuffer(out_buffer.pvBuffer);
  }
  return result;
}

} // namespace kerbready::collect
