#include "reports/escape.hpp"

#include <catch2/catch.hpp>

using namespace kerbready::reports;

TEST_CASE("escape_markup: HTML text and attributes", "[reports][escape]")
{
  CHECK(escape_markup(R"x(<img src=x onerror="a('b')"> & co)x", Markup::html) ==
        "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt; &amp; co");
  CHECK(escape_markup("a|b*c_d`e", Markup::html) == "a|b*c_d`e"); // Markdown marks are plain text in HTML
}

TEST_CASE("escape_markup: Markdown inline text and table cells", "[reports][escape]")
{
  CHECK(escape_markup("<b>x</b> & y", Markup::markdown) == "&lt;b&gt;x&lt;/b&gt; &amp; y");
  CHECK(escape_markup(R"(a|b\c`d*e_f[g]h#i~j)", Markup::markdown) == R"(a\|b\\c\`d\*e\_f\[g\]h\#i\~j)");
  CHECK(escape_markup(R"(say "it's")", Markup::markdown) == R"(say "it's")");
}
