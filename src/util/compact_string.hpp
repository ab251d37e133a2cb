#pragma once

// An owning string of 16 bytes, for the single-valued text fields of the snapshot model (an
// account's DN, SID, sAMAccountName, dNSHostName ...).
//
// Why: an account carries nine such fields. As std::string each is 32 bytes even when empty (most
// are: users have no dNSHostName, few accounts an authentication policy), and a million-object
// forest holds nearly a million accounts: the account array alone was 409 MiB of a 1.4 GiB peak
// (heaptrack, 1M objects). Here a value of up to 14 bytes is kept in place (a sAMAccountName, a
// short domain name) and a longer one in a heap block of its exact size.
//
// It reads as a std::string_view (implicit conversion, and the view's read-only members), and
// assigns from any string. It is not a std::string: code that needs one says `.str()`. The bytes
// are always followed by a NUL, so c_str() works.

#include <fmt/format.h>

#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace kerbready::util {

class CompactString
{
public:
  using size_type = std::size_t;
  using const_iterator = const char*;
  using iterator = const char*;
  using value_type = char;
  static constexpr size_type npos = std::string_view::npos;

  CompactString() noexcept { set_inline_size(0); }
  CompactString(std::string_view text) { assign(text); }              // NOLINT(google-explicit-constructor)
  CompactString(const std::string& text) { assign(text); }            // NOLINT(google-explicit-constructor)
  CompactString(const char* text) { assign(std::string_view(text)); } // NOLINT(google-explicit-constructor)
  CompactString(const CompactString& other) { assign(other.view()); }
  CompactString(CompactString&& other) noexcept
  {
    std::memcpy(m_bytes, other.m_bytes, sizeof m_bytes);
    other.set_inline_size(0);
  }
  CompactString& operator=(const CompactString& other)
  {
    if (this != &other) {
      assign(other.view());
    }
    return *this;
  }
  CompactString& operator=(CompactString&& other) noexcept
  {
    if (this != &other) {
      release();
      std::memcpy(m_bytes, other.m_bytes, sizeof m_bytes);
      other.set_inline_size(0);
    }
    return *this;
  }
  CompactString& operator=(std::string_view text)
  {
    assign(text);
    return *this;
  }
  CompactString& operator=(const std::string& text)
  {
    assign(text);
    return *this;
  }
  CompactString& operator=(const char* text)
  {
    assign(std::string_view(text));
    return *this;
  }
  ~CompactString() { release(); }

  // Replace the value with `text` (which may be a view of this string's own bytes).
  void assign(std::string_view text)
  {
    if (text.empty()) {
      release(); // not memcpy from the null data() of an empty view: undefined, even for 0 bytes
      set_inline_size(0);
      return;
    }
    if (text.size() <= k_inline_capacity) {
      char copy[k_inline_capacity];
      std::memcpy(copy, text.data(), text.size()); // before release(): `text` may be our own bytes
      release();
      std::memcpy(m_bytes, copy, text.size());
      m_bytes[text.size()] = '\0';
      set_inline_size(text.size());
      return;
    }
    auto* block = new char[text.size() + 1];
    std::memcpy(block, text.data(), text.size());
    block[text.size()] = '\0';
    release();
    const auto size = static_cast<std::uint32_t>(text.size());
    std::memcpy(m_bytes, &block, sizeof block);
    std::memcpy(m_bytes + sizeof block, &size, sizeof size);
    m_bytes[k_tag] = 0;
  }
  void clear() { assign(std::string_view()); }

  [[nodiscard]] std::string_view view() const noexcept { return {data(), size()}; }
  operator std::string_view() const noexcept { return view(); } // NOLINT(google-explicit-constructor)
  [[nodiscard]] std::string str() const { return std::string(view()); }

  [[nodiscard]] const char* data() const noexcept { return is_inline() ? m_bytes : heap_block(); }
  [[nodiscard]] const char* c_str() const noexcept { return data(); }
  [[nodiscard]] size_type size() const noexcept
  {
    if (is_inline()) {
      return static_cast<unsigned char>(m_bytes[k_tag]) & 0x7Fu;
    }
    std::uint32_t size = 0;
    std::memcpy(&size, m_bytes + sizeof(char*), sizeof size);
    return size;
  }
  [[nodiscard]] size_type length() const noexcept { return size(); }
  [[nodiscard]] bool empty() const noexcept { return size() == 0; }
  [[nodiscard]] const char* begin() const noexcept { return data(); }
  [[nodiscard]] const char* end() const noexcept { return data() + size(); }
  [[nodiscard]] char operator[](size_type i) const noexcept { return data()[i]; }
  [[nodiscard]] char front() const noexcept { return data()[0]; }
  [[nodiscard]] char back() const noexcept { return data()[size() - 1]; }

