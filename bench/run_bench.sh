#!/usr/bin/env bash
# Scale benchmark, run by hand (never in CI):  bench/run_bench.sh [BUILD_DIR] [SIZES...]
#
# For each size (default 100000 and 1000000): generate a synthetic snapshot (bench/gen_snapshot.py),
# time one `grep -c servicePrincipalName` pass over it (the floor: reading the file once), then
# `kerbready scan` with all checks and a JSON report. Each is run BENCH_RUNS times (default 3) and
# the fastest run is kept. Times are CPU seconds (user + sys), which other work on a shared machine
# disturbs far less than wall time; wall time is printed too.
#
# Then, side by side, against the targets of the scale issue:
#   - scan / grep for the largest size                    (target <= 3x)
#   - time(largest) / time(previous size) for 10x objects (target <= 11x)
#   - peak RSS of the largest scan                        (target <= 2 GiB)
#   - planted duplicate SPNs reported by SPN-DUPLICATE and planted alias collisions reported by
#     SPN-ALIAS-COLLISION (all must be found)
# Snapshots are kept in BENCH_DIR (default: a new temporary directory) and reused when present.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
shift || true
if [ $# -gt 0 ]; then
  sizes=("$@")
else
  sizes=(100000 1000000)
fi
runs=${BENCH_RUNS:-3}
kr="$build/kerbready"
[ -x "$kr" ] || { echo "no $kr: build first" >&2; exit 2; }
py=/usr/bin/python3
[ -x "$py" ] || py=python3
work=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$work"
planted=$(cd "$here" && "$py" -c 'import gen_snapshot as g; print(g.PLANTED_DUPLICATES, g.PLANTED_COLLISIONS)')
read -r planted_dups planted_cols <<<"$planted"

# Run "$@" once; print "cpu_seconds wall_seconds peak_rss_kb" (getrusage of the child: finer than
# /usr/bin/time's 10 ms, which rounds a grep pass over a small file to zero).
measure() {
  "$py" - "$@" <<'EOF'
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{usage.ru_utime + usage.ru_stime:.3f} {wall:.3f} {usage.ru_maxrss}")
EOF
}

# Run "$@" $runs times; print the fastest CPU time, its wall time, and the largest peak RSS.
best_of() {
  local best_cpu="" best_wall="" rss=0 cpu wall kb
  for _ in $(seq "$runs"); do
    read -r cpu wall kb < <(measure "$@")
    if [ -z "$best_cpu" ] || awk -v a="$cpu" -v b="$best_cpu" 'BEGIN { exit !(a < b) }'; then
      best_cpu=$cpu best_wall=$wall
    fi
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  echo "$best_cpu $best_wall $rss"
}

# Count the planted findings in the JSON report: "duplicates collisions".
count_planted() {
  "$py" - "$1" <<'EOF'
import json, sys
findings = json.load(open(sys.argv[1]))["findings"]
dups = {f["subject"].lower() for f in findings
        if f["check_id"] == "SPN-DUPLICATE" and f["subject"].lower().startswith("http/dup-")}
cols = {f["subject"].lower() for f in findings
        if f["check_id"] == "SPN-ALIAS-COLLISION" and f["subject"].lower().startswith("cifs/ws")}
print(len(dups), len(cols))
EOF
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "inf" }'; }

echo "size,file_MB,grep_cpu_s,scan_cpu_s,ratio_cpu,grep_wall_s,scan_wall_s,ratio_wall,peak_rss_MB,duplicates_found,collisions_found"
prev_n="" prev_cpu="" last_n="" last_ratio="" last_rss="" scaling="" found_all=yes
for n in "${sizes[@]}"; do
  f="$work/bench-$n.ldif"
  [ -f "$f" ] || "$py" "$here/gen_snapshot.py" "$n" "$f"
  mb=$(( $(stat -L -c %s "$f") / 1048576 ))
  cat "$f" >/dev/null # page cache warm for both
  read -r grep_cpu grep_wall _ < <(best_of grep -c servicePrincipalName "$f")
  read -r scan_cpu scan_wall rss < <(best_of "$kr" scan --snapshot "$f" --json "$work/report-$n.json" --format json --fail-on none)
  read -r dups cols < <(count_planted "$work/report-$n.json")
  [ "$dups" = "$planted_dups" ] && [ "$cols" = "$planted_cols" ] || found_all=no
  last_ratio=$(ratio "$scan_cpu" "$grep_cpu")
  printf '%s,%s,%.3f,%.2f,%s,%.3f,%.2f,%s,%s,%s/%s,%s/%s\n' "$n" "$mb" "$grep_cpu" "$scan_cpu" "$last_ratio" \
    "$grep_wall" "$scan_wall" "$(ratio "$scan_wall" "$grep_wall")" "$(( rss / 1024 ))" \
    "$dups" "$planted_dups" "$cols" "$planted_cols"
  if [ -n "$prev_cpu" ] && [ $(( n / prev_n )) -eq 10 ]; then
    scaling="$prev_n -> $n objects: $(ratio "$scan_cpu" "$prev_cpu")x CPU time"
  fi
  prev_n=$n prev_cpu=$scan_cpu last_n=$n last_rss=$(( rss / 1024 ))
done

verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t) ? "met" : "NOT met" }'; }
echo
echo "targets (CPU time, best of $runs runs):"
printf '  scan vs grep at %s objects:  %sx   (target <= 3x: %s)\n' "$last_n" "$last_ratio" "$(verdict "$last_ratio" 3)"
if [ -n "$scaling" ]; then
  s=${scaling##*: }
  s=${s%%x*}
  printf '  10x objects, %s   (target <= 11x: %s)\n' "$scaling" "$(verdict "$s" 11)"
fi
printf '  peak RSS at %s objects:     %s MiB   (target <= 2048 MiB: %s)\n' "$last_n" "$last_rss" "$(verdict "$last_rss" 2048)"
printf '  planted findings found:     %s\n' "$([ "$found_all" = yes ] && echo "all, at every size" || echo "SOME MISSING (see the table)")"
