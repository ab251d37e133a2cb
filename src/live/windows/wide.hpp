#pragma once

// UTF-8 <-> UTF-16 for the Windows API calls of the live layer (windows/ only).

#include <windows.h>

#include <string>

namespace kerbready::collect {

// Return `text` (UTF-8) as UTF-16 for a wide Windows API; invalid UTF-8 becomes U+FFFD.
inline std::wstring
widen(const std::string& text)
{
  if (text.empty()) {
    return {};
  }
  const int size = MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), nullptr, 0);
  std::wstring out(static_cast<std::size_t>(size > 0 ? size : 0), L'\0');
  if (size > 0) {
    MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), out.data(), size);
  }
  return out;
}

// Return the NUL-terminated UTF-16 `text` as UTF-8 (empty for nullptr); unpaired surrogates become U+FFFD.
inline std::string
narrow(const wchar_t* text)
{
  if (text == nullptr || *text == L'\0') {
    return {};
  }
  const int size = WideCharToMultiByte(CP_UTF8, 0, text, -1, nullptr, 0, nullptr, nullptr);
  if (size <= 1) {
    return {};
  }
  std::string out(static_cast<std::size_t>(size), '\0');
  WideCharToMultiByte(CP_UTF8, 0, text, -1, out.data(), size, nullptr, nullptr);
  out.resize(static_cast<std::size_t>(size - 1));
  return out;
}

} // namespace kerbready::collect