  // The read-only members of std::string_view, on the value.
  [[nodiscard]] std::string_view substr(size_type pos, size_type count = npos) const
  {
    return view().substr(pos, count);
  }
  [[nodiscard]] size_type find(std::string_view needle, size_type pos = 0) const noexcept
  {
    return view().find(needle, pos);
  }
  [[nodiscard]] size_type find(char c, size_type pos = 0) const noexcept { return view().find(c, pos); }
  [[nodiscard]] size_type rfind(std::string_view needle, size_type pos = npos) const noexcept
  {
    return view().rfind(needle, pos);
  }
  [[nodiscard]] size_type rfind(char c, size_type pos = npos) const noexcept { return view().rfind(c, pos); }
  [[nodiscard]] size_type find_first_of(std::string_view chars, size_type pos = 0) const noexcept
  {
    return view().find_first_of(chars, pos);
  }
  [[nodiscard]] size_type find_last_of(std::string_view chars, size_type pos = npos) const noexcept
  {
    return view().find_last_of(chars, pos);
  }
  [[nodiscard]] int compare(std::string_view other) const noexcept { return view().compare(other); }
  [[nodiscard]] bool starts_with(std::string_view prefix) const noexcept { return view().starts_with(prefix); }
  [[nodiscard]] bool ends_with(std::string_view suffix) const noexcept { return view().ends_with(suffix); }

  friend bool operator==(const CompactString& a, const CompactString& b) noexcept { return a.view() == b.view(); }
  friend bool operator==(const CompactString& a, std::string_view b) noexcept { return a.view() == b; }
  friend bool operator==(const CompactString& a, const std::string& b) noexcept { return a.view() == b; }
  friend bool operator==(const CompactString& a, const char* b) noexcept { return a.view() == b; }
  friend std::strong_ordering operator<=>(const CompactString& a, const CompactString& b) noexcept
  {
    return a.view() <=> b.view();
  }
  friend std::strong_ordering operator<=>(const CompactString& a, std::string_view b) noexcept
  {
    return a.view() <=> b;
  }
  friend std::strong_ordering operator<=>(const CompactString& a, const std::string& b) noexcept
  {
    return a.view() <=> std::string_view(b);
  }
  friend std::strong_ordering operator<=>(const CompactString& a, const char* b) noexcept
  {
    return a.view() <=> std::string_view(b);
  }
  friend std::string operator+(const CompactString& a, std::string_view b) { return a.str().append(b); }
  friend std::string operator+(std::string_view a, const CompactString& b) { return std::string(a).append(b.view()); }
  friend std::string operator+(const CompactString& a, char b) { return a.str() + b; }
  friend std::string operator+(char a, const CompactString& b) { return a + b.str(); }
  friend std::string operator+(const CompactString& a, const std::string& b) { return a.str().append(b); }
  friend std::string operator+(const std::string& a, const CompactString& b) { return std::string(a).append(b.view()); }
  friend std::string operator+(const CompactString& a, const char* b) { return a.str().append(b); }
  friend std::string operator+(const char* a, const CompactString& b) { return std::string(a).append(b.view()); }
  friend std::ostream& operator<<(std::ostream& out, const CompactString& text) { return out << text.view(); }

private:
  // Inline: the bytes, a NUL, and in the last byte 0x80 | size. On the heap: the block's address,
  // the 4-byte size, and a zero last byte.
  static constexpr std::size_t k_tag = 15;
  static constexpr std::size_t k_inline_capacity = 14;

  [[nodiscard]] bool is_inline() const noexcept { return (static_cast<unsigned char>(m_bytes[k_tag]) & 0x80u) != 0; }
  [[nodiscard]] char* heap_block() const noexcept
  {
    char* block = nullptr;
    std::memcpy(&block, m_bytes, sizeof block);
    return block;
  }
  void set_inline_size(std::size_t size) noexcept
  {
    m_bytes[size] = '\0';
    m_bytes[k_tag] = static_cast<char>(0x80u | size);
  }
  void release() noexcept
  {
    if (!is_inline()) {
      delete[] heap_block();
      set_inline_size(0);
    }
  }

  char m_bytes[16] = {};
};

static_assert(sizeof(CompactString) == 16);

} // namespace kerbready::util

template <> struct std::hash<kerbready::util::CompactString>
{
  std::size_t operator()(const kerbready::util::CompactString& text) const noexcept
  {
    return std::hash<std::string_view>{}(text.view());
  }
};

template <> struct fmt::formatter<kerbready::util::CompactString> : fmt::formatter<fmt::string_view>
{
  template <typename Context> auto format(const kerbready::util::CompactString& text, Context& context) const
  {
    return fmt::formatter<fmt::string_view>::format(fmt::string_view(text.data(), text.size()), context);
  }
};
