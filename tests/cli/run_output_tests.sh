#!/usr/bin/env bash
# End-to-end tests of the outputs for scheduled scans and people: diff and --baseline,
# --suppressions, --fail-on-new, the markdown/csv/jsonl/metrics outputs, --output/--archive and
# atomic writes. Run by CTest as cli.outputs:
#   KERBREADY=path/to/kerbready run_output_tests.sh REPO_ROOT
# What each format looks like is golden on a fixed report (tests/golden/fixture/, written by
# tests/reports/test_report_fixture.cpp); here the formats are checked against each other and
# against the JSON report of the example, never against a golden of it.
set -u
repo=${1:?usage: run_output_tests.sh REPO_ROOT}
kr=${KERBREADY:?set KERBREADY to the kerbready binary}
cd "$repo" || exit 2
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # py, work, ok, fail, expect_status
example=examples/corp.example.com.ldif
sysvol=examples/sysvol # its SYSVOL Policies copy (scripts/gen_example_sysvol.py)
supp=tests/cli/data/suppressions.toml
export SOURCE_DATE_EPOCH=1767225600 # 2026-01-01T00:00:00Z

validate() { # schema document
  "$py" - "$1" "$2" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.validate(json.load(open(sys.argv[2])), schema, cls=jsonschema.Draft202012Validator)
PY
}

# A baseline that differs from today's scan: one finding fixed since (resolved), one not yet there
# (new), one whose check did not run (not re-evaluated: neither resolved nor unchanged).
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --json "$work/today.json" --fail-on none >/dev/null
"$py" - "$work/today.json" "$work/base.json" <<'PY'
import copy, json, sys
d = json.load(open(sys.argv[1]))
d["findings"] = [f for f in d["findings"] if f["id"] != "SPN-DUPLICATE-434e69b8b4320ca1"]
gone = copy.deepcopy(d["findings"][1])
gone.update(id="SPN-DUPLICATE-00000000000000aa", check_id="SPN-DUPLICATE", subject="HTTP/old.corp.example.com",
            severity="high")
other = copy.deepcopy(gone)
other.update(id="SPN-RETIRED-00000000000000bb", check_id="SPN-RETIRED", subject="HTTP/retired")
d["findings"] += [gone, other]
json.dump(d, open(sys.argv[2], "w"), indent=2)
PY

