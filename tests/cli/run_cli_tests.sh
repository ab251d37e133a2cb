#!/usr/bin/env bash
# End-to-end tests of the kerbready binary: exit statuses, the example domain's golden report, the
# JSON schema, bad input, atomic report files and terminal safety. Run by CTest as cli.tests:
#   KERBREADY=path/to/kerbready run_cli_tests.sh REPO_ROOT
# UPDATE_GOLDEN=1 rewrites tests/golden/ from the current binary (review the diff before committing).
set -u
repo=${1:?usage: run_cli_tests.sh REPO_ROOT}
kr=${KERBREADY:?set KERBREADY to the kerbready binary}
cd "$repo" || exit 2
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # py, work, ok, fail, expect_status
example=examples/corp.example.com.ldif
sysvol=examples/sysvol # its SYSVOL Policies copy (scripts/gen_example_sysvol.py)


# --- the example domain ----------------------------------------------------------------------
"$kr" scan --snapshot "$example" --sysvol "$sysvol" >"$work/out.txt" 2>"$work/err.txt"
expect_status "example scan fails on its critical finding" 1 $?
grep -q "COMPLETE" "$work/out.txt" && ok "example scan is complete" || fail "example scan not complete"
grep -q "CRITICAL SPN-DUPLICATE" "$work/out.txt" && ok "critical duplicate reported first" || fail "no critical duplicate"
[ ! -s "$work/err.txt" ] && ok "nothing on stderr" || fail "stderr: $(head -c 300 "$work/err.txt")"

"$kr" scan --snapshot "$example" --sysvol "$sysvol" --fail-on none >/dev/null
expect_status "--fail-on none" 0 $?
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --check SPN-MALFORMED --fail-on high >/dev/null
expect_status "--check with only low findings below --fail-on high" 0 $?
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --check SPN-MALFORMED --fail-on low >/dev/null
expect_status "--fail-on low" 1 $?

SOURCE_DATE_EPOCH=1767225600 "$kr" scan --snapshot "$example" --sysvol "$sysvol" --json "$work/report.json" --format json >"$work/stdout.json"
expect_status "JSON scan" 1 $?
if cmp -s "$work/report.json" "$work/stdout.json"; then ok "--json file equals --format json"; else fail "--json differs from stdout JSON"; fi
# The example scan's one golden: its JSON report (lib.sh: report_json_golden_form leaves out the
# checks that ran and found nothing, so that only a check that fires on the example changes it). How
# each format renders a report is proved on a fixed report (tests/reports/test_report_fixture.cpp).
report_json_golden_form "$work/report.json" >"$work/report.golden.json"
if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
  cp "$work/report.golden.json" tests/golden/example-report.json
fi
if diff -u tests/golden/example-report.json "$work/report.golden.json" >"$work/diff.txt"; then
  ok "golden JSON report of the example domain"
else
  fail "golden JSON differs (UPDATE_GOLDEN=1 to accept):"; head -40 "$work/diff.txt"
fi
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --color never --fail-on none >"$work/report.txt"
if report_text_golden_form "$work/report.txt" "$work/report.json" >/dev/null; then
  ok "the text report counts the checks its JSON lists"; else fail "text and JSON disagree on the checks"; fi
if "$py" - docs/report.schema.json "$work/report.json" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.validate(json.load(open(sys.argv[2])), schema, cls=jsonschema.Draft202012Validator)
PY
then ok "JSON report validates against docs/report.schema.json"; else fail "JSON schema validation"; fi

if "$py" scripts/gen_example.py "$work/regen.ldif" && cmp -s "$work/regen.ldif" "$example"; then
  ok "scripts/gen_example.py reproduces the committed example"
else
  fail "examples/ is not what scripts/gen_example.py generates"
fi
if "$py" scripts/gen_example_sysvol.py "$work/regen-sysvol" && diff -r "$work/regen-sysvol" "$sysvol" >/dev/null; then
  ok "scripts/gen_example_sysvol.py reproduces the committed examples/sysvol"
else
  fail "examples/sysvol is not what scripts/gen_example_sysvol.py generates"
fi
"$kr" list-checks --format markdown >"$work/checks.md"
if cmp -s "$work/checks.md" docs/checks.md; then ok "docs/checks.md is generated from the registry"; else
  fail "docs/checks.md is stale: cmake --build build --target checks-doc"; fi
