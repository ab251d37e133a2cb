#pragma once

// What one event says about an authentication: NTLM or Kerberos, who (account, client), where to
// (server, the target name the client asked for), NTLM version, the 4020-series reason, and the
// patterns the join turns into causes (cross-domain, local account, loopback/RPC endpoint mapper).
// Field meanings: docs/events.md. Pure functions; no I/O.

#include "src/events/event.hpp"

#include <optional>
#include <string>

namespace kerbready::events {

// kdc_rc4: a KDCSVC event 201-209 of the System log (KB5073381): the KDC's notice that a ticket
// relies on RC4 that its default disablement removes, or was refused for it. Not an authentication
// count of either protocol.
enum class Protocol { none, ntlm, kerberos, kdc_rc4 };
enum class NtlmVersion { unknown, lm, v1, v2, count_ };

[[nodiscard]] std::string_view name_of(NtlmVersion version);

// How the event's target name is written.
enum class TargetKind { none, spn, host, ip };

struct AuthRecord
{
  Protocol protocol = Protocol::none;
  std::uint32_t event_id = 0;
  std::int64_t time = 0;
  bool blocked = false; // 4001-4006 and the odd 4021-4033 (blocked/would-be-blocked twins)
  bool success = true;  // false for failed 4776/4768/4769
  NtlmVersion version = NtlmVersion::unknown;
  std::string account;       // "DOMAIN\user" or "user", as written
  std::string client;        // client machine name (lowercase, no leading backslashes), or empty
  std::string client_ip;     // client address (IPv4-mapped IPv6 unwrapped), or empty
  std::string server;        // machine authenticated to (lowercase), or empty
  std::string target;        // the name the client asked for (SPN or host), as written, or empty
  std::string validated_by;  // 4776: the DC that validated the credentials (its Computer field, lowercase)
  std::string process;       // process name, as written
  std::optional<int> reason; // the 4020-series "reason NTLM was chosen"
  bool cross_domain = false;
  bool local_account = false;
  bool loopback = false;
  bool rpc_epm = false;
  std::string service;      // 4768/4769: ServiceName
  std::uint32_t status = 0; // 4768/4769/4776 status code
  std::string etype;        // 4768/4769: TicketEncryptionType
  // 4768/4769 fields added in January 2025: the session key's etype, the etypes the client
  // advertised and the keys the service account has, as written ("0x17", "RC4, AES-SHA1").
  std::string session_etype;
  std::string advertized_etypes;
  std::string service_keys;
  bool rc4_ticket = false;  // 4769 success whose ticket is RC4 (0x17/0x18): the service account's RC4 key
  bool ntlmv1_sso = false;  // 4024/4025: NTLMv1-derived credentials for single sign-on (KB5066470)
  bool kdc_blocked = false; // kdc_rc4: the KDC refused (203, 204, 208, 209), else it would (201, 202, 206, 207)
  std::string cipher;       // kdc_rc4: the cipher the event names, as written
};

// What a KDCSVC event 201-209 means (KB5073381): blocked or audit, and why.
struct KdcRc4Meaning
{
  bool known = false;   // 201-209
  bool blocked = false; // enforcement events: the ticket was refused
  bool account = false; // about a service account (all but 205, which is about the DC's registry)
  std::string_view why;
};
[[nodiscard]] KdcRc4Meaning kdc_rc4_meaning(std::uint32_t event_id);

// Return whether `etype` (a TicketEncryptionType or SessionKeyEncryptionType value: "0x17",
// "23", "RC4-HMAC") names RC4.
[[nodiscard]] bool is_rc4_etype(std::string_view etype);

// Return what `event` says, or protocol none when it is not an authentication event kerbready uses
// (4624 with a package other than NTLM/Kerberos, unknown ids).
[[nodiscard]] AuthRecord classify(const Event& event);

// Return whether `event_id` is one kerbready reads (4624, 4768, 4769, 4776, 4001-4006, 8001-8006,
// 4020-4033, and 201-209 from the KDC).
[[nodiscard]] bool is_known_event_id(std::uint32_t event_id);

// Return a one-line meaning of the 4020-series reason id `reason` ("target name contains an IP
// address"), per KB5064479 as NTLM-Analyzer implements it.
[[nodiscard]] std::string_view describe_reason(int reason);

// Return the canonical (lowercase) key for a target name and its kind: SPNs lose "@REALM" and keep
// class/host[:port]; UNC paths and URLs are reduced to the host.
struct TargetKey
{
  TargetKind kind = TargetKind::none;
  std::string key;           // "cifs/files.corp.example.com", "web01", "10.0.0.5"
  std::string service_class; // lowercase, SPNs only
  std::string host;          // lowercase host part
};
[[nodiscard]] TargetKey target_key(std::string_view target);

// Return `host` lowercase without leading backslashes, brackets, "::ffff:" or a trailing dot.
[[nodiscard]] std::string normalize_host(std::string_view host);

} // namespace kerbready::events
