#!/usr/bin/env bash
# Packaging: `cmake --install` layout, the man page (renders without warnings, documents every
# option of scan and diff), bash completion, and the .deb from CPack with its dependencies, its
# copyright and changelog, checked by lintian.
# Run by CTest as cli.packaging:  run_packaging_test.sh REPO_ROOT BUILD_DIR
set -u
repo=${1:?usage: run_packaging_test.sh REPO_ROOT BUILD_DIR}
build=${2:?usage: run_packaging_test.sh REPO_ROOT BUILD_DIR}
cd "$repo" || exit 2
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # py, work, ok, fail, expect_status

# --- cmake --install ---------------------------------------------------------------------------
if cmake --install "$build" --prefix "$work/root" >"$work/install.log" 2>&1; then ok "cmake --install"; else
  fail "cmake --install: $(tail -3 "$work/install.log")"; fi
missing=""
for f in bin/kerbready share/man/man1/kerbready.1.gz share/bash-completion/completions/kerbready \
  share/doc/kerbready/report.schema.json share/doc/kerbready/diff.schema.json share/doc/kerbready/ticketing.md \
  share/doc/kerbready/examples/systemd/kerbready.service share/doc/kerbready/examples/systemd/kerbready.timer \
  share/doc/kerbready/examples/systemd/kerbready.toml share/doc/kerbready/examples/corp.example.com.ldif; do
  [ -e "$work/root/$f" ] || missing="$missing $f"
done
[ -z "$missing" ] && ok "install layout" || fail "not installed:$missing"
kr="$work/root/bin/kerbready"
"$kr" --version | grep -q "^kerbready " && ok "installed binary runs" || fail "installed binary"

# --- man page ----------------------------------------------------------------------------------
if command -v groff >/dev/null; then
  gzip -dc "$work/root/share/man/man1/kerbready.1.gz" >"$work/kerbready.1"
  groff -man -ww -Tutf8 -z "$work/kerbready.1" 2>"$work/groff.err"
  [ ! -s "$work/groff.err" ] && ok "man page renders without warnings" || fail "groff: $(head -3 "$work/groff.err")"
fi
undocumented=""
for command in scan diff; do
  for option in $("$kr" "$command" --help | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u); do
    [ "$option" = --help ] && continue
    grep -q -- "$(printf '%s' "$option" | sed 's/-/\\\\-/g')" docs/kerbready.1 || undocumented="$undocumented $command:$option"
  done
done
[ -z "$undocumented" ] && ok "the man page documents every option" || fail "not in docs/kerbready.1:$undocumented"

# --- bash completion ---------------------------------------------------------------------------
complete_words() { # words of the command line; the last one is being completed
  bash -c '
    source "$1"; shift
    PATH="$(dirname "$1"):$PATH"
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    _kerbready
    printf "%s\n" "${COMPREPLY[@]}"' _ "$work/root/share/bash-completion/completions/kerbready" "$kr" "$@"
}
completes() { # expected-word words...
  local expected=$1
  shift
  if complete_words "$@" | grep -qx -- "$expected"; then ok "completion: '$*' offers $expected"; else
    fail "completion: '$*' does not offer $expected: $(complete_words "$@" | tr '\n' ' ')"; fi
}
completes scan "$kr" sc
completes list-checks "$kr" li
completes --fail-on-new "$kr" scan --fail-on-n
completes --suppressions "$kr" scan --supp
completes html "$kr" scan --format ht
completes json "$kr" diff --format j
completes critical "$kr" diff --fail-on-new cr
completes SPN-DUPLICATE "$kr" scan --check SPN-DU

# --- the .deb ----------------------------------------------------------------------------------
if command -v dpkg-deb >/dev/null && command -v dpkg-shlibdeps >/dev/null; then
  if (cd "$build" && cpack -G DEB -B "$work/pkg" >"$work/cpack.log" 2>&1); then ok "cpack -G DEB"; else
    fail "cpack: $(tail -5 "$work/cpack.log")"; fi
  deb=$(ls "$work"/pkg/kerbready_*.deb 2>/dev/null | head -1)
  if [ -n "$deb" ]; then
    depends=$(dpkg-deb -f "$deb" Depends)
    for dep in libc6 libstdc++6 libfmt9 libsasl2-modules-gssapi-mit; do
      echo "$depends" | grep -q "$dep" || fail "Depends lacks $dep: $depends"
    done
    # Whatever the binary links (LDAP, SASL, Kerberos once live scans are in) is in Depends.
    for lib in $(objdump -p "$work/root/bin/kerbready" 2>/dev/null | awk '/NEEDED/ {print $2}'); do
      # The library the binary really loads, not any file of that name (libm.so.6 is also in libc6-i386).
      path=$(ldd "$work/root/bin/kerbready" 2>/dev/null | awk -v l="$lib" '$1 == l {print $3}')
      [ -n "$path" ] || continue
      pkg=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")" 2>/dev/null)
      pkg=$(echo "$pkg" | head -1 | cut -d: -f1)
      [ -n "$pkg" ] && ! echo "$depends" | grep -q "$pkg" && fail "Depends lacks $pkg (for $lib): $depends"
    done
    ok "Depends: $depends"
    [ "$(dpkg-deb -f "$deb" Section)" = admin ] && [ -n "$(dpkg-deb -f "$deb" Recommends)" ] \
      && ok "Section admin, Recommends $(dpkg-deb -f "$deb" Recommends)" || fail "control fields"
    dpkg-deb -c "$deb" >"$work/contents.txt"
    grep -q '\./usr/bin/kerbready$' "$work/contents.txt" && grep -q 'usr/share/man/man1/kerbready.1.gz' "$work/contents.txt" \
      && grep -q 'usr/share/bash-completion/completions/kerbready' "$work/contents.txt" \
      && ok "the .deb installs under /usr: binary, man page, completion" || fail "deb contents: $(head -5 "$work/contents.txt")"
    for f in copyright changelog.gz; do
      grep -q "\./usr/share/doc/kerbready/$f\$" "$work/contents.txt" && ok "the .deb holds /usr/share/doc/kerbready/$f" \
        || fail "the .deb lacks /usr/share/doc/kerbready/$f"
    done
    # The changelog's latest entry names the version being packaged.
    top=$(head -1 packaging/changelog)
    [ "$top" = "kerbready ($(dpkg-deb -f "$deb" Version)) unstable; urgency=medium" ] \
      && ok "packaging/changelog starts with this version" || fail "packaging/changelog: '$top', package $(dpkg-deb -f "$deb" Version)"
    # lintian, Debian's own package checker: no error and no warning. An override would live in
    # the package's /usr/share/lintian/overrides/kerbready, each line with its reason; there is none.
    if command -v lintian >/dev/null; then
      lintian --fail-on error,warning --display-level '>=warning' "$deb" >"$work/lintian.txt" 2>"$work/lintian.err"
      status=$?
      # As root (a container), lintian says it would rather not run as root; nothing else may be said.
      grep -v '^running with root privileges is not recommended!$' "$work/lintian.err" >>"$work/lintian.txt"
      if [ "$status" = 0 ] && [ ! -s "$work/lintian.txt" ]; then ok "lintian: no errors, no warnings"; else
        fail "lintian (exit $status): $(head -20 "$work/lintian.txt")"; fi
    else
      fail "lintian is not installed (scripts/install-deps test)"
    fi
  else
    fail "no .deb built"
  fi
else
  fail "dpkg-dev is not installed (scripts/install-deps test): the .deb cannot be built"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
