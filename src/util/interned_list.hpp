#pragma once

// A list of strings that repeat across a whole snapshot, each kept once for the process.
//
// Why: an account's memberOf values name the groups it belongs to, so a million-object forest holds
// 1.5 million of them naming some 25 thousand groups (DNs of 40-80 bytes). As a util::StringList
// every account kept its own copies (about 95 MB at that scale); here each distinct value is stored
// once, in a process-wide pool, and a list holds views of it (16 bytes a value).
//
// The pool only grows: an interned string lives until the process exits. That is the point (the
// values are shared by every list and every snapshot), and it stays small because only values that
// repeat go through it. intern() may be called from several threads at once.
//
// The interface is util::StringList's (push_back, size/empty, front/back, [i], iteration, and
// assignment from a vector or a braced list of strings), with values read as std::string_view.

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kerbready::util {

// Return a view of a copy of `value` that stays valid until the process exits; equal values give
// views of the same bytes.
[[nodiscard]] std::string_view intern(std::string_view value);

class InternedList
{
  // A value: the view's parts, so that the block's first element can hold the count instead.
  struct Ref
  {
    const char* data = nullptr;
    std::size_t size = 0;
  };

public:
  using value_type = std::string_view;

  class const_iterator
  {
  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = std::string_view;

    const_iterator() = default;
    explicit const_iterator(const Ref* at) : m_at(at) {}
    std::string_view operator*() const { return {m_at->data, m_at->size}; }
    const_iterator& operator++()
    {
      ++m_at;
      return *this;
    }
    const_iterator operator++(int) // NOLINT(cert-dcl21-cpp): a plain copy, as the iterator concepts require
    {
      auto old = *this;
      ++m_at;
      return old;
    }
    friend bool operator==(const_iterator a, const_iterator b) { return a.m_at == b.m_at; }

  private:
    const Ref* m_at = nullptr;
  };

  InternedList() = default;
  InternedList(std::initializer_list<std::string_view> values) { assign(values.begin(), values.end()); }
  explicit InternedList(const std::vector<std::string>& values) { assign(values.begin(), values.end()); }
  InternedList(const InternedList& other) { assign(other.begin(), other.end()); }
  InternedList(InternedList&&) noexcept = default;
  InternedList& operator=(const InternedList& other)
  {
    if (this != &other) {
      assign(other.begin(), other.end());
    }
    return *this;
  }
  InternedList& operator=(InternedList&&) noexcept = default;
  InternedList& operator=(std::initializer_list<std::string_view> values)
  {
    assign(values.begin(), values.end());
    return *this;
  }
  InternedList& operator=(const std::vector<std::string>& values)
  {
    assign(values.begin(), values.end());
    return *this;
  }
  ~InternedList() = default;

  // Replace the values with [first, last) (safe on this list's own values: they are interned views).
  template <typename It> void assign(It first, It last)
  {
    const auto count = static_cast<std::size_t>(std::distance(first, last));
    if (count == 0) {
      m_block.reset();
      return;
    }
    auto block = std::make_unique<Ref[]>(capacity_for(count) + 1);
    block[0].size = count;
    for (std::size_t i = 1; first != last; ++first, ++i) {
      const auto value = intern(std::string_view(*first));
      block[i] = Ref{value.data(), value.size()};
    }
    m_block = std::move(block);
  }

  void push_back(std::string_view value)
  {
    const auto count = size();
    if (count == 0 || count == capacity_for(count)) { // full (or none): grow to twice
      auto block = std::make_unique<Ref[]>(capacity_for(count + 1) + 1);
      for (std::size_t i = 1; i <= count; ++i) {
        block[i] = m_block[i];
      }
      m_block = std::move(block);
    }
    const auto interned = intern(value);
    m_block[count + 1] = Ref{interned.data(), interned.size()};
    m_block[0].size = count + 1;
  }

  [[nodiscard]] std::size_t size() const { return m_block ? m_block[0].size : 0; }
  [[nodiscard]] bool empty() const { return size() == 0; }
  [[nodiscard]] std::string_view operator[](std::size_t i) const { return {m_block[i + 1].data, m_block[i + 1].size}; }
  [[nodiscard]] std::string_view front() const { return (*this)[0]; }
  [[nodiscard]] std::string_view back() const { return (*this)[size() - 1]; }
  [[nodiscard]] std::vector<std::string> to_vector() const { return {begin(), end()}; }
  [[nodiscard]] const_iterator begin() const { return const_iterator(m_block ? m_block.get() + 1 : nullptr); }
  [[nodiscard]] const_iterator end() const { return const_iterator(m_block ? m_block.get() + 1 + size() : nullptr); }

  friend bool operator==(const InternedList& a, const InternedList& b)
  {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

private:
  // The room a block for `count` values has: the next power of two, so that push_back doubles.
  static std::size_t capacity_for(std::size_t count) { return std::bit_ceil(count); }

  // [0] holds the count (in its size); the values follow.
  std::unique_ptr<Ref[]> m_block;
};

} // namespace kerbready::util