# How many findings today's scan of the example has (it grows as checks are added).
total=$("$py" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$work/today.json")
export KR_TOTAL=$total

# --- kerbready diff --------------------------------------------------------------------------
"$kr" diff "$work/base.json" "$work/today.json" >"$work/diff.out"
expect_status "diff without --fail-on-new" 0 $?
grep -q "^Changes: 1 new, 1 resolved, 1 not re-evaluated, $((total - 1)) unchanged$" "$work/diff.out" \
  && grep -q "^  NEW .* SPN-DUPLICATE-434e69b8b4320ca1$" "$work/diff.out" && grep -q "^  RESOLVED .* SPN-DUPLICATE-00000000000000aa$" "$work/diff.out" \
  && grep -q "^  NOT_REEVALUATED .* SPN-RETIRED-00000000000000bb$" "$work/diff.out" \
  && ok "diff text: counts, new, resolved and not re-evaluated" || fail "diff text: $(head -5 "$work/diff.out")"
"$kr" diff "$work/base.json" "$work/today.json" --format json >"$work/diff.json"
if validate docs/diff.schema.json "$work/diff.json"; then ok "diff JSON validates against docs/diff.schema.json"; else
  fail "diff JSON schema"; fi
"$py" - "$work/diff.json" <<'PY' && ok "diff JSON counts: 1 new, 1 resolved, 1 not re-evaluated, $((total - 1)) unchanged" || fail "diff JSON counts"
import json, os, sys
d = json.load(open(sys.argv[1]))
total = int(os.environ["KR_TOTAL"])
assert d["counts"] == {"new": 1, "resolved": 1, "not_reevaluated": 1, "unchanged": total - 1, "unverified": 1}, d["counts"]
new = [f for f in d["findings"] if f["change"] == "new"]
assert [f["id"] for f in new] == ["SPN-DUPLICATE-434e69b8b4320ca1"]
assert [f["id"] for f in d["findings"] if f["change"] == "resolved"] == ["SPN-DUPLICATE-00000000000000aa"]
gap = [f for f in d["findings"] if f["change"] == "not_reevaluated"]
assert [(f["id"], f["reason"]) for f in gap] == [("SPN-RETIRED-00000000000000bb", "check_not_run")], gap
assert [f["id"] for f in d["unverified"]] == ["SPN-RETIRED-00000000000000bb"]
PY
"$kr" diff "$work/base.json" "$work/today.json" --fail-on-new high >/dev/null
expect_status "diff --fail-on-new high with a new high finding" 1 $?
"$kr" diff "$work/base.json" "$work/today.json" --fail-on-new critical >/dev/null
expect_status "diff --fail-on-new critical: the new finding is only high" 0 $?
"$kr" diff "$work/today.json" "$work/today.json" --fail-on-new info >"$work/same.txt"
expect_status "a report against itself has nothing new" 0 $?
grep -q "Changes: 0 new, 0 resolved, 0 not re-evaluated, $total unchanged" "$work/same.txt" && ok "self-diff counts" || fail "self-diff counts"

echo '{"name": "something else"}' >"$work/foreign.json"
head -c 300 "$work/today.json" >"$work/truncated.json"
for bad in foreign truncated missing; do
  "$kr" diff "$work/$bad.json" "$work/today.json" >"$work/out.txt" 2>"$work/err.txt"
  status=$?
  if [ "$status" = 3 ] && [ "$(wc -l <"$work/err.txt")" = 1 ] && grep -q "^kerbready: error: .*$bad.json" "$work/err.txt" \
    && [ ! -s "$work/out.txt" ]; then ok "diff of a $bad file: $(cat "$work/err.txt")"; else
    fail "diff of a $bad file: exit $status: $(head -c 300 "$work/err.txt")"; fi
done

# --- scan --baseline and --suppressions ----------------------------------------------------
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --baseline "$work/base.json" --suppressions "$supp" --fail-on none \
  --json "$work/triage.json" --color never >"$work/triage.txt" 2>"$work/err.txt"
expect_status "scan with baseline and suppressions, --fail-on none" 0 $?
grep -q "^Baseline:  $work/base.json (2026-01-01T00:00:00Z): 1 new, $((total - 1)) unchanged, 1 resolved, 1" "$work/triage.txt" \
  && grep -q "^Suppressed: 1 findings (3 rules in $supp: 1 active, 1 expired, 1 match" "$work/triage.txt" \
  && grep -q "^Resolved since the baseline" "$work/triage.txt" && grep -q "^Not re-evaluated" "$work/triage.txt" \
  && ok "text report with baseline and suppressions: the triage lines" || fail "text triage: $(sed -n 40,46p "$work/triage.txt")"
if grep -q "warning: suppression $supp:12 expired on 2025-12-31 (1 findings are reported again)" "$work/err.txt" \
  && grep -q "warning: suppression $supp:20 matches no finding" "$work/err.txt" && [ "$(wc -l <"$work/err.txt")" = 2 ]; then
  ok "expired and unmatched suppressions warned on stderr"; else fail "stderr warnings: $(cat "$work/err.txt")"; fi
if validate docs/report.schema.json "$work/triage.json"; then ok "JSON with triage validates against the schema"; else
  fail "triage JSON schema"; fi
"$py" - "$work/triage.json" <<'PY' && ok "JSON marks new, unchanged, suppressed; lists resolved and rule states" \
  || fail "triage JSON content"
import json, os, sys
d = json.load(open(sys.argv[1]))
total = int(os.environ["KR_TOTAL"])
by_id = {f["id"]: f for f in d["findings"]}
assert len(d["findings"]) == total  # suppressed findings stay in the report
assert by_id["SPN-DUPLICATE-434e69b8b4320ca1"]["change"] == "new"
assert all(f["change"] == "unchanged" for i, f in by_id.items() if i != "SPN-DUPLICATE-434e69b8b4320ca1")
s = by_id["SPN-DUPLICATE-a69d6fb31c72de55"]["suppressed"]
assert s["owner"] == "dba@corp.example.com" and s["expires"] == "2026-03-31" and s["rule"].endswith("suppressions.toml:5"), s
assert sum("suppressed" in f for f in d["findings"]) == 1 == d["summary"]["suppressed"]
b = d["baseline"]
assert (b["new"], b["unchanged"], b["resolved"], b["not_reevaluated"], b["unverified"]) == (1, total - 1, 1, 1, 1), b
assert [f["id"] for f in b["resolved_findings"]] == ["SPN-DUPLICATE-00000000000000aa"]
assert [(f["id"], f["reason"]) for f in b["not_reevaluated_findings"]] == [("SPN-RETIRED-00000000000000bb", "check_not_run")]
assert [r["state"] for r in d["suppressions"]["rules"]] == ["active", "expired", "unmatched"]
assert [r["matched"] for r in d["suppressions"]["rules"]] == [1, 1, 0]
PY

"$kr" scan --snapshot "$example" --sysvol "$sysvol" --baseline "$work/base.json" --fail-on none --fail-on-new high >/dev/null 2>&1
expect_status "--fail-on-new high with a new high finding" 1 $?
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --baseline "$work/base.json" --fail-on none --fail-on-new critical >/dev/null 2>&1
expect_status "--fail-on-new critical: nothing new that critical" 0 $?
printf '[[suppression]]\nid = "SPN-DUPLICATE-434e69b8b4320ca1"\nreason = "r"\nowner = "o"\nexpires = 2026-01-01\n' \
  >"$work/new-suppressed.toml"
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --baseline "$work/base.json" --suppressions "$work/new-suppressed.toml" --fail-on none \
  --fail-on-new info >/dev/null 2>&1
expect_status "a suppressed new finding (expiring today) does not gate" 0 $?
# Suppress every check that has a finding at high or above.
"$py" - "$work/today.json" >"$work/all-high.toml" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for check in sorted({f["check_id"] for f in d["findings"] if f["severity"] in ("critical", "high")}):
    print(f'[[suppression]]\ncheck = "{check}"\nreason = "r"\nowner = "o"\nexpires = 2026-01-01')
PY
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --suppressions "$work/all-high.toml" --fail-on high >/dev/null 2>&1
expect_status "--fail-on ignores suppressed findings" 0 $?
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --fail-on-new high >/dev/null 2>&1
expect_status "--fail-on-new without --baseline is a usage error" 2 $?
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --baseline "$work/nothing-yet.json" --baseline-missing-ok --fail-on none \
  --fail-on-new info >/dev/null 2>&1
expect_status "--baseline-missing-ok: first run of a schedule" 0 $?

# Bad baseline (exit 3) or suppressions (exit 2): one line, before any output is written.
printf '[[suppression]]\nid = "X"\nexpiry = 2026-01-01\n' >"$work/typo.toml"
echo "previous report" >"$work/kept.json"
for args in "--baseline $work/foreign.json" "--baseline $work/missing.json" "--suppressions $work/typo.toml" \
  "--suppressions $work/missing.toml"; do
  # shellcheck disable=SC2086
  "$kr" scan --snapshot "$example" --sysvol "$sysvol" $args --json "$work/kept.json" --metrics "$work/kept.prom" >"$work/out.txt" 2>"$work/err.txt"
  status=$?
  want=3
  case "$args" in --suppressions*) want=2 ;; esac
  if [ "$status" = "$want" ] && [ "$(wc -l <"$work/err.txt")" = 1 ] && [ "$(cat "$work/kept.json")" = "previous report" ] \
    && [ ! -e "$work/kept.prom" ] && [ ! -s "$work/out.txt" ]; then ok "bad input ${args##*/}: $(cat "$work/err.txt")"; else
    fail "bad input ${args##*/}: exit $status: $(head -c 300 "$work/err.txt")"; fi
