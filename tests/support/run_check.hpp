#pragma once

#include "src/model/check.hpp"
#include "src/model/report.hpp"
#include "src/scan/scan.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace kerbready::test {

// Run the registered check `id` (through the real runner, so ids, defaults and priorities are
// filled) and return its findings.
inline std::vector<Finding>
run_check(const Snapshot& snapshot, const std::string& id)
{
  REQUIRE(find_check(id) != nullptr);
  auto report = run_checks(snapshot, {id});
  REQUIRE(report.checks.size() == 1);
  return report.findings;
}

} // namespace kerbready::test
