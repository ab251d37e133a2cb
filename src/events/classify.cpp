#include "src/events/classify.hpp"

#include "src/ad/spn.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace kerbready::events {

namespace {

// EventData names as they appear in the templates; the 4020-4033 names are not published in the
// KB, so several spellings are accepted.
constexpr std::array<std::string_view, 7> k_target_names = {
  "TargetName", "TargetSpn", "TargetSPN", "SPN", "ServicePrincipalName", "TargetServerName", "ServerName"};
constexpr std::array<std::string_view, 5> k_reason_names = {"ReasonId", "ReasonID", "Reason", "NtlmReason",
                                                            "FallbackReason"};
constexpr std::array<std::string_view, 5> k_version_names = {"NtlmVersion", "NTLMVersion", "LmPackageName",
                                                             "NegotiatedVersion", "Version"};
constexpr std::array<std::string_view, 5> k_client_ip_names = {"ClientIP", "ClientIp", "ClientIpAddress",
                                                               "ClientAddress", "IpAddress"};
constexpr std::array<std::string_view, 5> k_client_names = {"WorkstationName", "Workstation", "ClientName",
                                                            "ClientMachineName", "ClientComputerName"};
constexpr std::array<std::string_view, 3> k_process_names = {"ProcessName", "ClientProcessName", "CallerProcessName"};

// The field names of the newer events, in one place (docs/events.md, "Field names"). The 4768/4769
// names are those of the Microsoft Learn pages for the events; the KDCSVC 201-209 names are not
// published (KB5073381 shows the rendered message only), so the labels of that message are
// accepted in several spellings, as the 4020-4033 names above are.
constexpr std::array<std::string_view, 3> k_session_etype_names = {"SessionKeyEncryptionType", "SessionEncryptionType",
                                                                   "SessionKeyEtype"};
constexpr std::array<std::string_view, 3> k_advertized_names = {"ClientAdvertizedEncryptionTypes",
                                                                "ClientAdvertisedEncryptionTypes", "AdvertizedEtypes"};
constexpr std::array<std::string_view, 2> k_service_keys_names = {"ServiceAvailableKeys", "ServiceKeys"};
constexpr std::array<std::string_view, 5> k_kdc_service_names = {"ServiceName", "Service", "ServiceAccount",
                                                                 "ServicePrincipalName", "TargetName"};
constexpr std::array<std::string_view, 6> k_kdc_client_names = {"ClientName",    "Client",    "ClientAccount",
                                                                "ClientAddress", "IpAddress", "ClientIpAddress"};
constexpr std::array<std::string_view, 5> k_kdc_cipher_names = {"Cipher", "CipherName", "EncryptionType", "Etype",
                                                                "TicketEncryptionType"};

std::string
account_of(const Event& event, std::string_view user_field, std::string_view domain_field)
{
  const auto user = event.first_of({user_field});
  const auto domain = event.first_of({domain_field});
  if (user.empty()) {
    return {};
  }
  return domain.empty() ? std::string(user) : fmt::format("{}\\{}", domain, user);
}

NtlmVersion
parse_version(std::string_view text)
{
  const auto t = util::to_lower(util::trim(text));
  if (t.empty() || t == "-") {
    return NtlmVersion::unknown;
  }
  if (t.find("v2") != std::string::npos || t == "2" || t.find("ntlmv2") != std::string::npos) {
    return NtlmVersion::v2;
  }
  if (t.find("v1") != std::string::npos || t == "1" || t.find("ntlmv1") != std::string::npos) {
    return NtlmVersion::v1;
  }
  if (t == "lm" || t.find("lanman") != std::string::npos) {
    return NtlmVersion::lm;
  }
  return NtlmVersion::unknown;
}

std::uint32_t
parse_status(std::string_view text)
{
  auto t = util::trim(text);
  if (t.empty()) {
    return 0;
  }
  std::uint64_t value = 0;
  if (util::istarts_with(t, "0x")) {
    t.remove_prefix(2);
    for (const char c : t) {
      unsigned digit = 0;
      if (c >= '0' && c <= '9') {
        digit = static_cast<unsigned>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        digit = static_cast<unsigned>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        digit = static_cast<unsigned>(c - 'A' + 10);
      } else {
        return 0;
      }
      value = (value << 4) | digit;
      if (value > 0xFFFFFFFF) {
        return 0;
      }
    }
    return static_cast<std::uint32_t>(value);
  }
  const auto parsed = util::parse_int(t);
  return parsed && *parsed >= 0 && *parsed <= 0xFFFFFFFF ? static_cast<std::uint32_t>(*parsed) : 0;
}

std::string
short_of(std::string_view host)
{
  const auto dot = host.find('.');
  return std::string(dot == std::string_view::npos ? host : host.substr(0, dot));
}

bool
is_loopback_address(std::string_view ip)
{
  return ip == "::1" || util::istarts_with(ip, "127.");
}

} // namespace

