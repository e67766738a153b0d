#!/usr/bin/env python3
# bench/import_export.py URL DIR FORMAT [PID STORE]: times configuration.import of every file in DIR (the
# official templates in one format, one file per call, as Zabbix's own frontend imports them)
# into the empty server at URL, then one configuration.export of all the templates in FORMAT.
# A file whose linked templates are not there yet is tried again after the others (a few
# passes, as many as needed while each pass imports something). Prints one line:
#   IMPEXP format=F files=N imported=N failed=N templates=N items=N import_s=S export_s=S export_bytes=B
#          import_rss_kb=K peak_rss_kb=K store_bytes=B
# (with PID, the server's process: its peak resident memory, VmHWM of /proc/PID/status, after the
# import and after the export; with STORE, its data directory: the bytes its files take on disk
# after the import; "-" when not given or not readable)
# and, for each file that did not import, "  not imported: FILE: error text". Exit status 1
# when the server answers no session or the export fails; an import error is counted, not fatal.
import json
import os
import sys
import time
import urllib.request

URL, DIR, FMT = sys.argv[1], sys.argv[2], sys.argv[3]
PID = sys.argv[4] if len(sys.argv) > 4 else None
STORE = sys.argv[5] if len(sys.argv) > 5 else None


def peak_rss_kb():
    """The server's peak resident set (VmHWM, kB), or "-"."""
    try:
        with open("/proc/%s/status" % PID, encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return line.split()[1]
    except (OSError, TypeError):
        pass
    return "-"


def store_bytes():
    """The bytes the store's files take on disk (allocated blocks, as du), or "-"."""
    if not STORE or not os.path.isdir(STORE):
        return "-"
    total = 0
    for root, _, names in os.walk(STORE):
        for n in names:
            total += os.stat(os.path.join(root, n)).st_blocks * 512
    return str(total)

RULES = {key: {"createMissing": True, "updateExisting": True} for key in
         ("templates", "items", "discoveryRules", "triggers", "graphs", "httptests", "valueMaps",
          "templateDashboards")}
RULES["groups"] = {"createMissing": True}
RULES["templateLinkage"] = {"createMissing": True}


def call(method, params, auth=None):
    body = {"jsonrpc": "2.0", "method": method, "params": params, "id": 1}
    if auth:
        body["auth"] = auth
    req = urllib.request.Request(URL, json.dumps(body).encode(), {"Content-Type": "application/json-rpc"})
    with urllib.request.urlopen(req, timeout=600) as r:
        return json.loads(r.read())


session = call("user.login", {"username": "Admin", "password": "zabbix"}).get("result")
if not isinstance(session, str):
    sys.exit("bench: user.login as Admin failed")

files = sorted(f for f in os.listdir(DIR) if f.endswith("." + FMT))
sources = {f: open(os.path.join(DIR, f), encoding="utf-8").read() for f in files}
todo, errors, imported = list(files), {}, 0
started = time.monotonic()
while todo:
    left = []
    for f in todo:
        answer = call("configuration.import", {"format": FMT, "source": sources[f], "rules": RULES}, session)
        if answer.get("result") is True:
            imported += 1
        else:
            left.append(f)
            errors[f] = answer.get("error", {}).get("data", json.dumps(answer)[:200])
    if len(left) == len(todo):
        break
    todo = left
import_s = time.monotonic() - started
import_rss, store = peak_rss_kb(), store_bytes()

ids = [t["templateid"] for t in call("template.get", {"output": ["templateid"]}, session)["result"]]
items = call("item.get", {"templated": True, "countOutput": True}, session).get("result", "?")
started = time.monotonic()
answer = call("configuration.export", {"format": FMT, "options": {"templates": ids}}, session)
export_s = time.monotonic() - started
if not isinstance(answer.get("result"), str):
    sys.exit("bench: configuration.export failed: %s" % json.dumps(answer)[:300])
print("IMPEXP format=%s files=%d imported=%d failed=%d templates=%d items=%s import_s=%.2f export_s=%.2f "
      "export_bytes=%d import_rss_kb=%s peak_rss_kb=%s store_bytes=%s"
      % (FMT, len(files), imported, len(todo), len(ids), items, import_s, export_s,
         len(answer["result"].encode()), import_rss, peak_rss_kb(), store))
for f in todo:
    print("  not imported: %s: %s" % (f, errors[f]))
