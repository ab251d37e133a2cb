#include "src/live/openldap/kerberos.hpp"

#include <fmt/format.h>
#include <gssapi/gssapi_krb5.h>
#include <krb5.h>

#include <ctime>

namespace kerbready::collect {

namespace {

// RAII for a krb5_context and the error text of a failed call.
class Context
{
public:
  Context() { m_status = krb5_init_context(&m_ctx); }
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
  ~Context()
  {
    if (m_ctx != nullptr) {
      krb5_free_context(m_ctx);
    }
  }

  [[nodiscard]] bool ok() const { return m_status == 0; }
  [[nodiscard]] krb5_context get() const { return m_ctx; }

  [[nodiscard]] std::string message(krb5_error_code code) const
  {
    if (m_ctx == nullptr) {
      return fmt::format("Kerberos error {}", code);
    }
    const char* text = krb5_get_error_message(m_ctx, code);
    std::string result = text != nullptr ? text : fmt::format("Kerberos error {}", code);
    krb5_free_error_message(m_ctx, text);
    return result;
  }

private:
  krb5_context m_ctx = nullptr;
  krb5_error_code m_status = 0;
};

std::string
unparse(krb5_context ctx, krb5_const_principal principal)
{
  char* name = nullptr;
  if (krb5_unparse_name(ctx, principal, &name) != 0 || name == nullptr) {
    return {};
  }
  std::string result = name;
  krb5_free_unparsed_name(ctx, name);
  return result;
}

std::string
cache_full_name(krb5_context ctx, krb5_ccache cache)
{
  const char* type = krb5_cc_get_type(ctx, cache);
  const char* name = krb5_cc_get_name(ctx, cache);
  return fmt::format("{}:{}", type != nullptr ? type : "", name != nullptr ? name : "");
}

} // namespace

expected<TicketCacheInfo>
inspect_default_ticket_cache()
{
  Context ctx;
  if (!ctx.ok()) {
    return unexpected(std::string("cannot initialise Kerberos (check KRB5_CONFIG / krb5.conf)"));
  }
  krb5_ccache cache = nullptr;
  if (auto code = krb5_cc_default(ctx.get(), &cache); code != 0) {
    return unexpected(
      fmt::format("no usable Kerberos ticket cache ({}): run kinit, or pass --keytab", ctx.message(code)));
  }
  TicketCacheInfo info;
  info.cache_name = cache_full_name(ctx.get(), cache);
  krb5_principal client = nullptr;
  if (auto code = krb5_cc_get_principal(ctx.get(), cache, &client); code != 0) {
    krb5_cc_close(ctx.get(), cache);
    return unexpected(fmt::format("no Kerberos ticket in {} ({}): run kinit USER@REALM, or pass --keytab FILE",
                                  info.cache_name, ctx.message(code)));
  }
  info.principal = unparse(ctx.get(), client);
  info.realm.assign(client->realm.data, client->realm.length);

  // Look for a TGT that is still valid; a cache holding only expired tickets fails later with an
  // opaque GSSAPI error, so say it now.
  bool has_tgt = false;
  bool valid = false;
  krb5_cc_cursor cursor = nullptr;
  if (krb5_cc_start_seq_get(ctx.get(), cache, &cursor) == 0) {
    krb5_creds creds;
    const auto now = static_cast<krb5_timestamp>(std::time(nullptr));
    while (krb5_cc_next_cred(ctx.get(), cache, &cursor, &creds) == 0) {
      const krb5_data* first = creds.server->length > 0 ? &creds.server->data[0] : nullptr;
      if (first != nullptr && std::string(first->data, first->length) == "krbtgt") {
        has_tgt = true;
        // krb5_timestamp is a signed 32-bit value that wraps in 2038; compare as unsigned.
        if (static_cast<std::uint32_t>(creds.times.endtime) > static_cast<std::uint32_t>(now)) {
          valid = true;
        }
      }
      krb5_free_cred_contents(ctx.get(), &creds);
    }
    krb5_cc_end_seq_get(ctx.get(), cache, &cursor);
  }
  krb5_free_principal(ctx.get(), client);
  krb5_cc_close(ctx.get(), cache);
  if (!has_tgt) {
    return unexpected(
      fmt::format("the ticket cache {} holds no ticket-granting ticket for {}: run kinit {}, or pass --keytab",
                  info.cache_name, info.principal, info.principal));
  }
  if (!valid) {
    return unexpected(fmt::format("the Kerberos ticket of {} in {} has expired: run kinit {} again, or pass --keytab",
                                  info.principal, info.cache_name, info.principal));
  }
  return info;
}

struct KeytabTicket::Impl
{
  Context ctx;
  krb5_ccache cache = nullptr;
  std::string previous_gss_cache;
  bool gss_cache_set = false;

