#!/usr/bin/env python3
# test_http_limits.py: connection limits, request deadlines, HTTP framing and methods, and the
# log, against the real tmpld.
#
# Exercises:
#   - "max-connections = 20" in the config file and 150 idle connections: 20 are taken, the
#     rest (and a new client) wait in the listen queue, the server uses almost no CPU
#     meanwhile and logs one warning; when the flood ends the waiting client is answered and
#     new clients are served;
#   - the descriptor limit (ulimit -n 64 with --max-connections 1000): accept fails with
#     EMFILE; the server pauses accepting instead of spinning (little CPU, one warning, not
#     one per attempt), and serves again once the flood ends;
#   - slowloris (--timeout 2): connections that trickle a request one byte at a time are
#     closed about 2 s after its first byte, headers or body alike; a kept-alive connection
#     idle for 1.5 s and a request sent slowly within the time are answered;
#   - request smuggling: two Content-Length headers (either order, equal or not), and
#     Content-Length with Transfer-Encoding, or a coding other than chunked: HTTP 400, the
#     connection closes and nothing runs; a plain chunked request still works;
#   - methods: GET, PUT, DELETE and PATCH with a write body (hostgroup.create, with "auth" or a
#     Bearer header) get 405 (Allow: POST, OPTIONS) and create nothing; without a body they
#     get Zabbix's answers (-32700, or 412 without a JSON Content-Type); HEAD gets the same
#     status and no body; OPTIONS the CORS headers; the BlueKing ESB routes refuse a non-POST
#     body with 405 too (no process template created);
#   - the log: a method name with \n, \r or ESC is escaped (\x0a...), so no line of the log
#     starts with what followed the newline.
# Usage: test_http_limits.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import json
import os
import socket
import stat
import sys
import threading
import time

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from rawhttp import Raw, proc_cpu_seconds  # noqa: E402
from tmpld_e2e import expect_eq  # noqa: E402

T = e2e.Tests()
PARSE_DATA = "Invalid JSON. An error occurred on the server while parsing the JSON text."
APP = {"bk_app_code": "esb_test", "bk_app_secret": "xxx", "bk_username": "Admin"}


def log_lines(s):
    with open(s.log_path, "rb") as f:
        return f.read().decode("utf-8", "replace").splitlines()


def connect_many(port, n):
    socks = []
    for _ in range(n):
        sk = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sk.settimeout(5)
        sk.connect(("127.0.0.1", port))   # completes in the listen queue if not accepted
        socks.append(sk)
    return socks


class Waiting:
    """A client that sends apiinfo.version on a new connection in a thread and records when
    (and whether) the answer arrives."""

    def __init__(self, port):
        self.conn = Raw(port, timeout=30)
        self.answer = None
        self.at = None
        self.thread = threading.Thread(target=self._run)

    def _run(self):
        try:
            self.conn.request("POST", {"jsonrpc": "2.0", "method": "apiinfo.version",
                                       "params": {}, "id": "queued"})
            status, _, body = self.conn.response()
            self.answer = (status, json.loads(body))
            self.at = time.monotonic()
        except (OSError, EOFError, ValueError) as e:
            self.answer = ("error", repr(e))

    def start(self):
        self.thread.start()
        return self

    def join(self, timeout):
        self.thread.join(timeout)
        self.conn.close()
        return self.answer


def flood(s, n, hold, warning, max_lines):
    """Hold n idle connections for hold seconds while a new client waits; check CPU, the log,
    and that the client and new ones are served after the flood ends."""
    s.alive()
    before_lines = len(log_lines(s))
    socks = connect_many(s.port, n)
    time.sleep(0.3)
    cpu0 = proc_cpu_seconds(s.pid)
    waiting = Waiting(s.port).start()
    time.sleep(hold)
    cpu = proc_cpu_seconds(s.pid) - cpu0
    if waiting.answer is not None:
        raise AssertionError("a client was answered while %d connections held every slot: %r"
                             % (n, waiting.answer))
    if not s.running():
        raise AssertionError("the server died during the flood")
    for sk in socks:
        sk.close()
    t0 = time.monotonic()
    answer = waiting.join(15)
    expect_eq(answer, (200, {"jsonrpc": "2.0", "result": "6.0.14", "id": "queued"}),
              "the client that waited during the flood")
    after = waiting.at - t0
    s.alive()
    new = log_lines(s)[before_lines:]
    warnings = [line for line in new if warning in line]
    if cpu > 0.5:
        raise AssertionError("the server used %.2f s of CPU in %.1f s of flood (spinning?)"
                             % (cpu, hold))
    if len(warnings) != 1 or len(new) > max_lines:
        raise AssertionError("expected one warning %r and at most %d lines, got %d lines:\n%s"
                             % (warning, max_lines, len(new), "\n".join(new[:20])))
    print("    %d connections held %.1f s: %.2f s CPU, %d log lines; the waiting client was "
          "answered %.2f s after the flood ended" % (n, hold, cpu, len(new), after), flush=True)


