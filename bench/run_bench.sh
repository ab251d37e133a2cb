#!/usr/bin/env bash
# Scale benchmark, run by hand (never in CI):  bench/run_bench.sh [BUILD_DIR] [SIZES...]
# For each size: generate a synthetic snapshot, time one `grep -c servicePrincipalName` pass over it
# (the floor: reading the file once), then `kerbready scan` with all checks and a JSON report, and
# print the ratio, peak RSS, and whether the planted duplicates and collisions were all found.
set -euo pipefail
build=${1:-build}
shift || true
sizes=("${@:-10000 100000 1000000}")
read -r -a sizes <<<"${sizes[*]}"
kr="$build/kerbready"
py=/usr/bin/python3
[ -x "$py" ] || py=python3
work=${BENCH_DIR:-$(mktemp -d)}
echo "size,file_MB,grep_s,scan_s,ratio,peak_rss_MB,duplicates_found,collisions_found"
prev_scan=""
for n in "${sizes[@]}"; do
  f="$work/bench-$n.ldif"
  [ -f "$f" ] || "$py" "$(dirname "$0")/gen_snapshot.py" "$n" "$f"
  mb=$(( $(stat -c %s "$f") / 1048576 ))
  cat "$f" >/dev/null # warm the page cache for both
  t0=$(date +%s.%N); grep -c servicePrincipalName "$f" >/dev/null; t1=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/rss" "$kr" scan --snapshot "$f" --json "$work/r.json" --format json --fail-on none >/dev/null
  t2=$(date +%s.%N)
  grep_s=$(echo "$t1 - $t0" | bc -l); scan_s=$(echo "$t2 - $t1" | bc -l)
  dups=$(grep -c '"subject": "HTTP/dup-' "$work/r.json" || true)
  cols=$(grep -c '"check_id": "SPN-ALIAS-COLLISION"' "$work/r.json" || true)
  printf '%s,%s,%.2f,%.2f,%.1f,%s,%s/50,%s/50\n' "$n" "$mb" "$grep_s" "$scan_s" "$(echo "$scan_s / $grep_s" | bc -l)" \
    "$(( $(cat "$work/rss") / 1024 ))" "$dups" "$cols"
  [ -n "$prev_scan" ] && printf '  10x objects cost %.1fx time\n' "$(echo "$scan_s / $prev_scan" | bc -l)"
  prev_scan=$scan_s
done
