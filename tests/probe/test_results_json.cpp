#include "src/probe/results_json.hpp"

#include <catch2/catch.hpp>

using namespace kerbready;
using namespace kerbready::probe;

TEST_CASE("probe JSON: what to_json writes, parse_json reads back", "[probe][json]")
{
  ProbeRun run;
  run.client = "Administrator@LAB.EXAMPLE";
  collect::ProbeResult ok;
  ok.request = {"cifs/web01.lab.example", "web01.lab.example", "spn-host"};
  ok.outcome = collect::ProbeOutcome::ok;
  ok.ticket_etype = "rc4-hmac";
  ok.session_etype = "aes256-cts-hmac-sha1-96";
  collect::ProbeResult unknown;
  unknown.request = {"HTTP/web01.lab.example", "HTTP/web01.lab.example", "spn-duplicate"};
  unknown.outcome = collect::ProbeOutcome::principal_unknown;
  unknown.code = -1765328377;
  unknown.message = "Server not found in Kerberos database";
  run.results = {ok, unknown};

  const auto text = to_json(run);
  const auto back = parse_json(text, "probe.json");
  REQUIRE(back);
  CHECK(back->client == run.client);
  REQUIRE(back->results.size() == 2);
  CHECK(back->results[0].request.spn == "cifs/web01.lab.example");
  CHECK(back->results[0].request.source == "spn-host");
  CHECK(back->results[0].outcome == collect::ProbeOutcome::ok);
  CHECK(back->results[0].ticket_etype == "rc4-hmac");
  CHECK(back->results[1].outcome == collect::ProbeOutcome::principal_unknown);
  CHECK(back->results[1].code == -1765328377);
  CHECK(back->results[1].message == "Server not found in Kerberos database");
  CHECK(to_json(*back) == text);
}

TEST_CASE("probe JSON: hostile or foreign documents are errors", "[probe][json]")
{
  CHECK(!parse_json("", "f"));
  CHECK(!parse_json("{", "f"));
  CHECK(!parse_json("[]", "f"));
  CHECK(!parse_json(R"({"schema_version": "1.1", "findings": []})", "f")); // a scan report, not probe results
  CHECK(!parse_json(R"({"results": [1]})", "f"));
  CHECK(!parse_json(R"({"results": [{"outcome": "ok"}]})", "f"));
  CHECK(!parse_json(R"({"results": [{"spn": "cifs/x", "outcome": "maybe"}]})", "f"));
  CHECK(!parse_json(R"({"results": [{"spn": 7, "outcome": "ok"}]})", "f"));
  const auto error = parse_json(R"({"results": [{"spn": "cifs/x", "outcome": "maybe"}]})", "in.json");
  REQUIRE(!error);
  CHECK(error.error().find("in.json") != std::string::npos);
  CHECK(error.error().find("unknown outcome") != std::string::npos);
  const auto minimal = parse_json(R"({"results": [{"spn": "cifs/x", "outcome": "not_unique", "code": "x"}]})", "f");
  REQUIRE(minimal);
  CHECK(minimal->results.at(0).outcome == collect::ProbeOutcome::not_unique);
  CHECK(minimal->results.at(0).code == 0);
  CHECK(parse_json(R"({"results": []})", "f"));
}
