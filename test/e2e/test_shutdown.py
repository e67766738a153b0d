#!/usr/bin/env python3
# test_shutdown.py: SIGTERM while a long write is in flight on a kept-alive connection.
#
# Each round (5 with one process, 2 with --workers 2) links a new template with 50 items to
# the same 1,000 hosts in ONE template.massadd call (50,000 item copies) on a connection that
# has already served a call (kept alive), waits until the server has read the request, and
# sends SIGTERM to the server. Meanwhile another client writes host groups in a loop on its
# own kept-alive connection, a third connection is idle, and a fourth has sent half a request.
# Every round asserts:
#   - the long write gets one complete reply (HTTP 200, its result) with "Connection: close",
#     and the server then closes that connection: nothing more is read from it;
#   - the idle connection and the half-sent request are closed without an answer;
#   - the process (and with --workers 2 every worker) exits with status 0, in seconds;
#   - after a restart on the same data dir the write is there (item.get countOutput on the
#     1,000 hosts grows by 50,000 per round), and so is every host group whose creation was
#     answered.
# Usage: test_shutdown.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import json
import os
import signal
import sys
import threading
import time

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from rawhttp import Raw, server_read_all  # noqa: E402
from tmpld_e2e import expect_eq  # noqa: E402

T = e2e.Tests()
HOSTS = 1000
ITEMS = 50


def rpc(method, params, auth, id=1):
    return {"jsonrpc": "2.0", "method": method, "params": params, "auth": auth, "id": id}


class GroupWriter:
    """Creates host groups one by one on one kept-alive connection until the server stops
    answering; keeps the names whose creation was answered with a result."""

    def __init__(self, port, sid, prefix):
        self.conn = Raw(port, timeout=60)
        self.sid = sid
        self.prefix = prefix
        self.acked = []
        self.bad = []
        self.thread = threading.Thread(target=self._run)

    def _run(self):
        for i in range(100000):
            name = "%s-%d" % (self.prefix, i)
            try:
                self.conn.request("POST", rpc("hostgroup.create", {"name": name}, self.sid))
                status, headers, body = self.conn.response()
            except (OSError, EOFError):
                return
            r = json.loads(body) if status == 200 and body else None
            if not isinstance(r, dict) or "result" not in r:
                self.bad.append((status, body[:200]))
                return
            self.acked.append(name)
            if headers.get("connection") == ["close"]:
                return

    def start(self):
        self.thread.start()

    def join(self):
        self.thread.join(timeout=60)
        self.conn.close()
        if self.thread.is_alive():
            raise AssertionError("the host group writer did not finish")
        if self.bad:
            raise AssertionError("a host group creation was answered with %r" % (self.bad[0],))


def setup(s):
    sid = s.login()
    gid = s.result("hostgroup.create", {"name": "e2e shutdown"}, auth=sid)["groupids"][0]
    hosts = s.result("host.create", [{"host": "e2e-shutdown-%d" % i, "groups": [{"groupid": gid}]}
                                     for i in range(HOSTS)], auth=sid)["hostids"]
    expect_eq(len(hosts), HOSTS, "hosts created")
    return sid, gid, hosts


