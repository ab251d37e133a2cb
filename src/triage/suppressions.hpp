#pragma once

// Reading a suppressions file: accepted exceptions, each with a selector, a reason, an owner and an
// expiry date. The format is TOML (parsed with toml11), one [[suppression]] table per rule:
//
//   [[suppression]]
//   id = "SPN-DUPLICATE-434e69b8b4320ca1"   # and/or check = "SPN-MALFORMED", subject = "HTTP/*.lab.*"
//   reason = "old intranet account, removed with the Q3 migration"
//   owner = "web-team@corp.example.com"
//   expires = 2026-09-30                     # a TOML date (or the string "2026-09-30")
//
// docs/suppressions.md describes the format.

#include "src/triage/triage.hpp"
#include "src/util/error.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kerbready::triage {

// Parse the suppressions in `text`; `name` (usually the path) prefixes error messages, which are
// one line each ("NAME:LINE: message"). Unknown keys are errors, so that a misspelt selector never
// silently suppresses nothing, or everything.
[[nodiscard]] expected<std::vector<Suppression>> parse_suppressions(std::string_view text, const std::string& name);

// Check that `text` is TOML kerbready can read: nullopt, or a one-line error "NAME:LINE: message"
// (a syntax error, a UTF-16 byte-order mark, nesting deeper than util::k_max_nesting). A UTF-8
// byte-order mark is accepted. Used for --config before CLI11 reads the file.
[[nodiscard]] std::optional<std::string> check_toml(std::string_view text, const std::string& name);

// Read and parse the suppressions file at `path`.
[[nodiscard]] expected<std::vector<Suppression>> read_suppressions(const std::string& path);

} // namespace kerbready::triage
