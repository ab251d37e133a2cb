#pragma once

// The one escaper of markup reports: directory strings become text a browser or a Markdown renderer
// shows as written, never markup. Input is already sanitized (util::sanitize: one line, no control
// characters).

#include <string>
#include <string_view>

namespace kerbready::reports {

enum class Markup {
  html,     // text and attribute values: & < > " '
  markdown, // inline text and table cells: & < > as HTML entities (renderers pass HTML through),
            // and a backslash before | \ ` * _ [ ] # ~
};

[[nodiscard]] std::string escape_markup(std::string_view clean, Markup markup);

} // namespace kerbready::reports
