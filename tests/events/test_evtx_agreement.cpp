// kerbready's .evtx reader (libevtx) against an independent reader (python3-evtx), event for event,
// on three logs recorded on real Windows hosts (tests/data/evtx/README.md).

#include "src/events/evtx_reader.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

using namespace kerbready::events;

namespace {

// The two readers render some values differently without disagreeing on them: libevtx writes GUIDs
// in upper case, python3-evtx in lower case; python3-evtx drops control characters XML 1.0 cannot
// carry (a real 4672 PrivilegeList holds U+000F), libevtx keeps them.
std::string
canonical(std::string_view value)
{
  std::string out;
  const bool guid = value.size() == 38 && value.front() == '{' && value.back() == '}';
  for (const char c : value) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') {
      continue;
    }
    out += guid && c >= 'A' && c <= 'F' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

} // namespace

TEST_CASE("events: .evtx reader agrees with python3-evtx on real logs", "[events][evtx][real]")
{
  if (!evtx_supported()) {
    WARN("built without libevtx");
    return;
  }
  const auto dir = std::filesystem::path(KR_TEST_DATA_DIR) / "evtx";
  const char* env = std::getenv("KR_EVTX_REFERENCE_DIR"); // the live CTest regenerates references here
  const auto reference_dir = env != nullptr ? std::filesystem::path(env) : dir;
  std::size_t files = 0;
  for (const auto& name :
       {"remote_pwd_reset_4776_4624", "samaccount_spoofing_4768_4769_4624", "scheduled_task_target_4624_ntlm_4776"}) {
    ++files;
    INFO(name);
    std::vector<Event> ours;
    const auto stats = read_evtx_file(dir / (std::string(name) + ".evtx"), [&](const Event& e) { ours.push_back(e); });
    REQUIRE(stats);
    CHECK(stats->skipped == 0);
    std::ifstream in(reference_dir / (std::string(name) + ".reference.jsonl"));
    REQUIRE(in);
    std::vector<nlohmann::json> theirs;
    for (std::string line; std::getline(in, line);) {
      theirs.push_back(nlohmann::json::parse(line));
    }
    REQUIRE(!theirs.empty());
    REQUIRE(ours.size() == theirs.size());
    std::size_t ntlm_4624 = 0;
    for (std::size_t i = 0; i < ours.size(); ++i) {
      const auto& e = ours[i];
      const auto& r = theirs[i];
      INFO("record " << r["record"].get<std::uint64_t>());
      CHECK(e.record_id == r["record"].get<std::uint64_t>());
      CHECK(e.event_id == r["event_id"].get<std::uint32_t>());
      CHECK(e.time == r["time"].get<std::int64_t>());
      CHECK(e.provider == r["provider"].get<std::string>());
      CHECK(e.channel == r["channel"].get<std::string>());
      CHECK(e.computer == r["computer"].get<std::string>());
      REQUIRE(e.data.size() == r["data"].size());
      for (std::size_t d = 0; d < e.data.size(); ++d) {
        CHECK(e.data[d].first == r["data"][d][0].get<std::string>());
        CHECK(canonical(e.data[d].second) == canonical(r["data"][d][1].get<std::string>()));
      }
      if (e.event_id == 4624 && e.field("AuthenticationPackageName") != nullptr &&
          *e.field("AuthenticationPackageName") == "NTLM") {
        ++ntlm_4624;
      }
    }
    // The counts the provenance note gives.
    if (std::string_view(name) == "remote_pwd_reset_4776_4624") {
      CHECK(ntlm_4624 == 1);
    } else if (std::string_view(name) == "samaccount_spoofing_4768_4769_4624") {
      CHECK(ntlm_4624 == 3);
    } else {
      CHECK(ntlm_4624 == 4);
    }
  }
  CHECK(files == 3);
}
