#include "src/live/ldap_connection.hpp"

#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::collect {

namespace {

constexpr const char* k_paged_results_oid = "1.2.840.113556.1.4.319";

std::string
first_of(const Entry& entry, std::string_view name)
{
  const auto* value = entry.first(name);
  return value != nullptr ? *value : std::string();
}

std::vector<std::string>
all_of(const Entry& entry, std::string_view name)
{
  const auto* values = entry.find(name);
  return values != nullptr ? *values : std::vector<std::string>();
}

} // namespace

const std::vector<std::string>&
root_dse_attributes()
{
  static const std::vector<std::string> k_names = {"dnsHostName",
                                                   "defaultNamingContext",
                                                   "configurationNamingContext",
                                                   "rootDomainNamingContext",
                                                   "schemaNamingContext",
                                                   "namingContexts",
                                                   "domainFunctionality",
                                                   "forestFunctionality",
                                                   "domainControllerFunctionality",
                                                   "supportedSASLMechanisms",
                                                   "supportedControl",
                                                   "highestCommittedUSN"};
  return k_names;
}

void
fill_root_dse(const Entry& entry, RootDse& root)
{
  root.dns_host_name = first_of(entry, "dnshostname");
  root.default_naming_context = first_of(entry, "defaultnamingcontext");
  root.configuration_naming_context = first_of(entry, "configurationnamingcontext");
  root.root_domain_naming_context = first_of(entry, "rootdomainnamingcontext");
  root.schema_naming_context = first_of(entry, "schemanamingcontext");
  root.naming_contexts = all_of(entry, "namingcontexts");
  root.domain_functionality = first_of(entry, "domainfunctionality");
  root.forest_functionality = first_of(entry, "forestfunctionality");
  root.domain_controller_functionality = first_of(entry, "domaincontrollerfunctionality");
  root.supported_sasl_mechanisms = all_of(entry, "supportedsaslmechanisms");
  root.supported_controls = all_of(entry, "supportedcontrol");
  const auto usn = util::parse_int(first_of(entry, "highestcommittedusn"));
  root.highest_committed_usn = usn && *usn > 0 ? static_cast<std::uint64_t>(*usn) : 0;
}

std::optional<std::string>
check_root_dse(const RootDse& root, const std::string& uri)
{
  if (root.default_naming_context.empty()) {
    return fmt::format("{} is not an Active Directory domain controller (its RootDSE has no defaultNamingContext)",
                       uri);
  }
  for (const auto& oid : root.supported_controls) {
    if (oid == k_paged_results_oid) {
      return std::nullopt;
    }
  }
  return fmt::format("{} does not support the paged-results control, which kerbready needs to read large directories "
                     "completely",
                     uri);
}

std::string
explain_ad_bind_error(const std::string& diagnostic)
{
  struct Code
  {
    const char* data;
    const char* meaning;
  };
  static constexpr Code k_codes[] = {
    {"data 52e", "wrong user name or password"},
    {"data 525", "no such user"},
    {"data 530", "logon not permitted at this time"},
    {"data 531", "logon not permitted from this workstation"},
    {"data 532", "password expired"},
    {"data 533", "account disabled"},
    {"data 701", "account expired"},
    {"data 773", "the user must change the password"},
    {"data 775", "account locked out"},
  };
  for (const auto& code : k_codes) {
    if (diagnostic.find(code.data) != std::string::npos) {
      return code.meaning;
    }
  }
  return "wrong user name or password";
}

} // namespace kerbready::collect
