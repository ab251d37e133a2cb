// SPN-MALFORMED: a servicePrincipalName that is not class/host[:port][/service-name]: empty parts,
// whitespace or control characters, a non-numeric or out-of-range port, more than three parts.
//
// No client builds such a name, so the SPN never matches a ticket request: the service it was
// meant for has no usable SPN and clients fall back to NTLM. Control characters are also a sign of
// tampering; the report shows them escaped.
//
// Not reported: MSSQLSvc/host:instance, where the part after ':' is a named instance, not a port.

#include "src/ad/spn.hpp"
#include "src/model/check.hpp"
#include "src/util/shell_quote.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_malformed_spns(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& account : snapshot.accounts) {
    for (const auto& written : account.service_principal_names) {
      std::string why;
      if (parse_spn(written, &why)) {
        continue;
      }
      Finding f;
      f.subject = written;
      f.key = fmt::format("{}|{}", util::to_lower(written), util::to_lower(account.dn));
      f.summary = fmt::format("malformed SPN on {}: {}", account.sam_account_name, why);
      f.affected.push_back(affected(account));
      f.evidence.push_back(
        Evidence{fmt::format("servicePrincipalName of {}", account.sam_account_name), std::string(written)});
      f.evidence.push_back(Evidence{"problem", why});
      f.remediation =
        fmt::format("Remove the value and register the intended SPN as class/host[:port]:\n  {}",
                    util::shell_command(util::Shell::powershell,
                                        "Set-ADObject {} -Remove @{servicePrincipalName='<value as shown>'}",
                                        {{account.dn, "the account's DN"}}));
      findings.push_back(std::move(f));
    }
  }
  return findings;
}

// The directory attributes behind the snapshot fields this check reads, directly or through
// src/ad helpers (Check::reads).
constexpr AttributeRead k_reads[] = {
  {DirectoryObject::account, "servicePrincipalName"},
  {DirectoryObject::account, "sAMAccountName"},
};

const CheckRegistrar k_registrar{{
  .id = "SPN-MALFORMED",
  .title = "Malformed servicePrincipalName",
  .severity = Severity::low,
  .cause = FallbackCause::spn,
  .description = "An SPN does not follow class/host[:port][/service-name] (empty parts, whitespace, control "
                 "characters, bad port). No client asks for it, so the service it was meant for has no usable SPN.",
  .remediation = "Remove the malformed value and register the intended SPN correctly.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_malformed_spns,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
