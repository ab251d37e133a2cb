#include "src/events/evtx_reader.hpp"
#include "src/events/input.hpp"
#include "src/events/json_reader.hpp"
#include "src/events/reader.hpp"
#include "src/events/xml_reader.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>

using namespace kerbready;
using namespace kerbready::events;

namespace {

const std::filesystem::path k_samples = std::filesystem::path(KR_TEST_DATA_DIR) / "events";

std::vector<Event>
read_all(const std::filesystem::path& path, ReadStats* stats_out = nullptr)
{
  std::vector<Event> out;
  auto stats = read_event_file(path, InputFormat::automatic, [&](const Event& e) { out.push_back(e); });
  REQUIRE(stats);
  if (stats_out != nullptr) {
    *stats_out = *stats;
  }
  return out;
}

std::vector<Event>
read_xml_text(std::string_view text, ReadStats& stats)
{
  std::vector<Event> out;
  MemorySource source(text);
  TextStream in(source);
  stats = read_xml_events(in, "mem", [&](const Event& e) { out.push_back(e); });
  return out;
}

std::vector<Event>
read_json_text(std::string_view text, ReadStats& stats)
{
  std::vector<Event> out;
  MemorySource source(text);
  TextStream in(source);
  stats = read_json_events(in, "mem", [&](const Event& e) { out.push_back(e); });
  return out;
}

std::filesystem::path
scratch(const std::string& name)
{
  const auto dir = std::filesystem::temp_directory_path() / "kerbready-events-tests";
  std::filesystem::create_directories(dir);
  return dir / name;
}

std::string
slurp(const std::filesystem::path& path)
{
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void
write(const std::filesystem::path& path, std::string_view bytes)
{
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

constexpr std::string_view k_one_event =
  "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider "
  "Name='Microsoft-Windows-Security-Auditing'/><EventID>4776</EventID><TimeCreated "
  "SystemTime='2024-03-04T08:00:00.1234567Z'/><EventRecordID>7</EventRecordID><Channel>Security</Channel>"
  "<Computer>dc1.corp.example.com</Computer></System><EventData><Data Name='TargetUserName'>carol</Data>"
  "<Data Name='Workstation'>WS03</Data><Data Name='Status'>0x0</Data></EventData></Event>";

} // namespace

TEST_CASE("events: every sample format yields the same events", "[events][readers]")
{
  const auto xml = read_all(k_samples / "sample.xml");
  const auto jsonl = read_all(k_samples / "sample.jsonl");
  const auto json = read_all(k_samples / "sample.json");
  REQUIRE(xml.size() == 41);
  REQUIRE(jsonl.size() == xml.size());
  REQUIRE(json.size() == xml.size());
  std::vector<Event> evtx;
  if (evtx_supported()) {
    evtx = read_all(k_samples / "sample.evtx");
    REQUIRE(evtx.size() == xml.size());
  }
  for (std::size_t i = 0; i < xml.size(); ++i) {
    INFO("event " << i << " id " << xml[i].event_id);
    for (const auto* other : {&jsonl[i], &json[i]}) {
      CHECK(other->event_id == xml[i].event_id);
      CHECK(other->record_id == xml[i].record_id);
      CHECK(other->time == xml[i].time);
      CHECK(other->computer == xml[i].computer);
      CHECK(other->channel == xml[i].channel);
      CHECK(other->provider == xml[i].provider);
      REQUIRE(other->data.size() == xml[i].data.size());
    }
    CHECK(jsonl[i].data == xml[i].data);
    // Get-WinEvent's Properties are positional: names where kerbready knows the template.
    for (std::size_t d = 0; d < xml[i].data.size(); ++d) {
      CHECK(json[i].data[d].second == xml[i].data[d].second);
      if (!positional_names(xml[i].event_id).empty()) {
        CHECK(json[i].data[d].first == xml[i].data[d].first);
      }
    }
    if (!evtx.empty()) {
      CHECK(evtx[i].event_id == xml[i].event_id);
      CHECK(evtx[i].record_id == xml[i].record_id);
      CHECK(evtx[i].time == xml[i].time);
      CHECK(evtx[i].computer == xml[i].computer);
      CHECK(evtx[i].channel == xml[i].channel);
      CHECK(evtx[i].provider == xml[i].provider);
      CHECK(evtx[i].data == xml[i].data);
    }
  }
}

TEST_CASE("events: the samples cover every event id kerbready reads", "[events][readers]")
{
  std::set<std::uint32_t> wanted = {4624, 4768, 4769, 4776};
  for (std::uint32_t id = 4001; id <= 4006; ++id) {
    wanted.insert(id);
    wanted.insert(id + 4000);
  }
  for (std::uint32_t id = 4020; id <= 4033; ++id) {
    wanted.insert(id);
  }
  for (const auto* name : {"sample.xml", "sample.jsonl", "sample.json", "sample.evtx"}) {
    if (std::string_view(name) == "sample.evtx" && !evtx_supported()) {
      continue;
    }
    std::set<std::uint32_t> seen;
    for (const auto& e : read_all(k_samples / name)) {
      seen.insert(e.event_id);
    }
    INFO(name);
    CHECK(seen == wanted);
  }
}

TEST_CASE("events: format detection", "[events][readers]")
{
  CHECK(detect_format(k_samples / "sample.xml").value() == InputFormat::xml);
  CHECK(detect_format(k_samples / "sample.jsonl").value() == InputFormat::json);
  CHECK(detect_format(k_samples / "sample.json").value() == InputFormat::json);
  CHECK(detect_format(k_samples / "sample.evtx").value() == InputFormat::evtx);
  const auto empty = scratch("empty.txt");
  write(empty, "");
  CHECK(!detect_format(empty));
  const auto text = scratch("notes.txt");
  write(text, "hello\n");
  CHECK(!detect_format(text));
}

TEST_CASE("events: XML details", "[events][readers][xml]")
{
  ReadStats stats;
  SECTION("fields, fractions and entities")
  {
    const std::string text = "<?xml version='1.0'?>\n<Events><!-- c -->" + std::string(k_one_event) +
                             "<Event><System><EventID>8001</EventID></System><EventData><Data "
                             "Name='TargetName'>a&amp;b&#x41;&#66;&lt;<![CDATA[<x>]]></Data><Data>p</Data>"
                             "</EventData></Event></Events>";
    const auto events = read_xml_text(text, stats);
    REQUIRE(events.size() == 2);
    CHECK(stats.skipped == 0);
    CHECK(events[0].event_id == 4776);
    CHECK(events[0].record_id == 7);
    CHECK(events[0].time == 1709539200);
    CHECK(events[0].computer == "dc1.corp.example.com");
    CHECK(events[0].provider == "Microsoft-Windows-Security-Auditing");
    CHECK(*events[0].field("workstation") == "WS03");
    CHECK(*events[1].field("TargetName") == "a&bAB<<x>");
    CHECK(*events[1].field("Param1") == "p");
  }
  SECTION("UTF-16LE with a byte order mark, as PowerShell 5.1 writes it")
  {
    std::string utf16 = "\xFF\xFE";
    for (const char c : std::string(k_one_event) + "<Event><System><EventID>4624</EventID></System></Event>") {
      utf16 += c;
      utf16 += '\0';
    }
    const auto events = read_xml_text(utf16, stats);
    REQUIRE(events.size() == 2);
    CHECK(events[0].computer == "dc1.corp.example.com");
  }
  SECTION("UserData leaves are named by their element")
  {
    const auto events = read_xml_text(
      "<Event><System><EventID>1102</EventID></System><UserData><LogFileCleared><SubjectUserName>x</SubjectUserName>"
      "</LogFileCleared></UserData></Event>",
      stats);
    REQUIRE(events.size() == 1);
    CHECK(*events[0].field("SubjectUserName") == "x");
  }
}

TEST_CASE("events: malformed XML is skipped, never fatal", "[events][readers][xml][malformed]")
{
  ReadStats stats;
  const std::string good(k_one_event);
  SECTION("truncated inside the last event")
  {
    const auto events = read_xml_text(good + good.substr(0, good.size() / 2), stats);
    CHECK(events.size() == 1);
    CHECK(stats.skipped == 1);
    REQUIRE(stats.damaged);
    CHECK(stats.damaged->where == fmt::format("mem:offset {}", good.size()));
    CHECK(stats.partial());
  }
  SECTION("whole events only: not partial")
  {
    const auto events = read_xml_text(good + "\r\n" + good, stats);
    CHECK(events.size() == 2);
    CHECK_FALSE(stats.damaged);
    CHECK_FALSE(stats.partial());
  }
  SECTION("mismatched end tag, then a good event")
  {
    const auto events = read_xml_text("<Event><System><EventID>1</EventID></Sys></Event>" + good, stats);
    CHECK(events.size() == 1);
    CHECK(stats.skipped == 1);
  }
  SECTION("event without EventID, unterminated attribute, nesting, garbage")
  {
    const auto events = read_xml_text("garbage < > <<< <Event><System/></Event><Event><System><Provider Name='x/>"
                                      "</System></Event><Event><Event>" +
                                        good + "\x01\xff\xfe</Event>" + good,
                                      stats);
    CHECK(events.size() == 2);
    CHECK(stats.skipped >= 3);
  }
  SECTION("an endless tag is bounded")
  {
    const auto events = read_xml_text("<Event " + std::string(2 * k_max_token, 'a') + good, stats);
    REQUIRE(!stats.diagnostics.empty());
    CHECK(stats.diagnostics.front().message == "markup longer than 1 MiB");
    CHECK(events.size() == 1);
  }
  SECTION("deep nesting is bounded")
  {
    std::string deep = "<Event><System><EventID>1</EventID></System>";
    for (int i = 0; i < 200; ++i) {
      deep += "<a>";
    }
    const auto events = read_xml_text(deep + good, stats);
    CHECK(stats.skipped >= 1);
    CHECK(events.size() <= 1);
  }
  SECTION("random mutations of a valid file do not crash")
  {
    const auto sample = slurp(k_samples / "sample.xml");
    std::mt19937 rng(12345);
    for (int round = 0; round < 200; ++round) {
      auto mutated = sample.substr(0, 4000 + static_cast<std::size_t>(rng() % 4000));
      for (int i = 0; i < 20; ++i) {
        mutated[rng() % mutated.size()] = static_cast<char>(rng() % 256);
      }
      std::size_t n = 0;
      MemorySource source(mutated);
      TextStream in(source);
      const auto s = read_xml_events(in, "fuzz", [&](const Event&) { ++n; });
      CHECK(s.events == n);
    }
  }
}

TEST_CASE("events: JSON shapes", "[events][readers][json]")
{
  ReadStats stats;
  SECTION("NXLog flat records and the ECS event.code fallback")
  {
    const auto events = read_json_text(
      R"({"EventID":4776,"Hostname":"dc1.corp.example.com","EventTime":"2024-03-04 08:00:00","TargetUserName":"carol","Workstation":"WS03","Status":"0x0"}
{"@timestamp":"2024-03-04T08:00:00.000Z","event":{"code":"8001"},"winlog":{"event_data":{"TargetName":"cifs/x"}}})",
      stats);
    REQUIRE(events.size() == 2);
    CHECK(events[0].event_id == 4776);
    CHECK(events[0].computer == "dc1.corp.example.com");
    CHECK(*events[0].field("Workstation") == "WS03");
    CHECK(events[0].time == 1709539200);
    CHECK(events[1].event_id == 8001);
    CHECK(*events[1].field("TargetName") == "cifs/x");
  }
  SECTION("PowerShell 7 ISO dates with offsets, SID objects and a single object")
  {
    const auto events = read_json_text(R"({
  "Id": 4624,
  "TimeCreated": "2024-03-04T09:00:00.1234567+01:00",
  "MachineName": "files01",
  "Properties": [ { "Value": { "BinaryLength": 12, "Value": "S-1-0-0" } }, { "Value": 5 } ]
})",
                                       stats);
    REQUIRE(events.size() == 1);
    CHECK(events[0].time == 1709539200);
    CHECK(*events[0].field("SubjectUserSid") == "S-1-0-0");
    CHECK(*events[0].field("SubjectUserName") == "5");
  }
}