@T.test
def connection_cap_queues_the_rest_without_spinning():
    s = e2e.Server(name="cap")
    conf = os.path.join(s.tmp, "tmpld.conf")   # the config file key of --max-connections
    with open(conf, "w") as f:
        f.write("# the cap\nmax-connections = 20\n")
    s.extra_args = ["--config", conf]
    s.start()
    if "(at most 20 connections)" not in "\n".join(log_lines(s)):
        raise AssertionError("max-connections = 20 in the config file was not applied")
    flood(s, 150, 2.0, "connections open (--max-connections)", 8)
    s.stop()


@T.test
def descriptor_limit_pauses_accept_without_spinning():
    s = e2e.Server(["--max-connections", "1000"], name="fdlimit")
    wrapper = os.path.join(s.tmp, "tmpld-ulimit.sh")   # the same process, with ulimit -n 64
    with open(wrapper, "w") as f:
        f.write("#!/bin/sh\nulimit -n 64 || exit 99\nexec '%s' \"$@\"\n" % s.bin)
    os.chmod(wrapper, stat.S_IRWXU)
    s.bin = wrapper
    s.start()
    startup = "\n".join(log_lines(s))
    if "--max-connections 1000: the open file limit (64) leaves room for 32" not in startup:
        raise AssertionError("no warning about --max-connections above the limit:\n" + startup)
    flood(s, 150, 2.0, "accept: Too many open files", 8)
    s.stop()


# ------------------------------------------------------------------------------ deadlines

slow = e2e.Shared(T, ["--timeout", "2"], name="slow")


def trickle(conn, at_once, data, interval, until):
    """Send at_once, then data one byte per interval, until the server closes the connection
    or until; returns the time of the first byte and of the close (None if still open)."""
    first = None
    if at_once:
        conn.send(at_once)
        first = time.monotonic()
    for b in data:
        try:
            conn.send(bytes([b]))
        except OSError:
            return first, time.monotonic()
        if first is None:
            first = time.monotonic()
        if conn.closed_by_server(interval):
            return first, time.monotonic()
        if time.monotonic() > until:
            return first, None
    return first, time.monotonic() if conn.closed_by_server(until - time.monotonic()) else None


def check_trickled(at_once, trickled, what):
    s = slow.srv()
    results = [None] * 10

    def one(i):
        conn = Raw(s.port)
        try:
            results[i] = trickle(conn, at_once, trickled + b"x" * 200, 0.25,
                                 time.monotonic() + 8)
        finally:
            conn.close()

    e2e.run_threads(one, len(results), 20)
    for first, closed in results:
        if closed is None:
            raise AssertionError("%s: a connection trickling one byte every 0.25 s was still "
                                 "open 8 s after its first byte (--timeout 2)" % what)
        took = closed - first
        if not 1.5 <= took <= 3.5:
            raise AssertionError("%s: closed %.2f s after the first byte, expected about 2 s"
                                 % (what, took))
    s.alive()


@T.test
def trickled_headers_are_closed_timeout_after_the_first_byte():
    check_trickled(b"", b"POST /api_jsonrpc.php HTTP/1.1\r\nHost: x\r\nX-Pad: ", "headers")


@T.test
def trickled_body_is_closed_timeout_after_the_first_byte():
    check_trickled(b"POST /api_jsonrpc.php HTTP/1.1\r\nHost: x\r\n"
                   b"Content-Type: application/json-rpc\r\nContent-Length: 500\r\n\r\n", b"",
                   "body")


@T.test
def idle_then_slow_but_timely_requests_are_answered():
    s = slow.srv()
    conn = Raw(s.port)
    try:
        body = {"jsonrpc": "2.0", "method": "apiinfo.version", "params": {}, "id": 1}
        conn.request("POST", body)
        expect_eq(conn.response()[0], 200, "first request")
        time.sleep(1.5)   # idle, below --timeout: the deadline starts with the next byte
        data = Raw.build("POST", body)
        half = len(data) // 2
        conn.send(data[:half])
        time.sleep(1.2)   # 2.7 s after the previous reply, 1.2 s after this request's start
        conn.send(data[half:])
        status, _, got = conn.response()
        expect_eq((status, json.loads(got)), (200, {"jsonrpc": "2.0", "result": "6.0.14",
                                                    "id": 1}), "request sent in two halves")
    finally:
        conn.close()


