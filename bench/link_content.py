#!/usr/bin/env python3
# bench/link_content.py URL [HOSTS]: times linking a template with content to many hosts in one call
# (issue 12), on the empty server at URL. The template gets what CONTENT lists (100 items, then 50
# triggers on 2-4 items each, then 10 graphs on 5 items each; a kind is one generator function, so
# another kind is one more entry);
# then HOSTS hosts (default 1000) are created, and the template is
#   linked:    host.massadd {hosts, templates: [T]}          (one call, one transaction)
#   unlinked:  host.massremove {hostids, templateids: [T]}   (the copies stay as the hosts' own)
#   relinked:  host.massadd again                            (the hosts' own objects are adopted)
#   cleared:   host.massremove {hostids, templateids_clear: [T]} (the copies are deleted)
# Prints one line per step:
#   LINK step=S hosts=N seconds=X items=I triggers=T graphs=G rows=R
# where items/triggers count the objects on the hosts after the step and rows the objects written by it
# (created, changed or deleted; each with its functions, tags and index entries). Exit status 1 when a
# call fails.
import json
import sys
import time
import urllib.request

URL = sys.argv[1]
HOSTS = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
ITEMS, TRIGGERS, GRAPHS, GRAPH_ITEMS = 100, 50, 10, 5


def call(method, params, auth=None):
    body = {"jsonrpc": "2.0", "method": method, "params": params, "id": 1}
    if auth:
        body["auth"] = auth
    req = urllib.request.Request(URL, json.dumps(body).encode(), {"Content-Type": "application/json-rpc"})
    with urllib.request.urlopen(req, timeout=3600) as r:
        ans = json.loads(r.read())
    if "error" in ans:
        sys.exit("bench: %s failed: %s" % (method, ans["error"]))
    return ans["result"]


def gen_items(auth, tid, tname):
    call("item.create", [{"hostid": tid, "name": "Item %d" % i, "key_": "bench.item[%d]" % i,
                          "type": 2, "value_type": 0, "tags": [{"tag": "n", "value": str(i)}]}
                         for i in range(ITEMS)], auth)


def gen_triggers(auth, tid, tname):
    trig = []
    for i in range(TRIGGERS):
        keys = [(i * 2 + k) % ITEMS for k in range(2 + i % 3)]
        expr = " or ".join("avg(/%s/bench.item[%d],5m)>%d" % (tname, k, i) for k in keys)
        trig.append({"description": "Trigger %d on {HOST.NAME}" % i, "expression": expr,
                     "priority": i % 6, "tags": [{"tag": "scope", "value": "bench"}]})
    ids = call("trigger.create", trig, auth)["triggerids"]
    call("trigger.adddependencies", [{"triggerid": ids[i], "dependsOnTriggerid": ids[i - 1]}
                                     for i in range(1, len(ids), 5)], auth)


def gen_graphs(auth, tid, tname):
    items = call("item.get", {"hostids": [tid], "output": ["itemid", "key_"]}, auth)
    by_key = {i["key_"]: i["itemid"] for i in items}
    call("graph.create", [{"name": "Graph %d" % g, "width": 900, "height": 200,
                           "gitems": [{"itemid": by_key["bench.item[%d]" % ((g * 7 + k) % ITEMS)],
                                       "color": "%06X" % (0x1A7C11 + k * 0x101010), "sortorder": k}
                                      for k in range(GRAPH_ITEMS)]}
                          for g in range(GRAPHS)], auth)


# The content of the template: (count kind for the LINK line, the get method, its generator).
CONTENT = [("items", "item.get", gen_items), ("triggers", "trigger.get", gen_triggers),
           ("graphs", "graph.get", gen_graphs)]


def counts(auth, hostids):
    return {kind: int(call(get, {"hostids": hostids, "countOutput": True}, auth))
            for kind, get, _ in CONTENT}


def main():
    auth = call("user.login", {"username": "Admin", "password": "zabbix"})
    gid = call("hostgroup.create", {"name": "bench content"}, auth)["groupids"][0]
    tname = "Bench content template"
    tid = call("template.create", {"host": tname, "groups": [{"groupid": gid}]}, auth)["templateids"][0]
    for _, _, gen in CONTENT:
        gen(auth, tid, tname)
    hostids = []
    for start in range(0, HOSTS, 1000):
        hostids += call("host.create", [{"host": "bench-content-%d" % n, "groups": [{"groupid": gid}]}
                                        for n in range(start, min(HOSTS, start + 1000))], auth)["hostids"]
    hosts = [{"hostid": h} for h in hostids]
    steps = [("link", "host.massadd", {"hosts": hosts, "templates": [{"templateid": tid}]}),
             ("unlink", "host.massremove", {"hostids": hostids, "templateids": [tid]}),
             ("relink", "host.massadd", {"hosts": hosts, "templates": [{"templateid": tid}]}),
             ("clear", "host.massremove", {"hostids": hostids, "templateids_clear": [tid]})]
    before = counts(auth, hostids)
    per_object = {kind: 1 for kind, _, _ in CONTENT}
    per_object["triggers"] = 1 + 3 + 1      # the trigger, its 2-4 functions, its tag
    per_object["graphs"] = 1 + GRAPH_ITEMS  # the graph, its graph items
    for name, method, params in steps:
        started = time.monotonic()
        call(method, params, auth)
        secs = time.monotonic() - started
        after = counts(auth, hostids)
        # unlink and relink rewrite every object on every host; link creates, clear deletes
        touched = {k: max(after[k], before[k]) for k in after}
        rows = sum(touched[k] * per_object[k] for k in touched)
        print("LINK step=%s hosts=%d seconds=%.2f %s rows=%d" % (
            name, HOSTS, secs, " ".join("%s=%d" % (k, after[k]) for k in after), rows), flush=True)
        before = after


main()
