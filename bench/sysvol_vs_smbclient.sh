#!/usr/bin/env bash
# By hand, not in CI: time kerbready's SYSVOL read over SMB (the files the GPO checks need, for every
# GPO the directory lists) against `smbclient -k -c 'recurse; mget'` of the same Policies folder,
# on a Samba AD DC holding N extra GPOs (default 2,000). Target: kerbready at most 1.5x smbclient.
#
#   bench/sysvol_vs_smbclient.sh [KERBREADY_BINARY] [GPOS]
#
# Needs root and Debian's samba, samba-ad-dc, winbind, krb5-user, ldap-utils, ldb-tools, smbclient.
# The lab lives in $BENCH_LAB (default /tmp/kerbready-sysvol-bench-lab) and is kept between runs;
# the GPO containers are added offline (ldbadd batch mode) and their folders written on disk, each
# with GPT.INI and a GptTmpl.inf, as the Group Policy editor leaves them. The kerbready time is the
# one it reports for SYSVOL in the report's "sysvol" collection line (LDAP excluded).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
kerbready=$(readlink -f "${1:-$root/build/kerbready}")
gpos=${2:-2000}
lab=${BENCH_LAB:-/tmp/kerbready-sysvol-bench-lab}
runs=${RUNS:-3}
lab_sh=$root/tests/integration/lab.sh

"$lab_sh" up "$lab"
. "$lab/env.sh"
have=$(cat "$lab/bench-gpos.count" 2>/dev/null || echo 0)
if (( have < gpos )); then
  echo "adding $(( gpos - have )) GPOs offline..."
  "$lab_sh" down "$lab"
  /usr/bin/python3 - "$lab" "$(( gpos - have ))" "$LAB_SYSVOL" "$LAB_DOMAIN" "$LAB_BASE_DN" <<'PY'
import os, sys, uuid
lab, n, sysvol, domain, base = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
tmpl = ("\ufeff[Unicode]\r\nUnicode=yes\r\n[Registry Values]\r\n"
        "MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel=4,5\r\n"
        "[Version]\r\nsignature=\"$CHICAGO$\"\r\nRevision=1\r\n").encode("utf-16-le")
with open(os.path.join(lab, "bench-gpos.ldif"), "w") as out:
    for _ in range(n):
        guid = "{%s}" % str(uuid.uuid4()).upper()
        out.write(f"dn: CN={guid},CN=Policies,CN=System,{base}\nobjectClass: groupPolicyContainer\n"
                  f"displayName: bench {guid}\ngPCFileSysPath: \\\\{domain}\\SysVol\\{domain}\\Policies\\{guid}\n"
                  "versionNumber: 0\nflags: 0\n\n")
        folder = os.path.join(sysvol, guid, "MACHINE", "Microsoft", "Windows NT", "SecEdit")
        os.makedirs(folder)
        open(os.path.join(sysvol, guid, "GPT.INI"), "w").write("[General]\r\nVersion=0\r\n")
        open(os.path.join(folder, "GptTmpl.inf"), "wb").write(tmpl)
PY
  "$lab_sh" exec "$lab" -- ldbadd -o batch_mode -H "$lab/private/sam.ldb" "$lab/bench-gpos.ldif" > /dev/null
  echo "$gpos" > "$lab/bench-gpos.count"
  "$lab_sh" up "$lab"
fi

for ((i = 1; i <= runs; i++)); do
  # kerbready: the SYSVOL read is timed by kerbready itself (the "sysvol" line of the report).
  "$lab_sh" exec "$lab" -- "$kerbready" scan --server "$LAB_DC" --quiet --fail-on none \
    --json "$lab/bench.json" > /dev/null 2>&1 || true
  k=$(/usr/bin/python3 -c 'import json,re,sys; print(re.search(r"in ([0-9.]+) s", json.load(open(sys.argv[1]))["scan"]["collection"]["sysvol"]).group(1))' "$lab/bench.json")
  rm -rf "$lab/mget" && mkdir -p "$lab/mget"
  start=$(date +%s.%N)
  "$lab_sh" exec "$lab" -- sh -c "cd '$lab/mget' && smbclient -k -m SMB3 //$LAB_DC/SYSVOL \
    -c 'cd $LAB_DOMAIN/Policies; prompt; recurse; mget *' > /dev/null 2>&1"
  s=$(echo "$(date +%s.%N) - $start" | bc)
  files=$(find "$lab/mget" -type f | wc -l)
  printf 'run %d: kerbready %.2f s, smbclient %.2f s (%d files), ratio %.2f\n' "$i" "$k" "$s" "$files" \
    "$(echo "$k / $s" | bc -l)"
done
