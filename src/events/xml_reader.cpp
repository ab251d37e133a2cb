#include "src/events/xml_reader.hpp"

#include "src/util/text.hpp"
#include "src/util/utf16.hpp"

#include <fmt/format.h>

#include <vector>

namespace kerbready::events {

namespace {

constexpr std::size_t k_max_depth = 64;

enum class TokenKind { start, end, text, eof, error };

struct Attribute
{
  std::string name;
  std::string value;
};

struct Token
{
  TokenKind kind = TokenKind::eof;
  std::string name; // local name (prefix removed)
  std::vector<Attribute> attributes;
  bool self_closing = false;
  std::string text;         // decoded text, or the error message
  std::uint64_t offset = 0; // byte offset of the token in the UTF-8 text
};

// XML forbids NUL: a reference to it reads as U+FFFD, like other invalid code points.
void
append_code_point(std::string& out, std::uint32_t cp)
{
  util::append_utf8(out, cp == 0 ? 0xFFFD : cp);
}

// Decode XML character and entity references in `raw`, appending to `out`. Line ends are
// normalised as XML 1.0 (2.11) requires: CR LF and a lone CR become LF.
void
decode_text(std::string_view raw, std::string& out)
{
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\r') {
      out += '\n';
      if (i + 1 < raw.size() && raw[i + 1] == '\n') {
        ++i;
      }
      continue;
    }
    if (raw[i] != '&') {
      out += raw[i];
      continue;
    }
    const auto semi = raw.find(';', i);
    if (semi == std::string_view::npos || semi - i > 12) {
      out += raw[i];
      continue;
    }
    const auto entity = raw.substr(i + 1, semi - i - 1);
    if (entity == "lt") {
      out += '<';
    } else if (entity == "gt") {
      out += '>';
    } else if (entity == "amp") {
      out += '&';
    } else if (entity == "quot") {
      out += '"';
    } else if (entity == "apos") {
      out += '\'';
    } else if (entity.size() >= 2 && entity[0] == '#') {
      std::uint32_t cp = 0;
      bool ok = true;
      const bool hex = entity[1] == 'x' || entity[1] == 'X';
      const auto number = entity.substr(hex ? 2 : 1);
      if (number.empty()) {
        ok = false;
      }
      for (const char c : number) {
        std::uint32_t v = 0;
        if (c >= '0' && c <= '9') {
          v = static_cast<std::uint32_t>(c - '0');
        } else if (hex && c >= 'a' && c <= 'f') {
          v = static_cast<std::uint32_t>(c - 'a' + 10);
        } else if (hex && c >= 'A' && c <= 'F') {
          v = static_cast<std::uint32_t>(c - 'A' + 10);
        } else {
          ok = false;
          break;
        }
        cp = cp * (hex ? 16 : 10) + v;
        if (cp > 0x10FFFF) {
          ok = false;
          break;
        }
      }
      if (!ok) {
        out.append(raw.substr(i, semi - i + 1));
      } else {
        append_code_point(out, cp);
      }
    } else {
      out.append(raw.substr(i, semi - i + 1)); // unknown entity: keep it literally
    }
    i = semi;
  }
}

std::string
local_name(std::string_view qname)
{
  const auto colon = qname.rfind(':');
  return std::string(colon == std::string_view::npos ? qname : qname.substr(colon + 1));
}

bool
is_name_char(char c)
{
  return c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '/' && c != '>' && c != '=';
}

class Tokenizer
{
public:
  explicit Tokenizer(TextStream& in) : m_in(in) {}

