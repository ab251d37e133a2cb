#!/usr/bin/env bash
# Short fuzz run for CI: replay the kept crashers (they must not crash any more), then fuzz from the
# seed corpus for KR_FUZZ_SECONDS (default 20). Long runs are done by hand:
#   build-fuzz/fuzz/fuzz_ldif -max_total_time=600 fuzz/corpus/ldif
set -euo pipefail
target=$1 dir=$2 name=$3
seconds=${KR_FUZZ_SECONDS:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mapfile -t crashers < <(find "$dir/regressions/$name" -type f ! -name '.*' 2>/dev/null | sort)
if [ ${#crashers[@]} -gt 0 ]; then
  "$target" -runs=0 "${crashers[@]}"
fi
cp -r "$dir/corpus/$name/." "$work/" 2>/dev/null || true
"$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 "$work" 2>&1 | tail -3
