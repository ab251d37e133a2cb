#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kerbready::util {

// Return `s` with ASCII letters lowered (directory names compare case-insensitively).
[[nodiscard]] std::string to_lower(std::string_view s);

// Append `s` to `out` with ASCII letters lowered (no temporary string).
void append_lower(std::string& out, std::string_view s);

// Lower the ASCII letters of `s` in place.
void lower_in_place(std::string& s);

// Return `s` with ASCII letters raised.
[[nodiscard]] std::string to_upper(std::string_view s);

// Upper the ASCII letters of `s` in place.
void upper_in_place(std::string& s);

// Return whether `a` and `b` are equal ignoring ASCII case.
[[nodiscard]] bool iequals(std::string_view a, std::string_view b);

// Return whether `s` starts with `prefix`, ignoring ASCII case.
[[nodiscard]] bool istarts_with(std::string_view s, std::string_view prefix);

// Return whether `s` ends with `suffix`, ignoring ASCII case.
[[nodiscard]] bool iends_with(std::string_view s, std::string_view suffix);

// Return `s` without leading and trailing spaces and tabs.
[[nodiscard]] std::string_view trim(std::string_view s);

// Split `s` at every `sep`; empty fields are kept.
[[nodiscard]] std::vector<std::string_view> split(std::string_view s, char sep);

// Return whether `s` is valid UTF-8.
[[nodiscard]] bool is_valid_utf8(std::string_view s);

// Return `s` safe to print on a terminal or in a page: control characters, DEL, C1 controls,
// bidirectional formatting controls (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069), the
// line and paragraph separators U+2028/U+2029 and invalid UTF-8 bytes become visible escapes
// (\x1b, \u009b, \u202e, \xff), so directory content can neither inject terminal sequences nor
// reorder what a reader sees. Strings longer than `max_bytes` are cut with a "…(N bytes)" marker.
[[nodiscard]] std::string sanitize(std::string_view s, std::size_t max_bytes = 4096);

// Return `s` as valid UTF-8: invalid bytes are replaced by U+FFFD. Used for JSON output.
[[nodiscard]] std::string to_valid_utf8(std::string_view s);

// Parse a decimal integer (optionally negative) that fills all of `s`.
[[nodiscard]] std::optional<std::int64_t> parse_int(std::string_view s);

// Decode standard base64 (RFC 4648) with padding; whitespace is not allowed.
[[nodiscard]] std::optional<std::string> base64_decode(std::string_view s);

// Encode `bytes` as standard base64 with padding.
[[nodiscard]] std::string base64_encode(std::string_view bytes);

// Return the 64-bit FNV-1a hash of `bytes` (stable across machines and runs).
[[nodiscard]] std::uint64_t fnv1a64(std::string_view bytes);

} // namespace kerbready::util
