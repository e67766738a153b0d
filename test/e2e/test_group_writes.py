#!/usr/bin/env python3
# test_group_writes.py: writes of many clients share group commits; a group runs its writes
# flat in one transaction and, when one fails, runs again with each write nested, the failing
# one left out with its answer (issue 15). Clients on many connections create host groups and
# user macros, each twice: the first must succeed, the second fail with Zabbix's text; and
# import a template whose item key is bad, which fails after the template is written. In the
# end the store holds every first write once, nothing of a second one, and no imported
# template. The same without group commit, where a failing write stands alone.
#
# Usage: test_group_writes.py [BIN]

import hashlib
import json
import os
import sys
import urllib.request

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
CLIENTS = 8
ROUNDS = 25
IMPORT_RULES = {"templates": {"createMissing": True}, "items": {"createMissing": True}}


def bad_import(name):
    """configuration.import params of a template NAME whose one item has a bad key: the
    template is written before the item is refused."""
    src = {"zabbix_export": {"version": "6.0", "templates": [{
        "uuid": hashlib.md5(name.encode()).hexdigest(), "template": name, "name": name,
        "groups": [{"name": "Group writes"}],
        "items": [{"uuid": hashlib.md5((name + " item").encode()).hexdigest(), "name": "bad",
                   "key": "bad key!", "type": "TRAP"}]}]}}
    return {"format": "json", "source": json.dumps(src), "rules": IMPORT_RULES}


def group_sizes(s):
    """The commit group size histogram of /metrics: (groups, groups of one write)."""
    url = "http://127.0.0.1:%d/metrics" % s.port
    text = urllib.request.urlopen(url, timeout=10).read().decode()
    count = ones = 0
    for line in text.splitlines():
        if line.startswith("tmpld_commit_group_size_count"):
            count = int(float(line.split()[-1]))
        elif line.startswith('tmpld_commit_group_size_bucket{le="1"}'):
            ones = int(float(line.split()[-1]))
    return count, ones


def clients_write_twice(s):
    """CLIENTS threads, ROUNDS rounds each: a host group and a user macro, each created twice.
    Returns the failures seen."""
    sid = s.login()
    gid = s.result("hostgroup.create", {"name": "Group writes"}, auth=sid)["groupids"][0]
    tid = s.result("template.create", {"host": "group writes target",
                                       "groups": [{"groupid": gid}]}, auth=sid)["templateids"][0]
    failures = []

    def client(i):
        try:
            for k in range(ROUNDS):
                name = "gw %d %d" % (i, k)
                macro = "{$GW_%d_%d}" % (i, k)
                mp = {"hostid": tid, "macro": macro, "value": "v"}
                s.result("hostgroup.create", {"name": name}, auth=sid)
                expect_error(s.call("hostgroup.create", {"name": name}, auth=sid), -32602,
                             'Host group "%s" already exists.' % name)
                s.result("usermacro.create", mp, auth=sid)
                expect_error(s.call("usermacro.create", mp, auth=sid), -32602,
                             'Macro "%s" already exists on "group writes target".' % macro)
                imp = "gw imp %d %d" % (i, k)
                expect_error(s.call("configuration.import", bad_import(imp), auth=sid), -32602,
                             'Invalid key "bad key!" for item "bad" on "%s": incorrect syntax '
                             'near " key!".' % imp)
        except Exception as ex:  # noqa: BLE001 - reported as a failure
            failures.append("client %d: %s" % (i, ex))

    e2e.run_threads(client, CLIENTS, 300)
    expect_eq(failures, [], "failures")
    groups = s.result("hostgroup.get", {"output": ["name"], "search": {"name": "gw "},
                                        "startSearch": True}, auth=sid)
    names = sorted(g["name"] for g in groups)
    want = sorted("gw %d %d" % (i, k) for i in range(CLIENTS) for k in range(ROUNDS))
    expect_eq(names, want, "the host groups, each once")
    macros = s.result("usermacro.get", {"hostids": tid, "output": ["macro"]}, auth=sid)
    got = sorted(m["macro"] for m in macros)
    want = sorted("{$GW_%d_%d}" % (i, k) for i in range(CLIENTS) for k in range(ROUNDS))
    expect_eq(got, want, "the macros, each once")
    left = s.result("template.get", {"output": ["host"], "search": {"host": "gw imp "},
                                     "startSearch": True}, auth=sid)
    expect_eq(left, [], "the templates of the failed imports")


@T.test
def failing_writes_should_leave_their_group_intact():
    s = e2e.Server(["--workers", "1"], name="gwrites").start()
    try:
        clients_write_twice(s)
        count, ones = group_sizes(s)
        expect_eq(count > ones, True,
                  "some commit held more than one write (%d commits, %d of one)" % (count, ones))
        s.stop()
        s.check_store()
    finally:
        s.cleanup()


@T.test
def failing_writes_without_group_commit_should_stand_alone():
    s = e2e.Server(["--workers", "1", "--no-group-commit"], name="gwsolo").start()
    try:
        clients_write_twice(s)
        s.stop()
        s.check_store()
    finally:
        s.cleanup()


if __name__ == "__main__":
    if len(sys.argv) > 1:
        os.environ["TMPLD_BIN"] = os.path.abspath(sys.argv[1])
    sys.exit(T.main())