  Token next()
  {
    Token token;
    for (;;) {
      if (m_pos >= m_buf.size() && !fill()) {
        token.kind = TokenKind::eof;
        return token;
      }
      token.offset = m_base + m_pos;
      if (m_buf[m_pos] != '<') {
        return text_token(token);
      }
      // Markup: find its end, reading more input when needed.
      std::size_t end = std::string::npos;
      for (;;) {
        end = markup_end();
        if (end != std::string::npos) {
          break;
        }
        if (m_buf.size() - m_pos > k_max_token || !fill()) {
          const bool at_eof = m_buf.size() - m_pos <= k_max_token;
          // Resynchronise after the '<'.
          ++m_pos;
          token.kind = TokenKind::error;
          token.text = at_eof ? "input ends inside markup" : "markup longer than 1 MiB";
          return token;
        }
      }
      const std::string_view markup(m_buf.data() + m_pos, end - m_pos);
      m_pos = end;
      if (markup.size() >= 2 && (markup[1] == '?' || markup[1] == '!')) {
        if (markup.substr(0, 9) == "<![CDATA[") {
          token.kind = TokenKind::text;
          token.text.assign(markup.substr(9, markup.size() - 12));
          return token;
        }
        continue; // declaration, processing instruction, comment, DOCTYPE
      }
      if (parse_tag(markup, token)) {
        return token;
      }
      return token; // error token filled by parse_tag
    }
  }

private:
  bool fill()
  {
    if (m_eof) {
      return false;
    }
    if (m_pos > 0 && m_pos * 2 >= m_buf.size()) {
      m_base += m_pos;
      m_buf.erase(0, m_pos);
      m_pos = 0;
    }
    const auto before = m_buf.size();
    while (m_buf.size() == before) {
      if (!m_in.next(m_buf)) {
        m_eof = true;
        return m_buf.size() > before;
      }
    }
    return true;
  }

  // Return the index one past the end of the markup starting at m_pos, or npos if not in the buffer.
  std::size_t markup_end() const
  {
    const std::string_view rest(m_buf.data() + m_pos, m_buf.size() - m_pos);
    if (rest.substr(0, 4) == "<!--") {
      const auto e = rest.find("-->", 4);
      return e == std::string_view::npos ? std::string::npos : m_pos + e + 3;
    }
    if (rest.substr(0, 9) == "<![CDATA[") {
      const auto e = rest.find("]]>", 9);
      return e == std::string_view::npos ? std::string::npos : m_pos + e + 3;
    }
    if (rest.size() < 9 && (std::string_view("<!--").substr(0, rest.size()) == rest ||
                            std::string_view("<![CDATA[").substr(0, rest.size()) == rest)) {
      return std::string::npos; // cannot tell yet
    }
    if (rest.substr(0, 2) == "<?") {
      const auto e = rest.find("?>", 2);
      return e == std::string_view::npos ? std::string::npos : m_pos + e + 2;
    }
    char quote = 0;
    for (std::size_t i = 1; i < rest.size(); ++i) {
      const char c = rest[i];
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        return m_pos + i + 1;
      }
    }
    return std::string::npos;
  }

  Token& text_token(Token& token)
  {
    token.kind = TokenKind::text;
    for (;;) {
      const auto lt = m_buf.find('<', m_pos);
      if (lt != std::string::npos) {
        decode_bounded(std::string_view(m_buf.data() + m_pos, lt - m_pos), token.text);
        m_pos = lt;
        return token;
      }
      // No '<' yet: hand over what we have (an entity cut in two is kept whole) and go on.
      std::size_t cut = m_buf.size();
      const auto amp = m_buf.rfind('&');
      if (amp != std::string::npos && amp >= m_pos && m_buf.find(';', amp) == std::string::npos &&
          m_buf.size() - amp < 16) {
        cut = amp;
      }
      decode_bounded(std::string_view(m_buf.data() + m_pos, cut - m_pos), token.text);
      m_pos = cut;
      if (!fill()) {
        if (m_pos < m_buf.size()) {
          decode_bounded(std::string_view(m_buf.data() + m_pos, m_buf.size() - m_pos), token.text);
          m_pos = m_buf.size();
        }
        return token;
      }
    }
  }

  static void decode_bounded(std::string_view raw, std::string& out)
  {
    if (out.size() >= k_max_value + 4) {
      return;
    }
    decode_text(raw.substr(0, k_max_value + 4 - out.size()), out);
  }

  static bool parse_tag(std::string_view markup, Token& token)
  {
    // markup is "<...>"
    std::string_view body = markup.substr(1, markup.size() - 2);
    if (!body.empty() && body.front() == '/') {
      token.kind = TokenKind::end;
      token.name = local_name(util::trim(body.substr(1)));
      if (token.name.empty()) {
        token.kind = TokenKind::error;
        token.text = "end tag without a name";
        return false;
      }
      return true;
    }
    token.kind = TokenKind::start;
    if (!body.empty() && body.back() == '/') {
      token.self_closing = true;
      body.remove_suffix(1);
    }
    std::size_t i = 0;
    while (i < body.size() && is_name_char(body[i])) {
      ++i;
    }
    token.name = local_name(body.substr(0, i));
    if (token.name.empty()) {
      token.kind = TokenKind::error;
      token.text = "start tag without a name";
      return false;
    }
    while (i < body.size()) {
      while (i < body.size() && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
        ++i;
      }
      if (i >= body.size()) {
        break;
      }
      const std::size_t name_start = i;
      while (i < body.size() && is_name_char(body[i])) {
        ++i;
      }
      const auto name = body.substr(name_start, i - name_start);
      while (i < body.size() && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
        ++i;
      }
      if (name.empty() || i >= body.size() || body[i] != '=') {
        token.kind = TokenKind::error;
        token.text = fmt::format("malformed attribute in <{}>", token.name);
        return false;
      }
      ++i;
      while (i < body.size() && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
        ++i;
      }
      if (i >= body.size() || (body[i] != '"' && body[i] != '\'')) {
        token.kind = TokenKind::error;
        token.text = fmt::format("unquoted attribute value in <{}>", token.name);
        return false;
      }
      const char quote = body[i++];
      const auto close = body.find(quote, i);
      if (close == std::string_view::npos) {
        token.kind = TokenKind::error;
        token.text = fmt::format("unterminated attribute value in <{}>", token.name);
        return false;
      }
      Attribute attribute;
      attribute.name = local_name(name);
      decode_text(body.substr(i, std::min(close - i, k_max_value)), attribute.value);
      token.attributes.push_back(std::move(attribute));
      i = close + 1;
    }
    return true;
  }

  TextStream& m_in;
  std::string m_buf;
  std::size_t m_pos = 0;
  std::uint64_t m_base = 0;
  bool m_eof = false;
};