TEST_CASE("events: malformed JSON is skipped, never fatal", "[events][readers][json][malformed]")
{
  ReadStats stats;
  SECTION("JSON lines: a broken line spoils only itself")
  {
    const auto events = read_json_text("{\"EventID\":4776}\n{\"EventID\":4776,\"x\":[1,2\n{\"EventID\":8001}\n"
                                       "not json\n{\"other\":1}\n[1,2]\n{\"EventID\":\"x\"}\n{\"EventID\":4624",
                                       stats);
    CHECK(events.size() == 2);
    CHECK(stats.skipped == 6);
  }
  SECTION("an array with garbage elements")
  {
    const auto events = read_json_text("[\n  {\"Id\": 4776},\n  17,\n  {\"Id\": \"x\"},\n  {\"Id\": 4624}\n]\n", stats);
    CHECK(events.size() == 2);
    CHECK(stats.skipped == 2);
  }
  SECTION("an oversized record is bounded")
  {
    const auto events = read_json_text(
      "{\"EventID\":4776,\"x\":\"" + std::string(k_max_json_record + 10, 'a') + "\"}\n{\"EventID\":8001}\n", stats);
    CHECK(events.size() == 1);
    CHECK(stats.skipped == 1);
  }
  SECTION("truncated pretty-printed input")
  {
    const auto events = read_json_text("[\n {\"Id\": 4776},\n {\"Id\": 4624, \"Properties\": [", stats);
    CHECK(events.size() == 1);
    CHECK(stats.skipped == 1);
    REQUIRE(stats.damaged);
    CHECK(stats.damaged->where == "mem:line 3");
  }
  SECTION("a JSON line cut short at the end of the file")
  {
    const auto events = read_json_text("{\"EventID\":4776}\n{\"EventID\":8001,\"x\":", stats);
    CHECK(events.size() == 1);
    REQUIRE(stats.damaged);
    CHECK(stats.damaged->where == "mem:line 2");
    CHECK(stats.damaged->message == "input ends inside a JSON record: the file is cut short");
  }
  SECTION("random mutations of a valid file do not crash")
  {
    const auto sample = slurp(k_samples / "sample.jsonl");
    std::mt19937 rng(777);
    for (int round = 0; round < 200; ++round) {
      auto mutated = sample.substr(0, 3000 + static_cast<std::size_t>(rng() % 3000));
      for (int i = 0; i < 20; ++i) {
        mutated[rng() % mutated.size()] = static_cast<char>(rng() % 256);
      }
      std::size_t n = 0;
      MemorySource source(mutated);
      TextStream in(source);
      const auto s = read_json_events(in, "fuzz", [&](const Event&) { ++n; });
      CHECK(s.events == n);
    }
  }
}

