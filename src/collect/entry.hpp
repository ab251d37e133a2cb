#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kerbready::collect {

// One attribute of a directory entry. `name` is lowercase without options: "member;range=0-1499"
// and "member;range=1500-*" both land in "member", in order.
struct Attribute
{
  std::string name;
  std::vector<std::string> values; // raw bytes (binary values decoded from base64)
};

// A directory entry as read from LDAP or LDIF, before it becomes part of a Snapshot.
struct Entry
{
  std::string dn;
  std::vector<Attribute> attributes;
  std::string origin; // "file:line" or "ldap://dc/…", for diagnostics

  // Return the values of attribute `lower_name`, or nullptr when absent.
  [[nodiscard]] const std::vector<std::string>* find(std::string_view lower_name) const
  {
    for (const auto& attribute : attributes) {
      if (attribute.name == lower_name) {
        return &attribute.values;
      }
    }
    return nullptr;
  }

  // Return the first value of `lower_name`, or nullptr.
  [[nodiscard]] const std::string* first(std::string_view lower_name) const
  {
    const auto* values = find(lower_name);
    return values == nullptr || values->empty() ? nullptr : &values->front();
  }

  // Append `value` to attribute `raw_name` (any case, options such as ;range= removed).
  void add_value(std::string_view raw_name, std::string value);
};

// Return `raw_name` lowercased with its options (";range=0-1499", ";binary") removed.
[[nodiscard]] std::string attribute_base_name(std::string_view raw_name);

} // namespace kerbready::collect
