// THROWAWAY-MARKER: an account whose sAMAccountName starts with "throwaway_". Not a real check: it
// stands for the next check someone adds, and is compiled only into the throwaway targets of
// tests/CMakeLists.txt, never into kerbready. tests/throwaway/run_throwaway_test.sh proves with it
// that a check which needs no new attribute is this file plus its test, and nothing else.
//
// No Kerberos-to-NTLM mechanism: the name is only a marker that no real directory holds by accident.
// It deliberately reports nothing else.

#include "src/model/check.hpp"
#include "src/util/text.hpp"

#include <fmt/format.h>

namespace kerbready::checks {
namespace {

std::vector<Finding>
find_throwaway_markers(const Snapshot& snapshot)
{
  std::vector<Finding> findings;
  for (const auto& account : snapshot.accounts) {
    if (account.sam_account_name.rfind("throwaway_", 0) != 0) {
      continue;
    }
    Finding f;
    f.subject = account.sam_account_name;
    f.key = util::to_lower(account.domain + "|" + account.sam_account_name);
    f.summary = fmt::format("{} carries the throwaway marker", util::sanitize(account.sam_account_name, 200));
    f.affected = {affected(account)};
    f.evidence = {{"sAMAccountName of " + account.dn, account.sam_account_name.str()}};
    findings.push_back(std::move(f));
  }
  return findings;
}

constexpr AttributeRead k_reads[] = {
  {DirectoryObject::account, "sAMAccountName"},
};

const CheckRegistrar k_registrar{{
  .id = "THROWAWAY-MARKER",
  .title = "Account carrying the throwaway marker",
  .severity = Severity::low,
  .cause = FallbackCause::app_config,
  .description = "An account whose sAMAccountName starts with throwaway_. A test check: it stands for the next "
                 "check someone adds.",
  .remediation = "Nothing: the throwaway check exists only in tests.",
  .needs = static_cast<unsigned>(DataSet::domain),
  .find = find_throwaway_markers,
  .reads = k_reads,
}};

} // namespace
} // namespace kerbready::checks
