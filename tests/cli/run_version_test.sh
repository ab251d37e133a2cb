#!/usr/bin/env bash
# `kerbready --version`: the version of CMake's project(), the git commit the binary was built from
# (or "unknown" outside a git work tree, as from a release tarball) and the optional parts compiled
# in, compared with what CMake found (CMakeCache.txt of the build).
# Run by CTest as cli.version:  run_version_test.sh REPO_ROOT BUILD_DIR
set -u
repo=${1:?usage: run_version_test.sh REPO_ROOT BUILD_DIR}
build=${2:?usage: run_version_test.sh REPO_ROOT BUILD_DIR}
kr=${KERBREADY:?set KERBREADY to the kerbready binary}
cd "$repo" || exit 2
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # py, work, ok, fail, expect_status
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE

"$kr" --version >"$work/version.txt" 2>"$work/version.err"
expect_status "kerbready --version" 0 $?
[ ! -s "$work/version.err" ] && ok "nothing on standard error" || fail "stderr: $(head -2 "$work/version.err")"
field() { sed -n "s/^$1: //p" "$work/version.txt"; }

version=$(sed -nE 's/^project\(kerbready VERSION ([0-9.]+) .*/\1/p' CMakeLists.txt)
[ "$(head -1 "$work/version.txt")" = "kerbready $version" ] && ok "first line: kerbready $version" \
  || fail "first line: $(head -1 "$work/version.txt") (project() says $version)"
[ "$(wc -l <"$work/version.txt")" = 4 ] && ok "four lines" || fail "lines: $(cat "$work/version.txt")"

# The commit: the source tree's HEAD when it is a git work tree (configure runs again when HEAD
# moves), "unknown" otherwise; a cache value KR_GIT_COMMIT overrides both.
cache=$build/CMakeCache.txt
override=$(sed -n 's/^KR_GIT_COMMIT:STRING=//p' "$cache")
if [ -n "$override" ]; then
  expected=$override
elif [ "$(git rev-parse --show-toplevel 2>/dev/null)" = "$(pwd -P)" ]; then
  expected=$(git rev-parse --short=12 HEAD)
else
  expected=unknown
fi
[ "$(field commit)" = "$expected" ] && ok "commit: $expected" \
  || fail "commit: '$(field commit)', expected '$expected' (rebuild after a commit)"

# The optional parts, as CMake found them.
if grep -q '^EVTX_FOUND:INTERNAL=1$' "$cache"; then
  field libevtx | grep -q '^yes (libevtx [0-9]' && ok "libevtx: $(field libevtx)" || fail "libevtx: '$(field libevtx)', CMake found it"
else
  field libevtx | grep -q '^no ' && ok "libevtx: $(field libevtx)" || fail "libevtx: '$(field libevtx)', CMake did not find it"
fi
if grep -q '^SMBCLIENT_FOUND:INTERNAL=1$' "$cache"; then
  field "smb reader" | grep -q '^yes (libsmbclient [0-9]' && ok "smb reader: $(field "smb reader")" \
    || fail "smb reader: '$(field "smb reader")', CMake found libsmbclient"
else
  field "smb reader" | grep -q '^no' && ok "smb reader: no" || fail "smb reader: '$(field "smb reader")'"
fi

# How cmake/BuildInfo.cmake names a commit: a fresh repository gives its HEAD; the same tree without
# .git (a tarball) and a tarball unpacked inside another repository give "unknown".
commit_of() { cmake -DSOURCE_DIR="$1" -P "$repo/cmake/BuildInfo.cmake" 2>&1; }
mkdir -p "$work/tarball/cmake"
cp cmake/BuildInfo.cmake "$work/tarball/cmake/"
got=$(commit_of "$work/tarball")
[ "$got" = unknown ] && ok "a tree without .git: unknown" || fail "a tree without .git: '$got'"
if command -v git >/dev/null; then
  mkdir -p "$work/outer/kerbready-$version"
  git -C "$work/outer" init -q && cp -r "$work/tarball/." "$work/outer/kerbready-$version/"
  git -C "$work/outer" -c user.name=t -c user.email=t@example.com add -A
  git -C "$work/outer" -c user.name=t -c user.email=t@example.com commit -qm tarball
  got=$(commit_of "$work/outer/kerbready-$version")
  [ "$got" = unknown ] && ok "a tarball unpacked inside another repository: unknown" || fail "nested tarball: '$got'"
  got=$(commit_of "$work/outer")
  head=$(git -C "$work/outer" rev-parse --short=12 HEAD)
  [ "$got" = "$head" ] && ok "a git work tree: its HEAD ($head)" || fail "git work tree: '$got', HEAD is $head"
else
  fail "git is not installed"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
