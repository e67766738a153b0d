#!/usr/bin/env python3
# bench/gen_read.py: fills a running tmpld with the store the read-path rows of bench/run.sh
# (issue 15) read, straight through the JSON-RPC API.
#
# Does: logs in as Admin and creates
#   - one host group;
#   - PARENTS parent templates, each with ITEMS items (one tag each) and TRIGGERS triggers (one
#     tag each) on those items;
#   - COUNT templates, each in the group, with a description, 3 macros, 2 tags and one parent
#     template (round robin);
#   - HOSTS hosts in the group, each with an agent interface, 3 macros, 2 tags and one parent
#     template linked (round robin), so each host holds ITEMS inherited items;
#   - the official "Linux by Zabbix agent" template, imported from FILE with configuration.import.
# Writes, one id a line: OUT/templates.ids, OUT/parents.ids, OUT/hosts.ids, OUT/export.ids (the
# imported template), and prints one line:
#   GEN templates=N parents=P hosts=M items=I triggers=T seconds=S
# Exit status 1 (with the failing answer on stderr) when a call fails.
# Usage: gen_read.py URL OUT [--count N] [--parents P] [--hosts M] [--items I] [--triggers T]
#                            [--official FILE]

import argparse
import http.client
import json
import sys
import time
import urllib.parse


class Client:
    """One keep-alive connection to the JSON-RPC endpoint."""

    def __init__(self, url):
        u = urllib.parse.urlsplit(url)
        self.path = u.path or "/api_jsonrpc.php"
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=300)
        self.auth = None
        self.seq = 0

    def call(self, method, params):
        self.seq += 1
        req = {"jsonrpc": "2.0", "method": method, "params": params, "id": self.seq}
        if self.auth:
            req["auth"] = self.auth
        self.conn.request("POST", self.path, body=json.dumps(req).encode(),
                          headers={"Content-Type": "application/json-rpc"})
        body = self.conn.getresponse().read()
        answer = json.loads(body)
        if "result" not in answer:
            sys.stderr.write("gen_read: %s failed: %s\n" % (method, body[:500]))
            sys.exit(1)
        return answer["result"]


def macros(prefix):
    return [{"macro": "{$%s_%d}" % (prefix, k), "value": "value %d" % k,
             "description": "macro %d" % k} for k in range(3)]


def tags(prefix):
    return [{"tag": "%s-scope" % prefix, "value": "bench"}, {"tag": "%s-role" % prefix, "value": "read"}]


def batches(objs, size):
    for start in range(0, len(objs), size):
        yield objs[start:start + size]


def write_lines(path, values):
    with open(path, "w") as f:
        f.write("".join("%s\n" % v for v in values))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--parents", type=int, default=100)
    ap.add_argument("--hosts", type=int, default=1000)
    ap.add_argument("--items", type=int, default=10)
    ap.add_argument("--triggers", type=int, default=5)
    ap.add_argument("--official", default="")
    a = ap.parse_args()
    c = Client(a.url)
    c.auth = c.call("user.login", {"username": "Admin", "password": "zabbix"})
    t0 = time.monotonic()
    gid = c.call("hostgroup.create", {"name": "bench read group"})["groupids"][0]
    group = [{"groupid": gid}]

    parents = [{"host": "read-parent-%04d" % i, "groups": group,
                "description": "parent template %d of the read rows" % i}
               for i in range(a.parents)]
    pids = []
    for b in batches(parents, 500):
        pids += c.call("template.create", b)["templateids"]
    nitems = ntriggers = 0
    for p, pid in enumerate(pids):
        items = [{"hostid": pid, "name": "Read item %d" % k, "key_": "read.item[%d]" % k,
                  "type": 2, "value_type": 3, "history": "7d", "trends": "90d",
                  "units": "B", "description": "item %d of parent %d" % (k, p),
                  "tags": [{"tag": "component", "value": "read"}]}
                 for k in range(a.items)]
        if items:
            c.call("item.create", items)
            nitems += len(items)
        host = "read-parent-%04d" % p
        trigs = [{"description": "Read trigger %d on {HOST.NAME}" % k,
                  "expression": "last(/%s/read.item[%d])>%d" % (host, k % max(a.items, 1), k),
                  "priority": k % 6, "comments": "trigger %d of parent %d" % (k, p),
                  "tags": [{"tag": "scope", "value": "availability"}]}
                 for k in range(a.triggers if a.items else 0)]
        if trigs:
            c.call("trigger.create", trigs)
            ntriggers += len(trigs)

    tpls = [{"host": "read-tpl-%06d" % i, "groups": group,
             "description": "template %d of the read rows" % i,
             "macros": macros("TPL"), "tags": tags("tpl"),
             "templates": [{"templateid": pids[i % len(pids)]}] if pids else []}
            for i in range(a.count)]
    tids = []
    for b in batches(tpls, 500):
        tids += c.call("template.create", b)["templateids"]

    hosts = [{"host": "read-host-%06d" % i, "groups": group,
              "description": "host %d of the read rows" % i,
              "interfaces": [{"type": 1, "main": 1, "useip": 1, "ip": "127.0.0.1",
                              "dns": "", "port": "10050"}],
              "macros": macros("HOST"), "tags": tags("host"),
              "templates": [{"templateid": pids[i % len(pids)]}] if pids else []}
             for i in range(a.hosts)]
    hids = []
    for b in batches(hosts, 200):
        hids += c.call("host.create", b)["hostids"]

    eids = []
    if a.official:
        with open(a.official) as f:
            source = f.read()
        rules = {k: {"createMissing": True, "updateExisting": True}
                 for k in ("template_groups", "groups", "templates", "items", "triggers", "graphs",
                           "discoveryRules", "valueMaps", "templateDashboards", "httptests")}
        rules.pop("template_groups")
        rules["templateLinkage"] = {"createMissing": True}
        c.call("configuration.import", {"format": "json", "rules": rules, "source": source})
        name = json.loads(source)["zabbix_export"]["templates"][0]["template"]
        got = c.call("template.get", {"filter": {"host": [name]}, "output": ["templateid"]})
        eids = [t["templateid"] for t in got]
    secs = time.monotonic() - t0
    write_lines(a.out + "/templates.ids", tids)
    write_lines(a.out + "/parents.ids", pids)
    write_lines(a.out + "/hosts.ids", hids)
    write_lines(a.out + "/export.ids", eids)
    print("GEN templates=%d parents=%d hosts=%d items=%d triggers=%d seconds=%.2f"
          % (len(tids), len(pids), len(hids), nitems, ntriggers, secs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
