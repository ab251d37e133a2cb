#include "reports/escape.hpp"

namespace kerbready::reports {

std::string
escape_markup(std::string_view clean, Markup markup)
{
  const bool html = markup == Markup::html;
  std::string out;
  out.reserve(clean.size());
  for (const char c : clean) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += html ? "&quot;" : "\"";
      break;
    case '\'':
      out += html ? "&#39;" : "'";
      break;
    case '|':
    case '\\':
    case '`':
    case '*':
    case '_':
    case '[':
    case ']':
    case '#':
    case '~':
      if (!html) {
        out += '\\';
      }
      out += c;
      break;
    default:
      out += c;
    }
  }
  return out;
}

} // namespace kerbready::reports
