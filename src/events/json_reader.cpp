#include "src/events/json_reader.hpp"

#include "src/util/input_guard.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>

namespace kerbready::events {

namespace {

using json = nlohmann::ordered_json;

// Security-Auditing templates (Microsoft's "Audit ..." event pages) and Microsoft-Windows-NTLM
// templates (the provider manifest, as OTRF/OSSEM lists it). 8005/8006 and their blocked twins are
// not in OSSEM; they are taken as the 8003/8004 shapes, which their messages match.
constexpr std::array<std::string_view, 27> k_4624 = {"SubjectUserSid",
                                                     "SubjectUserName",
                                                     "SubjectDomainName",
                                                     "SubjectLogonId",
                                                     "TargetUserSid",
                                                     "TargetUserName",
                                                     "TargetDomainName",
                                                     "TargetLogonId",
                                                     "LogonType",
                                                     "LogonProcessName",
                                                     "AuthenticationPackageName",
                                                     "WorkstationName",
                                                     "LogonGuid",
                                                     "TransmittedServices",
                                                     "LmPackageName",
                                                     "KeyLength",
                                                     "ProcessId",
                                                     "ProcessName",
                                                     "IpAddress",
                                                     "IpPort",
                                                     "ImpersonationLevel",
                                                     "RestrictedAdminMode",
                                                     "TargetOutboundUserName",
                                                     "TargetOutboundDomainName",
                                                     "VirtualAccount",
                                                     "TargetLinkedLogonId",
                                                     "ElevatedToken"};
constexpr std::array<std::string_view, 4> k_4776 = {"PackageName", "TargetUserName", "Workstation", "Status"};
constexpr std::array<std::string_view, 14> k_4768 = {
  "TargetUserName",   "TargetDomainName",     "TargetSid",   "ServiceName", "ServiceSid", "TicketOptions",
  "Status",           "TicketEncryptionType", "PreAuthType", "IpAddress",   "IpPort",     "CertIssuerName",
  "CertSerialNumber", "CertThumbprint"};
// 4769 as Microsoft Learn lists it since the January 2025 update: the first eleven are the older
// template, the rest the fields that say which etypes and keys took part (docs/events.md).
constexpr std::array<std::string_view, 21> k_4769 = {"TargetUserName",
                                                     "TargetDomainName",
                                                     "ServiceName",
                                                     "ServiceSid",
                                                     "TicketOptions",
                                                     "TicketEncryptionType",
                                                     "IpAddress",
                                                     "IpPort",
                                                     "Status",
                                                     "LogonGuid",
                                                     "TransmittedServices",
                                                     "RequestTicketHash",
                                                     "ResponseTicketHash",
                                                     "AccountSupportedEncryptionTypes",
                                                     "AccountAvailableKeys",
                                                     "ServiceSupportedEncryptionTypes",
                                                     "ServiceAvailableKeys",
                                                     "DCSupportedEncryptionTypes",
                                                     "DCAvailableKeys",
                                                     "ClientAdvertizedEncryptionTypes",
                                                     "SessionKeyEncryptionType"};
constexpr std::array<std::string_view, 9> k_ntlm_client = {"TargetName",     "UserName",         "DomainName",
                                                           "CallerPID",      "ProcessName",      "ClientLUID",
                                                           "ClientUserName", "ClientDomainName", "MechanismOID"};
constexpr std::array<std::string_view, 6> k_ntlm_server = {"CallerPID",      "ProcessName",      "ClientLUID",
                                                           "ClientUserName", "ClientDomainName", "MechanismOID"};
constexpr std::array<std::string_view, 8> k_ntlm_domain = {"UserName",    "DomainName", "Workstation", "CallerPID",
                                                           "ProcessName", "LogonType",  "InProc",      "MechanismOID"};
constexpr std::array<std::string_view, 5> k_ntlm_dc = {"SChannelName", "UserName", "DomainName", "WorkstationName",
                                                       "SChannelType"};

std::string
stringify(const json& value)
{
  switch (value.type()) {
  case json::value_t::string:
    return value.get<std::string>();
  case json::value_t::number_integer:
    return std::to_string(value.get<std::int64_t>());
  case json::value_t::number_unsigned:
    return std::to_string(value.get<std::uint64_t>());
  case json::value_t::boolean:
    return value.get<bool>() ? "true" : "false";
  case json::value_t::null:
    return {};
  case json::value_t::object:
    // PowerShell 5.1 serialises a SecurityIdentifier as an object with its text in "Value".
    if (const auto it = value.find("Value"); it != value.end() && it->is_string()) {
      return it->get<std::string>();
    }
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
  default:
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
  }
}

std::string
clip(std::string s)
{
  if (s.size() > std::size_t{64} * 1024) {
    s.resize(std::size_t{64} * 1024);
  }
  return s;
}

const json*
member(const json& object, std::string_view key)
{
  if (!object.is_object()) {
    return nullptr;
  }
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::optional<std::uint64_t>
as_unsigned(const json* value)
{
  if (value == nullptr) {
    return std::nullopt;
  }
  if (value->is_number_unsigned()) {
    return value->get<std::uint64_t>();
  }
  if (value->is_number_integer() && value->get<std::int64_t>() >= 0) {
    return static_cast<std::uint64_t>(value->get<std::int64_t>());
  }
  if (value->is_string()) {
    const auto parsed = util::parse_int(util::trim(value->get<std::string>()));
    if (parsed && *parsed >= 0) {
      return static_cast<std::uint64_t>(*parsed);
    }
  }
  return std::nullopt;
}

std::int64_t
as_time(const json* value)
{
  if (value == nullptr) {
    return 0;
  }
  if (value->is_string()) {
    return parse_event_time(value->get<std::string>());
  }
  if (value->is_object()) {
    // PowerShell 7 may write {"value": "...", "DateTime": "..."} for ETS-decorated dates.
    for (const auto* key : {"value", "Value"}) {
      if (const auto* inner = member(*value, key); inner != nullptr && inner->is_string()) {
        return parse_event_time(inner->get<std::string>());
      }
    }
  }
  return 0;
}

void
add_object_data(const json& object, Event& event)
{
  if (!object.is_object()) {
    return;
  }
  for (const auto& [key, value] : object.items()) {
    if (event.data.size() >= 512) {
      break;
    }
    event.data.emplace_back(clip(key), clip(stringify(value)));
  }
}

// Map one JSON object to `event`; return why it is not an event, or an empty string.
std::string
to_event(const json& object, Event& event)
{
  event.clear();
  if (!object.is_object()) {
    return "record is not a JSON object";
  }
  if (const auto* winlog = member(object, "winlog"); winlog != nullptr && winlog->is_object()) {
    auto id = as_unsigned(member(*winlog, "event_id"));
    if (!id) {
      if (const auto* ev = member(object, "event")) {
        id = as_unsigned(member(*ev, "code"));
      }
    }
    if (!id || *id > 0xFFFFFFFF) {
      return "winlog object without a readable event_id";
    }
    event.event_id = static_cast<std::uint32_t>(*id);
    event.record_id = as_unsigned(member(*winlog, "record_id")).value_or(0);
    for (const auto& [key, field] : {std::pair{"channel", &event.channel}, std::pair{"computer_name", &event.computer},
                                     std::pair{"provider_name", &event.provider}}) {
      if (const auto* v = member(*winlog, key); v != nullptr && v->is_string()) {
        *field = clip(v->get<std::string>());
      }
    }
    event.time = as_time(member(object, "@timestamp"));
    if (event.time == 0) {
      event.time = as_time(member(*winlog, "time_created"));
    }
    if (const auto* data = member(*winlog, "event_data")) {
      add_object_data(*data, event);
    }
    if (const auto* data = member(*winlog, "user_data")) {
      add_object_data(*data, event);
    }
    return {};
  }
  // Get-WinEvent | ConvertTo-Json (EventLogRecord properties).
  if (const auto* id_value = member(object, "Id"); id_value != nullptr && member(object, "EventID") == nullptr) {
    const auto id = as_unsigned(id_value);
    if (!id || *id > 0xFFFFFFFF) {
      return "object without a readable Id";
    }
    event.event_id = static_cast<std::uint32_t>(*id);
    event.record_id = as_unsigned(member(object, "RecordId")).value_or(0);
    event.time = as_time(member(object, "TimeCreated"));
    for (const auto& [key, field] : {std::pair{"LogName", &event.channel}, std::pair{"MachineName", &event.computer},
                                     std::pair{"ProviderName", &event.provider}}) {
      if (const auto* v = member(object, key); v != nullptr && v->is_string()) {
        *field = clip(v->get<std::string>());
      }
    }
    if (const auto* properties = member(object, "Properties"); properties != nullptr && properties->is_array()) {
      const auto names = positional_names(event.event_id);
      std::size_t i = 0;
      for (const auto& property : *properties) {
        if (i >= 512) {
          break;
        }
        const json* value = &property;
        if (property.is_object()) {
          if (const auto* v = member(property, "Value")) {
            value = v;
          }
        }
        std::string name = i < names.size() ? std::string(names[i]) : fmt::format("Param{}", i + 1);
        event.data.emplace_back(std::move(name), clip(stringify(*value)));
        ++i;
      }
    }
    return {};
  }
  // NXLog and similar flat records.
  if (const auto* id_value = member(object, "EventID")) {
    const auto id = as_unsigned(id_value);
    if (!id || *id > 0xFFFFFFFF) {
      return "object without a readable EventID";
    }
    event.event_id = static_cast<std::uint32_t>(*id);
    event.record_id = as_unsigned(member(object, "RecordNumber")).value_or(0);
    event.time = as_time(member(object, "EventTime"));
    for (const auto& [key, field] : {std::pair{"Channel", &event.channel}, std::pair{"Hostname", &event.computer},
                                     std::pair{"SourceName", &event.provider}}) {
      if (const auto* v = member(object, key); v != nullptr && v->is_string()) {
        *field = clip(v->get<std::string>());
      }
    }
    for (const auto& [key, value] : object.items()) {
      if (!value.is_structured() && key != "EventID" && event.data.size() < 512) {
        event.data.emplace_back(clip(key), clip(stringify(value)));
      }
    }
    return {};
  }
  return "object is neither Winlogbeat/ECS (winlog.event_id), Get-WinEvent (Id) nor NXLog (EventID)";
}

// Splits the character stream into top-level JSON values (or the elements of a top-level array)
// by tracking strings and nesting, without building anything but the current record's text.
class Splitter
{
public:
  Splitter(std::string_view name, const EventSink& sink, ReadStats& stats) : m_name(name), m_sink(sink), m_stats(stats)
  {
  }

  void feed(std::string_view chunk)
  {
    for (const char c : chunk) {
      step(c);
    }
  }

  void finish()
  {
    if (m_depth > m_value_depth || m_in_value) {
      m_stats.records += 1;
      m_stats.skip(where(), "input ends inside a JSON record (truncated)");
      m_stats.damaged = ReadDiagnostic{where(), "input ends inside a JSON record: the file is cut short"};
    }
  }

private:
  enum class Mode { unknown, lines, pretty };

  std::string where() const { return fmt::format("{}:line {}", m_name, m_value_line); }

  void reset_value()
  {
    m_current.clear();
    m_oversize = false;
    m_in_value = false;
    m_in_string = false;
    m_escape = false;
    m_depth = m_value_depth;
  }

  void complete()
  {
    ++m_stats.records;
    if (m_oversize) {
      m_stats.skip(where(), fmt::format("record longer than {} bytes", k_max_json_record));
    } else if (m_scalar) {
      m_stats.skip(where(), "not a JSON object");
    } else if (util::find_excess_nesting(m_current, util::NestingSyntax::json)) {
      // nlohmann's parser recurses once per level: deep nesting could exhaust the stack.
      m_stats.skip(where(), fmt::format("JSON nested deeper than {} levels", util::k_max_nesting));
    } else {
      const auto value = json::parse(m_current, nullptr, false);
      if (value.is_discarded()) {
        m_stats.skip(where(), "invalid JSON");
      } else {
        const auto why = to_event(value, m_event);
        if (!why.empty()) {
          m_stats.skip(where(), why);
        } else {
          ++m_stats.events;
          m_sink(m_event);
        }
      }
    }
    reset_value();
    m_scalar = false;
  }

  void keep(char c)
  {
    if (m_current.size() < k_max_json_record) {
      m_current += c;
    } else {
      m_oversize = true;
    }
  }

  void step(char c)
  {
    if (m_deciding) {
      // JSON lines put a whole object on one line; ConvertTo-Json breaks the line after '{'.
      if (c == '\r' || c == '\n') {
        m_mode = Mode::pretty;
        m_deciding = false;
      } else if (c != ' ' && c != '\t') {
        m_mode = Mode::lines;
        m_deciding = false;
      }
    }
    if (c == '\n') {
      ++m_line;
      if (m_mode == Mode::lines && m_in_value) {
        // A JSON line ends here whatever state it is in: a broken line spoils only itself.
        if (m_scalar) {
          complete();
        } else {
          ++m_stats.records;
          m_stats.skip(where(), "incomplete JSON record on this line");
          reset_value();
        }
        return;
      }
    }
    if (!m_in_value) {
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',') {
        return;
      }
      if (m_depth == 0 && m_value_depth == 0 && c == '[' && m_mode != Mode::lines) {
        m_value_depth = 1; // a top-level array: its elements are the records
        m_depth = 1;
        m_mode = Mode::pretty;
        return;
      }
      if (m_value_depth == 1 && c == ']') {
        m_value_depth = 0;
        m_depth = 0;
        return;
      }
      m_in_value = true;
      m_value_line = m_line;
      m_scalar = c != '{' && c != '[';
      if (m_mode == Mode::unknown && c == '{') {
        m_deciding = true;
      }
      if (m_scalar) {
        keep(c);
        return;
      }
    }
    if (m_scalar) {
      // A stray scalar or garbage: runs to the next separator.
      if (c == ',' || c == '\n' || c == ']') {
        complete();
        if (c == ']' && m_value_depth == 1) {
          m_value_depth = 0;
          m_depth = 0;
        }
        return;
      }
      keep(c);
      return;
    }
    keep(c);
    if (m_in_string) {
      if (m_escape) {
        m_escape = false;
      } else if (c == '\\') {
        m_escape = true;
      } else if (c == '"') {
        m_in_string = false;
      }
      return;
    }
    if (c == '"') {
      m_in_string = true;
    } else if (c == '{' || c == '[') {
      ++m_depth;
    } else if (c == '}' || c == ']') {
      if (m_depth > m_value_depth) {
        --m_depth;
      }
      if (m_depth == m_value_depth) {
        complete();
      }
    }
  }

  std::string_view m_name;
  const EventSink& m_sink;
  ReadStats& m_stats;
  Event m_event;
  std::string m_current;
  Mode m_mode = Mode::unknown;
  std::size_t m_depth = 0;
  std::size_t m_value_depth = 0;
  std::uint64_t m_line = 1;
  std::uint64_t m_value_line = 1;
  bool m_in_value = false;
  bool m_in_string = false;
  bool m_escape = false;
  bool m_scalar = false;
  bool m_oversize = false;
  bool m_deciding = false;
};

} // namespace

std::span<const std::string_view>
positional_names(std::uint32_t event_id)
{
  switch (event_id) {
  case 4624:
    return k_4624;
  case 4776:
    return k_4776;
  case 4768:
    return k_4768;
  case 4769:
    return k_4769;
  case 8001:
  case 4001:
    return k_ntlm_client;
  case 8002:
  case 4002:
    return k_ntlm_server;
  case 8003:
  case 4003:
  case 8005:
  case 4005:
    return k_ntlm_domain;
  case 8004:
  case 4004:
  case 8006:
  case 4006:
    return k_ntlm_dc;
  default:
    return {};
  }
}

ReadStats
read_json_events(TextStream& in, std::string_view name, const EventSink& sink)
{
  ReadStats stats;
  Splitter splitter(name, sink, stats);
  std::string chunk;
  while (in.next(chunk)) {
    splitter.feed(chunk);
    chunk.clear();
  }
  splitter.finish();
  return stats;
}

} // namespace kerbready::events