done

# --- markdown, csv, jsonl and metrics of the example domain ---------------------------------------
for format in markdown csv jsonl metrics; do
  "$kr" scan --snapshot "$example" --sysvol "$sysvol" --format "$format" --fail-on none >"$work/example.$format"
  expect_status "--format $format" 0 $?
done
grep -q "^- \*\*Finding id:\*\* SPN-DUPLICATE-70984afdbda063d7$" "$work/example.markdown" \
  && [ "$(grep -c '^- \*\*Finding id:\*\* ' "$work/example.markdown")" = "$total" ] \
  && ok "markdown: one section per finding" || fail "markdown findings"
# The fixture goldens are documents of their formats too.
for fixture in full partial; do
  if validate docs/report.schema.json tests/golden/fixture/$fixture.json; then
    ok "fixture $fixture: JSON validates against docs/report.schema.json"; else fail "fixture $fixture: JSON schema"; fi
done
if validate docs/diff.schema.json tests/golden/fixture/diff.json; then ok "fixture diff JSON validates against docs/diff.schema.json"; else
  fail "fixture diff JSON schema"; fi
"$py" - tests/golden/fixture/full.csv tests/golden/fixture/full.jsonl tests/golden/fixture/full.json <<'PY' \
  && ok "fixture: csv rows and jsonl tickets are the JSON findings, plus the baseline's" || fail "fixture csv/jsonl"