"$kr" list-checks --format json | "$py" -c 'import json,sys; d=json.load(sys.stdin); assert len(d) >= 6' \
  && ok "list-checks --format json parses" || fail "list-checks json"

# --- bad input: one line naming file and line, exit 3, existing report untouched -------------
make_bad() { # name content-generator
  "$2" >"$work/$1.ldif"
}
bad_base64() { printf 'dn: CN=a,DC=x\nobjectSid:: AQU*AAAA\n'; }
broken_fold() { printf 'dn: CN=a,DC=x\n\n continuation after a blank line\n'; }
no_dn() { printf 'objectClass: user\nsAMAccountName: a\n'; }
# Binary garbage after a record start; a fixed first byte so that it can never read as a comment.
garbage() { printf 'dn: CN=a,DC=x\n\x89PNG'; head -c 200 /dev/urandom | tr -d '\n:' | tr '\000' '\001'; printf '\n'; }
truncated() { head -c 20000 "$repo/$example"; }
huge_value() { printf 'dn: CN=a,DC=x\ndescription: '; head -c 52428800 /dev/zero | tr '\000' 'a'; printf '\n'; }
nul_byte() { printf 'dn: CN=a,DC=x\ncn: a\000b\n'; }
url_value() { printf 'dn: CN=a,DC=x\njpegPhoto:< file:///etc/passwd\n'; }
change_record() { printf 'dn: CN=a,DC=x\nchangetype: delete\n'; }
for case in bad_base64 broken_fold no_dn garbage truncated huge_value nul_byte url_value change_record; do
  make_bad "$case" "$case"
  echo "previous report" >"$work/kept.json"
  "$kr" scan --snapshot "$work/$case.ldif" --json "$work/kept.json" >"$work/out.txt" 2>"$work/err.txt"
  status=$?
  lines=$(wc -l <"$work/err.txt")
  if [ "$status" = 3 ] && [ "$lines" = 1 ] && grep -q "^kerbready: error: .*$case.ldif:[0-9]*: " "$work/err.txt" \
    && [ "$(cat "$work/kept.json")" = "previous report" ] && [ ! -s "$work/out.txt" ] \
    && [ -z "$(ls "$work" | grep '\.tmp-')" ]; then
    ok "bad input '$case': $(cat "$work/err.txt")"
  else
    fail "bad input '$case': exit $status, $lines stderr lines: $(head -c 300 "$work/err.txt")"
  fi
done

# An undecodable value: the report is written but marked incomplete, exit 3.
{
  printf 'dn: CN=svc,CN=Users,DC=corp,DC=example,DC=com\nobjectClass: user\nsAMAccountName: svc\n'
  printf 'objectSid:: AQUAAAAAAAUVAAAA\nservicePrincipalName:: SFRUUC93ZWIwMRtdMDtvd25lZAc=\n\n'
} >"$work/partial.ldif"
"$kr" scan --snapshot "$work/partial.ldif" --json "$work/partial.json" --color always >"$work/out.txt" 2>"$work/err.txt"
expect_status "truncated SID makes the scan incomplete" 3 $?
grep -q '"complete": false' "$work/partial.json" && ok "incomplete scan says complete=false" || fail "complete flag"
[ "$(wc -l <"$work/err.txt")" = 1 ] && ok "one error line: $(cat "$work/err.txt")" || fail "stderr lines"
if grep -q $'\x1b]0;owned' "$work/out.txt"; then fail "terminal escape from the directory reached stdout"; else
  ok "directory escapes are neutralised even with --color always"; fi

# --- usage errors ------------------------------------------------------------------------------
"$kr" scan >/dev/null 2>&1
expect_status "scan without input" 2 $?
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --fail-on sometimes >/dev/null 2>&1
expect_status "bad --fail-on" 2 $?
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --check NO-SUCH-CHECK >/dev/null 2>&1
expect_status "unknown check id" 2 $?
"$kr" frobnicate >/dev/null 2>&1
expect_status "unknown sub-command" 2 $?

# --- colour ------------------------------------------------------------------------------------
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --color always --fail-on none | grep -q $'\x1b\[' && ok "--color always colours" \
  || fail "--color always"
