#!/usr/bin/env python3
"""speed_table.py - the forest-scale speed table, in one run. By hand, never in CI.

    bench/speed_table.py [--build build] [--sizes 100000 1000000] [--runs 3] [--live]
                         [--base OLD_KERBREADY] [--write]

For each size it makes (once, cached in $BENCH_DIR, default /tmp/kerbready-bench) the snapshot that
bench/gen_forest_snapshot.py writes: LDIF exactly as `ldapsearch -LLL -E pr=1000/noprompt` writes
it, with a truth file of planted cases. Then, alternating the two so that a load on the machine
hits both alike, it runs `runs` times each:
  - the reference: `grep -c servicePrincipalName SNAPSHOT` (reading the file once, building nothing);
  - `kerbready scan --snapshot SNAPSHOT --json REPORT` (every check, reference time pinned).
and keeps the medians of wall time, with kerbready's peak RSS. At the largest size it also checks
the report against the truth file (bench/truth_check.py), and, given --base, that an older binary's
JSON report is identical apart from the timing fields.

With --live it runs bench/collect_vs_ldapsearch.sh (a Samba AD DC of at least 20,000 objects,
`kerbready collect` against paged ldapsearch of the same attributes, same auth; needs root and the
samba packages) and adds its ratio.

--write puts the table into bench/RESULTS.md between its speed-table markers.
"""
import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
REFERENCE_TIME = '2026-12-01T00:00:00Z'  # pinned: ages, and so findings, do not move with the day