def one_round(s, sid, gid, hosts, rnd, pids_of):
    """One SIGTERM during a long write; returns the session id valid after the restart."""
    t = s.result("template.create", {"host": "e2e-shutdown-T%d" % rnd,
                                     "groups": [{"groupid": gid}]}, auth=sid)["templateids"][0]
    s.result("item.create", [{"hostid": t, "name": "k%d" % i, "key_": "shutdown.%d[%d]" % (rnd, i),
                              "type": 2, "value_type": 3} for i in range(ITEMS)], auth=sid)
    conn = Raw(s.port, timeout=120)
    conn.request("POST", {"jsonrpc": "2.0", "method": "apiinfo.version", "params": {},
                          "id": "warm"})
    status, headers, _ = conn.response()
    expect_eq(status, 200, "first call on the kept-alive connection")
    if headers.get("connection") == ["close"]:
        raise AssertionError("the server closed a kept-alive connection before the stop")
    idle = Raw(s.port)
    idle.request("POST", {"jsonrpc": "2.0", "method": "apiinfo.version", "params": {}, "id": 1})
    idle.response()
    half = Raw(s.port)
    half.send(b"POST /api_jsonrpc.php HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: applic")
    writer = GroupWriter(s.port, sid, "e2e-shutdown-r%d" % rnd)
    writer.start()
    workers = pids_of()
    try:
        conn.request("POST", rpc("template.massadd", {"templates": [{"templateid": t}],
                                                      "hosts": [{"hostid": h} for h in hosts]},
                                 sid, id="long"))
        if not server_read_all(conn.sock, timeout=10):
            raise AssertionError("the server did not read the long write within 10 s")
        t0 = time.monotonic()
        s.signal(signal.SIGTERM)
        try:
            status, headers, body = conn.response()
        except (OSError, EOFError) as e:
            raise AssertionError("no complete reply to the write in flight at SIGTERM (%s)" % e)
        expect_eq(status, 200, "HTTP status of the write in flight")
        expect_eq(json.loads(body), {"jsonrpc": "2.0", "result": {"templateids": [t]},
                                     "id": "long"}, "reply to the write in flight")
        expect_eq(headers.get("connection"), ["close"], "Connection header of that reply")
        if not conn.closed_by_server(10):
            raise AssertionError("the server kept the connection open after its last reply")
        if conn.buf:
            raise AssertionError("bytes after the last reply: %r" % conn.buf[:100])
        for c, what in ((idle, "idle kept-alive connection"), (half, "half-sent request")):
            if not c.closed_by_server(10):
                raise AssertionError("the %s was not closed after SIGTERM" % what)
            if c.buf:
                raise AssertionError("the %s got an answer: %r" % (what, c.buf[:100]))
        rc = s.wait_exit(60)
        took = time.monotonic() - t0
        if rc != 0:
            raise AssertionError("exit status %s after SIGTERM, expected 0" % rc)
        left = [p for p in workers if e2e.pid_alive(p)]
        if left:
            raise AssertionError("processes %s still run after the server exited" % left)
        if took > 30:
            raise AssertionError("stopping took %.1f s" % took)
        writer.join()
    finally:
        for c in (conn, idle, half):
            c.close()
    s.start()
    sid = s.login()
    n = s.result("item.get", {"hostids": hosts, "countOutput": True}, auth=sid)
    expect_eq(n, str(HOSTS * ITEMS * rnd), "items on the hosts after the restart (round %d)" % rnd)
    if writer.acked:
        got = s.result("hostgroup.get", {"filter": {"name": writer.acked}, "output": ["name"]},
                       auth=sid)
        missing = sorted(set(writer.acked) - {g["name"] for g in got})
        if missing:
            raise AssertionError("%d of %d answered host groups are missing after the restart, "
                                 "e.g. %s" % (len(missing), len(writer.acked), missing[0]))
    print("    round %d: stopped in %.2f s; %d host groups written meanwhile"
          % (rnd, took, len(writer.acked)), flush=True)
    return sid


def rounds(extra, n, name):
    s = e2e.Server(extra, name=name).start()
    sid, gid, hosts = setup(s)

    def pids_of():
        return e2e.pids_of_tree(s.pid)

    for rnd in range(1, n + 1):
        sid = one_round(s, sid, gid, hosts, rnd, pids_of)
    s.stop()


@T.test
def sigterm_during_a_long_write_on_a_kept_alive_connection():
    rounds(["--log-level", "warn"], 5, "shutdown")


@T.test
def sigterm_during_a_long_write_with_two_workers():
    rounds(["--log-level", "warn", "--workers", "2"], 2, "shutdown-workers")


if __name__ == "__main__":
    sys.exit(T.main())
