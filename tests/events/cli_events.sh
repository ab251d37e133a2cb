#!/usr/bin/env bash
# Command-line tests for `kerbready events` and `kerbready scan --events`: exit statuses, outputs.
# Usage: cli_events.sh SOURCE_DIR (KERBREADY names the binary).
set -u
src="$1"
data="$src/tests/data/events"
bin="${KERBREADY:?}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # name expected-status command...
  local name="$1" want="$2"
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL $name: exit $got, expected $want"; sed 's/^/  /' "$tmp/err"; fail=1
  else
    echo "ok   $name"
  fi
}
has() { # name pattern file
  if ! grep -q -- "$2" "$3"; then echo "FAIL $1: no '$2'"; fail=1; else echo "ok   $1"; fi
}

for f in sample.xml sample.jsonl sample.json sample.evtx; do
  check "events $f" 0 "$bin" events "$data/$f" --color never
  has "events $f counts" "41 read: NTLM 36" "$tmp/out"
done
check "events json" 0 "$bin" events "$data/sample.jsonl" --format json --json "$tmp/summary.json"
python3 -c "import json,sys; d=json.load(open('$tmp/summary.json')); assert d['totals']['ntlm']==36, d['totals']" \
  && echo "ok   events --json file" || { echo "FAIL events --json file"; fail=1; }
check "events several files" 0 "$bin" events "$data/sample.xml" "$data/sample.jsonl" --color never
has "events several files add up" "82 read: NTLM 72" "$tmp/out"
check "events missing file" 2 "$bin" events "$tmp/nope.evtx"
printf 'hello\n' >"$tmp/notes.txt"
check "events unknown format" 3 "$bin" events "$tmp/notes.txt"
check "events not an evtx" 3 "$bin" events --input-format evtx "$data/sample.xml"
head -c 70000 "$data/sample.evtx" >"$tmp/cut.evtx"
check "events truncated evtx: partial, exit 3" 3 "$bin" events "$tmp/cut.evtx" --color never

SOURCE_DATE_EPOCH=1700000000 check "scan --events" 1 "$bin" scan --snapshot "$data/corp.ldif" \
  --events "$data/sample.jsonl" --json "$tmp/report.json" --color never
has "scan --events lists observed NTLM" "observed NTLM: 3 authentications from 2 clients" "$tmp/out"
has "scan --events lists unexplained NTLM" "EVT-NTLM-UNEXPLAINED" "$tmp/out"
python3 - "$tmp/report.json" <<'PY' && echo "ok   scan --events JSON" || { echo "FAIL scan --events JSON"; fail=1; }
import json, sys
d = json.load(open(sys.argv[1]))
dup = [f for f in d["findings"] if f["check_id"] == "SPN-DUPLICATE"][0]
assert dup["observed"]["count"] == 3, dup
assert any(c["id"] == "EVT-NTLM-UNEXPLAINED" for c in d["checks"])
assert all(f["title"] for f in d["findings"])
PY
check "scan without events has no observed" 1 "$bin" scan --snapshot "$data/corp.ldif" --color never
if grep -q "observed NTLM" "$tmp/out"; then echo "FAIL scan without events"; fail=1; fi
has "scan without events: no traffic evidence" "Evidence:  directory.*; no audit events" "$tmp/out"

# The verdict's tolerance of unexplained NTLM comes from the scan options.
SOURCE_DATE_EPOCH=1700000000 check "scan --events with tolerance options" 1 "$bin" scan --snapshot "$data/corp.ldif" \
  --events "$data/sample.jsonl" --json "$tmp/tolerant.json" --color never \
  --unexplained-ntlm-max-count 100000 --unexplained-ntlm-max-share 100 --min-event-days 2
has "scan --events states the event coverage" "Evidence:  directory.*events over" "$tmp/out"
SOURCE_DATE_EPOCH=1700000000 check "scan --events strict" 1 "$bin" scan --snapshot "$data/corp.ldif" \
  --events "$data/sample.jsonl" --json "$tmp/strict.json" --color never \
  --unexplained-ntlm-max-count 0 --unexplained-ntlm-max-share 0
python3 - "$tmp/tolerant.json" "$tmp/strict.json" <<'PY' && echo "ok   scan verdict options" || { echo "FAIL scan verdict options"; fail=1; }
import json, sys
tolerant = json.load(open(sys.argv[1]))["verdicts"][0]
strict = json.load(open(sys.argv[2]))["verdicts"][0]
assert tolerant["evidence"]["events"] is True and "events" in tolerant["evidence"]["kinds"], tolerant["evidence"]
assert tolerant["evidence"]["min_event_days"] == 2, tolerant["evidence"]
assert tolerant["unexplained_ntlm"]["max_per_day"] == 100000 and tolerant["unexplained_ntlm"]["max_share"] == 1.0
assert tolerant["unexplained_ntlm"]["blocks"] is False, tolerant["unexplained_ntlm"]
assert "no finding explains" not in tolerant["reason"]
assert strict["unexplained_ntlm"]["events"] > 0 and strict["unexplained_ntlm"]["blocks"] is True, strict
assert "no finding explains" in strict["reason"] and strict["unexplained_ntlm"]["top_targets"], strict
PY
check "scan --unexplained-ntlm-max-share above 100" 2 "$bin" scan --snapshot "$data/corp.ldif" \
  --unexplained-ntlm-max-share 101
check "scan --min-event-days 0" 2 "$bin" scan --snapshot "$data/corp.ldif" --min-event-days 0
exit $fail
