#!/usr/bin/env bash
# Run clang-tidy (the repo's .clang-tidy, every warning an error) on the C++ sources the last commit
# touched in src/, checks/ and reports/; a merge commit counts what it brought in against its first
# parent. KR_TIDY_BASE=REF checks everything changed since REF instead (before a push:
# KR_TIDY_BASE=origin/main). Usage: check_tidy.sh REPO BUILD_DIR (BUILD_DIR holds compile_commands.json)
set -uo pipefail
repo=${1:?usage: check_tidy.sh REPO BUILD_DIR}
build=${2:?usage: check_tidy.sh REPO BUILD_DIR}
build=$(cd "$build" && pwd) || exit 2
cd "$repo" || exit 2
command -v clang-tidy >/dev/null || { echo "clang-tidy is not installed (scripts/install-deps test)"; exit 2; }
[[ -f $build/compile_commands.json ]] || { echo "no compile_commands.json in $build"; exit 2; }
if ! git rev-parse --verify -q HEAD >/dev/null; then
  echo "ok   - not a git checkout: nothing to compare, clang-tidy skipped"
  exit 0
fi
base=${KR_TIDY_BASE:-HEAD^1}
if ! git rev-parse --verify -q "$base" >/dev/null; then
  echo "ok   - $base does not exist (first commit): clang-tidy skipped"
  exit 0
fi
mapfile -t files < <(git diff --name-only --diff-filter=AMR "$base" HEAD -- 'src/*.cpp' 'checks/*.cpp' 'reports/*.cpp' |
  while read -r f; do
    # Only files this build compiles (the Windows-only or optional ones may be absent from it).
    if grep -q "\"file\": \"[^\"]*/$f\"" "$build/compile_commands.json"; then echo "$f"; fi
  done)
if [[ ${#files[@]} -eq 0 ]]; then
  echo "ok   - no C++ source of src/, checks/ or reports/ changed since $base"
  exit 0
fi
bad=0
for f in "${files[@]}"; do
  if ! out=$(clang-tidy -p "$build" --quiet --warnings-as-errors='*' "$f" 2>&1); then
    echo "$out" | grep -E "(warning|error):" | head -20
    bad=$((bad + 1))
  fi
done
if [[ $bad -gt 0 ]]; then
  echo "clang-tidy: $bad of ${#files[@]} changed file(s) have findings (.clang-tidy)"
  exit 1
fi
echo "ok   - clang-tidy clean on the ${#files[@]} C++ file(s) changed since $base"
