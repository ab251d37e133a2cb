#!/usr/bin/env bash
# A check that needs no new attribute is one file plus its test (docs/CONTRIBUTING.md, "Adding a
# check"). kerbready_throwaway is kerbready plus the throwaway check THROWAWAY-MARKER
# (tests/throwaway/checks/), compiled in by a glob as checks/ is; this proves that nothing else had
# to change for it: listed, documented, run, reported in every format, accepted by --check and by
# suppressions, and every golden still holds. Run by CTest as cli.throwaway:
#   KERBREADY=kerbready KERBREADY_THROWAWAY=kerbready_throwaway run_throwaway_test.sh REPO_ROOT
set -u
repo=${1:?usage: run_throwaway_test.sh REPO_ROOT}
kr=${KERBREADY:?set KERBREADY to the kerbready binary}
kt=${KERBREADY_THROWAWAY:?set KERBREADY_THROWAWAY to the kerbready_throwaway binary}
cd "$repo" || exit 2
. tests/cli/lib.sh # py, work, ok, fail, expect_status, report_*_golden_form
id=THROWAWAY-MARKER
example=examples/corp.example.com.ldif
sysvol=examples/sysvol
export SOURCE_DATE_EPOCH=1767225600

# --- nothing outside tests/throwaway/ names the check --------------------------------------------
# No list of checks, count, golden or document had to learn about it.
if git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  named=$(git -C "$repo" grep --untracked -l -e "$id" -- . ':!tests/throwaway/' | tr '\n' ' ')
  [ -z "$named" ] && ok "only tests/throwaway/ names $id" || fail "$id is named outside tests/throwaway/: $named"
else
  ok "not a git work tree: the check that nothing else names $id is skipped"
fi

# --- listed and documented from the registry ------------------------------------------------------
"$kr" list-checks --format json >"$work/real.json"
"$kt" list-checks --format json >"$work/throwaway.json"
"$py" - "$work/real.json" "$work/throwaway.json" "$id" <<'PY' && ok "list-checks: the real checks plus $id, in id order" \
  || fail "list-checks --format json"
import json, sys
real, more, new = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
assert [c for c in more if c["id"] != new] == real, "the other checks changed"
ids = [c["id"] for c in more]
assert ids.count(new) == 1 and ids == sorted(ids), ids
PY
"$kt" list-checks | grep -q "^$id " && ok "list-checks text names $id" || fail "list-checks text"
# docs/checks.md is what the checks-doc target writes: the same command. With the throwaway check
# it gains the check's table row and section, and nothing else.
"$kt" list-checks --format markdown >"$work/checks.md"
"$kr" list-checks --format markdown >"$work/checks-real.md"
"$py" - "$work/checks.md" "$work/checks-real.md" "$id" <<'PY' && ok "the generated docs/checks.md gains the row and section of $id only" \
  || fail "generated checks.md"
import sys
more, real, new = open(sys.argv[1]).read(), open(sys.argv[2]).read(), sys.argv[3]
row = next(l for l in more.splitlines(True) if l.startswith(f"| [{new}](#{new}) | low | app_config |"))
start = more.index(f"\n## {new}\n")
section = more[start:more.index("\n## ", start + 1)]
assert "Account carrying the throwaway marker" in section
assert more.replace(row, "", 1).replace(section, "", 1) == real
PY

# --- every golden holds with the extra check ------------------------------------------------------
# It finds nothing in the example or the estate: their goldens must not notice it.
"$kt" scan --snapshot "$example" --sysvol "$sysvol" --json "$work/example.json" --metrics "$work/example.prom" >/dev/null
expect_status "example scan with the throwaway check fails on its critical finding" 1 $?
report_json_golden_form "$work/example.json" >"$work/example.golden.json"
diff -u tests/golden/example-report.json "$work/example.golden.json" >"$work/diff.txt" \
  && ok "the example's golden holds with $id registered" || { fail "example golden:"; head -20 "$work/diff.txt"; }
estate() { "$kt" scan --snapshot examples/estate/estate.ldif --events examples/estate/estate-events.jsonl --color never \
  --fail-on none "$@"; }
estate >"$work/estate.txt"
estate --format json >"$work/estate.json"
report_text_golden_form "$work/estate.txt" "$work/estate.json" >"$work/estate.golden.txt" \
  && diff -u tests/golden/estate-report.txt "$work/estate.golden.txt" >"$work/diff.txt" \
  && ok "the estate's golden holds with $id registered" || { fail "estate golden:"; head -20 "$work/diff.txt"; }

