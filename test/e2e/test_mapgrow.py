#!/usr/bin/env python3
# test_mapgrow.py: the store's map grows by itself: a server started with the smallest map
# (1 MiB) takes writes far past it, every one acknowledged and all of it there after a
# restart, with one process and with two workers; with a small --map-size-max a write past
# it gets the clear error and the store keeps what it had. `tmpld check` passes on each.
#
# Usage: test_mapgrow.py [BIN]

import os
import sys
import threading

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
MIB = 1 << 20
TEXT = "x" * 4000   # a template description: about a page per template


def data_size(s):
    return os.path.getsize(os.path.join(s.data_dir, "data.mdb"))


def create_templates(s, sid, group, prefix, n, batch=10):
    """template.create in batches of `batch` calls; returns the names acknowledged."""
    names = []
    for start in range(0, n, batch):
        calls = [e2e.envelope("template.create", {
            "host": "%s %05d" % (prefix, i), "groups": [{"groupid": group}],
            "description": TEXT}, auth=sid, id=i) for i in range(start, min(n, start + batch))]
        answers = s.request(calls)
        for a in answers:
            assert "result" in a, "a write failed while the map grew: %r" % (a,)
            names.append("%s %05d" % (prefix, a["id"]))
    return names


def template_names(s, sid, prefix):
    got = s.result("template.get", {"output": ["host"], "search": {"host": prefix},
                                    "startSearch": True}, auth=sid)
    return sorted(t["host"] for t in got)


def users_and_logins(s, sid, n, out):
    """Meanwhile: user.create with a password and user.login (both finish their write
    after a password hash on the pool, so a group that runs again runs them again)."""
    for i in range(n):
        name = "grow-user-%03d" % i
        s.result("user.create", {"username": name, "passwd": "Grow-Pass-%03d!" % i,
                                 "roleid": "1", "usrgrps": [{"usrgrpid": "7"}]}, auth=sid)
        out.append((name, s.login(name, "Grow-Pass-%03d!" % i)))


@T.test
def a_tiny_map_should_grow_without_failing_a_write():
    s = e2e.Server(["--map-size", str(MIB)], name="grow1").start()
    sid = s.login()
    g = s.result("hostgroup.create", {"name": "Grow"}, auth=sid)["groupids"][0]
    users = []
    side = threading.Thread(target=users_and_logins, args=(s, sid, 40, users))
    side.start()
    names = create_templates(s, sid, g, "Grow", 1500)
    side.join(120)
    expect_eq(len(users), 40, "users created and logged in while the map grew")
    assert all(e2e.is_sid(x) for _, x in users), "a login answered no session id"
    assert data_size(s) > 4 * MIB, "the store did not grow past 4 MiB: %d" % data_size(s)
    expect_eq(template_names(s, sid, "Grow"), sorted(names), "all templates, before restart")
    log = open(s.log_path).read()
    assert "the map is now" in log, "no growth was logged"
    s.restart()
    sid = s.login()
    expect_eq(template_names(s, sid, "Grow"), sorted(names), "all templates, after restart")
    for name, _ in users[::10]:
        s.login(name, "Grow-Pass-%s!" % name[-3:])
    # the grown store opens again with the small --map-size and still takes writes
    more = create_templates(s, sid, g, "Again", 200)
    expect_eq(len(template_names(s, sid, "Again")), len(more), "writes after the restart")
    s.stop()
    s.check_store()


@T.test
def two_workers_should_share_a_growing_map():
    s = e2e.Server(["--map-size", str(MIB), "--workers", "2"], name="grow2").start()
    sid = s.login()
    g = s.result("hostgroup.create", {"name": "Grow"}, auth=sid)["groupids"][0]
    results = {}

    def writer(k):
        # a new connection per request: the kernel spreads them over both workers
        results[k] = create_templates(s, sid, g, "W%d" % k, 400, batch=5)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert all(not t.is_alive() for t in threads), "a writer hung"
    expect_eq(sorted(results), [0, 1, 2], "every writer finished")
    names = sorted(n for k in results for n in results[k])
    expect_eq(len(names), 1200, "acknowledged writes")
    got = sorted(x for k in range(3) for x in template_names(s, sid, "W%d" % k))
    expect_eq(got, names, "all templates, before restart")
    assert data_size(s) > 2 * MIB, "the store did not grow: %d" % data_size(s)
    s.restart()
    sid = s.login()
    got = sorted(x for k in range(3) for x in template_names(s, sid, "W%d" % k))
    expect_eq(got, names, "all templates, after restart")
    s.stop()
    s.check_store()


@T.test
def past_the_maximum_a_write_should_get_the_error_and_change_nothing():
    s = e2e.Server(["--map-size", str(MIB), "--map-size-max", str(2 * MIB)],
                   name="full").start()
    sid = s.login()
    g = s.result("hostgroup.create", {"name": "Full"}, auth=sid)["groupids"][0]
    kept = []
    failed = None
    for i in range(2000):
        r = s.call("template.create", {"host": "Full %05d" % i, "groups": [{"groupid": g}],
                                       "description": TEXT}, auth=sid)
        if "error" in r:
            failed = (i, r)
            break
        kept.append("Full %05d" % i)
    assert failed is not None, "2000 templates fitted in 2 MiB"
    i, r = failed
    expect_error(r, -32603, "the store is full (raise --map-size-max).", message="Internal error.")
    # a batch that does not fit is refused as a whole call by call; nothing of it is kept
    big = s.call("template.create", [{"host": "Big %d" % k, "groups": [{"groupid": g}],
                                      "description": TEXT} for k in range(100)], auth=sid)
    assert "error" in big, "a 400 KB batch fitted in a full store"
    expect_eq(template_names(s, sid, "Big"), [], "nothing of the refused batch")
    expect_eq(template_names(s, sid, "Full"), kept, "what was acknowledged is there")
    # reads and small writes still work; the data is there after a restart
    s.restart()
    sid = s.login()
    expect_eq(template_names(s, sid, "Full"), kept, "after restart")
    s.stop()
    s.check_store()


if __name__ == "__main__":
    if len(sys.argv) > 1:
        os.environ["TMPLD_BIN"] = os.path.abspath(sys.argv[1])
    sys.exit(T.main())
