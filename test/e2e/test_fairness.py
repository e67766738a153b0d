#!/usr/bin/env python3
# test_fairness.py: one client cannot stall, starve or exhaust the server for the others.
#
# Exercises (a heavy client on 127.0.0.2, separate curl processes; the measured client on
# 127.0.0.1, one kept-alive connection):
#   - heavy reads: while a batch of 50 template.get with every select over 1,000 templates
#     and 40 bad logins run again and again from 127.0.0.2, apiinfo.version and a template.get
#     by id from 127.0.0.1 keep answering within a small multiple of their unloaded p99
#     (the figures are printed);
#   - bcrypt fairness: a real login from 127.0.0.1 while 40 bad logins from 127.0.0.2 are
#     queued takes a few single logins' time, not forty;
#   - login abuse: failures are counted per user and client address: 127.0.0.2 blocks Admin
#     for itself (even the right password), 127.0.0.1 still logs in;
#   - answers are bounded: with --max-answer 100000 a get whose answer would be larger fails
#     with -32500 and tmpld's text, a small get still answers, and in a batch the call that
#     would pass the limit gets the error while the earlier ones keep their results;
#   - memory comes back: the server's RSS after the heavy batches stays bounded.
# Usage: test_fairness.py [BIN]

import json
import os
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
BAD_LOGIN = "Incorrect user name or password or account is temporarily blocked."
TOO_LARGE = ("The answer would exceed the allowed size of %d bytes: ask for fewer objects "
             "(\"limit\"), fewer fields (\"output\") or fewer selects.")
HEAVY_IP = "127.0.0.2"
NTEMPLATES = 1000

state = {}


def sanitized(path):
    """True for a binary built with AddressSanitizer (make asan): everything is slower."""
    try:
        with open(path, "rb") as f:
            return b"__asan_init" in f.read()
    except OSError:
        return False


# The bound for another client's p99 beside the heavy one: a small multiple of its unloaded
# p99, with a floor for the scheduler of a small machine running server, curl and prober.
FLOOR = 0.250 if sanitized(e2e.bin_path()) else 0.060


def setup():
    """One server with 1,000 templates (a group, 5 macros, 3 tags each)."""
    if "srv" in state:
        return state["srv"], state["sid"], state["ids"]
    s = e2e.Server(name="fair").start()
    T.shared.append(s)
    sid = s.login()
    gid = s.result("hostgroup.create", {"name": "fair group"}, auth=sid)["groupids"][0]
    objs = [{"host": "fair tpl %04d" % i, "groups": [{"groupid": gid}],
             "macros": [{"macro": "{$M%d}" % j, "value": "value %d of %d" % (j, i)}
                        for j in range(5)],
             "tags": [{"tag": "t%d" % j, "value": "v%d" % i} for j in range(3)]}
            for i in range(NTEMPLATES)]
    ids = s.result("template.create", objs, auth=sid)["templateids"]
    expect_eq(len(ids), NTEMPLATES, "templates created")
    state.update(srv=s, sid=sid, ids=ids)
    return s, sid, ids


def p99(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * 0.99))]


def probe(s, bodies, n, stop=None):
    """Latencies (s) of n rounds of each body over one kept-alive connection from 127.0.0.1."""
    conn = s.connection(timeout=30)
    lat = [[] for _ in bodies]
    try:
        for _ in range(n):
            if stop is not None and stop.is_set():
                break
            for i, b in enumerate(bodies):
                t0 = time.monotonic()
                conn.request("POST", e2e.API_PATH, body=b,
                             headers={"Content-Type": e2e.JSONRPC_CT})
                resp = conn.getresponse()
                data = resp.read()
                lat[i].append(time.monotonic() - t0)
                r = json.loads(data)
                if "result" not in r:
                    raise AssertionError("probe failed: %s" % e2e.short(r))
            time.sleep(0.002)
    finally:
        conn.close()
    return lat


def curl(s, body_file, extra=()):
    return ["curl", "-s", "-o", "/dev/null", "--interface", HEAVY_IP, "-H",
            "Content-Type: application/json-rpc", "--data-binary", "@" + body_file,
            "--max-time", "600", *extra, "http://127.0.0.1:%d%s" % (s.port, e2e.API_PATH)]


def write_tmp(obj):
    f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
    json.dump(obj, f)
    f.close()
    return f.name


def heavy_batch(sid, n=200):
    return [{"jsonrpc": "2.0", "method": "template.get", "id": i, "auth": sid,
             "params": {"output": "extend", "selectGroups": "extend", "selectMacros": "extend",
                        "selectTags": "extend", "selectParentTemplates": "extend",
                        "selectHosts": "extend", "selectTemplates": "extend",
                        "selectItems": "extend"}} for i in range(n)]


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


