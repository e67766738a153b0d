#!/usr/bin/env python3
# bench/bk_sync.py: the BlueKing sync row of bench/run.sh (issue 16), straight through the
# JSON-RPC twins of the ESB routes.
#
# Does: logs in as Admin; creates COUNT hosts (one host.create per 1000), a service template
# with three process templates (a locked work_path and bind_info, an unlocked user), and one
# service instance per host (serviceinstance.create, 100 a call); then one process template
# change (proctemplate.update: a locked and an unlocked field) and times the one
# serviceinstance.sync call that brings every instance in step, and checks the difference is
# empty afterwards.
# Prints one line: BKSYNC seconds=S instances=N synced=M
# Exit status 1 (with the failing answer on stderr) when a call fails or the sync is partial.
# Usage: bk_sync.py URL COUNT [--prefix P]

import argparse
import os
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_templates import Client  # noqa: E402

BIZ = 1


def spec(name, port):
    return {"bk_process_name": {"value": name}, "bk_func_name": {"value": name},
            "user": {"value": "root", "as_default_value": False},
            "work_path": {"value": "/srv/" + name, "as_default_value": True},
            "bind_info": {"value": [{"ip": {"value": "3", "as_default_value": True},
                                     "port": {"value": port, "as_default_value": True},
                                     "protocol": {"value": "1", "as_default_value": True}}],
                          "as_default_value": True}}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("count", type=int)
    ap.add_argument("--prefix", default="bench-bk")
    a = ap.parse_args()
    c = Client(a.url)
    c.auth = c.call("user.login", {"username": "Admin", "password": "zabbix"})
    gid = c.call("hostgroup.create", {"name": a.prefix + "-hosts"})["groupids"][0]
    hosts = []
    for start in range(0, a.count, 1000):
        objs = [{"host": "%s-%06d" % (a.prefix, i), "groups": [{"groupid": gid}],
                 "interfaces": [{"type": 1, "main": 1, "useip": 1, "dns": "", "port": "10050",
                                 "ip": "10.%d.%d.%d" % (i >> 16 & 255, i >> 8 & 255, i & 255)}]}
                for i in range(start, min(a.count, start + 1000))]
        hosts += c.call("host.create", objs)["hostids"]
    svc = c.call("servicetemplate.create", {"bk_biz_id": BIZ, "name": a.prefix})["id"]
    pts = c.call("proctemplate.create", {
        "bk_biz_id": BIZ, "service_template_id": svc,
        "processes": [{"spec": spec(n, str(8000 + i))} for i, n in enumerate("abc")]})
    for start in range(0, len(hosts), 100):
        c.call("serviceinstance.create", {
            "bk_biz_id": BIZ, "bk_module_id": svc,
            "instances": [{"bk_host_id": int(h)} for h in hosts[start:start + 100]]})
    c.call("proctemplate.update", {
        "bk_biz_id": BIZ, "process_template_id": pts[0], "process_property": {
            "work_path": {"value": "/opt/a", "as_default_value": True},
            "user": {"value": "nobody", "as_default_value": False}}})
    t0 = time.monotonic()
    r = c.call("serviceinstance.sync", {"bk_biz_id": BIZ, "service_template_id": svc})
    secs = time.monotonic() - t0
    synced = len(r["synced_service_instance_ids"])
    diff = c.call("servicetemplate.difference", {"bk_biz_id": BIZ, "service_template_id": svc})
    if synced != len(hosts) or diff["need_sync"]:
        sys.stderr.write("bk_sync: %d of %d synced, need_sync %s\n" %
                         (synced, len(hosts), diff["need_sync"]))
        sys.exit(1)
    print("BKSYNC seconds=%.3f instances=%d synced=%d" % (secs, len(hosts), synced))


if __name__ == "__main__":
    main()