const std::string*
attribute(const Token& token, std::string_view name)
{
  for (const auto& a : token.attributes) {
    if (util::iequals(a.name, name)) {
      return &a.value;
    }
  }
  return nullptr;
}

std::string
clip(std::string value)
{
  if (value.size() > k_max_value) {
    value.resize(k_max_value);
  }
  return value;
}

// Builds events from tokens. Element paths are kept as local names.
class EventBuilder
{
public:
  EventBuilder(std::string_view name, const EventSink& sink, ReadStats& stats)
      : m_name(name), m_sink(sink), m_stats(stats)
  {
  }

  void run(Tokenizer& tokenizer)
  {
    for (;;) {
      Token token = tokenizer.next();
      switch (token.kind) {
      case TokenKind::eof:
        if (m_broken_event && !m_in_event) {
          // The input ended in the middle of the markup of an <Event>.
          m_stats.damaged = ReadDiagnostic{where(), "input ends inside an <Event>: the file is cut short"};
        }
        if (m_in_event) {
          m_stats.skip(where(), "input ends inside an <Event> (truncated)");
          m_stats.damaged = ReadDiagnostic{where(), "input ends inside an <Event>: the file is cut short"};
        }
        return;
      case TokenKind::error:
        if (m_in_event) {
          m_stats.skip(where(), token.text);
          m_in_event = false;
          m_broken_event = true;
        } else {
          m_stats.note(fmt::format("{}:offset {}", m_name, token.offset), token.text);
        }
        break;
      case TokenKind::start:
        m_broken_event = false;
        start(token);
        break;
      case TokenKind::end:
        end(token);
        break;
      case TokenKind::text:
        if (m_in_event && m_capture) {
          if (m_text.size() < k_max_value) {
            m_text += token.text;
          }
        }
        break;
      }
    }
  }

private:
  std::string where() const { return fmt::format("{}:offset {}", m_name, m_event_offset); }

