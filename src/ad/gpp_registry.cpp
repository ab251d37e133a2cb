#include "src/ad/gpp_registry.hpp"

#include "src/util/text.hpp"
#include "src/util/utf16.hpp"

#include <fmt/format.h>

#include <optional>

namespace kerbready {

namespace {

constexpr std::size_t k_max_depth = 64;
constexpr std::size_t k_max_problems = 3;

struct XmlAttribute
{
  std::string name;
  std::string value;
};

// Decode the five predefined entities and character references; nullopt when one is malformed.
std::optional<std::string>
decode_entities(std::string_view raw)
{
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '&') {
      out += raw[i];
      continue;
    }
    const auto semi = raw.find(';', i);
    if (semi == std::string_view::npos || semi - i > 12) {
      return std::nullopt;
    }
    const auto name = raw.substr(i + 1, semi - i - 1);
    if (name == "amp") {
      out += '&';
    } else if (name == "lt") {
      out += '<';
    } else if (name == "gt") {
      out += '>';
    } else if (name == "quot") {
      out += '"';
    } else if (name == "apos") {
      out += '\'';
    } else if (name.size() >= 2 && name[0] == '#') {
      std::uint32_t cp = 0;
      const bool hex = name[1] == 'x' || name[1] == 'X';
      const auto digits = name.substr(hex ? 2 : 1);
      if (digits.empty()) {
        return std::nullopt;
      }
      for (const char c : digits) {
        int d = -1;
        if (c >= '0' && c <= '9') {
          d = c - '0';
        } else if (hex && c >= 'a' && c <= 'f') {
          d = c - 'a' + 10;
        } else if (hex && c >= 'A' && c <= 'F') {
          d = c - 'A' + 10;
        }
        if (d < 0 || cp > 0x10FFFF) {
          return std::nullopt;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
      }
      if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        cp = 0xFFFD;
      }
      util::append_utf8(out, cp);
    } else {
      return std::nullopt;
    }
    i = semi;
  }
  return out;
}

// Parse the attributes of a start tag body (after the name); nullopt when malformed.
std::optional<std::vector<XmlAttribute>>
parse_attributes(std::string_view body)
{
  std::vector<XmlAttribute> attributes;
  std::size_t i = 0;
  const auto space = [&] {
    while (i < body.size() && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
      ++i;
    }
  };
  while (true) {
    space();
    if (i >= body.size()) {
      return attributes;
    }
    const auto eq = body.find('=', i);
    if (eq == std::string_view::npos) {
      return std::nullopt;
    }
    XmlAttribute a;
    a.name = std::string(util::trim(body.substr(i, eq - i)));
    i = eq + 1;
    space();
    if (i >= body.size() || (body[i] != '"' && body[i] != '\'') || a.name.empty()) {
      return std::nullopt;
    }
    const char quote = body[i];
    const auto close = body.find(quote, i + 1);
    if (close == std::string_view::npos) {
      return std::nullopt;
    }
    auto value = decode_entities(body.substr(i + 1, close - i - 1));
    if (!value) {
      return std::nullopt;
    }
    a.value = std::move(*value);
    attributes.push_back(std::move(a));
    i = close + 1;
  }
}

const std::string*
attribute(const std::vector<XmlAttribute>& attributes, std::string_view name)
{
  for (const auto& a : attributes) {
    if (util::iequals(a.name, name)) {
      return &a.value;
    }
  }
  return nullptr;
}

std::optional<std::uint32_t>
registry_type(std::string_view name)
{
  if (name == "REG_SZ") {
    return 1;
  }
  if (name == "REG_EXPAND_SZ") {
    return 2;
  }
  if (name == "REG_BINARY") {
    return 3;
  }
  if (name == "REG_DWORD") {
    return 4;
  }
  if (name == "REG_MULTI_SZ") {
    return 7;
  }
  if (name == "REG_QWORD") {
    return 11;
  }
  return std::nullopt;
}