# ---------------------------------------------------------------------- framing and methods

main = e2e.Shared(T, ["--bk-app", "esb_test:xxx:trusted"], name="main", login=True)


def group_exists(name):
    return len(main.res("hostgroup.get", {"filter": {"name": [name]}})) > 0


def write_body(name, auth=True):
    p = {"jsonrpc": "2.0", "method": "hostgroup.create", "params": {"name": name}, "id": 7}
    if auth:
        p["auth"] = main.session()
    return json.dumps(p).encode()


def expect_400_and_close(raw, what):
    s = main.srv()
    conn = Raw(s.port)
    try:
        conn.send(raw)
        status, headers, _ = conn.response()
        expect_eq(status, 400, what + ": status")
        expect_eq(headers.get("connection"), ["close"], what + ": Connection header")
        if not conn.closed_by_server(5):
            raise AssertionError(what + ": the connection stayed open")
        if conn.buf:
            raise AssertionError("%s: bytes after the 400: %r" % (what, conn.buf[:100]))
    finally:
        conn.close()


@T.test
def two_content_lengths_get_400_and_run_nothing():
    main.srv()
    for i, order in enumerate(["short first", "long first", "equal"]):
        name = main.uniq("e2e smuggle")
        body = write_body(name)
        pad = b" " * 40
        full = body + pad            # trailing whitespace is valid JSON
        lengths = {"short first": (len(body), len(full)), "long first": (len(full), len(body)),
                   "equal": (len(full), len(full))}[order]
        headers = [("Content-Type", "application/json-rpc")]
        headers += [("Content-Length", str(n)) for n in lengths]
        expect_400_and_close(Raw.build("POST", full, headers, length=False),
                             "two Content-Length headers (%s)" % order)
        if group_exists(name):
            raise AssertionError("two Content-Length headers (%s): the write ran" % order)


@T.test
def content_length_with_transfer_encoding_gets_400():
    main.srv()
    name = main.uniq("e2e smuggle te")
    body = write_body(name)
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    for te in ["chunked", "gzip, chunked"]:
        headers = [("Content-Type", "application/json-rpc"), ("Transfer-Encoding", te),
                   ("Content-Length", str(len(chunked)))]
        expect_400_and_close(Raw.build("POST", chunked, headers, length=False),
                             "Transfer-Encoding %s with Content-Length" % te)
    headers = [("Content-Type", "application/json-rpc"), ("Transfer-Encoding", "gzip")]
    expect_400_and_close(Raw.build("POST", body, headers, length=False),
                         "Transfer-Encoding gzip")
    if group_exists(name):
        raise AssertionError("a request with ambiguous framing ran its write")
    # a plain chunked request is fine
    conn = Raw(main.srv().port)
    try:
        conn.send(Raw.build("POST", chunked, [("Content-Type", "application/json-rpc"),
                                              ("Transfer-Encoding", "chunked")], length=False))
        status, _, got = conn.response()
        expect_eq(status, 200, "chunked POST")
        if "result" not in json.loads(got):
            raise AssertionError("chunked POST: %r" % got[:200])
    finally:
        conn.close()
    if not group_exists(name):
        raise AssertionError("the chunked POST did not create its host group")


@T.test
def only_post_runs_a_call():
    s = main.srv()
    for method in ["GET", "PUT", "DELETE", "PATCH"]:
        for bearer in (False, True):
            name = main.uniq("e2e method")
            headers = [("Content-Type", "application/json-rpc")]
            if bearer:
                headers.append(("Authorization", "Bearer " + main.session()))
            conn = Raw(s.port)
            try:
                conn.send(Raw.build(method, write_body(name, auth=not bearer), headers))
                status, h, body = conn.response()
            finally:
                conn.close()
            what = "%s with a write body%s" % (method, " and a Bearer header" if bearer else "")
            expect_eq(status, 405, what + ": status")
            expect_eq(body, b"", what + ": body")
            expect_eq(h.get("allow"), ["POST, OPTIONS"], what + ": Allow header")
            if group_exists(name):
                raise AssertionError(what + ": the write ran")
        # without a body: Zabbix's answers, which run nothing
        status, ctype, data = s.raw(method, None)
        r = e2e.check_rpc_http(status, ctype, data)
        e2e.expect_error(r, -32700, PARSE_DATA, id=None, what=method + " without a body")
        status, _, data = s.raw(method, None, headers={"Content-Type": None})
        expect_eq(status, 412, method + " without a Content-Type: status")
        expect_eq(data, b"", method + " without a Content-Type: body")


