#!/usr/bin/env bash
# "Resolved" needs positive evidence: a baseline finding that a later scan does not report is
# resolved only when that scan re-evaluated it (complete, verifiably so, its check ran, the data
# sets it needs and its domains were read). Anything else is "not_reevaluated" in the diff, the
# tickets and the HTML report, and never closes a ticket. Run by CTest as cli.resolved:
#   KERBREADY=path/to/kerbready run_resolved_test.sh REPO_ROOT
set -u
repo=${1:?usage: run_resolved_test.sh REPO_ROOT}
kr=${KERBREADY:?set KERBREADY to the kerbready binary}
cd "$repo" || exit 2
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # py, work, ok, fail, expect_status
example=examples/corp.example.com.ldif
sysvol=examples/sysvol
export SOURCE_DATE_EPOCH=1767225600 # 2026-01-01T00:00:00Z


# The baseline: the full example (with SYSVOL), plus one planted SPN-DUPLICATE finding in
# corp.example.com that no later scan reports. A scan that re-evaluates SPN-DUPLICATE over that
# domain resolves it: the control that "resolved" still happens when it is proven.
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --json "$work/full.json" --fail-on none >/dev/null
"$py" - "$work/full.json" "$work/base.json" <<'PY'
import copy, json, sys
d = json.load(open(sys.argv[1]))
assert d["scan"]["complete"] and "sysvol" in d["scan"]["data_read"], d["scan"]
assert any(f["check_id"].startswith("GPO-") for f in d["findings"]), "the example has GPO findings"
planted = copy.deepcopy(next(f for f in d["findings"] if f["check_id"] == "SPN-DUPLICATE"))
planted.update(id="SPN-DUPLICATE-00000000000000aa", subject="HTTP/old.corp.example.com")
planted["affected"] = [{"dn": "CN=old,CN=Users,DC=corp,DC=example,DC=com", "sam_account_name": "old",
                        "domain": "corp.example.com"}]
d["findings"].append(planted)
json.dump(d, open(sys.argv[2], "w"), indent=2)
PY

# check_scan NAME EXPECTED_RESOLVED -- scan options...
# Scans with --baseline, writing JSON, tickets and HTML, then checks with Python that no baseline
# finding the scan did not re-evaluate is resolved anywhere, and that the tickets never close one.
check_scan() {
  local name=$1 expected=$2
  shift 3
  "$kr" scan "$@" --baseline "$work/base.json" --fail-on none --json "$work/$name.json" \
    --tickets "$work/$name.jsonl" --html "$work/$name.html" >/dev/null 2>"$work/$name.err"
  local status=$?
  if [ "$status" != 0 ] && [ "$status" != 3 ]; then
    fail "$name: scan exit $status: $(head -c 300 "$work/$name.err")"
    return
  fi
  "$kr" diff "$work/base.json" "$work/$name.json" --format json >"$work/$name.diff.json"
  if "$py" - "$work" "$name" "$expected" <<'PY'; then ok "$name: $(cat "$work/$name.summary")"; else fail "$name"; fi
import json, pathlib, re, sys
work, name, expected = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
base = json.load(open(work / "base.json"))
report = json.load(open(work / f"{name}.json"))
diff = json.load(open(work / f"{name}.diff.json"))
tickets = [json.loads(l) for l in open(work / f"{name}.jsonl")]
html = open(work / f"{name}.html", encoding="utf-8").read()
scan = report["scan"]
evaluated = {c["id"] for c in report["checks"] if c["status"] == "evaluated"}
now = {f["id"] for f in report["findings"]}
missing = [f for f in base["findings"] if f["id"] not in now]
assert missing, "the scan reports every baseline finding: nothing to test"

def needs_more(f):
    """Why the scan cannot have re-evaluated `f`, or None (the rule, restated independently)."""
    if not scan["complete"]:
        return "scan_incomplete"
    if not scan.get("completeness_verifiable", True):
        return "completeness_not_verifiable"
    c = f["check_id"]
    if c.startswith("GPO-") and "sysvol" not in scan["data_read"]:
        return "data_set_not_read"
    if c.startswith("DNS-") and "dns" not in scan["data_read"]:
        return "data_set_not_read"
    if c not in evaluated:
        return "check_not_run"
    return None

resolved_diff = {f["id"] for f in diff["findings"] if f["change"] == "resolved"}
gap_diff = {f["id"]: f["reason"] for f in diff["findings"] if f["change"] == "not_reevaluated"}
resolved_report = {f["id"] for f in report["baseline"]["resolved_findings"]}
gap_report = {f["id"]: f["reason"] for f in report["baseline"]["not_reevaluated_findings"]}
assert resolved_diff == resolved_report and gap_diff == gap_report, "diff and scan --baseline disagree"
assert resolved_diff | set(gap_diff) == {f["id"] for f in missing}, "every missing finding is classified"
for f in missing:
    reason = needs_more(f)
    if reason is not None:
        assert f["id"] not in resolved_diff, f"{f['id']} is resolved, but {reason}"
        assert gap_diff[f["id"]] == reason, (f["id"], gap_diff[f["id"]], reason)

close = {t["dedup_key"] for t in tickets if t["status"] == "resolved"}
keep = {t["dedup_key"]: t for t in tickets if t["status"] == "not_reevaluated"}
assert close == resolved_diff, (sorted(close), sorted(resolved_diff))
assert set(keep) == set(gap_diff)
for t in keep.values():
    assert t["change"] == "not_reevaluated" and t["reason"] == gap_diff[t["dedup_key"]]
    assert "close" not in t["description"].lower() and "Keep the ticket open" in t["description"], t["description"]

listed = re.search(r'<ul id="resolved">(.*?)</ul>', html, re.S)
resolved_html = set(re.findall(r"\(([A-Z0-9-]+-[0-9a-f]{16})\)</li>", listed.group(1))) if listed else set()
assert resolved_html == resolved_diff, (resolved_html, resolved_diff)
assert f'<div class="card" id="card-not-reevaluated"><b>{len(gap_diff)}</b>' in html
if gap_diff:
    assert 'id="not-reevaluated"' in html and "were not re-evaluated" in html

want = {"none": set(), "planted": {"SPN-DUPLICATE-00000000000000aa"}}.get(expected)
if want is not None:
    assert resolved_diff == want, (sorted(resolved_diff), want)
reasons = sorted(set(gap_diff.values()))
(work / f"{name}.summary").write_text(
    f"{len(resolved_diff)} resolved, {len(gap_diff)} not re-evaluated ({', '.join(reasons)}), tickets close only the resolved")
PY
}

