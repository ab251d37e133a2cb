#!/usr/bin/env bash
# The DC dies during a large paged search: exit 3, one line, and the previous report is untouched.
# Runs last: it kills the lab DC.
. "$(dirname "$0")/lib.sh"
LAB_SH=$(dirname "$0")/lab.sh

kr scan --server "$LAB_DC" --json "$T/report.json" --quiet
expect "a first report exists" 1
before=$(sha256sum < "$T/report.json")
cp "$T/report.json" "$T/report.before"

kr collect --server "$LAB_DC" --out "$T/kept.ldif" --quiet
before_ldif=$(sha256sum < "$T/kept.ldif")

# Small pages make the search long; `script` gives kerbready a terminal so its progress line shows
# when it is reading the domain partition, which is when the DC is killed.
log=$T/kill.log
script -qfec "'$KERBREADY' scan --server '$LAB_DC' --page-size 1 --json '$T/report.json' > /dev/null" "$log" \
  > /dev/null 2>&1 &
scan_pid=$!
killed=no
for ((i = 0; i < 400; i++)); do
  if grep -aq "reading DC=lab,DC=example from .*: [1-9][0-9]* objects" "$log" 2>/dev/null; then
    "$LAB_SH" kill "$LAB_DIR"
    killed=yes
    break
  fi
  sleep 0.02
done
wait "$scan_pid"
RC=$?
tr '\r' '\n' < "$log" | grep -a 'kerbready: error' > "$T/err" || true
if [[ $killed == yes ]]; then pass "the DC was killed during the paged search of the domain partition"
else fail "the DC was killed during the paged search" "no progress seen: $(tr '\r' '\n' < "$log" | tail -3 | tr '\n' ' ')"; fi
expect "DC killed mid-search: exit 3" 3 "lost the connection|stopped answering|did not answer"
one_line "DC killed mid-search: one error line"
if [[ "$(sha256sum < "$T/report.json")" == "$before" ]]; then pass "previous JSON report unchanged"
else fail "previous JSON report unchanged" "it changed"; fi
if ls "$T"/report.json.tmp-* > /dev/null 2>&1; then fail "no temporary report left behind" "$(ls "$T"/report.json.tmp-*)"
else pass "no temporary report left behind"; fi

kr collect --server "$LAB_DC" --out "$T/kept.ldif" --timeout 5 --quiet
expect "collect with the DC down: exit 3" 3 "cannot reach"
if [[ "$(sha256sum < "$T/kept.ldif")" == "$before_ldif" ]]; then pass "previous snapshot unchanged"
else fail "previous snapshot unchanged" "it changed"; fi

# The KDC is gone with the DC: the probe says so in one line and exits 3.
kr probe --target "cifs/fs01.$LAB_DOMAIN" --target "HOST/fs01.$LAB_DOMAIN"
expect "probe with the lab DC killed: exit 3" 3 "KDC unreachable"
one_line "probe with the lab DC killed: one line"
