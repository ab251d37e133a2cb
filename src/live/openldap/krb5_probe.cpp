#include "src/live/krb5_probe.hpp"

#include <fmt/format.h>
#include <krb5/krb5.h>

#include <string_view>

namespace kerbready::collect {

struct Krb5Prober::State
{
  krb5_context context = nullptr;
  krb5_ccache ccache = nullptr; // the caller's cache: read once, never written
  krb5_ccache tgts = nullptr;   // in-memory copy of its ticket-granting tickets
  krb5_principal client = nullptr;

  ~State()
  {
    if (client != nullptr) {
      krb5_free_principal(context, client);
    }
    if (tgts != nullptr) {
      krb5_cc_destroy(context, tgts);
    }
    if (ccache != nullptr) {
      krb5_cc_close(context, ccache);
    }
    if (context != nullptr) {
      krb5_free_context(context);
    }
  }

  std::string message(krb5_error_code code) const
  {
    const char* text = krb5_get_error_message(context, code);
    std::string out = text != nullptr ? text : fmt::format("krb5 error {}", code);
    krb5_free_error_message(context, text);
    return out;
  }

  // Copy the TGTs (and the cache's configuration entries, e.g. FAST availability) to a memory
  // cache. Service tickets already in the caller's cache are left behind: krb5_get_credentials
  // would return them without asking the KDC, and the probe must hear the KDC's answer.
  expected<void> copy_tgts()
  {
    if (const auto code = krb5_cc_new_unique(context, "MEMORY", nullptr, &tgts); code != 0) {
      return unexpected(fmt::format("cannot create a memory credential cache: {}", message(code)));
    }
    if (const auto code = krb5_cc_initialize(context, tgts, client); code != 0) {
      return unexpected(fmt::format("cannot create a memory credential cache: {}", message(code)));
    }
    krb5_cc_cursor cursor = nullptr;
    if (const auto code = krb5_cc_start_seq_get(context, ccache, &cursor); code != 0) {
      return unexpected(fmt::format("cannot read the credential cache: {}", message(code)));
    }
    krb5_creds creds{};
    while (krb5_cc_next_cred(context, ccache, &cursor, &creds) == 0) {
      const auto* server = creds.server;
      const bool tgt = server != nullptr && server->length == 2 &&
                       std::string_view(server->data[0].data, server->data[0].length) == "krbtgt";
      if (tgt || krb5_is_config_principal(context, server)) {
        (void)krb5_cc_store_cred(context, tgts, &creds);
      }
      krb5_free_cred_contents(context, &creds);
    }
    krb5_cc_end_seq_get(context, ccache, &cursor);
    return {};
  }
};

expected<std::unique_ptr<Krb5Prober>>
Krb5Prober::open()
{
  std::unique_ptr<Krb5Prober> prober(new Krb5Prober());
  prober->m_state = std::make_unique<State>();
  auto& s = *prober->m_state;
  if (const auto code = krb5_init_context(&s.context); code != 0) {
    return unexpected(fmt::format("cannot initialise Kerberos (error {})", code));
  }
  if (const auto code = krb5_cc_default(s.context, &s.ccache); code != 0) {
    return unexpected(fmt::format("no credential cache: {}", s.message(code)));
  }
  if (const auto code = krb5_cc_get_principal(s.context, s.ccache, &s.client); code != 0) {
    return unexpected(fmt::format("no credentials in the cache ({}): run kinit first", s.message(code)));
  }
  char* name = nullptr;
  if (krb5_unparse_name(s.context, s.client, &name) == 0) {
    prober->m_client = name;
    krb5_free_unparsed_name(s.context, name);
  }
  prober->m_realm.assign(s.client->realm.data, s.client->realm.length);
  if (auto copied = s.copy_tgts(); !copied) {
    return unexpected(copied.error());
  }
  return prober;
}

Krb5Prober::~Krb5Prober() = default;

ProbeResult
Krb5Prober::request(const ProbeRequest& request)
{
  ProbeResult result;
  result.request = request;
  auto& s = *m_state;
  krb5_principal server = nullptr;
  // The name exactly as the client would ask for it, in the client's realm (the KDC refers
  // cross-realm names onwards).
  const auto full = fmt::format("{}@{}", request.spn, m_realm);
  if (const auto code = krb5_parse_name(s.context, full.c_str(), &server); code != 0) {
    result.code = code;
    result.outcome = ProbeOutcome::other;
    result.message = s.message(code);
    return result;
  }
  server->type = KRB5_NT_SRV_HST;
  krb5_creds in{};
  in.client = s.client;
  in.server = server;
  krb5_creds* out = nullptr;
  const auto code = krb5_get_credentials(s.context, KRB5_GC_NO_STORE, s.tgts, &in, &out);
  result.code = code;
  result.outcome = classify_krb5_error(code);
  if (code != 0) {
    result.message = s.message(code);
  } else if (out != nullptr) {
    result.session_etype = etype_name(out->keyblock.enctype);
    krb5_ticket* ticket = nullptr;
    if (krb5_decode_ticket(&out->ticket, &ticket) == 0) {
      result.ticket_etype = etype_name(ticket->enc_part.enctype);
      krb5_free_ticket(s.context, ticket);
    }
  }
  if (out != nullptr) {
    krb5_free_creds(s.context, out);
  }
  krb5_free_principal(s.context, server);
  return result;
}

} // namespace kerbready::collect
