#include "src/util/text.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>

namespace kerbready::util {

namespace {

char
lower_char(char c)
{
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

char
upper_char(char c)
{
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

// Length of the valid UTF-8 sequence starting at `s[i]`, or 0 when it is invalid.
std::size_t
utf8_sequence_length(std::string_view s, std::size_t i)
{
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t len = 0;
  std::uint32_t cp = 0;
  if (b0 < 0x80) {
    return 1;
  }
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    cp = b0 & 0x1Fu;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0Fu;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07u;
  } else {
    return 0;
  }
  if (i + len > s.size()) {
    return 0;
  }
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0u) != 0x80u) {
      return 0;
    }
    cp = (cp << 6) | (b & 0x3Fu);
  }
  // Reject overlong forms, surrogates and values above U+10FFFF.
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}

// The code point of the UTF-8 sequence `seq` when it is a bidirectional formatting control
// (U+061C ALM, U+200E LRM, U+200F RLM, U+202A..U+202E embeddings and overrides, U+2066..U+2069
// isolates) or a line/paragraph separator (U+2028, U+2029); these reorder or break what a reader
// sees ("Trojan Source"), so they are shown escaped like other controls.
std::optional<std::uint32_t>
bidi_control(std::string_view seq)
{
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(seq[k]); };
  if (seq.size() == 2 && byte(0) == 0xD8 && byte(1) == 0x9C) {
    return 0x061C;
  }
  if (seq.size() != 3 || byte(0) != 0xE2) {
    return std::nullopt;
  }
  const std::uint32_t cp = 0x2000u | ((byte(1) & 0x3Fu) << 6) | (byte(2) & 0x3Fu);
  if (cp == 0x200E || cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
    return cp;
  }
  return std::nullopt;
}

constexpr std::string_view k_base64_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Reverse of k_base64_alphabet: byte -> 6-bit value, -1 for bytes outside the alphabet. Built at
// compile time: every binary LDIF value (one objectSid per account) is decoded with it.
constexpr std::array<int, 256> k_base64_values = [] {
  std::array<int, 256> table{};
  table.fill(-1);
  for (std::size_t i = 0; i < k_base64_alphabet.size(); ++i) {
    table[static_cast<unsigned char>(k_base64_alphabet[i])] = static_cast<int>(i);
  }
  return table;
}();

} // namespace

std::string
to_lower(std::string_view s)
{
  std::string out(s);
  for (auto& c : out) {
    c = lower_char(c);
  }
  return out;
}

void
append_lower(std::string& out, std::string_view s)
{
  const auto start = out.size();
  out.append(s);
  for (auto i = start; i < out.size(); ++i) {
    out[i] = lower_char(out[i]);
  }
}

void
upper_in_place(std::string& s)
{
  for (auto& c : s) {
    c = upper_char(c);
  }
}

void
lower_in_place(std::string& s)
{
  for (auto& c : s) {
    c = lower_char(c);
  }
}

std::string
to_upper(std::string_view s)
{
  std::string out(s);
  for (auto& c : out) {
    c = upper_char(c);
  }
  return out;
}

bool
iequals(std::string_view a, std::string_view b)
{
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower_char(a[i]) != lower_char(b[i])) {
      return false;
    }
  }
  return true;
}

bool
istarts_with(std::string_view s, std::string_view prefix)
{
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool
iends_with(std::string_view s, std::string_view suffix)
{
  return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

std::string_view
trim(std::string_view s)
{
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string_view>
split(std::string_view s, char sep)
{
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const auto pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

bool
is_valid_utf8(std::string_view s)
{
  for (std::size_t i = 0; i < s.size();) {
    const auto len = utf8_sequence_length(s, i);
    if (len == 0) {
      return false;
    }
    i += len;
  }
  return true;
}

std::string
sanitize(std::string_view s, std::size_t max_bytes)
{
  const bool cut = s.size() > max_bytes;
  const std::string_view shown = cut ? s.substr(0, max_bytes) : s;
  std::string out;
  out.reserve(shown.size());
  for (std::size_t i = 0; i < shown.size();) {
    const auto len = utf8_sequence_length(shown, i);
    const auto b = static_cast<unsigned char>(shown[i]);
    if (len == 0) {
      out += fmt::format("\\x{:02x}", b);
      i += 1;
    } else if (len == 1) {
      if (b < 0x20 || b == 0x7F) {
        out += fmt::format("\\x{:02x}", b);
      } else {
        out += static_cast<char>(b);
      }
      i += 1;
    } else {
      // C1 controls (U+0080..U+009F) are encoded as C2 80..C2 9F; CSI is U+009B.
      const auto b1 = static_cast<unsigned char>(shown[i + 1]);
      if (len == 2 && b == 0xC2 && b1 < 0xA0) {
        out += fmt::format("\\u{:04x}", b1);
      } else if (const auto cp = bidi_control(shown.substr(i, len))) {
        out += fmt::format("\\u{:04x}", *cp);
      } else {
        out.append(shown.substr(i, len));
      }
      i += len;
    }
  }
  if (cut) {
    out += fmt::format("…({} bytes)", s.size());
  }
  return out;
}

std::string
to_valid_utf8(std::string_view s)
{
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto len = utf8_sequence_length(s, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      i += 1;
    } else {
      out.append(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::optional<std::int64_t>
parse_int(std::string_view s)
{
  std::int64_t value = 0;
  if (s.empty()) {
    return std::nullopt;
  }
  const auto* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, value);
  if (ec != std::errc{} || ptr != end) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::string>
base64_decode(std::string_view s)
{
  if (s.size() % 4 != 0) {
    return std::nullopt;
  }
  std::string out;
  out.reserve(s.size() / 4 * 3);
  for (std::size_t i = 0; i < s.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const char c = s[i + k];
      if (c == '=') {
        // Padding only in the last group, only at its end.
        if (i + 4 != s.size() || k < 2) {
          return std::nullopt;
        }
        v[k] = 0;
        ++pad;
      } else {
        if (pad > 0) {
          return std::nullopt;
        }
        v[k] = k_base64_values[static_cast<unsigned char>(c)];
        if (v[k] < 0) {
          return std::nullopt;
        }
      }
    }
    const auto triple = (static_cast<std::uint32_t>(v[0]) << 18) | (static_cast<std::uint32_t>(v[1]) << 12) |
                        (static_cast<std::uint32_t>(v[2]) << 6) | static_cast<std::uint32_t>(v[3]);
    out += static_cast<char>((triple >> 16) & 0xFFu);
    if (pad < 2) {
      out += static_cast<char>((triple >> 8) & 0xFFu);
    }
    if (pad < 1) {
      out += static_cast<char>(triple & 0xFFu);
    }
  }
  return out;
}

std::string
base64_encode(std::string_view bytes)
{
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t triple = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) {
      triple |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    }
    if (i + 2 < bytes.size()) {
      triple |= static_cast<unsigned char>(bytes[i + 2]);
    }
    out += k_base64_alphabet[(triple >> 18) & 0x3Fu];
    out += k_base64_alphabet[(triple >> 12) & 0x3Fu];
    out += (i + 1 < bytes.size()) ? k_base64_alphabet[(triple >> 6) & 0x3Fu] : '=';
    out += (i + 2 < bytes.size()) ? k_base64_alphabet[triple & 0x3Fu] : '=';
  }
  return out;
}

std::uint64_t
fnv1a64(std::string_view bytes)
{
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

} // namespace kerbready::util