import csv, json, sys
findings = json.load(open(sys.argv[3]))["findings"]
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert [r["id"] for r in rows] == [f["id"] for f in findings]
tickets = [json.loads(line) for line in open(sys.argv[2])]
assert [t["dedup_key"] for t in tickets if t["status"] in ("open", "suppressed")] == [f["id"] for f in findings]
assert sorted(t["status"] for t in tickets) == ["not_reevaluated", "open", "open", "open", "open", "open", "resolved",
                                                "suppressed"], [t["status"] for t in tickets]
PY
"$py" - "$work/example.csv" "$work/example.jsonl" "$work/today.json" <<'PY' && ok "csv and jsonl: one record per finding, ids match the JSON" \
  || fail "csv/jsonl records"
import csv, json, sys
findings = json.load(open(sys.argv[3]))["findings"]
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert [r["id"] for r in rows] == [f["id"] for f in findings]
assert rows[0]["severity"] == "critical" and rows[0]["tier0"] == "true"
tickets = [json.loads(line) for line in open(sys.argv[2])]
assert [t["dedup_key"] for t in tickets] == [f["id"] for f in findings]
for t in tickets:
    assert {"title", "description", "severity", "labels", "dedup_key", "status"} <= t.keys()
    assert t["status"] == "open" and t["scan_complete"] is True and "kerbready" in t["labels"]
    assert t["dedup_key"] in t["description"]
PY
# promtool (Debian's prometheus package): its linter prints nothing and exits 0 only when every
# family follows the exposition format and the naming and HELP/TYPE rules.
promtool_accepts() { # FILE WHAT
  if ! command -v promtool >/dev/null; then
    fail "promtool is not installed (scripts/install-deps test installs prometheus)"
    return
  fi
  promtool check metrics <"$1" >"$work/promtool.txt" 2>&1
  local status=$?
  [ "$status" = 0 ] && [ ! -s "$work/promtool.txt" ] && ok "promtool check metrics accepts $2" \
    || fail "promtool check metrics, $2 (exit $status): $(head -5 "$work/promtool.txt")"
}
promtool_accepts "$work/example.metrics" "the example's metrics"
"$py" - "$work/example.metrics" <<'PY' && ok "metrics parse as Prometheus text format" || fail "metrics format"
import re, sys
sample = re.compile(r'^([a-z_]+)(\{([a-z_]+="([^"\\]|\\.)*")(,[a-z_]+="([^"\\]|\\.)*")*\})? -?[0-9.]+$')
typed, seen_families = set(), []
for line in open(sys.argv[1]):
    line = line.rstrip("\n")
    if line.startswith("# TYPE "):
        name = line.split()[2]
        assert name not in typed, f"family {name} declared twice"
        typed.add(name); seen_families.append(name)
    elif line.startswith("# HELP "):
        continue
    else:
        m = sample.match(line)
        assert m, f"bad sample line: {line!r}"
        assert m.group(1) == seen_families[-1], f"sample {line!r} outside its family"
assert "kerbready_last_success_timestamp_seconds" == seen_families[-1]
PY

# jq one-liners of docs/ticketing.md, run on the example's tickets.
# Every line of docs/ticketing.md that starts with "jq " runs on a baseline scan's tickets (open,
# resolved, not re-evaluated and suppressed lines) and must write valid JSON or JSON Lines.
if command -v jq >/dev/null; then
  mkdir -p "$work/tickets"
  "$kr" scan --snapshot "$example" --sysvol "$sysvol" --baseline "$work/base.json" --suppressions "$supp" --fail-on none \
    --tickets "$work/tickets/tickets.jsonl" --metrics "$work/tickets/triaged.prom" >/dev/null 2>&1
  grep -q '^kerbready_findings_changed{' "$work/tickets/triaged.prom" && grep -q '^kerbready_suppressions{' "$work/tickets/triaged.prom" \
    && promtool_accepts "$work/tickets/triaged.prom" "the metrics of a scan with a baseline and suppressions" \
    || fail "no baseline and suppression families in $(grep -c . "$work/tickets/triaged.prom") lines of metrics"
  grep '^jq ' docs/ticketing.md >"$work/tickets/one-liners.sh"
  if (cd "$work/tickets" && bash -e one-liners.sh) && "$py" - "$work/tickets" <<'PY'