# The same scan again: only the planted finding is gone, and it is resolved.
check_scan full planted -- --snapshot "$example" --sysvol "$sysvol"
# Without --sysvol: the GPO findings were not looked at (data_set_not_read), the planted one is resolved.
check_scan no-sysvol planted -- --snapshot "$example"
"$py" - "$work/no-sysvol.diff.json" <<'PY' && ok "no-sysvol: every GPO finding is not re-evaluated, none resolved" \
  || fail "no-sysvol: GPO findings"
import json, sys
d = json.load(open(sys.argv[1]))
gpo = [f for f in d["findings"] if f["check_id"].startswith("GPO-")]
assert gpo and all(f["change"] == "not_reevaluated" and f["reason"] == "data_set_not_read" for f in gpo), gpo
PY
# Only SPN-DUPLICATE: every other check's findings are check_not_run; the planted one is resolved.
check_scan check-subset planted -- --snapshot "$example" --sysvol "$sysvol" --check SPN-DUPLICATE
"$py" - "$work/check-subset.diff.json" <<'PY' && ok "check-subset: only SPN-DUPLICATE findings can be resolved" \
  || fail "check-subset"
import json, sys
d = json.load(open(sys.argv[1]))
others = [f for f in d["findings"] if f["check_id"] != "SPN-DUPLICATE" and f["change"] in ("resolved", "not_reevaluated")]
assert others and all(f["change"] == "not_reevaluated" and f["reason"] == "check_not_run" for f in others)
PY

# The example cut at 60% of its bytes, at a record boundary (a blank line), scanned without SYSVOL.
# With kerbready's header and end marker the cut is seen: the scan stops (exit 3) and writes nothing,
# so no ticket can be closed from it.
"$py" - "$example" "$work/cut.ldif" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
cut = data.index(b"\n\n", len(data) * 6 // 10) + 2
open(sys.argv[2], "wb").write(data[:cut])
PY
echo "previous tickets" >"$work/cut.jsonl"
"$kr" scan --snapshot "$work/cut.ldif" --baseline "$work/base.json" --fail-on none --json "$work/cut.json" \
  --tickets "$work/cut.jsonl" >/dev/null 2>"$work/cut.err"
status=$?
if [ "$status" = 3 ] && [ ! -e "$work/cut.json" ] && [ "$(cat "$work/cut.jsonl")" = "previous tickets" ] \
  && grep -q "cut short" "$work/cut.err"; then
  ok "cut: the scan is refused, no report and the previous tickets file untouched"
else
  fail "cut: exit $status, $(head -c 300 "$work/cut.err")"
fi
# The same cut without the markers (a plain ldapsearch export): scanned, completeness not
# verifiable, so nothing at all is resolved.
grep -v '^# kerbready-' "$work/cut.ldif" >"$work/cut-plain.ldif"
check_scan cut-plain none -- --snapshot "$work/cut-plain.ldif"
"$py" - "$work/cut-plain.json" "$work/cut-plain.diff.json" <<'PY' \
  && ok "cut-plain: completeness not verifiable, nothing resolved" || fail "cut-plain"
import json, sys
report, d = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert report["scan"]["completeness_verifiable"] is False
assert not [f for f in d["findings"] if f["change"] == "resolved"]
assert any(f.get("reason") == "completeness_not_verifiable" for f in d["findings"])
PY

# A newer report whose completeness cannot be verified (as a plain LDIF export's will be) resolves
# nothing, even a finding that is really gone; the text diff says why.
"$py" - "$work/full.json" "$work/unverifiable.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["scan"]["completeness_verifiable"] = False
d["findings"] = [f for f in d["findings"] if f["check_id"] != "SPN-DUPLICATE"]
json.dump(d, open(sys.argv[2], "w"))
PY
"$kr" diff "$work/full.json" "$work/unverifiable.json" --format json >"$work/unverifiable.diff.json"
"$kr" diff "$work/full.json" "$work/unverifiable.json" >"$work/unverifiable.diff.txt"
"$py" - "$work/unverifiable.diff.json" <<'PY' && grep -q "COMPLETENESS NOT VERIFIABLE" "$work/unverifiable.diff.txt" \
  && grep -q "^Changes: 0 new, 0 resolved, [1-9][0-9]* not re-evaluated" "$work/unverifiable.diff.txt" \
  && ok "a report whose completeness is not verifiable resolves nothing" || fail "unverifiable report"
import json, sys
d = json.load(open(sys.argv[1]))
gone = [f for f in d["findings"] if f["change"] != "unchanged"]
assert gone and d["counts"]["resolved"] == 0
assert all(f["change"] == "not_reevaluated" and f["reason"] == "completeness_not_verifiable" for f in gone), gone
assert d["after"]["completeness_verifiable"] is False
PY

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
