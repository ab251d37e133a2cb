#pragma once

// A list of non-null pointers that holds its first one in place: 16 bytes, and no heap block until
// a second pointer comes.
//
// Why: the SPN and host-name indexes map millions of names to the accounts that hold them, nearly
// always one. As std::vector each name cost 24 bytes plus a 32-byte heap block for that one
// pointer (about 120 MB of a 1M-object scan). The interface is the part of std::vector the checks
// use: push_back, size/empty, front/back, [i] and contiguous iteration.

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <memory>
#include <vector>

namespace kerbready::util {

template <typename T> class PtrList
{
public:
  using value_type = T*;
  using const_iterator = T* const*;

  PtrList() = default;
  PtrList(const PtrList& other)
      : m_one(other.m_one), m_many(other.m_many ? std::make_unique<std::vector<T*>>(*other.m_many) : nullptr)
  {
  }
  PtrList& operator=(const PtrList& other)
  {
    if (this != &other) {
      PtrList copy(other);
      *this = std::move(copy);
    }
    return *this;
  }
  PtrList(PtrList&&) noexcept = default;
  PtrList& operator=(PtrList&&) noexcept = default;
  ~PtrList() = default;

  void push_back(T* value)
  {
    assert(value != nullptr);
    if (m_many) {
      m_many->push_back(value);
    } else if (m_one == nullptr) {
      m_one = value;
    } else {
      m_many = std::make_unique<std::vector<T*>>(std::vector<T*>{m_one, value});
    }
  }

  [[nodiscard]] std::size_t size() const { return m_many ? m_many->size() : (m_one != nullptr ? 1 : 0); }
  [[nodiscard]] bool empty() const { return size() == 0; }
  [[nodiscard]] const_iterator begin() const { return m_many ? m_many->data() : &m_one; }
  [[nodiscard]] const_iterator end() const { return begin() + size(); }
  [[nodiscard]] T* operator[](std::size_t i) const { return begin()[i]; }
  [[nodiscard]] T* front() const { return *begin(); }
  [[nodiscard]] T* back() const { return begin()[size() - 1]; }

  friend bool operator==(const PtrList& a, const PtrList& b)
  {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
  }

private:
  T* m_one = nullptr;                      // the only pointer, while there is one
  std::unique_ptr<std::vector<T*>> m_many; // all of them, from the second on
};

} // namespace kerbready::util
