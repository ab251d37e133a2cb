#!/usr/bin/env bash
# Hostile-size benchmark, run by hand (never in CI):  bench/hostile_bench.sh BUILD_DIR [CASE...]
#
# Generates one LDIF snapshot per case and runs `kerbready scan` over it once with a JSON report,
# printing CPU seconds (user + sys), wall seconds, peak RSS and the exit status. Cases:
#   attrs-10k attrs-100k attrs-1m   one record with that many distinct attributes
#   spn-1m                          one account with 1,000,000 servicePrincipalName values
#   holders-50k                     50,000 accounts holding the same SPN
#   members-100k                    one group with 100,000 members (and the 100,000 accounts)
#   values-over-cap                 one record with more values than the per-record cap (exit 3)
# Default: every case. The cost of each must grow linearly with the case's size, and peak RSS in
# proportion to the input. A run is stopped when its RSS passes BENCH_MAX_RSS_MB (default 4096).
# Snapshots are written to BENCH_DIR (default: a new temporary directory, removed at the end).
set -euo pipefail
build=${1:?usage: bench/hostile_bench.sh BUILD_DIR [CASE...]}
shift
kr="$build/kerbready"
[ -x "$kr" ] || { echo "no $kr: build first" >&2; exit 2; }
if [ $# -gt 0 ]; then
  cases=("$@")
else
  cases=(attrs-10k attrs-100k attrs-1m spn-1m holders-50k members-100k values-over-cap)
fi
py=/usr/bin/python3
[ -x "$py" ] || py=python3
if [ -n "${BENCH_DIR:-}" ]; then
  work=$BENCH_DIR
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
max_rss_mb=${BENCH_MAX_RSS_MB:-4096}

# Write the snapshot of case $1 to $2.
generate() {
  "$py" - "$1" "$2" <<'EOF'
import sys

case, path = sys.argv[1], sys.argv[2]
base = "DC=corp,DC=example,DC=com"
with open(path, "w") as f:
    w = f.write
    w("dn: %s\nobjectClass: top\nobjectClass: domain\nobjectClass: domainDNS\n\n" % base)
    if case.startswith("attrs-"):
        n = {"attrs-10k": 10_000, "attrs-100k": 100_000, "attrs-1m": 1_000_000}[case]
        w("dn: CN=wide,CN=Users,%s\nobjectClass: user\nsAMAccountName: wide\n" % base)
        for i in range(n):
            w("x-attr-%d: v\n" % i)
        w("servicePrincipalName: HTTP/wide.corp.example.com\n\n")
    elif case == "spn-1m":
        w("dn: CN=svc,CN=Users,%s\nobjectClass: user\nsAMAccountName: svc\n" % base)
        for i in range(1_000_000):
            w("servicePrincipalName: HTTP/host%d.corp.example.com\n" % i)
        w("\n")
    elif case == "holders-50k":
        for i in range(50_000):
            w("dn: CN=svc%d,CN=Users,%s\nobjectClass: user\nsAMAccountName: svc%d\n"
              "servicePrincipalName: HTTP/shared.corp.example.com\n\n" % (i, base, i))
    elif case == "members-100k":
        w("dn: CN=big,CN=Users,%s\nobjectClass: group\nsAMAccountName: big\ngroupType: -2147483646\n" % base)
        for i in range(100_000):
            w("member: CN=user%d,CN=Users,%s\n" % (i, base))
        w("\n")
        for i in range(100_000):
            w("dn: CN=user%d,CN=Users,%s\nobjectClass: user\nsAMAccountName: user%d\n"
              "memberOf: CN=big,CN=Users,%s\n\n" % (i, base, i, base))
    elif case == "values-over-cap":
        w("dn: CN=huge,CN=Users,%s\nobjectClass: group\n" % base)
        for i in range(4_200_000):
            w("member: CN=u%d\n" % i)
        w("\n")
    else:
        sys.exit("unknown case " + case)
EOF
}

# Run the scan of $1; print "cpu_s wall_s peak_rss_mb exit", stopping it above max_rss_mb.
measure() {
  "$py" - "$max_rss_mb" "$kr" scan --snapshot "$1" --json "$work/report.json" --fail-on none <<'EOF'
import os, resource, subprocess, sys, time
limit_mb, cmd = int(sys.argv[1]), sys.argv[2:]
start = time.monotonic()
with open(os.devnull, "w") as null:
    p = subprocess.Popen(cmd, stdout=null, stderr=subprocess.PIPE)
    killed = False
    while p.poll() is None:
        try:
            with open("/proc/%d/status" % p.pid) as s:
                rss = next((int(l.split()[1]) for l in s if l.startswith("VmRSS:")), 0)
        except OSError:
            rss = 0
        if rss > limit_mb * 1024:
            p.kill()
            killed = True
        time.sleep(0.05)
    err = p.stderr.read().decode(errors="replace").strip().splitlines()
wall = time.monotonic() - start
u = resource.getrusage(resource.RUSAGE_CHILDREN)
status = "killed" if killed else str(p.returncode)
print("%.2f %.2f %.0f %s" % (u.ru_utime + u.ru_stime, wall, u.ru_maxrss / 1024, status))
if err:
    print("  stderr: " + err[0][:160], file=sys.stderr)
EOF
}

printf '%-16s %10s %9s %9s %12s %6s\n' case "LDIF MiB" "CPU s" "wall s" "peak RSS MiB" exit
for c in "${cases[@]}"; do
  file="$work/$c.ldif"
  [ -s "$file" ] || generate "$c" "$file"
  mib=$(awk -v b="$(wc -c <"$file")" 'BEGIN { printf "%.1f", b / 1048576 }')
  read -r cpu wall rss status < <(measure "$file")
  printf '%-16s %10s %9s %9s %12s %6s\n' "$c" "$mib" "$cpu" "$wall" "$rss" "$status"
done