// A <Properties> element being read (its <Value> children complete a REG_MULTI_SZ).
struct PendingItem
{
  std::vector<XmlAttribute> attributes;
  bool disabled = false;
  std::vector<std::string> multi; // <Values><Value>…</Value></Values>
  bool has_values = false;
  std::size_t depth = 0;
};

class Reader
{
public:
  explicit Reader(GppRegistryFile& file) : m_file(file) {}

  void problem(std::string what)
  {
    if (++m_problems <= k_max_problems) {
      m_file.problems.push_back(std::move(what));
    }
  }

  void finish_item(PendingItem& item)
  {
    const auto& a = item.attributes;
    const auto* action = attribute(a, "action");
    const auto* hive = attribute(a, "hive");
    const auto* key = attribute(a, "key");
    const auto* name = attribute(a, "name");
    const auto* type = attribute(a, "type");
    const auto* value = attribute(a, "value");
    const auto* is_default = attribute(a, "default");
    if (item.disabled || (action != nullptr && util::iequals(*action, "D"))) {
      return;
    }
    if (hive == nullptr || key == nullptr || (!util::iequals(*hive, "HKEY_LOCAL_MACHINE"))) {
      return; // user hives, or a key-only item
    }
    if (name == nullptr || name->empty() || (is_default != nullptr && *is_default == "1") || type == nullptr) {
      return; // the key's default value, or a key without value
    }
    const auto reg_type = registry_type(*type);
    if (!reg_type) {
      problem(fmt::format("registry item {}\\{}: unknown type '{}'", util::sanitize(*key, 120),
                          util::sanitize(*name, 60), util::sanitize(*type, 30)));
      return;
    }
    GpoRegistryValue v;
    v.path = fmt::format("MACHINE\\{}\\{}", *key, *name);
    v.type = *reg_type;
    const std::string data = value != nullptr ? *value : std::string();
    if (*reg_type == 4) {
      // GPP writes REG_DWORD as 8 hex digits ("00000005").
      std::uint64_t n = 0;
      const auto digits = util::trim(data);
      bool ok = !digits.empty() && digits.size() <= 8;
      for (const char c : digits) {
        const int d = c >= '0' && c <= '9'   ? c - '0'
                      : c >= 'a' && c <= 'f' ? c - 'a' + 10
                      : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                             : -1;
        ok = ok && d >= 0;
        n = n * 16 + static_cast<std::uint64_t>(d < 0 ? 0 : d);
      }
      if (!ok) {
        problem(fmt::format("registry item {}: REG_DWORD value '{}' is not 8 hex digits", util::sanitize(v.path, 160),
                            util::sanitize(data, 30)));
        return;
      }
      v.data = std::to_string(n);
    } else if (*reg_type == 7 && item.has_values) {
      v.data = fmt::format("{}", fmt::join(item.multi, ","));
    } else {
      v.data = data;
    }
    m_file.values.push_back(std::move(v));
  }