  ~Impl()
  {
    if (gss_cache_set) {
      OM_uint32 minor = 0;
      gss_krb5_ccache_name(&minor, previous_gss_cache.empty() ? nullptr : previous_gss_cache.c_str(), nullptr);
    }
    if (cache != nullptr) {
      krb5_cc_destroy(ctx.get(), cache);
    }
  }
};

KeytabTicket::KeytabTicket(std::unique_ptr<Impl> impl) : m_impl(std::move(impl))
{
}

KeytabTicket::~KeytabTicket() = default;

expected<std::unique_ptr<KeytabTicket>>
KeytabTicket::acquire(const std::string& keytab_path, const std::string& principal)
{
  auto impl = std::make_unique<Impl>();
  auto& ctx = impl->ctx;
  if (!ctx.ok()) {
    return unexpected(std::string("cannot initialise Kerberos (check KRB5_CONFIG / krb5.conf)"));
  }
  const auto kt_name = keytab_path.find(':') == std::string::npos ? "FILE:" + keytab_path : keytab_path;
  krb5_keytab keytab = nullptr;
  if (auto code = krb5_kt_resolve(ctx.get(), kt_name.c_str(), &keytab); code != 0) {
    return unexpected(fmt::format("cannot open keytab {}: {}", keytab_path, ctx.message(code)));
  }
  struct KeytabCloser
  {
    krb5_context c;
    krb5_keytab k;
    ~KeytabCloser() { krb5_kt_close(c, k); }
  } keytab_closer{ctx.get(), keytab};

  krb5_principal client = nullptr;
  if (principal.empty()) {
    // The first principal in the keytab, as `kinit -k` without a name would not guess.
    krb5_kt_cursor cursor = nullptr;
    krb5_keytab_entry entry;
    if (auto code = krb5_kt_start_seq_get(ctx.get(), keytab, &cursor); code != 0) {
      return unexpected(fmt::format("cannot read keytab {}: {}", keytab_path, ctx.message(code)));
    }
    auto code = krb5_kt_next_entry(ctx.get(), keytab, &entry, &cursor);
    if (code == 0) {
      code = krb5_copy_principal(ctx.get(), entry.principal, &client);
      krb5_free_keytab_entry_contents(ctx.get(), &entry);
    }
    krb5_kt_end_seq_get(ctx.get(), keytab, &cursor);
    if (code != 0) {
      return unexpected(
        fmt::format("keytab {} holds no usable key ({}): pass --principal", keytab_path, ctx.message(code)));
    }
  } else if (auto code = krb5_parse_name(ctx.get(), principal.c_str(), &client); code != 0) {
    return unexpected(fmt::format("bad principal name '{}': {}", principal, ctx.message(code)));
  }
  struct PrincipalFreer
  {
    krb5_context c;
    krb5_principal p;
    ~PrincipalFreer() { krb5_free_principal(c, p); }
  } principal_freer{ctx.get(), client};
  const auto client_name = unparse(ctx.get(), client);

  krb5_creds creds{};
  if (auto code = krb5_get_init_creds_keytab(ctx.get(), &creds, client, keytab, 0, nullptr, nullptr); code != 0) {
    std::string hint =
      "check the keytab holds current keys for this principal (kvno) and that krb5.conf names a reachable KDC";
    if (code == KRB5_KDC_UNREACH) {
      hint = "no KDC answered for the realm: check krb5.conf (kdc = …) or DNS SRV _kerberos._tcp records, and port 88";
    } else if (code == KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN) {
      hint = "the KDC does not know this principal: check --principal";
    }
    return unexpected(fmt::format("cannot get a Kerberos ticket for {} from keytab {}: {}; {}", client_name,
                                  keytab_path, ctx.message(code), hint));
  }
  auto code = krb5_cc_new_unique(ctx.get(), "MEMORY", nullptr, &impl->cache);
  if (code == 0) {
    code = krb5_cc_initialize(ctx.get(), impl->cache, client);
  }
  if (code == 0) {
    code = krb5_cc_store_cred(ctx.get(), impl->cache, &creds);
  }
  krb5_free_cred_contents(ctx.get(), &creds);
  if (code != 0) {
    return unexpected(fmt::format("cannot store the Kerberos ticket in memory: {}", ctx.message(code)));
  }
  const auto cache_name = cache_full_name(ctx.get(), impl->cache);
  OM_uint32 minor = 0;
  const char* previous = nullptr;
  if (gss_krb5_ccache_name(&minor, cache_name.c_str(), &previous) != GSS_S_COMPLETE) {
    return unexpected(std::string("cannot point GSSAPI at the in-memory ticket cache"));
  }
  impl->previous_gss_cache = previous != nullptr ? previous : "";
  impl->gss_cache_set = true;

  auto ticket = std::unique_ptr<KeytabTicket>(new KeytabTicket(std::move(impl)));
  ticket->m_principal = client_name;
  ticket->m_cache_name = cache_name;
  return ticket;
}

} // namespace kerbready::collect
