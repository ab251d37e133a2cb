#pragma once

// A list of strings in one heap block: the values back to back, each found through a 4-byte end
// offset. The object is one pointer; an empty list allocates nothing.
//
// Why: group membership is the bulk of a large directory. A million-object forest holds about
// 1.5 million `member` values and as many `memberOf` values, nearly all DNs of 40-80 bytes. As
// std::vector<std::string>, each cost a 32-byte std::string plus a heap block of its own (about
// 45 bytes more than the DN itself, 130 MB at that scale, and a malloc and free apiece). The
// interface is the part of std::vector<std::string> the code uses, with values read as
// std::string_view: push_back, size/empty, front/back, [i], iteration, and assignment from a
// vector or a braced list of strings.

#include <algorithm>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kerbready::util {

class StringList
{
public:
  class const_iterator
  {
  public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = std::string_view;

    const_iterator() = default;
    const_iterator(const StringList* list, std::size_t i) : m_list(list), m_i(i) {}
    std::string_view operator*() const { return (*m_list)[m_i]; }
    std::string_view operator[](difference_type n) const { return (*m_list)[m_i + static_cast<std::size_t>(n)]; }
    const_iterator& operator++()
    {
      ++m_i;
      return *this;
    }
    // A plain (non-const) copy, as the C++20 iterator concepts require of the postfix forms.
    const_iterator operator++(int) // NOLINT(cert-dcl21-cpp)
    {
      auto old = *this;
      ++m_i;
      return old;
    }
    const_iterator& operator--()
    {
      --m_i;
      return *this;
    }
    const_iterator operator--(int) // NOLINT(cert-dcl21-cpp)
    {
      auto old = *this;
      --m_i;
      return old;
    }
    const_iterator& operator+=(difference_type n)
    {
      m_i = static_cast<std::size_t>(static_cast<difference_type>(m_i) + n);
      return *this;
    }
    const_iterator& operator-=(difference_type n) { return *this += -n; }
    friend const_iterator operator+(const_iterator it, difference_type n) { return it += n; }
    friend const_iterator operator+(difference_type n, const_iterator it) { return it += n; }
    friend const_iterator operator-(const_iterator it, difference_type n) { return it -= n; }
    friend difference_type operator-(const const_iterator& a, const const_iterator& b)
    {
      return static_cast<difference_type>(a.m_i) - static_cast<difference_type>(b.m_i);
    }
    friend bool operator==(const const_iterator& a, const const_iterator& b) { return a.m_i == b.m_i; }
    friend auto operator<=>(const const_iterator& a, const const_iterator& b) { return a.m_i <=> b.m_i; }

  private:
    const StringList* m_list = nullptr;
    std::size_t m_i = 0;
  };
  using value_type = std::string_view;

  StringList() = default;
  StringList(std::initializer_list<std::string_view> values) { assign(values.begin(), values.end()); }
  explicit StringList(const std::vector<std::string>& values) { assign(values.begin(), values.end()); }
  StringList(const StringList& other) { assign(other.begin(), other.end()); }
  StringList(StringList&&) noexcept = default;
  StringList& operator=(const StringList& other)
  {
    if (this != &other) {
      StringList copy(other);
      *this = std::move(copy);
    }
    return *this;
  }
  StringList& operator=(StringList&&) noexcept = default;
  StringList& operator=(std::initializer_list<std::string_view> values)
  {
    assign(values.begin(), values.end());
    return *this;
  }
  StringList& operator=(const std::vector<std::string>& values)
  {
    assign(values.begin(), values.end());
    return *this;
  }
  ~StringList() = default;

  // Replace the values with [first, last), in one block of exactly their size. The range may be
  // this list's own values: the new block is filled before the old one is freed.
  template <typename It> void assign(It first, It last)
  {
    std::size_t count = 0;
    std::size_t bytes = 0;
    for (auto it = first; it != last; ++it) {
      ++count;
      bytes += std::string_view(*it).size();
    }
    StringList fresh;
    if (count != 0) {
      fresh.reserve(count, bytes);
      for (auto it = first; it != last; ++it) {
        fresh.push_back(std::string_view(*it));
      }
    }
    m_block = std::move(fresh.m_block);
  }

  void push_back(std::string_view value)
  {
    const auto count = size();
    if (m_block == nullptr || count == m_block[k_ends_capacity] ||
        value.size() > m_block[k_chars_capacity] - m_block[k_chars_used]) {
      const std::size_t chars = m_block == nullptr ? 0 : m_block[k_chars_used];
      reserve(std::max<std::size_t>(count * 2, 1), std::max<std::size_t>(chars * 2, chars + value.size()));
    }
    std::memcpy(chars() + m_block[k_chars_used], value.data(), value.size());
    m_block[k_chars_used] += static_cast<std::uint32_t>(value.size());
    ends()[count] = m_block[k_chars_used];
    ++m_block[k_count];
  }

  [[nodiscard]] std::size_t size() const { return m_block == nullptr ? 0 : m_block[k_count]; }
  [[nodiscard]] bool empty() const { return size() == 0; }
  [[nodiscard]] std::string_view operator[](std::size_t i) const
  {
    const std::uint32_t begin = i == 0 ? 0 : ends()[i - 1];
    return {chars() + begin, ends()[i] - begin};
  }
  [[nodiscard]] std::string_view front() const { return (*this)[0]; }
  [[nodiscard]] std::string_view back() const { return (*this)[size() - 1]; }
  [[nodiscard]] std::vector<std::string> to_vector() const { return {begin(), end()}; }
  [[nodiscard]] const_iterator begin() const { return {this, 0}; }
  [[nodiscard]] const_iterator end() const { return {this, size()}; }

  friend bool operator==(const StringList& a, const StringList& b)
  {
    if (a.size() != b.size()) {
      return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    return true;
  }

private:
  // The block: four counters, `ends capacity` end offsets, then `chars capacity` bytes of values.
  static constexpr std::size_t k_count = 0;
  static constexpr std::size_t k_ends_capacity = 1;
  static constexpr std::size_t k_chars_used = 2;
  static constexpr std::size_t k_chars_capacity = 3;
  static constexpr std::size_t k_header = 4;
  [[nodiscard]] std::uint32_t* ends() const { return m_block.get() + k_header; }
  [[nodiscard]] char* chars() const { return reinterpret_cast<char*>(ends() + m_block[k_ends_capacity]); }

  // Make room for `count` values of `bytes` bytes in all, keeping the values held.
  void reserve(std::size_t count, std::size_t bytes)
  {
    if (count > UINT32_MAX || bytes > UINT32_MAX) {
      throw std::length_error("string list too large");
    }
    std::unique_ptr<std::uint32_t[]> block(new std::uint32_t[k_header + count + (bytes + 3) / 4]);
    block[k_count] = 0;
    block[k_ends_capacity] = static_cast<std::uint32_t>(count);
    block[k_chars_used] = 0;
    block[k_chars_capacity] = static_cast<std::uint32_t>(bytes);
    if (m_block != nullptr) {
      const auto held = m_block[k_count];
      std::memcpy(block.get() + k_header, ends(), held * sizeof(std::uint32_t));
      std::memcpy(reinterpret_cast<char*>(block.get() + k_header + count), chars(), m_block[k_chars_used]);
      block[k_count] = held;
      block[k_chars_used] = m_block[k_chars_used];
    }
    m_block = std::move(block);
  }

  std::unique_ptr<std::uint32_t[]> m_block;
};

} // namespace kerbready::util