TEST_CASE("events: truncated and damaged .evtx files", "[events][readers][evtx][malformed]")
{
  if (!evtx_supported()) {
    WARN("built without libevtx");
    return;
  }
  const auto sample = slurp(k_samples / "sample.evtx");
  REQUIRE(sample.size() == 4096 + 2 * 65536);
  SECTION("cut inside the second chunk: the first chunk's records survive")
  {
    const auto path = scratch("cut.evtx");
    write(path, sample.substr(0, 4096 + 65536 + 3000));
    std::size_t n = 0;
    const auto stats = read_evtx_file(path, [&](const Event&) { ++n; });
    REQUIRE(stats);
    CHECK(n > 0);
    CHECK(n < 41);
    REQUIRE(stats->damaged);
    CHECK(stats->partial());
    // The first chunk holds records 1000-1022 (EventRecordID): the loss starts at 1023.
    CHECK(stats->damaged->where == "cut.evtx:record 1023");
    CHECK(stats->damaged->message.find("truncated: the header announces 2 chunks, the file holds 1 and 3000 bytes of "
                                       "chunk 2") == 0);
    CHECK(stats->damaged->message.find("the events from record 1023 (EventRecordID) on are missing") !=
          std::string::npos);
  }
  SECTION("the whole file: not damaged")
  {
    const auto stats = read_evtx_file(k_samples / "sample.evtx", [](const Event&) {});
    REQUIRE(stats);
    CHECK_FALSE(stats->damaged);
    CHECK_FALSE(stats->partial());
  }
  SECTION("cut inside the first chunk")
  {
    const auto path = scratch("cut1.evtx");
    write(path, sample.substr(0, 4096 + 20000));
    std::size_t n = 0;
    const auto stats = read_evtx_file(path, [&](const Event&) { ++n; });
    REQUIRE(stats);
    CHECK(n < 41);
    REQUIRE(stats->damaged);
    CHECK(stats->damaged->message.find("truncated") == 0);
  }
  SECTION("only part of the file header: an error, not a crash")
  {
    const auto path = scratch("header.evtx");
    write(path, sample.substr(0, 100));
    CHECK(!read_evtx_file(path, [](const Event&) {}));
  }
  SECTION("random byte damage in the records")
  {
    std::mt19937 rng(4242);
    const auto path = scratch("damaged.evtx");
    for (int round = 0; round < 40; ++round) {
      auto damaged = sample;
      for (int i = 0; i < 30; ++i) {
        damaged[4096 + 512 + rng() % (damaged.size() - 4096 - 512)] = static_cast<char>(rng() % 256);
      }
      write(path, damaged);
      std::size_t n = 0;
      const auto stats = read_evtx_file(path, [&](const Event&) { ++n; });
      if (stats) {
        CHECK(stats->events == n);
      }
    }
  }
}