  void run(std::string_view text)
  {
    std::vector<std::string> stack;   // element names
    std::vector<bool> disabled_stack; // disabled="1" on this element or an ancestor
    std::optional<PendingItem> item;
    bool in_value = false;
    std::string value_text;
    bool root_seen = false;
    std::size_t i = 0;
    while (i < text.size()) {
      const auto lt = text.find('<', i);
      if (lt == std::string_view::npos) {
        if (!util::trim(text.substr(i)).empty() && !stack.empty()) {
          problem("text after the last tag: the file is cut short");
        }
        break;
      }
      if (in_value) {
        value_text += text.substr(i, lt - i);
      }
      if (text.compare(lt, 4, "<!--") == 0) {
        const auto end = text.find("-->", lt + 4);
        if (end == std::string_view::npos) {
          problem("unterminated comment: the file is cut short");
          return;
        }
        i = end + 3;
        continue;
      }
      if (text.compare(lt, 2, "<?") == 0 || text.compare(lt, 2, "<!") == 0) {
        const auto end = text.find('>', lt);
        if (end == std::string_view::npos) {
          problem("unterminated declaration: the file is cut short");
          return;
        }
        i = end + 1;
        continue;
      }
      const auto gt = text.find('>', lt);
      if (gt == std::string_view::npos) {
        problem("unterminated tag: the file is cut short");
        return;
      }
      auto tag = text.substr(lt + 1, gt - lt - 1);
      i = gt + 1;
      if (!tag.empty() && tag.front() == '/') {
        const auto name = util::trim(tag.substr(1));
        if (stack.empty() || stack.back() != name) {
          problem(fmt::format("closing tag </{}> does not match", util::sanitize(name, 40)));
          return;
        }
        if (name == "Value" && in_value && item) {
          auto decoded = decode_entities(value_text);
          if (!decoded) {
            problem("malformed entity in a <Value>");
          } else {
            item->multi.push_back(std::move(*decoded));
          }
          in_value = false;
        }
        if (item && stack.size() == item->depth) {
          finish_item(*item);
          item.reset();
        }
        stack.pop_back();
        disabled_stack.pop_back();
        continue;
      }
      const bool self_closing = !tag.empty() && tag.back() == '/';
      if (self_closing) {
        tag.remove_suffix(1);
      }
      const auto name_end = tag.find_first_of(" \t\r\n");
      const std::string name(tag.substr(0, name_end));
      auto attributes = name_end == std::string_view::npos
                          ? std::optional<std::vector<XmlAttribute>>(std::vector<XmlAttribute>())
                          : parse_attributes(tag.substr(name_end));
      if (name.empty() || !attributes) {
        problem(fmt::format("malformed tag <{}>", util::sanitize(tag.substr(0, 60), 60)));
        return;
      }
      if (stack.empty()) {
        if (root_seen || name != "RegistrySettings") {
          problem(fmt::format("root element is <{}>, not <RegistrySettings>", util::sanitize(name, 40)));
          return;
        }
        root_seen = true;
      }
      const auto* disabled_attr = attribute(*attributes, "disabled");
      const bool disabled =
        (disabled_attr != nullptr && *disabled_attr == "1") || (!disabled_stack.empty() && disabled_stack.back());
      if (stack.size() >= k_max_depth) {
        problem("elements nested too deeply");
        return;
      }
      stack.push_back(name);
      disabled_stack.push_back(disabled);
      if (name == "Properties" && !item && stack.size() >= 2 && stack[stack.size() - 2] == "Registry") {
        item = PendingItem{std::move(*attributes), disabled, {}, false, stack.size()};
      } else if (name == "Values" && item) {
        item->has_values = true;
      } else if (name == "Value" && item) {
        in_value = true;
        value_text.clear();
      }
      if (self_closing) {
        if (name == "Value" && item) {
          item->multi.emplace_back();
          in_value = false;
        }
        if (item && stack.size() == item->depth) {
          finish_item(*item);
          item.reset();
        }
        stack.pop_back();
        disabled_stack.pop_back();
      }
    }
    if (!root_seen) {
      problem("no <RegistrySettings> element");
    } else if (!stack.empty()) {
      problem(fmt::format("<{}> is not closed: the file is cut short", util::sanitize(stack.back(), 40)));
    }
    if (m_problems > k_max_problems) {
      m_file.problems.push_back(fmt::format("{} more problems", m_problems - k_max_problems));
    }
  }

private:
  GppRegistryFile& m_file;
  std::size_t m_problems = 0;
};

} // namespace

GppRegistryFile
read_gpp_registry(std::string_view bytes)
{
  GppRegistryFile file;
  const auto text = util::decode_text_with_bom(bytes);
  if (util::trim(text).empty()) {
    file.problems.emplace_back("empty file");
    return file;
  }
  if (!util::is_valid_utf8(text)) {
    file.problems.emplace_back("neither UTF-8 nor UTF-16LE with a byte-order mark");
    return file;
  }
  Reader(file).run(text);
  return file;
}

} // namespace kerbready