import json, pathlib, sys
d = pathlib.Path(sys.argv[1])
tickets = [json.loads(l) for l in open(d / "tickets.jsonl")]
statuses = sorted({t["status"] for t in tickets})
assert statuses == ["not_reevaluated", "open", "resolved", "suppressed"], statuses
open_count = sum(t["status"] == "open" for t in tickets)
jira = json.load(open(d / "jira-bulk.json"))
assert len(jira["issueUpdates"]) == open_count and all(u["fields"]["priority"]["name"] for u in jira["issueUpdates"])
sn = [json.loads(l) for l in open(d / "servicenow.jsonl")]
assert len(sn) == open_count and all(r["urgency"] in ("1", "2", "3") and r["correlation_id"] for r in sn)
gh = [json.loads(l) for l in open(d / "github-issues.jsonl")]
assert len(gh) == open_count and all("<!-- kerbready:" in i["body"] for i in gh)
assert len(open(d / "keys.txt").read().split()) == open_count
assert open(d / "resolved-keys.txt").read().split() == ["SPN-DUPLICATE-00000000000000aa"]
assert open(d / "keep-open-keys.txt").read().split() == ["SPN-RETIRED-00000000000000bb"]
PY
  then ok "docs/ticketing.md jq one-liners ($(wc -l <"$work/tickets/one-liners.sh")) give Jira, ServiceNow and GitHub payloads"
  else fail "ticketing jq one-liners"; fi
fi

# --- several outputs in one run, atomic; metrics keep the last success across an incomplete scan --
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --fail-on none --html "$work/r.html" --metrics "$work/r.prom" --tickets "$work/r.jsonl" \
  --output markdown="$work/r.md" --output csv="$work/r.csv" --json "$work/r.json" >/dev/null
expect_status "all outputs in one run" 0 $?
cmp -s "$work/r.prom" "$work/example.metrics" && cmp -s "$work/r.jsonl" "$work/example.jsonl" \
  && cmp -s "$work/r.md" "$work/example.markdown" && cmp -s "$work/r.csv" "$work/example.csv" && [ -s "$work/r.html" ] \
  && ok "each output file equals its --format" || fail "output files differ from --format"
[ -z "$(ls "$work" | grep '\.tmp-')" ] && ok "no temporary files left" || fail "temporary files left: $(ls "$work")"
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --output nonsense="$work/x" >/dev/null 2>&1
expect_status "--output with an unknown format" 2 $?
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --output "$work/x" >/dev/null 2>&1
expect_status "--output without FORMAT=" 2 $?
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --html "$work/same" --metrics "$work/same" >/dev/null 2>&1
expect_status "two outputs to one file" 2 $?
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --fail-on none --html "$work/early.html" --metrics "$work/no-such-dir/r.prom" >/dev/null 2>&1
expect_status "an unwritable output" 3 $?
[ ! -e "$work/early.html" ] && [ -z "$(ls "$work" | grep '\.tmp-')" ] && ok "no output is committed when one cannot be written" || fail "partial outputs committed"

# --- outputs are one transaction: a failing output leaves every earlier one as it was ----------
mkdir -p "$work/tx"
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --fail-on none --json "$work/tx/r.json" --output markdown="$work/tx/r.md" \
  --metrics "$work/tx/r.prom" >/dev/null
expect_status "transaction: first run writes the outputs" 0 $?
for f in r.json r.md r.prom; do cp -p "$work/tx/$f" "$work/tx-$f.before"; done
echo "not a directory" >"$work/tx/plain"
# A later scan (another day: different content) whose --html cannot be created: its parent is a file.
SOURCE_DATE_EPOCH=1767312000 "$kr" scan --snapshot "$example" --sysvol "$sysvol" --fail-on none --json "$work/tx/r.json" \
  --output markdown="$work/tx/r.md" --metrics "$work/tx/r.prom" --html "$work/tx/plain/r.html" >/dev/null 2>"$work/err.txt"