# --- it runs in a scan and every format reports it ------------------------------------------------
# The example with one more user, throwaway_probe: an ordinary account (the domain's SID, a recent
# password) that no real check has anything to say about. No lastLogonTimestamp: the example has
# none, and one would make the scan judge stale accounts (src/ad/stale.hpp).
"$py" - "$example" "$work/marked.ldif" <<'PY'
import base64, re, sys
text = open(sys.argv[1]).read()
sid = bytearray(base64.b64decode(re.search(r"^objectSid:: (\S+)$", text[text.index("dn: CN=Administrator,"):], re.M).group(1)))
sid[-4:] = (9999).to_bytes(4, "little")
record = f"""dn: CN=throwaway_probe,CN=Users,DC=corp,DC=example,DC=com
objectClass: top
objectClass: person
objectClass: organizationalPerson
objectClass: user
cn: throwaway_probe
sAMAccountName: throwaway_probe
objectSid:: {base64.b64encode(bytes(sid)).decode()}
userAccountControl: 512
primaryGroupID: 513
whenCreated: 20200511090000.0Z
pwdLastSet: 134327268000000000

"""
count = int(re.search(r"# kerbready-end: (\d+) objects", text).group(1))
text = text.replace(f"# kerbready-end: {count} objects", record + f"# kerbready-end: {count + 1} objects")
open(sys.argv[2], "w").write(text)
PY
"$kt" scan --snapshot "$work/marked.ldif" --sysvol "$sysvol" --fail-on none --json "$work/marked.json" --color never \
  --html "$work/marked.html" --metrics "$work/marked.prom" --tickets "$work/marked.jsonl" --output markdown="$work/marked.md" \
  --output csv="$work/marked.csv" >"$work/marked.txt" 2>"$work/err.txt"
expect_status "scan of the example with throwaway_probe" 0 $?
[ ! -s "$work/err.txt" ] && ok "nothing on stderr" || fail "stderr: $(head -c 300 "$work/err.txt")"
"$py" - "$work/marked.json" "$work/example.json" "$id" <<'PY' && ok "JSON: one $id finding, the check evaluated, every other finding as before" \
  || fail "JSON report of the marked example"
import json, sys
marked, plain, new = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
mine = [f for f in marked["findings"] if f["check_id"] == new]
assert len(mine) == 1 and mine[0]["subject"] == "throwaway_probe", mine
assert mine[0]["title"] == "Account carrying the throwaway marker"
assert [c for c in marked["checks"] if c["id"] == new] == [
    {"id": new, "title": mine[0]["title"], "status": "evaluated", "findings": 1}]
unrank = lambda fs: [{k: v for k, v in f.items() if k != "rank"} for f in fs]
assert unrank(f for f in marked["findings"] if f["check_id"] != new) == unrank(plain["findings"])
assert marked["scan"]["complete"] is True
PY
finding=$("$py" -c 'import json,sys; print(next(f["id"] for f in json.load(open(sys.argv[1]))["findings"] if f["check_id"] == sys.argv[2]))' \
  "$work/marked.json" "$id")
for out in marked.txt marked.html marked.md marked.csv marked.jsonl; do
  grep -q "$finding" "$work/$out" && grep -q 'throwaway\\\?_probe' "$work/$out" && ok "$out reports $finding" || fail "$out lacks $finding"
done
series='kerbready_findings{domain="corp.example.com",severity="low",cause="app_config"}'
before=$(grep -F "$series " "$work/example.prom" | cut -d' ' -f2)
after=$(grep -F "$series " "$work/marked.prom" | cut -d' ' -f2)
[ -n "$before" ] && [ "$after" = $((before + 1)) ] && ok "metrics count the $id finding ($before -> $after)" \
  || fail "metrics: $series $before -> $after"
if "$py" - docs/report.schema.json "$work/marked.json" <<'PY'
import json, sys
import jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])), cls=jsonschema.Draft202012Validator)
PY
then ok "the JSON report validates against docs/report.schema.json"; else fail "schema"; fi

# --- --check and suppressions take its id ------------------------------------------------------
"$kt" scan --snapshot "$work/marked.ldif" --check "$id" --fail-on low >/dev/null 2>&1
expect_status "--check $id --fail-on low finds it" 1 $?
"$kr" scan --snapshot "$work/marked.ldif" --check "$id" >/dev/null 2>&1
expect_status "the real kerbready does not know --check $id" 2 $?
printf '[[suppression]]\ncheck = "%s"\nreason = "r"\nowner = "o"\nexpires = 2026-12-31\n' "$id" >"$work/by-check.toml"
printf '[[suppression]]\nid = "%s"\nreason = "r"\nowner = "o"\nexpires = 2026-12-31\n' "$finding" >"$work/by-id.toml"
for rules in by-check by-id; do
  "$kt" scan --snapshot "$work/marked.ldif" --check "$id" --suppressions "$work/$rules.toml" --fail-on low \
    --json "$work/$rules.json" >/dev/null 2>"$work/err.txt"
  status=$?
  if [ "$status" = 0 ] && [ ! -s "$work/err.txt" ] && "$py" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["summary"]["suppressed"] == 1 and "suppressed" in d["findings"][0], d["findings"]' "$work/$rules.json"; then
    ok "a suppression $rules silences the $id finding"; else fail "suppression $rules: exit $status: $(head -c 300 "$work/err.txt")"; fi
done
"$kr" scan --snapshot "$work/marked.ldif" --suppressions "$work/by-check.toml" --fail-on none >/dev/null 2>&1
expect_status "the real kerbready refuses a suppression naming the unknown check $id" 2 $?

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
