# Sourced by the command-line test scripts in tests/cli/: the Python to use, a scratch directory
# removed on exit, and the ok/fail counters behind the closing "N passed, N failed" line.
py=/usr/bin/python3
[ -x "$py" ] || py=python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }
expect_status() { # name expected actual
  if [ "$2" = "$3" ]; then ok "$1 (exit $3)"; else fail "$1: expected exit $2, got $3"; fi
}

# dated_runs_possible BINARY: whether the faketime runs can use BINARY. libfaketime's clock_gettime
# calls mktime, which allocates; AddressSanitizer's allocator calls clock_gettime while it holds its
# own lock, so an ASan binary under faketime can deadlock. The suite's plain build runs the dated
# cases; a sanitizer build says it skips them.
dated_runs_possible() {
  if grep -qa __asan_init "$1"; then
    ok "dated runs skipped: $1 is an AddressSanitizer build (faketime can deadlock it; the plain build runs them)"
    return 1
  fi
  command -v faketime >/dev/null || { fail "faketime is not installed (scripts/install-deps test)"; return 1; }
}

# Goldens of a scan keep only what the scanned data decides, never how many checks are registered:
# a new check that finds nothing there must leave them as they are (docs/CONTRIBUTING.md).
#
# report_json_golden_form REPORT.json: the JSON report without the checks[] entries of checks that
# ran and found nothing (checks that found something, or were not evaluated, stay).
report_json_golden_form() {
  "$py" - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]), object_pairs_hook=dict)
d["checks"] = [c for c in d["checks"] if not (c["status"] == "evaluated" and c["findings"] == 0)]
json.dump(d, sys.stdout, indent=2, ensure_ascii=False)
print()
PY
}
# report_text_golden_form REPORT.txt REPORT.json: the text report with its "(E of N checks
# evaluated" counts replaced by a placeholder, after checking them against the JSON report of the
# same scan (E evaluated checks of the N in its checks[]).
report_text_golden_form() {
  local counts
  counts=$("$py" -c 'import json,sys; c=json.load(open(sys.argv[1]))["checks"]; print(sum(x["status"] == "evaluated" for x in c), len(c))' "$2")
  if ! grep -q "(${counts% *} of ${counts#* } checks evaluated" "$1"; then
    echo "the text report does not say '${counts% *} of ${counts#* } checks evaluated' like its JSON" >&2
    return 1
  fi
  sed -E 's/\([0-9]+ of [0-9]+ checks evaluated/(E of N checks evaluated/' "$1"
}