status=$?
if [ "$status" = 3 ] && [ "$(wc -l <"$work/err.txt")" = 1 ] && grep -q "^kerbready: error: .*tx/plain/r.html" "$work/err.txt"; then
  ok "an output under a regular file: one error line naming it (exit 3)"; else
  fail "output under a regular file: exit $status: $(head -c 300 "$work/err.txt")"; fi
cmp -s "$work/tx/r.json" "$work/tx-r.json.before" && cmp -s "$work/tx/r.md" "$work/tx-r.md.before" \
  && cmp -s "$work/tx/r.prom" "$work/tx-r.prom.before" && ok "transaction: --json, --output and --metrics before the failing --html are byte-identical" \
  || fail "transaction: an earlier output was replaced by a failed run"
[ "$(ls -A "$work/tx" | tr '\n' ' ')" = "plain r.json r.md r.prom " ] && ok "transaction: no temporary file left after the failure" \
  || fail "transaction: left behind: $(ls -A "$work/tx")"
if [ "$(id -u)" != 0 ]; then # root writes into read-only directories
  mkdir -p "$work/tx/ro" && chmod 555 "$work/tx/ro"
  SOURCE_DATE_EPOCH=1767312000 "$kr" scan --snapshot "$example" --sysvol "$sysvol" --fail-on none --json "$work/tx/r.json" \
    --html "$work/tx/ro/r.html" >/dev/null 2>"$work/err.txt"
  status=$?
  if [ "$status" = 3 ] && [ "$(wc -l <"$work/err.txt")" = 1 ] && grep -q "tx/ro/r.html" "$work/err.txt" \
    && cmp -s "$work/tx/r.json" "$work/tx-r.json.before" && [ -z "$(ls -A "$work/tx/ro")" ]; then
    ok "an output in a read-only directory: --json untouched, nothing left behind"; else
    fail "read-only directory: exit $status: $(head -c 300 "$work/err.txt")"; fi
  chmod 755 "$work/tx/ro"
fi

# The same file twice, however spelt, is a usage error.
(cd "$work/tx" && "$kr" scan --snapshot "$repo/$example" --json r.json --html ./r.json >/dev/null 2>"$work/err.txt")
status=$?
if [ "$status" = 2 ] && [ "$(wc -l <"$work/err.txt")" = 1 ] && grep -q "same file" "$work/err.txt" \
  && cmp -s "$work/tx/r.json" "$work/tx-r.json.before"; then ok "--json x --html ./x: usage error (exit 2)"; else
  fail "--json x --html ./x: exit $status: $(cat "$work/err.txt")"; fi
"$kr" scan --snapshot "$example" --json "$work/tx/r.json" --output markdown="$work/tx/plain/../r.json" >/dev/null 2>&1
expect_status "--json x --output markdown=dir/../x" 2 $?
"$kr" scan --snapshot "$example" --output csv="$work/tx/new.csv" --output html="$work/tx/../tx/new.csv" >/dev/null 2>&1
expect_status "--output twice to one new file" 2 $?
[ ! -e "$work/tx/new.csv" ] && ok "nothing written after a usage error" || fail "usage error still wrote new.csv"

# Modes: a new report is 0640 less the umask; a replaced one keeps its mode.
rm -f "$work/tx/m.json" "$work/tx/m.csv"
(umask 022 && "$kr" scan --snapshot "$example" --sysvol "$sysvol" --fail-on none --json "$work/tx/m.json" >/dev/null)
(umask 077 && "$kr" scan --snapshot "$example" --sysvol "$sysvol" --fail-on none --output csv="$work/tx/m.csv" >/dev/null)
[ "$(stat -c %a "$work/tx/m.json")" = 640 ] && [ "$(stat -c %a "$work/tx/m.csv")" = 600 ] \
  && ok "new reports are 0640 under umask 022, 0600 under umask 077" \
  || fail "new report modes: $(stat -c %a "$work/tx/m.json") $(stat -c %a "$work/tx/m.csv")"
chmod 604 "$work/tx/m.json"
SOURCE_DATE_EPOCH=1767312000 "$kr" scan --snapshot "$example" --sysvol "$sysvol" --fail-on none --json "$work/tx/m.json" >/dev/null
[ "$(stat -c %a "$work/tx/m.json")" = 604 ] && grep -q '"started_at": "2026-01-02' "$work/tx/m.json" \
  && ok "a replaced report keeps its mode" || fail "replaced report mode: $(stat -c %a "$work/tx/m.json")"
