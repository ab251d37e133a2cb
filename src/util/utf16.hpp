#pragma once

// UTF-16LE text as stored in directory blobs and SYSVOL files.

#include <cstdint>
#include <string>
#include <string_view>

namespace kerbready::util {

// Append code point `cp` to `out` as UTF-8; surrogates and values above U+10FFFF become U+FFFD.
void append_utf8(std::string& out, std::uint32_t cp);

// Decode UTF-16LE `bytes` to UTF-8. Unpaired surrogates become U+FFFD; an odd trailing byte is
// dropped. Never reads past the end.
[[nodiscard]] std::string utf16le_to_utf8(std::string_view bytes);

// Return `bytes` as UTF-8 text: UTF-16LE after a FF FE byte-order mark is decoded, a UTF-8 BOM
// is removed, anything else is returned as is.
[[nodiscard]] std::string decode_text_with_bom(std::string_view bytes);

} // namespace kerbready::util
