#!/usr/bin/env bash
# Fail on any C++ file of the repository that differs from the repo's .clang-format
# (`clang-format -i FILE` fixes it). Usage: check_format.sh REPO
set -uo pipefail
repo=${1:?usage: check_format.sh REPO}
cd "$repo" || exit 2
command -v clang-format >/dev/null || { echo "clang-format is not installed (scripts/install-deps test)"; exit 2; }
mapfile -t files < <(git ls-files -- '*.cpp' '*.hpp' '*.hpp.in')
if [[ ${#files[@]} -eq 0 ]]; then
  # Not a git checkout (a source tarball): check what is there.
  mapfile -t files < <(find src checks reports tests fuzz bench -name '*.cpp' -o -name '*.hpp' 2>/dev/null | sort)
fi
bad=()
for f in "${files[@]}"; do
  if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
    bad+=("$f")
  fi
done
if [[ ${#bad[@]} -gt 0 ]]; then
  echo "not formatted with the repo's .clang-format (${#bad[@]} of ${#files[@]} files; clang-format -i FILE):"
  printf '  %s\n' "${bad[@]}"
  exit 1
fi
echo "ok   - ${#files[@]} C++ files follow .clang-format"
