# Functions shared by the integration test scripts (sourced). Each case prints one "PASS: name" or
# "FAIL: name: why" line; run_integration.sh counts them.
set -uo pipefail

: "${KERBREADY:?KERBREADY must point at the kerbready binary}"
: "${LAB_DIR:?run inside lab.sh exec}"
T=${T:-$LAB_DIR/t}
mkdir -p "$T"

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }

# kr ARGS...: run kerbready; stdout in $T/out, stderr in $T/err, exit status in $RC.
kr() {
  "$KERBREADY" "$@" > "$T/out" 2> "$T/err"
  RC=$?
}

# expect NAME WANT_RC [GREP_PATTERN_IN_STDERR]
expect() {
  local name=$1 want=$2 pattern=${3:-}
  if [[ $RC != "$want" ]]; then
    fail "$name" "exit $RC, expected $want; stderr: $(head -c 600 "$T/err" | tr '\n' ' ')"
    return 1
  fi
  if [[ -n $pattern ]] && ! grep -qiE -- "$pattern" "$T/err"; then
    fail "$name" "stderr does not match /$pattern/: $(head -c 600 "$T/err" | tr '\n' ' ')"
    return 1
  fi
  pass "$name"
}

# one_line NAME: stderr is exactly one line (failures are reported in one line).
one_line() {
  local lines
  lines=$(grep -c '' "$T/err")
  if [[ $lines == 1 ]]; then pass "$1"; else fail "$1" "stderr has $lines lines: $(head -c 600 "$T/err" | tr '\n' '|')"; fi
}

# jq_py FILE EXPR: evaluate a Python expression over the JSON document `d`.
jq_py() {
  /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# expect_json NAME FILE EXPR WANT
expect_json() {
  local got
  got=$(jq_py "$2" "$3" 2>&1)
  if [[ $got == "$4" ]]; then pass "$1"; else fail "$1" "$3 = '$got', expected '$4'"; fi
}

# Finding ids of a JSON report, sorted, one per line.
finding_ids() { jq_py "$1" '"\n".join(sorted(f["id"] for f in d["findings"]))'; }

admin_password_file() {
  printf '%s\n' "$LAB_ADMIN_PASS" > "$T/admin.pw"
  chmod 600 "$T/admin.pw"
  echo "$T/admin.pw"
}