std::string_view
name_of(NtlmVersion version)
{
  switch (version) {
  case NtlmVersion::lm:
    return "LM";
  case NtlmVersion::v1:
    return "NTLMv1";
  case NtlmVersion::v2:
    return "NTLMv2";
  default:
    return "unknown";
  }
}

std::string
normalize_host(std::string_view host)
{
  host = util::trim(host);
  while (!host.empty() && (host.front() == '\\' || host.front() == '/')) {
    host.remove_prefix(1);
  }
  if (host.size() >= 2 && host.front() == '[') {
    const auto close = host.find(']');
    if (close != std::string_view::npos) {
      host = host.substr(1, close - 1);
    }
  }
  auto lower = util::to_lower(host);
  if (util::istarts_with(lower, "::ffff:") && lower.find('.') != std::string::npos) {
    lower.erase(0, 7);
  }
  while (!lower.empty() && lower.back() == '.') {
    lower.pop_back();
  }
  return lower;
}

TargetKey
target_key(std::string_view target)
{
  TargetKey out;
  target = util::trim(target);
  if (target.empty() || target == "-" || util::iequals(target, "(null)")) {
    return out;
  }
  // URLs: scheme://host[:port]/path -> host
  if (const auto scheme = target.find("://"); scheme != std::string_view::npos) {
    auto rest = target.substr(scheme + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    const auto at = rest.rfind('@');
    if (at != std::string_view::npos) {
      rest = rest.substr(at + 1);
    }
    if (!rest.empty() && rest.front() != '[') {
      rest = rest.substr(0, rest.find(':'));
    }
    target = rest;
  } else if (target.substr(0, 2) == "\\\\") {
    // UNC: \\host\share -> host
    auto rest = target.substr(2);
    target = rest.substr(0, rest.find('\\'));
  }
  if (target.find('/') != std::string_view::npos) {
    auto text = target;
    const auto at = text.rfind('@');
    if (at != std::string_view::npos && at > text.find('/')) {
      text = text.substr(0, at);
    }
    if (const auto spn = parse_spn(text)) {
      out.kind = TargetKind::spn;
      out.service_class = util::to_lower(spn->service_class);
      out.host = normalize_host(spn->host);
      out.key = out.service_class + "/" + out.host;
      if (!spn->port.empty()) {
        out.key += ":" + util::to_lower(spn->port);
      }
      if (is_ip_literal(out.host)) {
        out.kind = TargetKind::ip;
      }
      return out;
    }
  }
  auto host = normalize_host(target);
  if (host.empty()) {
    return out;
  }
  out.host = host;
  out.key = host;
  out.kind = is_ip_literal(host) ? TargetKind::ip : TargetKind::host;
  return out;
}

bool
is_known_event_id(std::uint32_t id)
{
  return id == 4624 || id == 4768 || id == 4769 || id == 4776 || (id >= 4001 && id <= 4006) ||
         (id >= 8001 && id <= 8006) || (id >= 4020 && id <= 4033) || (id >= 201 && id <= 209);
}

KdcRc4Meaning
kdc_rc4_meaning(std::uint32_t id)
{
  // KB5073381, "Audit events" and "Enforcement events": 201/202 and 206/207 audit what the
  // enforcement phase will refuse, 203/204 and 208/209 are those refusals; 205 is about the DC's
  // DefaultDomainSupportedEncTypes, not an account.
  switch (id) {
  case 201:
    return {true, false, true, "the client advertises only RC4 and the service has no msDS-SupportedEncryptionTypes"};
  case 202:
    return {true, false, true, "the service account has no AES keys and no msDS-SupportedEncryptionTypes"};
  case 203:
    return {true, true, true,
            "refused: the client advertises only RC4 and the service has no "
            "msDS-SupportedEncryptionTypes"};
  case 204:
    return {true, true, true, "refused: the service account has no AES keys and no msDS-SupportedEncryptionTypes"};
  case 205:
    return {true, false, false, "DefaultDomainSupportedEncTypes on the DC enables insecure ciphers explicitly"};
  case 206:
    return {true, false, true, "the service accepts only AES but the client does not advertise AES"};
  case 207:
    return {true, false, true, "the service accepts only AES but the service account has no AES keys"};
  case 208:
    return {true, true, true, "refused: the service accepts only AES but the client does not advertise AES"};
  case 209:
    return {true, true, true, "refused: the service accepts only AES but the service account has no AES keys"};
  default:
    return {};
  }
}

bool
is_rc4_etype(std::string_view etype)
{
  const auto t = util::to_lower(util::trim(etype));
  if (t.empty()) {
    return false;
  }
  if (t.find("rc4") != std::string::npos) {
    return true;
  }
  // 0x17 rc4-hmac, 0x18 rc4-hmac-exp (RFC 4757), decimal or hexadecimal.
  return t == "0x17" || t == "0x18" || t == "23" || t == "24" || t == "0x00000017" || t == "0x00000018";
}

std::string_view
describe_reason(int reason)
{
  switch (reason) {
  case 0:
    return "unknown";
  case 1:
    return "application called NTLM directly";
  case 2:
    return "local account logon";
  case 4:
    return "cloud account logon";
  case 5:
    return "target name missing or empty";
  case 6:
    return "target name could not be resolved by Kerberos";
  case 7:
    return "target name contains an IP address";
  case 8:
    return "target name is duplicated in AD";
  case 9:
    return "no line of sight to a domain controller";
  case 10:
    return "NTLM over loopback";
  case 11:
    return "null session";
  default:
    return "reason not listed";
  }
}

AuthRecord
classify(const Event& event)
{
  AuthRecord r;
  r.event_id = event.event_id;
  r.time = event.time;
  const auto computer = normalize_host(event.computer);
  const auto id = event.event_id;
  const auto set_client = [&](std::string_view name) {
    auto host = normalize_host(name);
    if (is_ip_literal(host)) {
      if (r.client_ip.empty()) {
        r.client_ip = host;
      }
    } else {
      r.client = std::move(host);
    }
  };

  if (id == 4624) {
    const auto package = event.first_of({"AuthenticationPackageName"});
    const auto logon_process = event.first_of({"LogonProcessName"});
    if (util::iequals(package, "NTLM") || util::istarts_with(util::trim(logon_process), "NtLmSsp")) {
      r.protocol = Protocol::ntlm;
    } else if (util::iequals(package, "Kerberos")) {
      r.protocol = Protocol::kerberos;
    } else {
      return r;
    }
    r.account = account_of(event, "TargetUserName", "TargetDomainName");
    set_client(event.first_of({"WorkstationName"}));
    const auto ip = normalize_host(event.first_of({"IpAddress"}));
    if (!ip.empty()) {
      r.client_ip = ip;
    }
    r.server = computer;
    r.process = std::string(event.first_of({"ProcessName"}));
    if (r.protocol == Protocol::ntlm) {
      r.version = parse_version(event.first_of({"LmPackageName"}));
      const auto domain = util::to_lower(event.first_of({"TargetDomainName"}));
      r.local_account = !domain.empty() && !computer.empty() && domain == short_of(computer);
      r.loopback = is_loopback_address(r.client_ip) || (!r.client.empty() && r.client == short_of(computer));
    }
    return r;
  }
  if (id == 4776) {
    r.protocol = Protocol::ntlm;
    r.account = std::string(event.first_of({"TargetUserName"}));
    set_client(event.first_of({"Workstation"}));
    r.validated_by = computer; // logged by the DC that validated the credentials
    r.status = parse_status(event.first_of({"Status"}));
    r.success = r.status == 0;
    return r;
  }
  if (id >= 201 && id <= 209) {
    // Event ids this low are reused by other providers of the System log: only the KDC's count.
    const auto provider = util::to_lower(event.provider);
    if (provider.find("key-distribution-center") == std::string::npos && provider != "kdcsvc") {
      return r;
    }
    const auto meaning = kdc_rc4_meaning(id);
    r.protocol = Protocol::kdc_rc4;
    r.kdc_blocked = meaning.blocked;
    r.validated_by = computer;
    if (meaning.account) {
      r.service = std::string(event.first_of(k_kdc_service_names));
    }
    set_client(event.first_of(k_kdc_client_names));
    r.cipher = std::string(event.first_of(k_kdc_cipher_names));
    r.advertized_etypes = std::string(event.first_of(k_advertized_names));
    r.service_keys = std::string(event.first_of(k_service_keys_names));
    return r;
  }
  if (id == 4768 || id == 4769) {
    r.protocol = Protocol::kerberos;
    r.account = account_of(event, "TargetUserName", "TargetDomainName");
    r.service = std::string(event.first_of({"ServiceName"}));
    r.status = parse_status(event.first_of({"Status"}));
    r.success = r.status == 0;
    r.etype = std::string(event.first_of({"TicketEncryptionType"}));
    r.validated_by = computer; // the DC that issued (or refused) the ticket
    r.session_etype = std::string(event.first_of(k_session_etype_names));
    r.advertized_etypes = std::string(event.first_of(k_advertized_names));
    r.service_keys = std::string(event.first_of(k_service_keys_names));
    r.rc4_ticket = id == 4769 && r.success && is_rc4_etype(r.etype);
    const auto ip = normalize_host(event.first_of({"IpAddress"}));
    if (!ip.empty() && ip != "-") {
      r.client_ip = ip;
    }
    return r;
  }
  const bool legacy = (id >= 8001 && id <= 8006) || (id >= 4001 && id <= 4006);
  if (legacy) {
    r.protocol = Protocol::ntlm;
    r.blocked = id < 5000;
    r.process = std::string(event.first_of(k_process_names));
    switch (id % 1000) {
    case 1: // outgoing, logged on the client
      r.target = std::string(event.first_of({"TargetName"}));
      r.account = account_of(event, "UserName", "DomainName");
      if (r.account.empty()) {
        r.account = account_of(event, "ClientUserName", "ClientDomainName");
      }
      r.client = computer;
      break;
    case 2: // incoming without a DC: local accounts and loopback
      r.account = account_of(event, "ClientUserName", "ClientDomainName");
      r.server = computer;
      r.local_account = true;
      break;
    case 3: // incoming with a domain account, logged on the server
    case 5: // NTLM directly to a DC
      r.account = account_of(event, "UserName", "DomainName");
      set_client(event.first_of({"Workstation", "WorkstationName"}));
      r.server = computer;
      break;
    case 4: // pass-through validation on a DC, for a server in this domain
    case 6: // ... for a trusted domain
      r.account = account_of(event, "UserName", "DomainName");
      set_client(event.first_of({"WorkstationName", "Workstation"}));
      r.server = normalize_host(event.first_of({"SChannelName"}));
      r.cross_domain = id % 1000 == 6;
      break;
    default:
      break;
    }
  } else if (id >= 4020 && id <= 4033) {
    r.protocol = Protocol::ntlm;
    r.blocked = id % 2 == 1;
    r.target = std::string(event.first_of(k_target_names));
    r.process = std::string(event.first_of(k_process_names));
    r.version = parse_version(event.first_of(k_version_names));
    if (const auto reason = util::parse_int(event.first_of(k_reason_names))) {
      r.reason = static_cast<int>(std::clamp<std::int64_t>(*reason, -1, 1000));
    }
    r.account = account_of(event, "UserName", "DomainName");
    if (r.account.empty()) {
      r.account = account_of(event, "TargetUserName", "TargetDomainName");
    }
    if (id <= 4021 || id == 4024 || id == 4025) {
      r.client = computer; // client-side events: this machine authenticated to the target
    } else {
      set_client(event.first_of(k_client_names));
      const auto ip = normalize_host(event.first_of(k_client_ip_names));
      if (!ip.empty()) {
        r.client_ip = ip;
      }
      r.server = computer;
    }
    if (id == 4024 || id == 4025) {
      // KB5066470: NTLMv1-derived credentials for single sign-on (MS-CHAPv2 and the like), audited
      // (4024) or refused under BlockNtlmv1SSO (4025); a cause of its own, not an NTLMv1 logon.
      r.version = NtlmVersion::v1;
      r.ntlmv1_sso = true;
    }
    r.cross_domain = id == 4030 || id == 4031;
    if (r.reason) {
      r.local_account = r.local_account || *r.reason == 2;
      r.loopback = r.loopback || *r.reason == 10;
    }
  } else {
    return r;
  }
  // Loopback and RPC endpoint-mapper patterns.
  const auto key = target_key(r.target);
  if (key.kind != TargetKind::none) {
    if (key.host == "localhost" || is_loopback_address(key.host) ||
        (!computer.empty() && (key.host == computer || key.host == short_of(computer)) && !r.client.empty() &&
         r.client == computer)) {
      r.loopback = true;
    }
    if (key.service_class == "rpcss" || key.service_class == "rpc" || key.service_class == "rpcepmap") {
      r.rpc_epm = true;
    }
  }
  if (is_loopback_address(r.client_ip)) {
    r.loopback = true;
  }
  if (util::to_lower(r.process).find("rpcss") != std::string::npos ||
      util::to_lower(r.process).find("rpceptmapper") != std::string::npos) {
    r.rpc_epm = true;
  }
  return r;
}

} // namespace kerbready::events
