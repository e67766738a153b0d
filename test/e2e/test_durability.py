#!/usr/bin/env python3
# test_durability.py: acknowledged writes survive crashes; graceful shutdown; --workers.
#
# Exercises:
#   - N sequential logins (each acknowledged), kill -9, restart on the same data dir: every
#     acknowledged session is still valid (user.checkAuthentication);
#   - kill -9 in the middle of a burst of concurrent logins: every session whose answer
#     arrived is valid after restart;
#   - an acknowledged user.logout survives kill -9 (the session stays terminated);
#   - SIGTERM during a burst of concurrent logins: exit status 0, and every session
#     acknowledged before is valid after restart;
#   - --workers 2: at least two processes accept connections on the one port (found via
#     /proc/net/tcp + /proc/PID/fd), many calls over fresh connections all succeed, a session
#     created through one worker is valid through the other (and a logout through one is seen
#     by the other); SIGTERM to the main process exits 0 and ends every worker.
#   - kill -9 while templates linked to a parent (with items and macros) are created: every
#     acknowledged template is there with its link;
# After every restart the store passes `tmpld check` (indexes agree with records, no dangling
# link, ids below their sequences).
# Usage: test_durability.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import http.client
import os
import signal
import sys
import threading
import time

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error, is_sid  # noqa: E402

T = e2e.Tests()
TERMINATED = "Session terminated, re-login, please."


def check_valid(s, sids, what):
    bad = []
    for sid in sids:
        r = s.call("user.checkAuthentication", {"sessionid": sid})
        if not isinstance(r, dict) or not isinstance(r.get("result"), dict) \
                or r["result"].get("sessionid") != sid:
            bad.append((sid, e2e.short(r, 160)))
    if bad:
        raise AssertionError("%s: %d of %d acknowledged sessions invalid, e.g. %s -> %s"
                             % (what, len(bad), len(sids), bad[0][0], bad[0][1]))


class LoginBurst:
    """Threads that log in repeatedly until stopped; collects acknowledged session ids."""

    def __init__(self, s, nthreads=4, max_per_thread=200):
        self.s = s
        self.sids = []
        self.errors = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(max_per_thread,))
                        for _ in range(nthreads)]

    def _run(self, limit):
        for _ in range(limit):
            if self.stop.is_set():
                return
            try:
                r = self.s.call("user.login", {"username": "Admin", "password": "zabbix"},
                                timeout=10)
            except (OSError, http.client.HTTPException, AssertionError) as e:
                with self.lock:
                    self.errors.append(repr(e))
                return   # the server went away (expected at kill/SIGTERM time)
            if isinstance(r, dict) and is_sid(r.get("result")):
                with self.lock:
                    self.sids.append(r["result"])
            else:
                with self.lock:
                    self.errors.append("bad answer %s" % e2e.short(r))
                return

    def start(self):
        for t in self.threads:
            t.start()
        return self

    def wait_acks(self, n, timeout=30.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.sids) >= n or not any(t.is_alive() for t in self.threads):
                    break
            time.sleep(0.01)
        with self.lock:
            got = len(self.sids)
        if got < n:
            raise AssertionError("only %d logins acknowledged (wanted %d); errors: %s"
                                 % (got, n, self.errors[:3]))

    def finish(self):
        self.stop.set()
        for t in self.threads:
            t.join(timeout=20)
        with self.lock:
            return list(self.sids)


@T.test
def sessions_survive_kill9():
    s = e2e.Server(name="kill9").start()
    sids = [s.login() for _ in range(20)]
    s.kill9()
    s.start()
    s.check_store()
    check_valid(s, sids, "after kill -9")
    s.stop()


@T.test
def sessions_survive_kill9_mid_burst():
    s = e2e.Server(name="kill9-burst").start()
    burst = LoginBurst(s, nthreads=4).start()
    try:
        burst.wait_acks(24)
        s.kill9()
    finally:
        sids = burst.finish()
    s.start()
    s.check_store()
    check_valid(s, sids, "after kill -9 during a burst")
    s.stop()