@T.test
def heavy_client_does_not_stall_others():
    s, sid, ids = setup()
    api = json.dumps({"jsonrpc": "2.0", "method": "apiinfo.version", "params": {}, "id": 1})
    get = json.dumps({"jsonrpc": "2.0", "method": "template.get", "id": 2, "auth": sid,
                      "params": {"templateids": ids[17], "output": "extend",
                                 "selectGroups": "extend", "selectMacros": "extend",
                                 "selectTags": "extend", "selectParentTemplates": "extend"}})
    base = probe(s, [api, get], 300)
    heavy = write_tmp(heavy_batch(sid, 50))
    bad = write_tmp({"jsonrpc": "2.0", "method": "user.login", "id": 1,
                     "params": {"username": "nobody", "password": "wrong"}})
    stop = threading.Event()
    procs = []
    rounds = {"heavy": 0}

    def heavy_loop():
        while not stop.is_set():
            p = subprocess.run(curl(s, heavy), check=False)
            rounds["heavy" if p.returncode == 0 else "failed"] = \
                rounds.get("heavy" if p.returncode == 0 else "failed", 0) + 1

    try:
        t = threading.Thread(target=heavy_loop, daemon=True)
        t.start()
        for _ in range(40):
            procs.append(subprocess.Popen(curl(s, bad)))
        time.sleep(0.3)          # the heavy work is queued and running
        rss0 = rss_kb(s.pid)
        loaded = probe(s, [api, get], 300)
    finally:
        stop.set()
        for p in procs:
            p.wait(timeout=120)
        t.join(timeout=600)
        os.unlink(heavy)
        os.unlink(bad)
    expect_eq((rounds["heavy"] > 0, rounds.get("failed", 0)), (True, 0),
              "heavy batches completed, and none failed")
    names = ["apiinfo.version", "template.get by id"]
    for i, name in enumerate(names):
        b, l = p99(base[i]), p99(loaded[i])
        print("  %s: unloaded p99 %.2f ms, loaded p99 %.2f ms (%.1fx), %d probes"
              % (name, b * 1e3, l * 1e3, l / b, len(loaded[i])))
        # a small multiple; the floor absorbs the scheduler of a 2-core machine running
        # the server, curl and this prober
        if l > max(10 * b, FLOOR):
            raise AssertionError("%s p99 %.1f ms under load vs %.1f ms unloaded"
                                 % (name, l * 1e3, b * 1e3))
    time.sleep(0.5)
    rss1 = rss_kb(s.pid)
    print("  RSS during load %d MB, after %d MB, %d heavy batches"
          % (rss0 // 1024, rss1 // 1024, rounds["heavy"]))
    # ASan keeps freed memory in quarantine: the bound is for real builds
    if rss1 > 600 * 1024 and not sanitized(e2e.bin_path()):
        raise AssertionError("RSS after the heavy batches is %d MB" % (rss1 // 1024))
    s.alive()


@T.test
def a_real_login_is_not_starved_by_bad_ones():
    s, _, _ = setup()
    t0 = time.monotonic()
    s.login()
    one = time.monotonic() - t0
    bad = write_tmp({"jsonrpc": "2.0", "method": "user.login", "id": 1,
                     "params": {"username": "nobody", "password": "wrong"}})
    try:
        procs = [subprocess.Popen(curl(s, bad)) for _ in range(40)]
        time.sleep(0.2)
        t0 = time.monotonic()
        s.login()
        dt = time.monotonic() - t0
        for p in procs:
            p.wait(timeout=120)
    finally:
        os.unlink(bad)
    print("  one login %.0f ms; during 40 bad logins from another address %.0f ms"
          % (one * 1e3, dt * 1e3))
    if dt > max(6 * one, 0.5 if FLOOR < 0.1 else 2.0):
        raise AssertionError("a real login took %.0f ms behind 40 bad ones (one: %.0f ms)"
                             % (dt * 1e3, one * 1e3))


def login_from(s, ip, password):
    body = json.dumps({"jsonrpc": "2.0", "method": "user.login", "id": 1,
                       "params": {"username": "Admin", "password": password}})
    p = subprocess.run(["curl", "-s", "--interface", ip, "-H",
                        "Content-Type: application/json-rpc", "--data-binary", body,
                        "http://127.0.0.1:%d%s" % (s.port, e2e.API_PATH)],
                       capture_output=True, check=True, timeout=30)
    return json.loads(p.stdout)


@T.test
def failures_block_only_their_own_address():
    s = e2e.Server(["--login-attempts", "3", "--login-block", "60"], name="block").start()
    for _ in range(3):
        expect_error(login_from(s, HEAVY_IP, "wrong"), -32500, BAD_LOGIN)
    # blocked at 127.0.0.2, even with the right password
    expect_error(login_from(s, HEAVY_IP, "zabbix"), -32500, BAD_LOGIN)
    # 127.0.0.1 is not: the attacker cannot lock Admin out
    r = login_from(s, "127.0.0.1", "zabbix")
    expect_eq(e2e.is_sid(r.get("result")), True, "login from another address")
    # and after a restart the block still holds where it was earned
    s.restart()
    expect_error(login_from(s, HEAVY_IP, "zabbix"), -32500, BAD_LOGIN)
    expect_eq(e2e.is_sid(login_from(s, "127.0.0.1", "zabbix").get("result")), True,
              "login after restart")


@T.test
def answers_are_bounded():
    limit = 100000
    s = e2e.Server(["--max-answer", str(limit)], name="bounded").start()
    sid = s.login()
    objs = [{"host": "bounded %03d" % i, "groups": [{"groupid": "1"}],
             "description": "x" * 200} for i in range(600)]
    gid = s.result("hostgroup.create", {"name": "bounded"}, auth=sid)["groupids"][0]
    for o in objs:
        o["groups"] = [{"groupid": gid}]
    s.result("template.create", objs, auth=sid)
    expect_error(s.call("template.get", {"output": "extend"}, auth=sid), -32500,
                 TOO_LARGE % limit)
    small = s.result("template.get", {"output": ["host"], "limit": 5}, auth=sid)
    expect_eq(len(small), 5, "a small get")
    # a batch: each call ~40 kB; the third passes the limit
    batch = [{"jsonrpc": "2.0", "method": "template.get", "id": i, "auth": sid,
              "params": {"output": ["host", "description"], "limit": 180}} for i in range(3)]
    r = s.request(batch)
    expect_eq([("result" in x) for x in r], [True, True, False], "which calls answered")
    expect_error(r[2], -32500, TOO_LARGE % limit, id=2)
    s.alive()


if __name__ == "__main__":
    sys.exit(T.main())
