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