TEST_CASE("events: evtx_truncation compares the size with the header's chunk count", "[events][readers][evtx]")
{
  std::string header(4096, '\0');
  header.replace(0, 8, std::string("ElfFile\0", 8));
  header[0x2A] = 3; // three chunks
  CHECK_FALSE(evtx_truncation(header, 4096 + 3 * 65536));
  CHECK_FALSE(evtx_truncation(header, 4096 + 4 * 65536)); // a stale header counts fewer: not a loss
  CHECK(evtx_truncation(header, 4096 + 2 * 65536).value_or("") ==
        "truncated: the header announces 3 chunks, the file holds 2");
  CHECK(evtx_truncation(header, 4096 + 65536 + 10).value_or("") ==
        "truncated: the header announces 3 chunks, the file holds 1 and 10 bytes of chunk 2");
  CHECK(evtx_truncation(header, 4096).value_or("") == "truncated: the header announces 3 chunks, the file holds 0");
  CHECK(evtx_truncation(header.substr(0, 100), 100).value_or("").find("the file header is cut short") == 0);
}

TEST_CASE("events: real .evtx files cut at several points are partial", "[events][readers][evtx][malformed]")
{
  if (!evtx_supported()) {
    WARN("built without libevtx");
    return;
  }
  const auto dir = std::filesystem::path(KR_TEST_DATA_DIR) / "evtx";
  for (const auto* name : {"remote_pwd_reset_4776_4624.evtx", "samaccount_spoofing_4768_4769_4624.evtx",
                           "scheduled_task_target_4624_ntlm_4776.evtx"}) {
    const auto whole = slurp(dir / name);
    REQUIRE(whole.size() == 4096 + 65536);
    std::size_t all = 0;
    const auto full = read_evtx_file(dir / name, [&](const Event&) { ++all; });
    REQUIRE(full);
    CHECK_FALSE(full->partial());
    // Header only; mid-chunk; just before the chunk's last bytes.
    for (const std::size_t cut : {std::size_t{4096}, std::size_t{4096 + 4000}, whole.size() - 100}) {
      INFO(name << " cut at " << cut);
      const auto path = scratch("real-cut.evtx");
      write(path, whole.substr(0, cut));
      std::size_t n = 0;
      const auto stats = read_evtx_file(path, [&](const Event&) { ++n; });
      if (!stats) {
        // libevtx refused the file: an error naming it is as good as a damage mark.
        CHECK(stats.error().find("real-cut.evtx") != std::string::npos);
        continue;
      }
      CHECK(n < all + 1);
      REQUIRE(stats->damaged);
      CHECK(stats->damaged->where.find("real-cut.evtx:") == 0);
      CHECK(stats->partial());
    }
  }
}
