#!/usr/bin/python3
"""Dump .evtx files with python3-evtx (Debian's python3-evtx, an independent reader) as JSON lines
that tests/events/test_evtx_agreement.cpp compares with kerbready's libevtx-based reader, event
for event: record id, event id, time (Unix seconds), provider, channel, computer and the
EventData/UserData values by name.

  evtx_reference.py FILE.evtx > FILE.reference.jsonl
"""

import calendar
import datetime
import json
import sys
import xml.etree.ElementTree as ET

import Evtx.Evtx as evtx

NS = "{http://schemas.microsoft.com/win/2004/08/events/event}"


def local(tag):
    return tag.split("}", 1)[-1]


def seconds(text):
    for fmt in ("%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S"):
        try:
            t = datetime.datetime.strptime(text, fmt)
            return calendar.timegm(t.timetuple())
        except ValueError:
            pass
    return 0


def main(path):
    with evtx.Evtx(path) as log:
        for record in log.records():
            root = ET.fromstring(record.xml())
            system = root.find(NS + "System")
            out = {"record": int(system.findtext(NS + "EventRecordID") or 0),
                   "event_id": int(system.findtext(NS + "EventID") or 0),
                   "time": seconds(system.find(NS + "TimeCreated").get("SystemTime", "")),
                   "provider": system.find(NS + "Provider").get("Name", ""),
                   "channel": system.findtext(NS + "Channel") or "",
                   "computer": system.findtext(NS + "Computer") or "",
                   "data": []}
            data = root.find(NS + "EventData")
            if data is not None:
                for i, item in enumerate(data):
                    name = item.get("Name") or "Param%d" % (i + 1)
                    out["data"].append([name, item.text or ""])
            user = root.find(NS + "UserData")
            if user is not None:
                for child in user:
                    for leaf in child.iter():
                        if leaf is not child and len(leaf) == 0:
                            out["data"].append([local(leaf.tag), leaf.text or ""])
            print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