NO_COLOR=1 "$kr" scan --snapshot "$example" --sysvol "$sysvol" --fail-on none | grep -q $'\x1b' && fail "NO_COLOR ignored" \
  || ok "no colour when not a terminal / NO_COLOR"

# --- an unreadable SYSVOL copy: the GPO checks are never "passed" -----------------------------
# As root a mode of 000 does not stop reads: a GptTmpl.inf that is a directory cannot be read by
# anyone.
cp -r "$sysvol" "$work/sysvol-bad"
bad=$(find "$work/sysvol-bad" -name GptTmpl.inf | sort | head -1)
rm "$bad" && mkdir "$bad"
"$kr" scan --snapshot "$example" --sysvol "$work/sysvol-bad" --json "$work/bad-sysvol.json" --fail-on none \
  >/dev/null 2>"$work/err.txt"
expect_status "an unreadable GptTmpl.inf makes the scan incomplete" 3 $?
"$py" - "$work/bad-sysvol.json" "$(basename "$(dirname "$(dirname "$(dirname "$(dirname "$(dirname "$bad")")")")")")" <<'PY' \
  && ok "unreadable SYSVOL: diagnostic names the GPO, no domain is ready" || fail "unreadable SYSVOL report"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["scan"]["complete"] is False
assert any(sys.argv[2] in x["where"] for x in d["diagnostics"]), (sys.argv[2], d["diagnostics"])
assert all(v["readiness"] in ("not_ready", "unknown") for v in d["verdicts"]), d["verdicts"]
PY
"$kr" scan --snapshot "$example" --sysvol "$work/no-such-dir" --fail-on none >/dev/null 2>"$work/err.txt"
status=$?
if [ "$status" = 2 ] && head -1 "$work/err.txt" | grep -q "sysvol.*no-such-dir"; then
  ok "--sysvol naming no directory: a usage error naming it (exit 2)"
else fail "--sysvol naming no directory: exit $status, stderr $(head -c 200 "$work/err.txt")"; fi
"$kr" scan --snapshot "$example" --json "$work/no-sysvol.json" --fail-on none >/dev/null 2>&1
"$py" - "$work/no-sysvol.json" <<'PY' && ok "without --sysvol every GPO check is not evaluated, none passed" \
  || fail "without --sysvol"
import json, sys
d = json.load(open(sys.argv[1]))
gpo = [c for c in d["checks"] if c["id"].startswith("GPO-")]
assert gpo and all(c["status"] == "not_evaluated" for c in gpo), gpo
assert not any(f["check_id"].startswith("GPO-") for f in d["findings"])
PY

# --- the report of a saved snapshot does not depend on the day or the time zone ---------------
# The example records when it was collected (its kerbready header): ages are measured from then,
# whatever the clock says. faketime moves the clock; TZ moves the zone.
if dated_runs_possible "$kr"; then
  for when in "2026-06-01 00:00:00" "2031-01-01 12:00:00" "2099-12-31 23:59:59"; do
    for zone in UTC Pacific/Kiritimati America/Adak; do
      TZ=$zone faketime -f "@$when" "$kr" scan --snapshot "$example" --sysvol "$sysvol" --color never --fail-on none \
        >"$work/dated.txt" 2>/dev/null
      if cmp -s "$work/report.txt" "$work/dated.txt"; then ok "same text report on $when $zone"; else
        fail "text report changes on $when $zone: $(diff "$work/report.txt" "$work/dated.txt" | head -5)"
      fi
    done
  done
fi
# Pinned explicitly: --reference-time wins over the snapshot's time, and a bad value is a usage error.
"$kr" scan --snapshot "$example" --sysvol "$sysvol" --reference-time 2031-01-01T00:00:00Z --check KRBTGT-PASSWORD-AGE \
  --fail-on none --format json >"$work/later.json"
"$py" - "$work/later.json" <<'PY' && ok "--reference-time 2031: both krbtgt passwords are old, the time is reported" \
  || fail "--reference-time"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["scan"]["reference_time"] == "2031-01-01T00:00:00Z" and d["scan"]["reference_time_source"] == "option"