  void start(const Token& token)
  {
    if (!m_in_event) {
      if (token.name != "Event") {
        return;
      }
      ++m_stats.records;
      m_in_event = true;
      m_event.clear();
      m_path.clear();
      m_event_offset = token.offset;
      m_saw_event_id = false;
      m_unnamed = 0;
      if (token.self_closing) {
        m_in_event = false;
        m_stats.skip(where(), "empty <Event/>");
        return;
      }
      m_path.emplace_back("Event");
      return;
    }
    if (token.name == "Event") {
      m_stats.skip(where(), "<Event> inside an <Event> (the previous one was not closed)");
      m_event.clear();
      m_path.assign(1, "Event");
      m_event_offset = token.offset;
      m_saw_event_id = false;
      m_unnamed = 0;
      ++m_stats.records;
      return;
    }
    if (m_path.size() >= k_max_depth) {
      m_stats.skip(where(), "elements nested too deeply");
      m_in_event = false;
      return;
    }
    m_path.push_back(token.name);
    m_text.clear();
    m_capture = true;
    m_data_name.clear();
    const auto depth = m_path.size();
    if (depth == 3 && m_path[1] == "System") {
      if (token.name == "Provider") {
        if (const auto* v = attribute(token, "Name")) {
          m_event.provider = clip(*v);
        }
      } else if (token.name == "TimeCreated") {
        if (const auto* v = attribute(token, "SystemTime")) {
          m_event.time = parse_event_time(*v);
        }
      }
    } else if (depth == 3 && m_path[1] == "EventData" && token.name == "Data") {
      if (const auto* v = attribute(token, "Name")) {
        m_data_name = clip(*v);
      } else {
        m_data_name = fmt::format("Param{}", ++m_unnamed);
      }
    }
    if (token.self_closing) {
      Token end_token;
      end_token.name = token.name;
      end(end_token);
    }
  }

  void end(const Token& token)
  {
    if (!m_in_event) {
      return;
    }
    if (m_path.empty() || m_path.back() != token.name) {
      m_stats.skip(where(), fmt::format("</{}> does not close <{}>", token.name, m_path.empty() ? "" : m_path.back()));
      m_in_event = false;
      return;
    }
    const auto depth = m_path.size();
    if (depth == 1) {
      m_in_event = false;
      if (m_event.event_id == 0 && !m_saw_event_id) {
        m_stats.skip(where(), "<Event> without a readable <EventID>");
      } else {
        ++m_stats.events;
        m_sink(m_event);
      }
      m_saw_event_id = false;
      m_unnamed = 0;
      m_path.pop_back();
      return;
    }
    if (m_capture) {
      const auto value = util::trim(m_text);
      if (depth == 3 && m_path[1] == "System") {
        if (token.name == "EventID") {
          const auto id = util::parse_int(value);
          if (id && *id >= 0 && *id <= 0xFFFFFFFF) {
            m_event.event_id = static_cast<std::uint32_t>(*id);
            m_saw_event_id = true;
          }
        } else if (token.name == "EventRecordID") {
          const auto id = util::parse_int(value);
          if (id && *id >= 0) {
            m_event.record_id = static_cast<std::uint64_t>(*id);
          }
        } else if (token.name == "Channel") {
          m_event.channel = clip(std::string(value));
        } else if (token.name == "Computer") {
          m_event.computer = clip(std::string(value));
        }
      } else if (depth == 3 && m_path[1] == "EventData" && token.name == "Data") {
        m_event.data.emplace_back(m_data_name, clip(m_text));
      } else if (depth >= 4 && m_path[1] == "UserData") {
        // A leaf under UserData/<Type>/...: name it by its element.
        m_event.data.emplace_back(token.name, clip(m_text));
      }
    }
    m_capture = false; // a parent's text after a child is not a value
    m_text.clear();
    m_path.pop_back();
  }

  std::string_view m_name;
  const EventSink& m_sink;
  ReadStats& m_stats;
  Event m_event;
  std::vector<std::string> m_path;
  std::string m_text;
  std::string m_data_name;
  bool m_in_event = false;
  bool m_capture = false;
  bool m_saw_event_id = false;
  unsigned m_unnamed = 0;
  std::uint64_t m_event_offset = 0;
  bool m_broken_event = false; // the last token was an error inside an <Event>
};

} // namespace

ReadStats
read_xml_events(TextStream& in, std::string_view name, const EventSink& sink)
{
  ReadStats stats;
  Tokenizer tokenizer(in);
  EventBuilder builder(name, sink, stats);
  builder.run(tokenizer);
  return stats;
}

std::optional<std::string>
parse_event_xml(std::string_view xml, Event& event)
{
  MemorySource source(xml);
  TextStream in(source);
  bool got = false;
  const auto stats = read_xml_events(in, "record", [&](const Event& e) {
    if (!got) {
      event = e;
      got = true;
    }
  });
  if (got) {
    return std::nullopt;
  }
  if (!stats.diagnostics.empty()) {
    return stats.diagnostics.front().message;
  }
  return std::string("no <Event> element");
}

} // namespace kerbready::events
