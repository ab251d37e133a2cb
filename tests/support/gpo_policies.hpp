#pragma once

// GPO security-template policies for check tests.

#include "src/ad/gpo_links.hpp"
#include "src/model/snapshot.hpp"

#include <string>
#include <utility>
#include <vector>

namespace kerbready::test {

// Add a GPO named `name` setting REG_DWORD `values` (path, data) and mark SYSVOL as read.
inline GpoPolicy&
add_gpo(Snapshot& snapshot, const std::string& name, const std::string& guid,
        const std::vector<std::pair<std::string, std::string>>& values)
{
  snapshot.data_sets |= static_cast<unsigned>(DataSet::sysvol);
  GpoPolicy policy;
  policy.guid = guid;
  policy.display_name = name;
  policy.domain = "corp.example.com";
  policy.dn = "CN=" + guid + ",CN=Policies,CN=System,DC=corp,DC=example,DC=com";
  policy.file = guid + "/MACHINE/Microsoft/Windows NT/SecEdit/GptTmpl.inf";
  for (const auto& [path, data] : values) {
    policy.registry_values.push_back(GpoRegistryValue{path, 4, data, {}});
  }
  snapshot.gpo_policies.push_back(policy);
  return snapshot.gpo_policies.back();
}

// Return the gPLink entry "[LDAP://cn={GUID},cn=policies,cn=system,DC=corp,DC=example,DC=com;N]".
inline std::string
gplink_entry(const std::string& guid, int options = 0)
{
  return "[LDAP://cn=" + guid + ",cn=policies,cn=system,DC=corp,DC=example,DC=com;" + std::to_string(options) + "]";
}

// Give `c` the gPLink value `gplink`, decoded as the input layer does when it builds a snapshot.
inline void
set_gplink(GpoLinkContainer& c, const std::string& gplink)
{
  c.has_gp_link = true;
  c.links = parse_gplink(gplink);
}

// Give the container `dn` (the domain root or an OU of corp.example.com) the gPLink `gplink` and,
// when >= 0, gPOptions `options`.
inline GpoLinkContainer&
link_gpos(Snapshot& snapshot, const std::string& dn, const std::string& gplink, int options = -1)
{
  GpoLinkContainer c;
  c.dn = dn;
  c.domain = "corp.example.com";
  set_gplink(c, gplink);
  if (options >= 0) {
    c.gp_options = options;
  }
  snapshot.gpo_link_containers.push_back(c);
  return snapshot.gpo_link_containers.back();
}

inline constexpr const char* k_root_dn = "DC=corp,DC=example,DC=com";
inline constexpr const char* k_dc_ou_dn = "OU=Domain Controllers,DC=corp,DC=example,DC=com";

inline constexpr const char* k_gpo_a = "{11111111-1111-1111-1111-111111111111}";
inline constexpr const char* k_gpo_b = "{22222222-2222-2222-2222-222222222222}";
inline constexpr const char* k_gpo_c = "{33333333-3333-3333-3333-333333333333}";

} // namespace kerbready::test
