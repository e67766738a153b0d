#!/usr/bin/env python3
# bench/import_export.py URL DIR FORMAT: times configuration.import of every file in DIR (the
# official templates in one format, one file per call, as Zabbix's own frontend imports them)
# into the empty server at URL, then one configuration.export of all the templates in FORMAT.
# A file whose linked templates are not there yet is tried again after the others (a few
# passes, as many as needed while each pass imports something). Prints one line:
#   IMPEXP format=F files=N imported=N failed=N templates=N items=N import_s=S export_s=S export_bytes=B
# and, for each file that did not import, "  not imported: FILE: error text". Exit status 1
# when the server answers no session or the export fails; an import error is counted, not fatal.
import json
import os
import sys
import time
import urllib.request

URL, DIR, FMT = sys.argv[1], sys.argv[2], sys.argv[3]
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

ids = [t["templateid"] for t in call("template.get", {"output": ["templateid"]}, session)["result"]]
items = call("item.get", {"templated": True, "countOutput": True}, session).get("result", "?")
started = time.monotonic()
answer = call("configuration.export", {"format": FMT, "options": {"templates": ids}}, session)
export_s = time.monotonic() - started
if not isinstance(answer.get("result"), str):
    sys.exit("bench: configuration.export failed: %s" % json.dumps(answer)[:300])
print("IMPEXP format=%s files=%d imported=%d failed=%d templates=%d items=%s import_s=%.2f export_s=%.2f "
      "export_bytes=%d" % (FMT, len(files), imported, len(todo), len(ids), items, import_s, export_s,
                           len(answer["result"].encode())))
for f in todo:
    print("  not imported: %s: %s" % (f, errors[f]))
