#!/usr/bin/env python3
# bench/gen_templates.py: fills a running tmpld with templates (and hosts) for the template rows
# of bench/run.sh, straight through the JSON-RPC API.
#
# Does: logs in as Admin, creates one host group, then COUNT templates named
# "<PREFIX>-NNNNNN" (zero-padded index) with template.create arrays of BATCH objects per call
# (each call is one transaction), then HOSTS hosts "<PREFIX>-host-NNNNNN" with host.create arrays.
# Writes the template ids (one a line, in name order) to OUT/templates.ids, the host ids to
# OUT/hosts.ids, the group id to OUT/group.id, and prints one line:
#   GEN templates=N hosts=M seconds=S templates_per_s=R
# Exit status 1 (with the failing answer on stderr) when a call fails.
# Usage: gen_templates.py URL OUT COUNT [--hosts M] [--batch B] [--prefix P]

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
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
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
            sys.stderr.write("gen_templates: %s failed: %s\n" % (method, body[:500]))
            sys.exit(1)
        return answer["result"]


def create_all(client, method, key, names, groupid, batch):
    ids = []
    for start in range(0, len(names), batch):
        objs = [{"host": n, "groups": [{"groupid": groupid}]}
                for n in names[start:start + batch]]
        ids += client.call(method, objs)[key]
    return ids


def write_lines(path, values):
    with open(path, "w") as f:
        f.write("".join("%s\n" % v for v in values))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("out")
    ap.add_argument("count", type=int)
    ap.add_argument("--hosts", type=int, default=0)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--prefix", default="bench-tpl")
    a = ap.parse_args()
    c = Client(a.url)
    c.auth = c.call("user.login", {"username": "Admin", "password": "zabbix"})
    t0 = time.monotonic()
    gid = c.call("hostgroup.create", {"name": a.prefix + " group"})["groupids"][0]
    tnames = ["%s-%06d" % (a.prefix, i) for i in range(a.count)]
    tids = create_all(c, "template.create", "templateids", tnames, gid, a.batch)
    hnames = ["%s-host-%06d" % (a.prefix, i) for i in range(a.hosts)]
    hids = create_all(c, "host.create", "hostids", hnames, gid, a.batch)
    secs = time.monotonic() - t0
    write_lines(a.out + "/templates.ids", tids)
    write_lines(a.out + "/hosts.ids", hids)
    write_lines(a.out + "/group.id", [gid])
    print("GEN templates=%d hosts=%d seconds=%.2f templates_per_s=%.0f"
          % (len(tids), len(hids), secs, len(tids) / secs if secs > 0 else 0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