if [ "$(id -u)" = 0 ]; then # as root, a replaced report also keeps its owner and group
  chown 65534:65534 "$work/tx/m.json"
  "$kr" scan --snapshot "$example" --sysvol "$sysvol" --fail-on none --json "$work/tx/m.json" >/dev/null
  [ "$(stat -c %u:%g:%a "$work/tx/m.json")" = 65534:65534:604 ] && ok "root: a replaced report keeps its owner" \
    || fail "root: replaced report owner: $(stat -c %u:%g:%a "$work/tx/m.json")"
fi
# A link at the destination is replaced, never written through.
echo "link target" >"$work/tx/target.txt"
ln -s "$work/tx/target.txt" "$work/tx/link.json"
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --fail-on none --json "$work/tx/link.json" >/dev/null
[ "$(cat "$work/tx/target.txt")" = "link target" ] && [ ! -L "$work/tx/link.json" ] && [ -s "$work/tx/link.json" ] \
  && ok "a link at the destination is replaced, its target untouched" || fail "write through a link"

{
  printf 'dn: CN=svc,CN=Users,DC=corp,DC=example,DC=com\nobjectClass: user\nsAMAccountName: svc\n'
  printf 'objectSid:: AQUAAAAAAAUVAAAA\n\n'
} >"$work/partial.ldif"
SOURCE_DATE_EPOCH=1767312000 "$kr" scan --snapshot "$work/partial.ldif" --metrics "$work/r.prom" >/dev/null 2>&1
expect_status "incomplete scan" 3 $?
grep -q '^kerbready_scan_complete 0$' "$work/r.prom" && grep -q '^kerbready_scan_timestamp_seconds 1767312000$' "$work/r.prom" \
  && grep -q '^kerbready_last_success_timestamp_seconds 1767225600$' "$work/r.prom" \
  && [ "$(tail -1 "$work/r.prom")" = "kerbready_last_success_timestamp_seconds 1767225600" ] \
  && ok "incomplete scan: metrics keep the last successful scan's time" || fail "last success carried over: $(tail -3 "$work/r.prom")"
promtool_accepts "$work/r.prom" "the metrics of an incomplete scan (last success carried over)"

# --- archive: DIR/kerbready-<time>.json, only the newest --keep are kept ------------------------
mkdir -p "$work/archive"
echo keep-me >"$work/archive/notes.txt"
for day in 1767225600 1767312000 1767398400 1767484800; do
  SOURCE_DATE_EPOCH=$day "$kr" scan --snapshot "$example" --sysvol "$sysvol" --fail-on none --archive "$work/archive" --keep 2 >/dev/null
done
if [ "$(ls "$work/archive" | tr '\n' ' ')" = "kerbready-20260103T000000Z.json kerbready-20260104T000000Z.json notes.txt " ]; then
  ok "--archive keeps the newest --keep reports and nothing else is touched"; else fail "archive: $(ls "$work/archive")"; fi
cmp -s "$work/archive/kerbready-20260104T000000Z.json" <(SOURCE_DATE_EPOCH=1767484800 "$kr" scan --snapshot "$example" --sysvol "$sysvol" --fail-on none --format json) \
  && ok "archived report is the JSON report" || fail "archived JSON differs"
# A future-dated archive (a wrong clock once) never makes --keep delete the report just written;
# only our own names are considered, and links or directories with our name are left alone.
mkdir -p "$work/archive2/kerbready-20200101T000000Z.json"
for name in kerbready-20251201T000000Z.json kerbready-20991231T000000Z.json kerbready-20251101T000000Z.json.bak; do
  echo old >"$work/archive2/$name"
done
ln -s "$work/archive2/kerbready-20251101T000000Z.json.bak" "$work/archive2/kerbready-20240101T000000Z.json"
SOURCE_DATE_EPOCH=1767571200 "$kr" scan --snapshot "$example" --sysvol "$sysvol" --fail-on none --archive "$work/archive2" --keep 2 >/dev/null
expected="kerbready-20200101T000000Z.json kerbready-20240101T000000Z.json kerbready-20251101T000000Z.json.bak kerbready-20260105T000000Z.json kerbready-20991231T000000Z.json "
[ "$(ls -A "$work/archive2" | tr '\n' ' ')" = "$expected" ] \
  && ok "--keep 2 with a future-dated archive: the new report and the future one stay, the older one goes" \
  || fail "archive with a future file: $(ls -A "$work/archive2")"