@T.test
def head_gets_no_body():
    s = main.srv()
    conn = Raw(s.port)
    try:
        for ct, want in (("application/json-rpc", 200), (None, 412)):
            headers = [("Content-Type", ct)] if ct else []
            conn.send(Raw.build("HEAD", b"", headers, length=False))
            status, h, _ = conn.response(head=True)
            expect_eq(status, want, "HEAD with Content-Type %s" % ct)
            if status == 200:
                expect_eq(h.get("content-type"), ["application/json"], "HEAD Content-Type")
        # the next response on this connection starts right after the headers: no body bytes
        conn.request("POST", {"jsonrpc": "2.0", "method": "apiinfo.version", "params": {},
                              "id": "after-head"})
        status, _, body = conn.response()
        expect_eq((status, json.loads(body)), (200, {"jsonrpc": "2.0", "result": "6.0.14",
                                                     "id": "after-head"}),
                  "the POST after the HEADs on one connection")
    finally:
        conn.close()
    status, _, data = s.raw("OPTIONS", None)
    expect_eq(status, 200, "OPTIONS status")
    expect_eq(data, b"", "OPTIONS body")


@T.test
def esb_routes_run_only_post():
    s = main.srv()
    path = "/api/c/compapi/v2/cc/%s/"

    def esb(http_method, name, params):
        body = dict(APP)
        body.update(params)
        conn = Raw(s.port)
        try:
            conn.send(Raw.build(http_method, body, [("Content-Type", "application/json")],
                                path=path % name))
            return conn.response()
        finally:
            conn.close()

    status, _, body = esb("POST", "create_service_template", {"bk_biz_id": 1, "name": "limits"})
    svc = json.loads(body)["data"]["id"]
    spec = {"bk_process_name": {"value": "p"}, "bk_func_name": {"value": "p"},
            "bind_info": {"value": [{"port": {"value": "80"}, "protocol": {"value": "1"}}],
                          "as_default_value": True}}
    create = {"bk_biz_id": 1, "service_template_id": svc, "processes": [{"spec": spec}]}
    listing = {"bk_biz_id": 1, "service_template_id": svc}
    for method in ["GET", "PUT", "DELETE", "PATCH"]:
        status, h, body = esb(method, "batch_create_proc_template", create)
        what = "%s batch_create_proc_template" % method
        expect_eq(status, 405, what + ": status")
        expect_eq(body, b"", what + ": body")
        expect_eq(h.get("allow"), ["POST"], what + ": Allow header")
    status, _, body = esb("POST", "list_proc_template", listing)
    expect_eq(json.loads(body)["data"]["count"], 0, "process templates after the refusals")
    status, _, body = esb("POST", "batch_create_proc_template", create)
    expect_eq(json.loads(body)["code"], 0, "POST batch_create_proc_template")
    status, _, body = esb("POST", "list_proc_template", listing)
    expect_eq(json.loads(body)["data"]["count"], 1, "process templates after the POST")


# --------------------------------------------------------------------------------- the log

@T.test
def method_names_cannot_forge_log_lines():
    s = e2e.Server(name="log").start()   # default log level: one line per call
    forged = "2026-01-01T00:00:00Z tmpld[1] error: forged"
    for method in ["a\nb", "x\r\n" + forged, "esc\x1b[31m.red\x7f"]:
        r = s.call(method, {}, id=3)
        e2e.expect_error(r, -32601, None, id=3, what="method %r" % method)
    s.stop()
    lines = log_lines(s)
    bad = [line for line in lines if line.startswith("b") or line.startswith(forged)
           or "\x1b" in line or "\x7f" in line or "\r" in line]
    if bad:
        raise AssertionError("forged or raw control characters in the log: %r" % bad)
    text = "\n".join(lines)
    for want in ["a\\x0ab", "x\\x0d\\x0a" + forged, "esc\\x1b[31m.red\\x7f"]:
        if want not in text:
            raise AssertionError("%r not in the log:\n%s" % (want, text[-2000:]))


if __name__ == "__main__":
    sys.exit(T.main())