@T.test
def logout_survives_kill9():
    s = e2e.Server(name="logout-kill9").start()
    gone, kept = s.login(), s.login()
    r = s.call("user.logout", [], auth=gone)
    expect_eq(r.get("result"), True, "logout")
    s.kill9()
    s.start()
    s.check_store()
    r = s.call("user.checkAuthentication", {"sessionid": gone})
    expect_error(r, -32602, TERMINATED, what="logged-out session after kill -9")
    check_valid(s, [kept], "other session after kill -9")
    s.stop()


@T.test
def sigterm_during_login_burst():
    s = e2e.Server(name="sigterm-burst").start()
    burst = LoginBurst(s, nthreads=4).start()
    try:
        burst.wait_acks(12)
        s.signal(signal.SIGTERM)
        rc = s.wait_exit(15)
    finally:
        sids = burst.finish()
    expect_eq(rc, 0, "exit status after SIGTERM during logins")
    s.start()
    s.check_store()
    check_valid(s, sids, "after SIGTERM during a burst")
    s.stop()


@T.test
def template_writes_survive_kill9_and_pass_check():
    """kill -9 while two threads create linked templates with macros and items; after the
    restart every acknowledged template is there and the store passes tmpld check."""
    s = e2e.Server(name="kill9-templates").start()
    sid = s.login()
    gid = s.result("hostgroup.create", {"name": "crash group"}, auth=sid)["groupids"][0]
    parent = s.result("template.create", {"host": "crash parent", "groups": [{"groupid": gid}],
                                          "macros": [{"macro": "{$P}", "value": "1"}]},
                      auth=sid)["templateids"][0]
    s.result("item.create", {"hostid": parent, "name": "Ping", "key_": "agent.ping",
                             "type": 0, "value_type": 3, "delay": "1m"}, auth=sid)
    acked, lock, stop = [], threading.Lock(), threading.Event()

    def writer(tid):
        for i in range(400):
            if stop.is_set():
                return
            try:
                r = s.call("template.create", {
                    "host": "crash %d %d" % (tid, i), "groups": [{"groupid": gid}],
                    "templates": [{"templateid": parent}],
                    "macros": [{"macro": "{$M}", "value": str(i)}]}, auth=sid, timeout=10)
            except (OSError, http.client.HTTPException, AssertionError):
                return   # the server went away
            if isinstance(r, dict) and isinstance(r.get("result"), dict):
                with lock:
                    acked.append(r["result"]["templateids"][0])
            else:
                return
    threads = [threading.Thread(target=writer, args=(t,)) for t in range(2)]
    for t in threads:
        t.start()
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with lock:
                if len(acked) >= 40:
                    break
            time.sleep(0.02)
        s.kill9()
    finally:
        stop.set()
        for t in threads:
            t.join(30)
    if len(acked) < 40:
        raise AssertionError("only %d templates acknowledged before kill -9" % len(acked))
    s.start()
    s.check_store()
    sid = s.login()
    got = s.result("template.get", {"templateids": acked, "output": ["templateid"],
                                    "selectParentTemplates": ["templateid"]}, auth=sid)
    expect_eq(len(got), len(acked), "acknowledged templates after kill -9")
    bad = [t["templateid"] for t in got if t["parentTemplates"] != [{"templateid": parent}]]
    expect_eq(bad, [], "templates whose link to the parent was lost")
    s.stop()


# --------------------------------------------------------------------------- --workers 2
def _conn_call(conn, obj):
    conn.request("POST", e2e.API_PATH, body=e2e.json.dumps(obj),
                 headers={"Content-Type": e2e.JSONRPC_CT})
    resp = conn.getresponse()
    return e2e.check_rpc_http(resp.status, resp.getheader("Content-Type"), resp.read())


def _connect_to(s, pids, want=None, tries=200):
    """Open a connection accepted by process `want` (or any); return (conn, owner pid)."""
    for _ in range(tries):
        conn = s.connection(timeout=10)
        conn.connect()
        owner = e2e.socket_owner(conn.sock, pids, timeout=2.0)
        if owner is not None and (want is None or owner == want):
            return conn, owner
        conn.close()
    raise AssertionError("no connection accepted by pid %s in %d tries (pids %s)"
                         % (want, tries, pids))


