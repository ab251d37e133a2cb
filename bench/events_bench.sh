#!/usr/bin/env bash
# By-hand benchmark of the event pipeline (read + classify + aggregate): generate N Winlogbeat JSON
# lines (and the same events as wevtutil-style XML is not generated: JSON is the large-export
# format), run `kerbready events` over them and print events/s and peak RSS. Memory must not grow
# with N: compare two sizes.
#   bench/events_bench.sh BUILD_DIR [N...]     (default N: 100000 1000000)
set -eu
build="${1:?build dir}"
shift
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100000 1000000)
here="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for n in "${sizes[@]}"; do
  python3 "$here/tests/events/gen_events.py" --large "$n" >"$tmp/events.jsonl"
  bytes=$(stat -c %s "$tmp/events.jsonl")
  /usr/bin/time -v "$build/kerbready" events "$tmp/events.jsonl" --format json >/dev/null 2>"$tmp/time.txt" || true
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {split($2,a,":"); s=0; for(i=1;i<=length(a);i++) s=s*60+a[i]; print s}' "$tmp/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time.txt")
  awk -v n="$n" -v b="$bytes" -v s="$secs" -v r="$rss" 'BEGIN {
    printf "%9d events  %6.1f MB  %6.2f s  %9.0f events/s  %6.1f MB/s  peak RSS %.1f MB\n", n, b/1e6, s, n/s, b/1e6/s, r/1024 }'
done
