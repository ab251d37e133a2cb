// A check's declaration (Check::reads) is complete when it finds the same on a snapshot that holds
// only the attributes a live scan would request were it the only check: the base set and its own
// declaration. Run over the example domain, whose planted cases make every directory check find
// something. Attributes are kept per kind of object, as the decoder classifies each entry.

#include "src/input/decoded_attributes.hpp"
#include "src/input/entries.hpp"
#include "src/input/ldif.hpp"
#include "src/input/sysvol.hpp"
#include "src/model/check.hpp"
#include "src/scan/scan.hpp"
#include "src/util/text.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace {

using namespace kerbready;

constexpr std::int64_t k_reference_time = 1'790'000'000; // 2026-09-21: any fixed time will do

// Kinds of object and lowercase attribute names.
using Keep = std::set<std::pair<DirectoryObject, std::string>>;

// The example snapshot, each object with only the attributes of its kind in `keep` (all when null).
Snapshot
example_snapshot(const Keep* keep)
{
  collect::SnapshotBuilder builder;
  const auto read = collect::read_ldif_file(
    std::string(KR_SOURCE_DIR) + "/examples/corp.example.com.ldif", [&](collect::Entry&& entry) {
      if (keep == nullptr) {
        builder.add(std::move(entry));
        return;
      }
      const auto kind = collect::directory_object_of(entry);
      if (!kind) {
        builder.add(std::move(entry)); // the decoder keeps nothing of it
        return;
      }
      collect::Entry kept;
      kept.dn = entry.dn;
      kept.origin = entry.origin;
      for (auto& attribute : entry.attributes) {
        if (attribute.name == "objectclass" || keep->count(std::make_pair(*kind, attribute.name)) != 0) {
          for (auto& value : attribute.values) {
            kept.add_value(attribute.name, std::move(value));
          }
        }
      }
      builder.add(std::move(kept));
    });
  REQUIRE(read);
  auto snapshot = std::move(builder).finish();
  std::vector<Diagnostic> diagnostics;
  auto policies = collect::load_sysvol(std::string(KR_SOURCE_DIR) + "/examples/sysvol", diagnostics);
  REQUIRE(policies);
  collect::attach_gpo_policies(snapshot, std::move(*policies));
  snapshot.reference_time = k_reference_time;
  return snapshot;
}

// What a finding says, in one line per finding.
std::vector<std::string>
describe(const std::vector<Finding>& findings)
{
  std::vector<std::string> out;
  for (const auto& f : findings) {
    std::string line =
      fmt::format("{} [{}] {} | {} | {}", f.id, name_of(f.severity), f.subject, f.summary, f.remediation);
    for (const auto& e : f.evidence) {
      line += fmt::format(" | {}={}", e.name, e.value);
    }
    for (const auto& a : f.affected) {
      line += " | " + a.dn;
    }
    out.push_back(std::move(line));
  }
  return out;
}

} // namespace

TEST_CASE("each check finds the same with only the attributes it declares and the base set", "[collect][plan]")
{
  const auto full = example_snapshot(nullptr);
  Keep base;
  for (const auto& r : collect::k_base_reads) {
    base.emplace(r.read.object, util::to_lower(r.read.attribute));
  }
  std::size_t finding_checks = 0;
  for (const auto* check : all_checks()) {
    if (check->kind == CheckKind::events) {
      continue;
    }
    auto keep = base;
    for (const auto& read : check->reads) {
      keep.emplace(read.object, util::to_lower(read.attribute));
    }
    const auto narrow = example_snapshot(&keep);
    const auto id = std::string(check->id);
    const auto expected = describe(run_checks(full, {id}).findings);
    const auto got = describe(run_checks(narrow, {id}).findings);
    INFO(check->id << ": a live scan would not request an attribute it reads; declare it in Check::reads");
    CHECK(got == expected);
    finding_checks += expected.empty() ? 0 : 1;
  }
  CHECK(finding_checks > 25); // the example domain exercises most checks
}
