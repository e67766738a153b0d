#!/usr/bin/env python3
# bench/link_official.py URL DIR [HOSTS]: times linking the official "Linux by Zabbix agent" template
# (issue 13), as imported, to many hosts in one call, on the empty server at URL. Every export file in
# DIR (json; the template and the templates it links, as Zabbix 6.0.14 exported them) is imported with
# one configuration.import per file (a file whose linked templates are not there yet is tried again
# after the others); then HOSTS hosts (default 1000, each with an agent interface) are created, and the template is
#   linked:    host.massadd {hosts, templates: [T]}          (one call, one transaction)
#   unlinked:  host.massremove {hostids, templateids: [T]}   (the copies stay as the hosts' own)
#   relinked:  host.massadd again                            (the hosts' own objects are adopted)
#   cleared:   host.massremove {hostids, templateids_clear: [T]} (the copies are deleted)
# Prints one line for the template, then one per step:
#   OFFICIAL template=NAME parents=N items=I rules=R itemprotos=P triggers=T triggerprotos=TP graphs=G graphprotos=GP
#   LINK step=S hosts=N seconds=X items=I rules=R itemprotos=P triggers=T triggerprotos=TP graphs=G graphprotos=GP rows=W
# where the counts are the objects on the hosts after the step and rows the objects written by it
# (created, changed or deleted, each object counted once; their tags, functions, graph items and
# index entries are not counted). Exit status 1 when a call fails.
import json
import os
import sys
import time
import urllib.request

URL, DIR = sys.argv[1], sys.argv[2]
HOSTS = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
TEMPLATE = "Linux by Zabbix agent"
RULES = {key: {"createMissing": True, "updateExisting": True} for key in
         ("templates", "items", "discoveryRules", "triggers", "graphs", "httptests", "valueMaps",
          "templateDashboards")}
RULES["groups"] = {"createMissing": True}
RULES["templateLinkage"] = {"createMissing": True}
# the hosts' Zabbix agent interface (the template's agent items need one)
AGENT_INTERFACE = {"type": 1, "main": 1, "useip": 1, "ip": "127.0.0.1", "dns": "", "port": "10050"}
# (count kind for the lines, the get method, extra get parameters)
KINDS = [("items", "item.get", {}), ("rules", "discoveryrule.get", {}),
         ("itemprotos", "itemprototype.get", {}), ("triggers", "trigger.get", {}),
         ("triggerprotos", "triggerprototype.get", {}), ("graphs", "graph.get", {}),
         ("graphprotos", "graphprototype.get", {})]


def rpc(method, params, auth=None):
    body = {"jsonrpc": "2.0", "method": method, "params": params, "id": 1}
    if auth:
        body["auth"] = auth
    req = urllib.request.Request(URL, json.dumps(body).encode(), {"Content-Type": "application/json-rpc"})
    with urllib.request.urlopen(req, timeout=3600) as r:
        return json.loads(r.read())


def call(method, params, auth=None):
    ans = rpc(method, params, auth)
    if "error" in ans:
        sys.exit("bench: %s failed: %s" % (method, ans["error"]))
    return ans["result"]


def import_all(auth):
    files = sorted(f for f in os.listdir(DIR) if f.endswith(".json"))
    todo, errors = list(files), {}
    while todo:
        left = []
        for f in todo:
            with open(os.path.join(DIR, f), encoding="utf-8") as src:
                ans = rpc("configuration.import", {"format": "json", "source": src.read(),
                                                   "rules": RULES}, auth)
            if ans.get("result") is not True:
                left.append(f)
                errors[f] = ans.get("error", {}).get("data", json.dumps(ans)[:200])
        if len(left) == len(todo):
            sys.exit("bench: not imported: %s" % "; ".join("%s: %s" % (f, errors[f]) for f in left))
        todo = left


def counts(auth, params):
    return {kind: int(call(get, dict(params, countOutput=True, **extra), auth))
            for kind, get, extra in KINDS}


def main():
    auth = call("user.login", {"username": "Admin", "password": "zabbix"})
    import_all(auth)
    found = call("template.get", {"filter": {"host": [TEMPLATE]}, "output": ["templateid"],
                                  "selectParentTemplates": ["templateid"]}, auth)
    if not found:
        sys.exit("bench: template %r not imported" % TEMPLATE)
    tid = found[0]["templateid"]
    # what one host gets: the template's own objects and those of every template above it
    above, todo = set(), [tid]
    while todo:
        t = todo.pop()
        if t in above:
            continue
        above.add(t)
        todo += [p["templateid"] for p in call("template.get", {
            "templateids": [t], "output": ["templateid"],
            "selectParentTemplates": ["templateid"]}, auth)[0]["parentTemplates"]]
    per_host = counts(auth, {"hostids": sorted(above)})
    print("OFFICIAL template=%r parents=%d %s" % (TEMPLATE, len(above) - 1,
          " ".join("%s=%d" % kv for kv in per_host.items())), flush=True)
    gid = call("hostgroup.create", {"name": "bench official"}, auth)["groupids"][0]
    hostids = []
    for start in range(0, HOSTS, 1000):
        hostids += call("host.create", [{"host": "bench-official-%d" % n, "groups": [{"groupid": gid}],
                                         "interfaces": [AGENT_INTERFACE]}
                                        for n in range(start, min(HOSTS, start + 1000))], auth)["hostids"]
    hosts = [{"hostid": h} for h in hostids]
    steps = [("link", "host.massadd", {"hosts": hosts, "templates": [{"templateid": tid}]}),
             ("unlink", "host.massremove", {"hostids": hostids, "templateids": [tid]}),
             ("relink", "host.massadd", {"hosts": hosts, "templates": [{"templateid": tid}]}),
             ("clear", "host.massremove", {"hostids": hostids, "templateids_clear": [tid]})]
    before = counts(auth, {"hostids": hostids})
    for name, method, params in steps:
        started = time.monotonic()
        call(method, params, auth)
        secs = time.monotonic() - started
        after = counts(auth, {"hostids": hostids})
        # unlink and relink rewrite every object on every host; link creates, clear deletes
        rows = sum(max(after[k], before[k]) for k in after)
        print("LINK step=%s hosts=%d seconds=%.2f %s rows=%d" % (
            name, HOSTS, secs, " ".join("%s=%d" % kv for kv in after.items()), rows), flush=True)
        before = after


main()