@T.test
def workers_two_processes_share_port():
    s = e2e.Server(["--workers", "2"], name="workers").start()
    pids = []
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        pids = e2e.pids_of_tree(s.pid)
        if len(pids) >= 2:
            break
        time.sleep(0.1)
    if len(pids) < 2:
        raise AssertionError("--workers 2: only processes %s found" % pids)
    # which processes accept connections?
    owners = {}
    for i in range(60):
        conn, owner = _connect_to(s, pids)
        try:
            r = _conn_call(conn, {"jsonrpc": "2.0", "method": "apiinfo.version", "params": {},
                                  "id": i})
            expect_eq(r, {"jsonrpc": "2.0", "result": "6.0.14", "id": i}, "apiinfo via %d" % owner)
        finally:
            conn.close()
        owners[owner] = owners.get(owner, 0) + 1
        if len(owners) >= 2 and i >= 20:
            break
    if len(owners) < 2:
        raise AssertionError("--workers 2: all %d connections were accepted by one process %s "
                             "(processes %s)" % (sum(owners.values()), owners, pids))
    # many calls over fresh connections from several threads: all succeed
    failures = []
    lock = threading.Lock()

    def hammer(tid):
        for i in range(100):
            try:
                r = s.call("apiinfo.version", {}, id="%d-%d" % (tid, i), timeout=10)
                if r != {"jsonrpc": "2.0", "result": "6.0.14", "id": "%d-%d" % (tid, i)}:
                    raise AssertionError("bad answer %s" % e2e.short(r))
            except Exception as e:   # noqa: BLE001
                with lock:
                    failures.append(repr(e))
                return
    e2e.run_threads(hammer, 4, timeout=60)
    if failures:
        raise AssertionError("%d of 400 calls failed, e.g. %s" % (len(failures), failures[0]))
    # sessions cross workers
    a, b = list(owners)[:2]
    for src, dst in ((a, b), (b, a)):
        conn, _ = _connect_to(s, pids, want=src)
        try:
            r = _conn_call(conn, {"jsonrpc": "2.0", "method": "user.login",
                                  "params": {"username": "Admin", "password": "zabbix"}, "id": 1})
        finally:
            conn.close()
        sid = r.get("result") if isinstance(r, dict) else None
        if not is_sid(sid):
            raise AssertionError("login via pid %d failed: %s" % (src, e2e.short(r)))
        conn, _ = _connect_to(s, pids, want=dst)
        try:
            r = _conn_call(conn, {"jsonrpc": "2.0", "method": "user.checkAuthentication",
                                  "params": {"sessionid": sid}, "id": 2})
            if not isinstance(r, dict) or not isinstance(r.get("result"), dict) \
                    or r["result"].get("sessionid") != sid:
                raise AssertionError("session from pid %d not valid via pid %d: %s"
                                     % (src, dst, e2e.short(r)))
            r = _conn_call(conn, {"jsonrpc": "2.0", "method": "user.logout", "params": [],
                                  "auth": sid, "id": 3})
            expect_eq(r, {"jsonrpc": "2.0", "result": True, "id": 3},
                      "logout via pid %d of a session from pid %d" % (dst, src))
        finally:
            conn.close()
        conn, _ = _connect_to(s, pids, want=src)
        try:
            r = _conn_call(conn, {"jsonrpc": "2.0", "method": "user.checkAuthentication",
                                  "params": {"sessionid": sid}, "id": 4})
            expect_error(r, -32602, TERMINATED,
                         what="session logged out via pid %d, checked via pid %d" % (dst, src))
        finally:
            conn.close()
    # SIGTERM to the main process ends all of them
    s.stop()
    deadline = time.monotonic() + 10
    left = pids
    while time.monotonic() < deadline:
        left = [p for p in pids if e2e.pid_alive(p)]
        if not left:
            break
        time.sleep(0.1)
    if left:
        raise AssertionError("processes %s still alive 10 s after SIGTERM" % left)


if __name__ == "__main__":
    sys.exit(T.main())
