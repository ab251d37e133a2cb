#!/usr/bin/env bash
# Integration tests against a real Samba AD DC: provisions a throwaway lab (lab.sh), seeds it, runs
# every test_*.sh in the lab's mount namespace, and tears the lab down even on failure.
# Usage: KERBREADY=/path/to/kerbready run_integration.sh
# Skips (exit 0, "SKIP") only when not root or Samba is not installed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${KERBREADY:?set KERBREADY to the kerbready binary}"
KERBREADY=$(cd "$(dirname "$KERBREADY")" && pwd)/$(basename "$KERBREADY")

if [[ $(id -u) != 0 ]]; then echo "SKIP: integration tests need root (Samba AD DC, mount namespace)"; exit 0; fi
for tool in samba samba-tool ldbadd ldapsearch kinit unshare script; do
  if ! command -v "$tool" > /dev/null; then
    echo "SKIP: $tool not installed (apt-get install samba samba-ad-dc winbind krb5-user ldap-utils ldb-tools)"
    exit 0
  fi
done

started=$(date +%s)
lab=$(mktemp -d /tmp/kerbready-lab.XXXXXX)
cleanup() {
  "$here/lab.sh" down "$lab" > /dev/null 2>&1 || true
  if [[ -z ${KEEP_LAB:-} ]]; then rm -rf "$lab"; else echo "lab kept in $lab"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "provisioning the lab DC in $lab"
if ! "$here/lab.sh" up "$lab" || ! "$here/lab.sh" seed "$lab"; then
  echo "lab setup failed; last lines of the DC log:"
  tail -20 "$lab/log/samba.out" 2>/dev/null
  echo "0 passed, 1 failed"
  exit 1
fi
echo "lab up and seeded in $(( $(date +%s) - started )) s on $(cat "$lab/lab.ip")"

results=$lab/results
: > "$results"
# test_failure.sh kills the DC, so it runs last.
for test in "$here"/test_gssapi.sh "$here"/test_tls.sh "$here"/test_nightly.sh "$here"/test_probe.sh "$here"/test_checks.sh "$here"/test_sysvol.sh \
  "$here"/test_forest.sh "$here"/test_scope.sh "$here"/test_failure.sh; do
  echo "== $(basename "$test")"
  KERBREADY=$KERBREADY T="$lab/t-$(basename "$test" .sh)" "$here/lab.sh" exec "$lab" -- bash "$test" 2>&1 \
    | tee -a "$results"
done
passed=$(grep -c '^PASS: ' "$results")
failed=$(grep -c '^FAIL: ' "$results")
echo "integration tests took $(( $(date +%s) - started )) s"
echo "$passed passed, $failed failed"
[[ $failed == 0 && $passed -gt 0 ]]
