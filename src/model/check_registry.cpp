#include "src/model/check.hpp"
#include "src/util/error.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <deque>

namespace kerbready {

namespace {

constexpr std::array<std::string_view, static_cast<std::size_t>(Severity::count_)> k_severity_names = {
  "critical", "high", "medium", "low", "info"};

constexpr std::array<std::string_view, static_cast<std::size_t>(FallbackCause::count_)> k_cause_names = {
  "dc_connectivity", "spn", "ip_or_alias", "weak_crypto", "trust", "app_config", "local_account", "dfs"};

constexpr std::array<std::string_view, static_cast<std::size_t>(FallbackCause::count_)> k_cause_descriptions = {
  "the client cannot reach a KDC of the target's domain",
  "the SPN the client asks for is missing, duplicated or held by the wrong account",
  "the client uses an IP address or an alias name that has no SPN",
  "no common Kerberos encryption type (DES/RC4-only, no AES keys)",
  "the trust path does not allow Kerberos (external, downlevel or non-AES trust)",
  "the application or a policy asks for NTLM directly",
  "a local (non-domain) account is used",
  "a DFS namespace hands out a target name that has no SPN",
};

// Function-local static: safe to use from registrars in other translation units. A deque keeps
// the addresses of registered checks stable as more are added.
std::deque<Check>&
registry()
{
  static std::deque<Check> checks;
  return checks;
}

} // namespace

std::string_view
name_of(Severity severity)
{
  const auto i = static_cast<std::size_t>(severity);
  return i < k_severity_names.size() ? k_severity_names[i] : "unknown";
}

std::string_view
name_of(FallbackCause cause)
{
  const auto i = static_cast<std::size_t>(cause);
  return i < k_cause_names.size() ? k_cause_names[i] : "unknown";
}

std::string_view
describe(FallbackCause cause)
{
  const auto i = static_cast<std::size_t>(cause);
  return i < k_cause_descriptions.size() ? k_cause_descriptions[i] : "unknown";
}

int
severity_weight(Severity severity)
{
  switch (severity) {
  case Severity::critical:
    return 400;
  case Severity::high:
    return 300;
  case Severity::medium:
    return 200;
  case Severity::low:
    return 100;
  default:
    return 0;
  }
}

Severity
parse_severity(std::string_view name)
{
  for (std::size_t i = 0; i < k_severity_names.size(); ++i) {
    if (util::iequals(k_severity_names[i], name)) {
      return static_cast<Severity>(i);
    }
  }
  return Severity::count_;
}

CheckRegistrar::CheckRegistrar(const Check& check)
{
  registry().push_back(check);
}

const std::vector<const Check*>&
all_checks()
{
  static const std::vector<const Check*> sorted = [] {
    std::vector<const Check*> checks;
    for (const auto& check : registry()) {
      checks.push_back(&check);
    }
    std::sort(checks.begin(), checks.end(), [](const Check* a, const Check* b) { return a->id < b->id; });
    for (std::size_t i = 1; i < checks.size(); ++i) {
      if (checks[i - 1]->id == checks[i]->id) {
        throw Fatal(fmt::format("internal error: check id {} is registered twice", checks[i]->id));
      }
    }
    for (const auto* c : checks) {
      const bool finds = c->find != nullptr;
      const bool relates = c->relate != nullptr;
      const bool ok = c->kind == CheckKind::directory ? finds && !relates
                      : c->kind == CheckKind::events  ? !finds && !relates
                                                      : finds && relates;
      if (!ok) {
        throw Fatal(fmt::format("internal error: check {} does not have the functions its kind needs", c->id));
      }
      if (c->kind == CheckKind::events && !c->reads.empty()) {
        throw Fatal(fmt::format("internal error: events check {} declares directory attributes", c->id));
      }
      if (c->kind != CheckKind::events && c->reads.empty()) {
        throw Fatal(fmt::format("internal error: check {} does not declare the directory attributes it reads", c->id));
      }
    }
    return checks;
  }();
  return sorted;
}

const Check*
find_check(std::string_view id)
{
  for (const auto* check : all_checks()) {
    if (check->id == id) {
      return check;
    }
  }
  return nullptr;
}

std::vector<const Check*>
checks_of_kind(CheckKind kind)
{
  std::vector<const Check*> out;
  for (const auto* check : all_checks()) {
    if (check->kind == kind) {
      out.push_back(check);
    }
  }
  return out;
}

const Check&
required_check(std::string_view id)
{
  const auto* check = find_check(id);
  if (check == nullptr) {
    throw Fatal(fmt::format("internal error: check {} is not registered", id));
  }
  return *check;
}

std::optional<bool>
names_domain(const Finding& f, std::string_view domain)
{
  bool any_domain = false;
  for (const auto& object : f.affected) {
    if (object.domain.empty()) {
      continue;
    }
    any_domain = true;
    if (util::iequals(object.domain, domain)) {
      return true;
    }
  }
  return any_domain ? std::optional<bool>(false) : std::nullopt;
}

std::string
make_finding_id(std::string_view check_id, std::string_view key)
{
  std::string input(check_id);
  input += '\n';
  input += key;
  return fmt::format("{}-{:016x}", check_id, util::fnv1a64(input));
}

AffectedObject
affected(const Account& account)
{
  return AffectedObject{account.dn.str(), account.sam_account_name.str(), account.domain.str()};
}

} // namespace kerbready