SOURCE_DATE_EPOCH=1767657600 "$kr" scan --snapshot "$example" --sysvol "$sysvol" --fail-on none --archive "$work/archive2" --keep 1 >/dev/null
[ -s "$work/archive2/kerbready-20260106T000000Z.json" ] && [ ! -e "$work/archive2/kerbready-20991231T000000Z.json" ] \
  && [ ! -e "$work/archive2/kerbready-20260105T000000Z.json" ] && [ -d "$work/archive2/kerbready-20200101T000000Z.json" ] \
  && [ -L "$work/archive2/kerbready-20240101T000000Z.json" ] \
  && ok "--keep 1 keeps only the report just written, even when another name sorts after it" \
  || fail "archive --keep 1: $(ls -A "$work/archive2")"
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --fail-on none --archive "$work/archive2" \
  --json "$work/archive2/kerbready-20260101T000000Z.json" >/dev/null 2>&1
expect_status "--json into the archive under the archived report's own name" 2 $?
# The HTML report draws the archive; its foreign files (a directory, a link to text, a cut report)
# are skipped with a warning each, never an error, and the page counts them.
head -c 300 "$work/archive2/kerbready-20260106T000000Z.json" >"$work/archive2/broken.json"
SOURCE_DATE_EPOCH=1767744000 "$kr" scan --snapshot "$example" --sysvol "$sysvol" --fail-on none --archive "$work/archive2" \
  --keep 10 --html "$work/archive2.html" >/dev/null 2>"$work/err.txt"
expect_status "--archive with --html over an archive holding foreign files" 0 $?
skipped=$(grep -c '^kerbready: warning: archived report skipped: ' "$work/err.txt")
[ "$skipped" = 3 ] && grep -q 'data-archived="1" data-skipped="3"' "$work/archive2.html" \
  && grep -q 'skipped: .*broken.json' "$work/err.txt" \
  && ok "--archive with --html: 3 foreign files skipped with a warning each, the page says so" \
  || fail "archive history: $skipped warnings: $(head -c 600 "$work/err.txt")"
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --fail-on none --history "$work/archive2" >/dev/null 2>"$work/err.txt"
expect_status "--history without an HTML output" 0 $?
[ ! -s "$work/err.txt" ] && ok "--history without an HTML output reads nothing" || fail "--history without HTML: $(head -c 300 "$work/err.txt")"
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --fail-on none --history "$work/archive2.html" --html "$work/h.html" >/dev/null 2>"$work/err.txt"
expect_status "--history naming a file" 2 $?

# --- --config: CLI11's TOML config, [scan] section --------------------------------------------
cat >"$work/kerbready.toml" <<TOML
# test configuration
[scan]
snapshot = ["$example"]
sysvol = "$sysvol"
fail-on = "critical"
baseline = "$work/base.json"
suppressions = "$supp"
metrics = "$work/config.prom"
output = ["csv=$work/config.csv", "markdown=$work/config.md"]
TOML
"$kr" scan --config "$work/kerbready.toml" --json "$work/config.json" >/dev/null 2>&1
expect_status "--config: fail-on = critical from the file" 1 $?
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --fail-on critical --baseline "$work/base.json" --suppressions "$supp" \
  --json "$work/flags.json" --output csv="$work/flags.csv" >/dev/null 2>&1
cmp -s "$work/config.json" "$work/flags.json" && cmp -s "$work/config.csv" "$work/flags.csv" \
  && [ -s "$work/config.prom" ] && [ -s "$work/config.md" ] \
  && ok "--config gives the same report as the same options on the command line" || fail "--config differs"
"$kr" scan --config "$work/kerbready.toml" --fail-on none >/dev/null 2>&1
expect_status "a command-line option overrides the config file" 0 $?
"$kr" --config "$work/kerbready.toml" scan --fail-on none >/dev/null 2>&1
expect_status "--config before the sub-command" 0 $?
printf '[scan]\nsnapshot = ["%s"]\nfail-onn = "none"\n' "$example" >"$work/typo-config.toml"
"$kr" scan --config "$work/typo-config.toml" >/dev/null 2>&1
expect_status "a misspelt key in the config file" 2 $?
"$kr" scan --config "$work/no-such.toml" >/dev/null 2>&1
expect_status "a missing config file" 2 $?

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
