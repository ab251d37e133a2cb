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
