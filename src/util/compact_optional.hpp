#pragma once

// Two std::optional stand-ins that take less room in the snapshot model, where a million accounts
// each carry several optional fields:
//
// - PackedOptional<T>: a small trivially copyable T (an integer) and its presence flag, with no
//   padding: 9 bytes for a 64-bit integer where std::optional<std::int64_t> takes 16, because its
//   alignment is 1. The value is read and written through memcpy, so no access is misaligned.
// - BoxedOptional<T>: a T that is nearly always absent (the SIDs an account's
//   msDS-AllowedToActOnBehalfOfOtherIdentity allows) kept on the heap: one pointer where
//   std::optional<std::vector<std::string>> takes 32 bytes. Copies copy the value.
//
// Both read as std::optional does (if (x), *x, x.value_or(v), x == v, x == std::nullopt) and are
// assigned from a T, std::nullopt or a std::optional<T>.

#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace kerbready::util {

template <typename T> class PackedOptional
{
  static_assert(std::is_trivially_copyable_v<T>);

public:
  PackedOptional() = default;
  PackedOptional(std::nullopt_t) {}             // NOLINT(google-explicit-constructor)
  PackedOptional(T value) { set(value); }       // NOLINT(google-explicit-constructor)
  PackedOptional(const std::optional<T>& value) // NOLINT(google-explicit-constructor)
  {
    if (value) {
      set(*value);
    }
  }
  PackedOptional& operator=(std::nullopt_t)
  {
    m_present = false;
    return *this;
  }
  PackedOptional& operator=(T value)
  {
    set(value);
    return *this;
  }
  PackedOptional& operator=(const std::optional<T>& value)
  {
    *this = PackedOptional(value);
    return *this;
  }

  [[nodiscard]] bool has_value() const { return m_present; }
  explicit operator bool() const { return m_present; }
  [[nodiscard]] T operator*() const
  {
    T value;
    std::memcpy(&value, m_bytes, sizeof value);
    return value;
  }
  [[nodiscard]] T value() const
  {
    if (!m_present) {
      throw std::bad_optional_access();
    }
    return **this;
  }
  [[nodiscard]] T value_or(T fallback) const { return m_present ? **this : fallback; }
  [[nodiscard]] std::optional<T> get() const { return m_present ? std::optional<T>(**this) : std::nullopt; }
  operator std::optional<T>() const { return get(); } // NOLINT(google-explicit-constructor)
  void reset() { m_present = false; }

  friend bool operator==(const PackedOptional& a, const PackedOptional& b) { return a.get() == b.get(); }
  friend bool operator==(const PackedOptional& a, std::nullopt_t) { return !a.m_present; }
  friend bool operator==(const PackedOptional& a, const T& b) { return a.m_present && *a == b; }
  // As std::optional compares: two empty ones are equal, and an integer of another type is compared
  // by value (std::cmp_equal), not narrowed to T.
  friend bool operator==(const PackedOptional& a, const std::optional<T>& b) { return a.get() == b; }
  template <typename U>
  requires(std::is_integral_v<U> && !std::is_same_v<U, T> && !std::is_same_v<U, bool>) friend bool
  operator==(const PackedOptional& a, const U& b)
  {
    return a.m_present && std::cmp_equal(*a, b);
  }

private:
  void set(T value)
  {
    std::memcpy(m_bytes, &value, sizeof value);
    m_present = true;
  }

  unsigned char m_bytes[sizeof(T)] = {};
  bool m_present = false;
};

static_assert(sizeof(PackedOptional<long long>) == sizeof(long long) + 1);
static_assert(alignof(PackedOptional<long long>) == 1);

template <typename T> class BoxedOptional
{
public:
  BoxedOptional() = default;
  BoxedOptional(std::nullopt_t) {}                                           // NOLINT(google-explicit-constructor)
  BoxedOptional(T value) : m_value(std::make_unique<T>(std::move(value))) {} // NOLINT(google-explicit-constructor)
  BoxedOptional(const BoxedOptional& other) : m_value(other.m_value ? std::make_unique<T>(*other.m_value) : nullptr) {}
  BoxedOptional(BoxedOptional&&) noexcept = default;
  BoxedOptional& operator=(const BoxedOptional& other)
  {
    if (this != &other) {
      m_value = other.m_value ? std::make_unique<T>(*other.m_value) : nullptr;
    }
    return *this;
  }
  BoxedOptional& operator=(BoxedOptional&&) noexcept = default;
  BoxedOptional& operator=(std::nullopt_t)
  {
    m_value.reset();
    return *this;
  }
  BoxedOptional& operator=(T value)
  {
    m_value = std::make_unique<T>(std::move(value));
    return *this;
  }
  ~BoxedOptional() = default;

  [[nodiscard]] bool has_value() const { return m_value != nullptr; }
  explicit operator bool() const { return m_value != nullptr; }
  [[nodiscard]] const T& operator*() const { return *m_value; }
  [[nodiscard]] T& operator*() { return *m_value; }
  [[nodiscard]] const T* operator->() const { return m_value.get(); }
  [[nodiscard]] T* operator->() { return m_value.get(); }
  void reset() { m_value.reset(); }

  friend bool operator==(const BoxedOptional& a, std::nullopt_t) { return !a.m_value; }
  friend bool operator==(const BoxedOptional& a, const BoxedOptional& b)
  {
    return a.m_value && b.m_value ? *a.m_value == *b.m_value : a.m_value == b.m_value;
  }

private:
  std::unique_ptr<T> m_value;
};

} // namespace kerbready::util