krbtgt = sorted(f["subject"] for f in d["findings"] if f["check_id"] == "KRBTGT-PASSWORD-AGE")
assert any("emea" in s for s in krbtgt) and len(krbtgt) == 2, krbtgt
PY
"$kr" scan --snapshot "$example" --format json --fail-on none --check KRBTGT-PASSWORD-AGE >"$work/as-collected.json"
"$py" - "$work/as-collected.json" <<'PY' && ok "the snapshot's collection time is the reference" || fail "reference time"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["scan"]["reference_time"] == "2026-11-01T00:00:00Z" and d["scan"]["reference_time_source"] == "snapshot"
assert d["scan"]["completeness_verifiable"] is True
PY
"$kr" scan --snapshot "$example" --reference-time yesterday >/dev/null 2>"$work/err.txt"
expect_status "a bad --reference-time is a usage error" 2 $?
SOURCE_DATE_EPOCH=soon "$kr" scan --snapshot "$example" >/dev/null 2>"$work/err.txt"
expect_status "a bad SOURCE_DATE_EPOCH is a usage error" 2 $?

# --- completeness is proven by the header and end marker, never assumed --------------------------
# Cut the example at the record boundary nearest 60% of its bytes: valid LDIF, but the header
# announces an end marker that is missing.
"$py" - "$example" "$work/cut.ldif" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
cut = data.index(b"\n\n", int(len(data) * 0.6)) + 2
open(sys.argv[2], "wb").write(data[:cut])
PY
echo "previous report" >"$work/kept.json"
"$kr" scan --snapshot "$work/cut.ldif" --json "$work/kept.json" >"$work/out.txt" 2>"$work/err.txt"
status=$?
if [ "$status" = 3 ] && [ "$(wc -l <"$work/err.txt")" = 1 ] && grep -q "cut.ldif: no end marker .* cut short" "$work/err.txt" \
  && [ "$(cat "$work/kept.json")" = "previous report" ]; then
  ok "a snapshot cut at a record boundary: exit 3, $(cat "$work/err.txt")"
else
  fail "cut snapshot: exit $status, $(head -c 300 "$work/err.txt")"
fi
# Without kerbready's markers (plain ldapsearch -LLL) the cut cannot be seen: the report says so.
grep -v '^# kerbready-' "$work/cut.ldif" >"$work/plain.ldif"
"$kr" scan --snapshot "$work/plain.ldif" --json "$work/plain.json" --fail-on none >"$work/plain.txt" 2>"$work/err.txt"
expect_status "a plain LDIF still scans" 0 $?
grep -q "completeness not verifiable: .*plain.ldif" "$work/plain.txt" && ok "text report: completeness not verifiable" \
  || fail "text report does not say completeness is not verifiable"
"$py" - "$work/plain.json" <<'PY' && ok "JSON: completeness_verifiable false, the file named, clock time said" \
  || fail "plain LDIF JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["scan"]["completeness_verifiable"] is False
assert d["scan"]["unverifiable_inputs"][0].endswith("plain.ldif")
assert d["scan"]["reference_time_source"] == "clock"
PY
# Records a directory never sends: a DN alone, an empty DN, a DN that is not UTF-8.
for case in dn_only empty_dn bad_utf8_dn; do
  {
    printf '# kerbready-snapshot: 1 collected=2026-11-01T00:00:00Z\nversion: 1\n\n'
    printf 'dn: CN=a,CN=Users,DC=corp,DC=example,DC=com\nobjectClass: user\nsAMAccountName: a\n\n'
    case $case in
      dn_only) printf 'dn: CN=b,CN=Users,DC=corp,DC=example,DC=com\n\n' ;;
      empty_dn) printf 'dn:\nobjectClass: top\n\n' ;;
      bad_utf8_dn) printf 'dn:: %s\nobjectClass: user\n\n' "$(printf 'CN=\377,DC=corp' | base64)" ;;
    esac
    printf '# kerbready-end: 2 objects\n'
  } >"$work/$case.ldif"
  "$kr" scan --snapshot "$work/$case.ldif" --json "$work/$case.json" --fail-on none >/dev/null 2>"$work/err.txt"
  status=$?
  if [ "$status" = 3 ] && [ "$(wc -l <"$work/err.txt")" = 1 ] && grep -q '"complete": false' "$work/$case.json"; then
    ok "$case: the scan is incomplete: $(cat "$work/err.txt")"
  else
    fail "$case: exit $status, $(head -c 300 "$work/err.txt")"
  fi
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