def run(cmd, out=subprocess.PIPE):
    """Run `cmd`; return (wall seconds, peak RSS in KiB of this child, exit status)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    # Not to /dev/null: GNU grep stops at the first match when its output goes there.
    status = subprocess.run(cmd, stdout=out, stderr=subprocess.DEVNULL, check=False).returncode
    wall = time.perf_counter() - start
    # ru_maxrss of RUSAGE_CHILDREN is the largest of all children so far: run the biggest last, or
    # read it per run as here (kerbready is always bigger than grep).
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(rss, before), status


def snapshot(size, work):
    path = os.path.join(work, f'snap-{size}.ldif')
    if not os.path.exists(path):
        print(f'generating {path} ...', file=sys.stderr)
        subprocess.run([sys.executable, os.path.join(HERE, 'gen_forest_snapshot.py'), '-n', str(size), '-o', path],
                       check=True, stdout=subprocess.DEVNULL)
    return path


def strip_times(path):
    report = json.load(open(path))
    for key in ('started_at', 'duration_ms'):
        report['scan'].pop(key, None)
    return report


def measure(kerbready, size, runs, work, base):
    path = snapshot(size, work)
    report = os.path.join(work, f'report-{size}.json')
    grep_times, scan_times, rss = [], [], 0
    for _ in range(runs):
        grep_times.append(run(['grep', '-c', 'servicePrincipalName', path])[0])
        wall, peak, status = run([kerbready, 'scan', '--snapshot', path, '--json', report, '--format', 'json',
                                  '--reference-time', REFERENCE_TIME])
        if status not in (0, 1, 3):  # findings (1) and an incomplete input (3) still write the report
            sys.exit(f'kerbready scan of {path} failed with exit status {status}')
        scan_times.append(wall)
        rss = max(rss, peak)
    row = {'size': size, 'bytes': os.path.getsize(path), 'grep': statistics.median(grep_times),
           'scan': statistics.median(scan_times), 'rss_kib': rss, 'report': report, 'path': path}
    if base:
        old = os.path.join(work, f'report-{size}-base.json')
        run([base, 'scan', '--snapshot', path, '--json', old, '--format', 'json', '--reference-time', REFERENCE_TIME])
        a, b = strip_times(old), strip_times(report)
        row['identical'] = [k for k in sorted(set(a) | set(b)) if k != 'scan' and a.get(k) != b.get(k)] + [
            'scan.' + k for k in sorted(set(a['scan']) | set(b['scan'])) if a['scan'].get(k) != b['scan'].get(k)]
    return row


def live_ratio(kerbready):
    out = subprocess.run(['bash', os.path.join(HERE, 'collect_vs_ldapsearch.sh'), kerbready, '24000'],
                         capture_output=True, text=True, check=False).stdout
    m = re.search(r'ratio kerbready/ldapsearch: ([0-9.]+)', out)
    objects = re.search(r'objects: kerbready collect (\d+)', out)
    lines = [l for l in out.splitlines() if l.startswith(('kerbready collect:', 'ldapsearch'))]
    return (float(m.group(1)) if m else None, int(objects.group(1)) if objects else 0, lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--build', default=os.path.join(ROOT, 'build'))
    parser.add_argument('--sizes', type=int, nargs='+', default=[100000, 1000000])
    parser.add_argument('--runs', type=int, default=3)
    parser.add_argument('--live', action='store_true')
    parser.add_argument('--base', help='an older kerbready binary: its JSON must be identical')
    parser.add_argument('--write', action='store_true', help='write the table into bench/RESULTS.md')
    args = parser.parse_args()
    kerbready = os.path.abspath(os.path.join(args.build, 'kerbready'))
    work = os.environ.get('BENCH_DIR', '/tmp/kerbready-bench')
    os.makedirs(work, exist_ok=True)

    rows = [measure(kerbready, size, args.runs, work, args.base) for size in sorted(args.sizes)]
    big, small = rows[-1], rows[0]
    truth = subprocess.run([sys.executable, os.path.join(HERE, 'truth_check.py'),
                            big['path'].replace('.ldif', '.truth.json'), big['report'], big['path']],
                           capture_output=True, text=True, check=False)
    lines = ['| | measured | issue: must | aim |', '|---|---|---|---|']
    for row in rows:
        lines.append(f"| {row['size']:,} objects ({row['bytes'] / 2**20:.0f} MiB): scan {row['scan']:.2f} s / grep "
                     f"{row['grep']:.3f} s | **{row['scan'] / row['grep']:.1f}x** | <= 10x | 3x |")
    lines.append(f"| peak RSS at {big['size']:,} | **{big['rss_kib'] / 2**20:.2f} GiB** | <= 1 GiB | 0.5 GiB |")
    if len(rows) > 1:
        lines.append(f"| time({big['size']:,}) / time({small['size']:,}) | **{big['scan'] / small['scan']:.1f}** | "
                     f"<= 10.5 | 10 |")
    if args.live:
        ratio, objects, detail = live_ratio(kerbready)
        shown = f'**{ratio:.2f}**' if ratio is not None else 'failed'
        lines.append(f'| live collect / paged ldapsearch, Samba DC of {objects:,} objects | {shown} | <= 0.9 | 0.8 |')
    lines.append('')
    lines.append(f"Medians of {args.runs} alternated runs, wall time, page cache warm; kerbready "
                 f"`{os.path.relpath(kerbready, ROOT)}`, {os.cpu_count()} CPUs. Planted cases at "
                 f"{big['size']:,}: {truth.stdout.strip().splitlines()[-1] if truth.stdout.strip() else 'check failed'}.")
    if args.base:
        same = ', '.join(f"{r['size']:,}: " + ('identical' if not r['identical'] else
                                                 'differs in ' + ', '.join(r['identical'])) for r in rows)
        lines.append(f'JSON report against the --base binary (timing fields removed): {same}.')
    if args.live:
        lines += [''] + [f'    {l}' for l in detail]
    table = '\n'.join(lines)
    print(table)
    if args.write:
        results = os.path.join(HERE, 'RESULTS.md')
        text = open(results).read()
        begin, end = '<!-- speed-table:begin -->', '<!-- speed-table:end -->'
        block = f'{begin}\n{table}\n{end}'
        text = re.sub(re.escape(begin) + '.*?' + re.escape(end), lambda _: block, text, flags=re.S) \
            if begin in text else block + '\n\n' + text
        open(results, 'w').write(text)
    return 0 if truth.returncode == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
