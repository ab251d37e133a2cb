#!/usr/bin/env bash
# The HTML report in a real browser: Debian's headless Chromium renders it, we check the DOM
# (verdict on top, one row per finding, charts, the script ran, no console message), drive the
# table (sort, filter, expand) through an injected test script, render a report built from hostile
# directory strings (nothing may execute), check the progress dashboard (per-day events, history of
# archived reports, hostile and broken archive files), and keep screenshots. Run by CTest as html.chromium:
#   KERBREADY=path/to/kerbready run_html_test.sh REPO_ROOT ARTIFACT_DIR
# Prints SKIP and passes only when chromium is not installed.
set -u
repo=${1:?usage: run_html_test.sh REPO_ROOT ARTIFACT_DIR}
artifacts=${2:?usage: run_html_test.sh REPO_ROOT ARTIFACT_DIR}
kr=${KERBREADY:?set KERBREADY to the kerbready binary}
cd "$repo" || exit 2
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "SKIP: chromium is not installed (apt-get install chromium)"
  exit 0
fi
py=/usr/bin/python3
[ -x "$py" ] || py=python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$artifacts"
passed=0
failed=0
example=examples/corp.example.com.ldif
export SOURCE_DATE_EPOCH=1767225600

ok() { passed=$((passed + 1)); echo "ok   - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }

# Run headless Chromium on file $1 with extra arguments; stdout to $2, log to $3. A fresh profile
# each time, and nothing that reaches the network.
chrome() {
  local page=$1 out=$2 log=$3
  shift 3
  local profile
  profile=$(mktemp -d "$work/profile.XXXXXX")
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
    --enable-logging=stderr --v=0 "$@" "file://$page" >"$out" 2>"$log"
}
no_console() { # log name
  if grep -q ":CONSOLE" "$1"; then fail "$2: console messages: $(grep ':CONSOLE' "$1" | head -3)"; else
    ok "$2: no console messages"; fi
}

# A baseline (one finding fixed since, one new) and the suppressions of the CLI tests, so that
# every part of the page is there.
"$kr" scan --snapshot "$example" --json "$work/today.json" --fail-on none >/dev/null
"$py" - "$work/today.json" "$work/base.json" <<'PY'
import copy, json, sys
d = json.load(open(sys.argv[1]))
d["findings"] = [f for f in d["findings"] if f["id"] != "SPN-DUPLICATE-434e69b8b4320ca1"]
gone = copy.deepcopy(d["findings"][0])
gone.update(id="SPN-DUPLICATE-00000000000000aa", subject="HTTP/old.corp.example.com")
d["findings"].append(gone)
json.dump(d, open(sys.argv[2], "w"))
PY
"$kr" scan --snapshot "$example" --baseline "$work/base.json" --suppressions tests/cli/data/suppressions.toml \
  --fail-on none --html "$work/report.html" --json "$work/report.json" >/dev/null 2>&1
[ -s "$work/report.html" ] && ok "HTML report written" || fail "no HTML report"

# Self-contained: no element loads anything (the only URL is the SVG namespace; the icon is data:).
"$py" - "$work/report.html" <<'PY' && ok "self-contained: no external assets" || fail "external references"
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
assert not re.search(r'\bsrc\s*=', html), "a src= attribute"
assert re.findall(r'\bhref\s*=\s*"([^"]*)"', html) == ["data:,"], re.findall(r'\bhref\s*=\s*"([^"]*)"', html)
# URLs may appear as text (remediation advice names intranet sites); none may be loaded.
assert not re.search(r'url\(\s*["\']?(https?:|//)', html), "a CSS url() load"
assert not re.search(r'@import', html), "a CSS @import"
assert set(re.findall(r'xmlns="([^"]+)"', html)) <= {"http://www.w3.org/2000/svg"}
assert "default-src 'none'" in html
PY

chrome "$work/report.html" "$work/dom.html" "$work/dom.log" --dump-dom
no_console "$work/dom.log" "report"
"$py" - "$work/dom.html" "$work/report.json" <<'PY' && ok "DOM: verdict on top, one row per finding in order, charts, script ran" \
  || fail "DOM checks"
import json, sys
from html.parser import HTMLParser
report = json.load(open(sys.argv[2]))
class Dom(HTMLParser):
    def __init__(self):
        super().__init__(); self.order = []; self.rows = []; self.verdicts = []; self.body = {}; self.ids = set()
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a: self.ids.add(a["id"]); self.order.append(a["id"])
        if tag == "body": self.body = a
        if tag == "tr" and "finding" in a.get("class", "").split(): self.rows.append(a)
        if tag == "div" and "verdict" in a.get("class", "").split(): self.verdicts.append(a); self.order.append("verdict")
dom = Dom(); dom.feed(open(sys.argv[1], encoding="utf-8").read())
assert dom.body.get("data-ready") == "1", "the page script did not finish"
assert [v["data-domain"] for v in dom.verdicts] == report["scan"]["domains"], dom.verdicts
assert all(v["data-verdict"] in ("ready", "at_risk", "not_ready", "unknown", "no_traffic_evidence") for v in dom.verdicts)
assert dom.verdicts[0]["data-verdict"] == "not_ready"
assert dom.order.index("verdict") < dom.order.index("chart-severity") < dom.order.index("findings-table")
assert [r["id"] for r in dom.rows] == [f["id"] for f in report["findings"]], "rows differ from the JSON findings"
assert sum(r["data-suppressed"] == "1" for r in dom.rows) == report["summary"]["suppressed"]
assert [r["id"] for r in dom.rows if r["data-status"] == "new"] == [f["id"] for f in report["findings"] if f.get("change") == "new"]
assert {"chart-severity", "chart-cause", "chart-trend", "fixes", "resolved"} <= dom.ids
PY

# Drive the page: sort, filter, expand. The test script is injected into a copy of the report; it
# writes what it saw into <pre id="selftest">, which --dump-dom returns.
"$py" - "$work/report.html" "$work/driven.html" <<'PY'
import sys
html = open(sys.argv[1], encoding="utf-8").read()
probe = """<script>
(function () {
  var out = {};
  function visible() { return Array.prototype.filter.call(document.querySelectorAll('tr.finding'), function (r) { return !r.hidden; }); }
  function ranks() { return visible().map(function (r) { return Number(r.dataset.rank); }); }
  function th(key) { return document.querySelector('th[data-sort="' + key + '"]'); }
  function set(id, value) { var e = document.getElementById(id); e.value = value; e.dispatchEvent(new Event(e.tagName === 'SELECT' ? 'change' : 'input')); }
  out.initial = visible().length;
  th('severity').click(); th('severity').click();
  out.severity_desc = visible().map(function (r) { return Number(r.dataset.severity); });
  out.aria = th('severity').getAttribute('aria-sort');
  th('rank').click();
  out.rank_asc = ranks();
  th('subject').click();
  out.subject_asc = visible().map(function (r) { return r.dataset.subject; });
  th('rank').click();
  set('filter', 'spn-ip-address');
  out.filtered = visible().map(function (r) { return r.dataset.check; });
  out.shown = document.getElementById('shown-count').textContent;
  set('filter', '');
  set('severity-filter', '1');
  out.high_and_above = visible().length;
  var box = document.getElementById('show-suppressed'); box.checked = false; box.dispatchEvent(new Event('change'));
  out.high_unsuppressed = visible().length;
  var details = document.querySelector('tr.finding details');
  out.evidence_hidden = details.querySelector('.evidence').checkVisibility();
  details.open = true;
  out.evidence_shown = details.querySelector('.evidence').checkVisibility();
  out.fix_text = details.querySelector('.remediation').textContent;
  var pre = document.createElement('pre'); pre.id = 'selftest'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""
open(sys.argv[2], "w", encoding="utf-8").write(html.replace("</body>", probe + "</body>"))
PY
chrome "$work/driven.html" "$work/driven-dom.html" "$work/driven.log" --dump-dom
no_console "$work/driven.log" "driven report"
"$py" - "$work/driven-dom.html" "$work/report.json" <<'PY' && ok "table sorts, filters and expands" || fail "interaction"
import html, json, re, sys
report = json.load(open(sys.argv[2]))
m = re.search(r'<pre id="selftest">(.*?)</pre>', open(sys.argv[1], encoding="utf-8").read(), re.S)
assert m, "the probe did not run"
out = json.loads(html.unescape(m.group(1)))
sev = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
f = report["findings"]
assert out["initial"] == len(f), out
assert out["severity_desc"] == sorted((sev[x["severity"]] for x in f), reverse=True), out["severity_desc"]
assert out["aria"] == "descending"
assert out["rank_asc"] == list(range(1, len(f) + 1))
assert out["subject_asc"] == sorted(x["subject"].lower() for x in f), out["subject_asc"]
assert out["filtered"] == [x["check_id"] for x in f if x["check_id"] == "SPN-IP-ADDRESS"] and len(out["filtered"]) > 0
assert out["shown"] == f"{len(out['filtered'])} of {len(f)} findings shown", out["shown"]
assert out["high_and_above"] == sum(sev[x["severity"]] <= 1 for x in f)
assert out["high_unsuppressed"] == sum(sev[x["severity"]] <= 1 and "suppressed" not in x for x in f)
assert out["evidence_hidden"] is False and out["evidence_shown"] is True, out
assert "setspn" in out["fix_text"]
PY

# Hostile directory strings: markup in SPNs and names must stay text.
cat >"$work/hostile.ldif" <<'LDIF'
version: 1

dn: DC=corp,DC=example,DC=com
objectClass: domain
objectClass: domainDNS
dc: corp
objectSid:: AQQAAAAAAAUVAAAAx/f+13x3VciUWs4B

dn: CN=evil1,CN=Users,DC=corp,DC=example,DC=com
objectClass: user
sAMAccountName: <img src=x onerror=document.title='owned'>
objectSid:: AQUAAAAAAAUVAAAAx/f+13x3VciUWs4BAQIAAA==
servicePrincipalName: HTTP/</td><script>document.title='owned'</script>"'><svg onload=alert(1)>

dn: CN=evil2,CN=Users,DC=corp,DC=example,DC=com
objectClass: user
sAMAccountName: evil2
objectSid:: AQUAAAAAAAUVAAAAx/f+13x3VciUWs4BAgIAAA==
servicePrincipalName: HTTP/</td><script>document.title='owned'</script>"'><svg onload=alert(1)>
LDIF
"$kr" scan --snapshot "$work/hostile.ldif" --fail-on none --html "$work/hostile.html" >/dev/null 2>"$work/hostile.err"
chrome "$work/hostile.html" "$work/hostile-dom.html" "$work/hostile.log" --dump-dom
no_console "$work/hostile.log" "hostile report"
"$py" - "$work/hostile-dom.html" <<'PY' && ok "hostile strings stay text: one script, no img, no svg handler, title intact" \
  || fail "hostile strings: $(head -c 300 "$work/hostile.err")"
import sys
from html.parser import HTMLParser
class Dom(HTMLParser):
    def __init__(self):
        super().__init__(); self.tags = []; self.handlers = []; self.title = ""; self.in_title = False; self.rows = 0
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag); self.in_title = tag == "title"
        self.handlers += [k for k, _ in attrs if k.startswith("on")]
        if tag == "tr" and ("class", "finding") in attrs: self.rows += 1
    def handle_data(self, data):
        if self.in_title: self.title += data; self.in_title = False
dom = Dom(); dom.feed(open(sys.argv[1], encoding="utf-8").read())
assert dom.tags.count("script") == 1, dom.tags.count("script")
assert "img" not in dom.tags and not dom.handlers, (dom.handlers,)
assert "owned" not in dom.title, dom.title
assert dom.rows >= 1, "the duplicate SPN finding is missing"
PY

# --- The progress dashboard ----------------------------------------------------------------------
# The estate with its audit events (per-day chart) and an archive of three nightly reports made from
# its own JSON report (burn-down, verdicts over time), plus a truncated file, binary junk, a JSON
# document that is no report, and a report whose domain name is markup. Times are pinned.
estate=examples/estate/estate.ldif
events=examples/estate/estate-events.jsonl
"$kr" scan --snapshot "$estate" --events "$events" --fail-on none --json "$work/estate.json" >/dev/null 2>&1
"$kr" events --format json --json "$work/events.json" "$events" >/dev/null 2>&1
mkdir -p "$work/archive"
"$py" - "$work/estate.json" "$work/archive" <<'PY'
import copy, json, sys
d = json.load(open(sys.argv[1]))
nights = [("2025-12-29T02:00:00Z", 6, "not_ready", True), ("2025-12-30T02:00:00Z", 3, "unknown", False),
          ("2025-12-31T02:00:00Z", 0, "ready_with_caveats", True)]
for started, extra, readiness, complete in nights:
    n = copy.deepcopy(d)
    n["scan"]["started_at"] = started
    n["scan"]["complete"] = complete
    for i in range(extra):  # more critical findings the further back
        f = copy.deepcopy(d["findings"][0]); f.update(id=f"SPN-DUPLICATE-{i:016x}", severity="critical"); f.pop("suppressed", None)
        n["findings"].append(f)
    for v in n["verdicts"]:
        v["readiness"] = readiness
    stamp = started.replace("-", "").replace(":", "")
    json.dump(n, open(f"{sys.argv[2]}/kerbready-{stamp}.json", "w"))
hostile = copy.deepcopy(d)
hostile["scan"]["started_at"] = "2025-12-28T02:00:00Z"
hostile["verdicts"] = [{"domain": "<img src=x onerror=document.title='owned'>", "readiness": "not_ready"}]
json.dump(hostile, open(f"{sys.argv[2]}/hostile.json", "w"))
open(f"{sys.argv[2]}/truncated.json", "w").write(json.dumps(d)[:500])
open(f"{sys.argv[2]}/junk.json", "wb").write(bytes(range(256)) * 4)
json.dump({"tool": {"name": "something else"}}, open(f"{sys.argv[2]}/other.json", "w"))
PY
"$kr" scan --snapshot "$estate" --events "$events" --history "$work/archive" --fail-on none --html "$work/dashboard.html" \
  --json "$work/dashboard.json" >/dev/null 2>"$work/dashboard.err"
for bad in truncated.json junk.json other.json; do
  grep -q "^kerbready: warning: archived report skipped: .*$bad" "$work/dashboard.err" && ok "warning names the skipped $bad" \
    || fail "no warning for $bad: $(head -c 400 "$work/dashboard.err")"
done
chrome "$work/dashboard.html" "$work/dashboard-dom.html" "$work/dashboard.log" --dump-dom
no_console "$work/dashboard.log" "dashboard"
"$py" - "$work/dashboard-dom.html" "$work/events.json" "$work/dashboard.json" <<'PY' \
  && ok "dashboard: per-day chart equals kerbready events' per_day; burn-down and verdicts over 4 archived + this scan; 3 skipped" \
  || fail "dashboard DOM"
import json, sys
from html.parser import HTMLParser
summary = json.load(open(sys.argv[2]))
report = json.load(open(sys.argv[3]))
class Dom(HTMLParser):
    def __init__(self):
        super().__init__(); self.days = []; self.points = []; self.cells = []; self.ids = {}; self.tags = []; self.handlers = []; self.title = ""; self.in_title = False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs); self.tags.append(tag); self.in_title = tag == "title"
        self.handlers += [k for k, _ in attrs if k.startswith("on")]
        if "id" in a: self.ids[a["id"]] = a
        if tag == "g" and a.get("class") == "day": self.days.append(a)
        if tag == "g" and a.get("class") == "point": self.points.append(a)
        if tag == "rect" and a.get("class") == "cell": self.cells.append(a)
    def handle_data(self, data):
        if self.in_title and not self.title: self.title = data
        self.in_title = False
dom = Dom(); dom.feed(open(sys.argv[1], encoding="utf-8").read())
per_day = summary["per_day"]
assert len(per_day) > 1, per_day
assert [d["data-day"] for d in dom.days] == [d["day"] for d in per_day], "days differ from kerbready events"
for shown, want in zip(dom.days, per_day):
    assert int(shown["data-ntlm"]) == want["ntlm"] and int(shown["data-kerberos"]) == want["kerberos"], (shown, want)
    assert int(shown["data-ntlm-v1"]) == want["ntlm_v1"], (shown, want)
    share = want["ntlm_share"]
    assert (shown["data-share"] == "") == (share is None), (shown, want)
    assert share is None or abs(float(shown["data-share"]) - 100 * share) < 0.051, (shown, want)
# Four archived reports (the hostile one is a valid report) and this scan, oldest first.
started = [p["data-started"] for p in dom.points]
assert started == ["2025-12-28T02:00:00Z", "2025-12-29T02:00:00Z", "2025-12-30T02:00:00Z", "2025-12-31T02:00:00Z",
                   report["scan"]["started_at"]], started
assert [p["data-current"] for p in dom.points] == ["0", "0", "0", "0", "1"]
assert [p["data-complete"] for p in dom.points] == ["1", "1", "0", "1", "1" if report["scan"]["complete"] else "0"]
crit = [int(p["data-critical"]) for p in dom.points]
now_crit = sum(f["severity"] == "critical" and "suppressed" not in f for f in report["findings"])
assert crit == [now_crit, now_crit + 6, now_crit + 3, now_crit, now_crit], crit
summary_p = dom.ids["history-summary"]
assert summary_p["data-archived"] == "4" and summary_p["data-skipped"] == "3", summary_p
domains = {c["data-verdict"] for c in dom.cells}
assert {"not_ready", "unknown", "ready_with_caveats"} <= domains, domains
assert dom.tags.count("script") == 1 and "img" not in dom.tags and not dom.handlers
assert "owned" not in dom.title, dom.title
PY
grep -q 'data-ready="1"' "$work/dashboard-dom.html" && ok "dashboard page: the script ran" || fail "dashboard page: script"
chrome "$work/dashboard.html" "$work/dash-shot.out" "$work/dash-shot.log" --window-size=1280,1600 \
  --screenshot="$artifacts/html-dashboard.png"
[ -s "$artifacts/html-dashboard.png" ] && ok "dashboard screenshot kept: $artifacts/html-dashboard.png" || fail "no dashboard screenshot"
cp "$work/dashboard.html" "$artifacts/html-dashboard.html"

# The screenshot, kept as a test artifact.
chrome "$work/report.html" "$work/shot.out" "$work/shot.log" --window-size=1280,2200 --screenshot="$artifacts/html-report.png"
if [ -s "$artifacts/html-report.png" ] && [ "$(head -c 8 "$artifacts/html-report.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
  ok "screenshot kept: $artifacts/html-report.png ($(wc -c <"$artifacts/html-report.png") bytes)"
else
  fail "no screenshot"
fi
cp "$work/report.html" "$artifacts/html-report.html"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
