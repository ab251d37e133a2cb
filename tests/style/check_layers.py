#!/usr/bin/env python3
"""Fail when an #include points up the layer order of docs/ARCHITECTURE.md.

src/ folders, lowest first; a file may include its own folder and the folders before it:
  util, model, ad, input, live/plan, probe, events, triage, scan, live, cli
cli/ may also include reports/. checks/ may include util, model and ad (checks are pure functions of the snapshot); reports/ may
include util, model and triage (reporters read the report, never the directory or the network).
Usage: check_layers.py REPO
"""
import os
import re
import sys

ORDER = ["util", "model", "ad", "input", "live/plan", "probe", "events", "triage", "scan", "live", "cli"]
ALLOWED_OUTSIDE = {"checks": {"util", "model", "ad"}, "reports": {"util", "model", "triage", "reports"}}
INCLUDE = re.compile(r'^\s*#\s*include\s+"(src/[^"]+|reports/[^"]+|checks/[^"]+)"', re.M)


def layer(path):
    """Return the layer of a repository path: a src/ folder, "checks", "reports", or None."""
    if path.startswith("src/live/plan/"):
        return "live/plan"
    parts = path.split("/")
    if parts[0] == "src":
        return parts[1] if len(parts) > 2 else None  # src/main.cpp, src/version.hpp: the program
    if parts[0] in ALLOWED_OUTSIDE:
        return parts[0]
    return None


def main():
    repo = sys.argv[1]
    bad = []
    checked = 0
    for top in ("src", "checks", "reports"):
        for root, _, files in os.walk(os.path.join(repo, top)):
            for name in sorted(files):
                if not name.endswith((".cpp", ".hpp")):
                    continue
                path = os.path.relpath(os.path.join(root, name), repo).replace(os.sep, "/")
                mine = layer(path)
                if mine is None:
                    continue
                checked += 1
                with open(os.path.join(repo, path), encoding="utf-8") as f:
                    text = f.read()
                for included in INCLUDE.findall(text):
                    theirs = layer(included)
                    if theirs is None or theirs == mine:
                        continue
                    if mine in ALLOWED_OUTSIDE:
                        ok = theirs in ALLOWED_OUTSIDE[mine]
                    elif theirs == "reports":
                        ok = mine == "cli"  # the command line hands the result to a reporter
                    else:
                        ok = theirs in ORDER and ORDER.index(theirs) < ORDER.index(mine)
                    if not ok:
                        bad.append(f"{path}: includes {included} ({mine} may not depend on {theirs})")
    if bad:
        print(f"{len(bad)} include(s) against the layer order of docs/ARCHITECTURE.md:")
        for line in bad:
            print("  " + line)
        return 1
    print(f"ok   - {checked} files include only their own or lower layers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
