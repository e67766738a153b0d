# tmpld_e2e.py: shared helpers for the end-to-end tests (Python 3 standard library only).
#
# Provides:
#   - bin_path(): the tmpld binary (argv[1], else $TMPLD_BIN, else build/tmpld of this repo,
#     i.e. /work/main/build/tmpld);
#   - Server: starts build/tmpld on a free 127.0.0.1 port with a fresh temporary data dir and
#     extra arguments, waits until apiinfo.version answers, offers call()/request()/raw_post(),
#     stop() (SIGTERM, asserts exit status 0), kill9(), restart() on the same data dir; the
#     server's stderr/stdout go to a log file whose tail is shown when a test fails;
#     check_store() runs `tmpld check` on its data dir and asserts the exit status; with
#     TMPLD_CHECK_ALL=1 in the environment every server's store is checked at cleanup and a
#     store with problems prints "CHECK FAILED <dir>" and the problems on stderr (a sweep over
#     the suites' stores; it does not change the tests' outcome);
#   - strict_json(): JSON parsing that refuses NaN/Infinity and has no integer-size limit;
#   - Shared: a server shared by the tests of one script, started on first use (optionally with
#     an Admin session for res()/call()), and uniq() names;
#   - run_threads(): start N threads of one function and join them;
#   - roundtrip_file(): one export file through configuration.import, configuration.export
#     (compared byte for byte, the date masked) and configuration.importcompare (nothing to
#     change), with the import rules ROUNDTRIP_RULES and the helpers mask_date(),
#     template_name(), first_difference();
#   - Tests: a tiny harness (each test a function; prints "PASS name" / "FAIL name: reason",
#     then "<script>: N passed, M failed"; exit status 1 when anything failed).
# Every loop here is bounded in count and time; only 127.0.0.1 is used.

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback

# build/tmpld of the repository holding this file (/work/main/build/tmpld in the workspace)
DEFAULT_BIN = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                            "..", "..", "build", "tmpld"))
API_PATH = "/api_jsonrpc.php"
JSONRPC_CT = "application/json-rpc"

if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)   # ids with thousands of digits must parse


class Omit:
    """Marker: leave the member out of the request."""

    def __repr__(self):
        return "OMIT"


OMIT = Omit()

_all_servers = []


def bin_path():
    if len(sys.argv) > 1 and sys.argv[1]:
        return os.path.abspath(sys.argv[1])
    return os.environ.get("TMPLD_BIN") or DEFAULT_BIN


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
    finally:
        s.close()


def _reject_constant(name):
    raise ValueError("non-standard JSON constant %s" % name)


def strict_json(data):
    """Parse bytes as strict JSON (UTF-8, no NaN/Infinity). Raises ValueError."""
    if isinstance(data, bytes):
        data = data.decode("utf-8")   # raises on invalid UTF-8
    return json.loads(data, parse_constant=_reject_constant)


def media_type(content_type):
    if content_type is None:
        return None
    return content_type.split(";", 1)[0].strip().lower()


def envelope(method, params, auth=OMIT, id=1, jsonrpc="2.0"):
    req = {}
    if jsonrpc is not OMIT:
        req["jsonrpc"] = jsonrpc
    if method is not OMIT:
        req["method"] = method
    if params is not OMIT:
        req["params"] = params
    if auth is not OMIT and auth is not None:
        req["auth"] = auth
    if id is not OMIT:
        req["id"] = id
    return req


class RpcError(AssertionError):
    pass


class Server:
    """One tmpld process (plus its data dir and log)."""

    def __init__(self, extra_args=(), bin=None, data_dir=None, name="tmpld", port=None):
        self.bin = bin or bin_path()
        self.extra_args = list(extra_args)
        self.name = name
        self.tmp = tempfile.mkdtemp(prefix="tmpld-e2e-")
        self.data_dir = data_dir or os.path.join(self.tmp, "data")
        self.log_path = os.path.join(self.tmp, "server.log")
        self.port = port
        self.proc = None
        self.starts = 0
        _all_servers.append(self)

    # -- process control -------------------------------------------------
    def start(self, wait=True, new_port=True):
        if not os.path.exists(self.bin):
            raise AssertionError("server binary not found: %s" % self.bin)
        if self.port is None or new_port:
            self.port = free_port()
        args = [self.bin, "--listen", "127.0.0.1:%d" % self.port, "--data", self.data_dir]
        args += self.extra_args
        self.starts += 1
        log = open(self.log_path, "ab")
        log.write(("\n=== start #%d: %s\n" % (self.starts, " ".join(args))).encode())
        log.flush()
        self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, cwd=self.tmp)
        log.close()
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, timeout=10.0):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError("server exited during start-up with status %s"
                                     % self.proc.returncode)
            try:
                r = self.call("apiinfo.version", {}, timeout=1.0)
                if r.get("result") == "6.0.14":
                    return
                last = "unexpected answer %r" % (r,)
            except (OSError, http.client.HTTPException, AssertionError, ValueError) as e:
                last = repr(e)
            time.sleep(0.05)
        raise AssertionError("server not ready after %.0fs (%s)" % (timeout, last))

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    @property
    def pid(self):
        return self.proc.pid

    def signal(self, sig):
        self.proc.send_signal(sig)

    def wait_exit(self, timeout=10.0):
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)
            raise AssertionError("server did not exit within %.0fs (killed)" % timeout)

    def stop(self, timeout=10.0):
        """SIGTERM and assert a clean exit (status 0)."""
        if self.proc is None:
            return
        if self.proc.poll() is not None:
            rc = self.proc.returncode
            raise AssertionError("server had already exited with status %s" % rc)
        self.proc.send_signal(signal.SIGTERM)
        rc = self.wait_exit(timeout)
        if rc != 0:
            raise AssertionError("server exited with status %s after SIGTERM, expected 0" % rc)

    def kill9(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)

    def restart(self, timeout=10.0):
        """Graceful stop (asserting exit 0), then start again on the same data dir."""
        self.stop(timeout)
        return self.start()

    def check_store(self, expect=0):
        """Runs `tmpld check` on the data dir (the server may be running: the check reads one
        snapshot); asserts its exit status (0: no problem) and returns its output."""
        p = subprocess.run([self.bin, "check", "--data", self.data_dir], capture_output=True,
                           timeout=300)
        out = p.stdout.decode("utf-8", "replace") + p.stderr.decode("utf-8", "replace")
        if p.returncode != expect:
            raise AssertionError("tmpld check exited %d, expected %d:\n%s"
                                 % (p.returncode, expect, out))
        return out

    def cleanup(self):
        """Best effort: end the process (SIGTERM, then SIGKILL; leftover children of it
        get SIGKILL by pid) and remove the temp dir."""
        tree = []
        if os.environ.get("TMPLD_CHECK_ALL") and os.path.exists(self.data_dir):
            try:
                self.check_store()
            except AssertionError as e:
                sys.stderr.write("CHECK FAILED %s\n%s\n" % (self.data_dir, e))
        if self.proc is not None and self.proc.poll() is None:
            tree = [p for p in pids_of_tree(self.proc.pid) if p != self.proc.pid]
            try:
                self.proc.send_signal(signal.SIGTERM)
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass
        for p in tree:
            if pid_alive(p):
                try:
                    os.kill(p, signal.SIGKILL)
                except OSError:
                    pass
        shutil.rmtree(self.tmp, ignore_errors=True)

    def log_tail(self, lines=20):
        try:
            with open(self.log_path, "rb") as f:
                data = f.read()
        except OSError:
            return "(no log)"
        text = data.decode("utf-8", "replace").splitlines()
        return "\n".join(text[-lines:])

    # -- HTTP ------------------------------------------------------------
    def connection(self, timeout=10.0):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def raw(self, http_method, body, headers=None, path=API_PATH, timeout=30.0):
        """Send one HTTP request; headers default to Content-Type application/json-rpc.
        A header whose value is None is left out. Returns (status, content_type, body)."""
        h = {"Content-Type": JSONRPC_CT}
        if headers:
            h.update(headers)
        h = {k: v for k, v in h.items() if v is not None}
        conn = self.connection(timeout)
        try:
            conn.request(http_method, path, body=body, headers=h)
            resp = conn.getresponse()
            data = resp.read()
            return resp.status, resp.getheader("Content-Type"), data
        finally:
            conn.close()

    def raw_post(self, body, headers=None, path=API_PATH, timeout=30.0):
        if isinstance(body, str):
            body = body.encode("utf-8")
        return self.raw("POST", body, headers, path, timeout)

    def request(self, obj, headers=None, path=API_PATH, timeout=30.0):
        """POST a JSON value; assert HTTP 200 + application/json; return the parsed body,
        or None for an empty body."""
        body = json.dumps(obj).encode("utf-8")
        status, ctype, data = self.raw_post(body, headers, path, timeout)
        return check_rpc_http(status, ctype, data)

    def call(self, method, params, auth=None, id=1, headers=None, timeout=30.0):
        return self.request(envelope(method, params, auth=auth, id=id), headers,
                            timeout=timeout)

    def result(self, method, params, auth=None, id=1, headers=None):
        """call() and return the result, raising RpcError on an error answer."""
        r = self.call(method, params, auth=auth, id=id, headers=headers)
        if not isinstance(r, dict) or "result" not in r:
            raise RpcError("%s failed: %s" % (method, short(r)))
        return r["result"]

    def login(self, username="Admin", password="zabbix"):
        sid = self.result("user.login", {"username": username, "password": password})
        if not is_sid(sid):
            raise AssertionError("user.login returned %r, expected a 32-hex session id" % (sid,))
        return sid

    def alive(self):
        """Assert the process runs and apiinfo.version answers."""
        if not self.running():
            raise AssertionError("server process died (status %s)" % self.proc.returncode)
        r = self.call("apiinfo.version", {}, id="alive", timeout=10.0)
        expect_eq(r, {"jsonrpc": "2.0", "result": "6.0.14", "id": "alive"}, "liveness check")



class Shared:
    """A server shared by the tests of one script: started on first use with extra_args and
    added to tests.shared (so its log tail shows on any failure). With login=True it also holds
    an Admin session (sid) that res() and call() send as "auth". uniq(prefix) gives names unique
    within the run ("prefix N" with the default fmt; n is the last N)."""

    def __init__(self, tests, extra_args=(), name="main", login=False, fmt="%s %d"):
        self.tests = tests
        self.extra_args = list(extra_args)
        self.name = name
        self.with_login = login
        self.fmt = fmt
        self.server = None
        self.sid = None
        self.n = 0
        self.cache = {}

    def srv(self):
        if self.server is None:
            self.server = Server(self.extra_args, name=self.name).start()
            self.tests.shared.append(self.server)
            if self.with_login:
                self.sid = self.server.login()
        return self.server

    def session(self):
        self.srv()
        return self.sid

    def res(self, method, params):
        return self.srv().result(method, params, auth=self.session())

    def call(self, method, params):
        return self.srv().call(method, params, auth=self.session())

    def uniq(self, prefix):
        self.n += 1
        return self.fmt % (prefix, self.n)

    def once(self, key, make):
        """make() the first time key is asked for, the same value after that."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]


def run_threads(target, n, timeout):
    """Start n threads running target(i) for i in 0..n-1, then join each (timeout seconds)."""
    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout)


# ---- export files through import and export (the round-trip tests) ----

ROUNDTRIP_ENTITIES = ("groups", "templates", "items", "triggers", "graphs", "discoveryRules",
                      "valueMaps", "templateDashboards", "httptests")
ROUNDTRIP_RULES = dict({k: {"createMissing": True, "updateExisting": True}
                        for k in ROUNDTRIP_ENTITIES}, templateLinkage={"createMissing": True})
_DATE = {"json": re.compile(rb'"date":"([^"]*)"'), "yaml": re.compile(rb"\n  date: '([^']*)'"),
         "xml": re.compile(rb"<date>([^<]*)</date>")}
_TEMPLATE = {"json": re.compile(rb'"template":"((?:[^"\\]|\\.)*)"'),
             "yaml": re.compile(rb"\n      template: ('(?:[^']|'')*'|[^\n]*)"),
             "xml": re.compile(rb"<template>([^<]*)</template>")}


def mask_date(fmt, data):
    """The export file (bytes) with its date replaced by <DATE>."""
    m = _DATE[fmt].search(data, 0, 400)
    return data if m is None else data[:m.start(1)] + b"<DATE>" + data[m.end(1):]


def template_name(fmt, data):
    """The first template's technical name, as a string (json, xml and yaml scalars decoded)."""
    raw = _TEMPLATE[fmt].search(data).group(1).decode("utf-8")
    if fmt == "json":
        return json.loads('"%s"' % raw)
    if fmt == "xml":
        return raw.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace(
            "&amp;", "&")
    return raw[1:-1].replace("''", "'") if raw.startswith("'") else raw


def first_difference(want, got):
    n = next((i for i, (a, b) in enumerate(zip(want, got)) if a != b), min(len(want), len(got)))
    return "byte %d: expected %r, got %r" % (n, want[max(0, n - 30):n + 30],
                                              got[max(0, n - 30):n + 30])


def roundtrip_file(server, sid, fmt, label, src, rules=None):
    """Imports src (bytes, one template's export in fmt), exports its template again and
    compares (the date masked), then asks importcompare for the same source. Returns
    (problem, templateid): problem None when all went as it should, else "label: what";
    templateid None when the import or the lookup failed."""
    rules = ROUNDTRIP_RULES if rules is None else rules
    text = src.decode("utf-8")
    r = server.call("configuration.import", {"format": fmt, "source": text, "rules": rules},
                    auth=sid)
    if r.get("result") is not True:
        return "%s: import: %s" % (label, short(r, 200)), None
    host = template_name(fmt, src)
    t = server.result("template.get", {"output": ["templateid"], "filter": {"host": [host]}},
                      auth=sid)
    if len(t) != 1:
        return "%s: template %r not found after the import" % (label, host), None
    tid = t[0]["templateid"]
    got = server.result("configuration.export", {"format": fmt, "options": {"templates": [tid]}},
                        auth=sid)
    want, got = mask_date(fmt, src), mask_date(fmt, got.encode("utf-8"))
    if got != want:
        return "%s: export differs at %s" % (label, first_difference(want, got)), tid
    again = server.result("configuration.importcompare", {"format": fmt, "source": text,
                                                          "rules": rules}, auth=sid)
    if again != []:
        return "%s: importcompare after the import: %s" % (label, short(again, 200)), tid
    return None, tid


def check_rpc_http(status, ctype, data):
    if status != 200:
        raise AssertionError("HTTP %s, expected 200 (body %r)" % (status, data[:200]))
    if media_type(ctype) != "application/json":
        raise AssertionError("Content-Type %r, expected application/json" % (ctype,))
    if data == b"":
        return None
    try:
        return strict_json(data)
    except ValueError as e:
        raise AssertionError("answer is not valid JSON (%s): %r" % (e, data[:200]))


def is_sid(s):
    return (isinstance(s, str) and len(s) == 32
            and all(c in "0123456789abcdef" for c in s))


def short(v, limit=300):
    s = json.dumps(v) if not isinstance(v, (bytes, str)) else repr(v)
    return s if len(s) <= limit else s[:limit] + "...(%d chars)" % len(s)


def expect_eq(got, want, what="value"):
    if got != want:
        raise AssertionError("%s: expected %s, got %s" % (what, short(want), short(got)))


def expect_error(r, code, data, id=OMIT, message=None, what="answer"):
    """Assert r is a JSON-RPC error object with code and data (and id when given)."""
    messages = {-32700: "Parse error", -32600: "Invalid request.", -32601: "Method not found.",
                -32602: "Invalid params.", -32500: "Application error."}
    if not isinstance(r, dict) or "error" not in r:
        raise AssertionError("%s: expected error %s %r, got %s" % (what, code, data, short(r)))
    want = {"code": code, "message": message or messages.get(code), "data": data}
    if data is None:
        want.pop("data")
        got_err = {k: v for k, v in r["error"].items() if k != "data"}
    else:
        got_err = r["error"]
    expect_eq(got_err, want, what + " error")
    if r.get("jsonrpc") != "2.0":
        raise AssertionError("%s: jsonrpc member is %r" % (what, r.get("jsonrpc")))
    if id is not OMIT:
        if "id" not in r:
            raise AssertionError("%s: id member missing" % what)
        expect_eq(r["id"], id, what + " id")


def expect_result(r, result, id=OMIT, what="answer"):
    want = {"jsonrpc": "2.0", "result": result}
    if id is not OMIT:
        want["id"] = id
        expect_eq(r, want, what)
    else:
        if not isinstance(r, dict) or r.get("result") != result or r.get("jsonrpc") != "2.0":
            raise AssertionError("%s: expected result %s, got %s" % (what, short(result), short(r)))


def pids_of_tree(root):
    """root pid plus all its live descendants (from /proc)."""
    children = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                st = f.read()
        except OSError:
            continue
        rest = st[st.rfind(")") + 2:].split()
        if rest[0] == "Z":
            continue
        children.setdefault(int(rest[1]), []).append(int(d))
    out, todo = [], [root]
    while todo and len(out) < 1000:
        p = todo.pop()
        if os.path.exists("/proc/%d" % p):
            out.append(p)
        todo.extend(children.get(p, []))
    return out


def pid_alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            st = f.read()
    except OSError:
        return False
    return st[st.rfind(")") + 2:].split()[0] not in ("Z", "X")


def socket_owner(sock, candidate_pids, timeout=2.0):
    """Which of candidate_pids holds the server side of our connected TCP socket
    (found via /proc/net/tcp and /proc/PID/fd). None if not found within timeout."""
    lport = sock.getsockname()[1]
    rport = sock.getpeername()[1]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        inode = None
        with open("/proc/net/tcp") as f:
            next(f)
            for line in f:
                parts = line.split()
                loc, rem = parts[1], parts[2]
                if (int(loc.split(":")[1], 16) == rport and int(rem.split(":")[1], 16) == lport
                        and parts[9] != "0"):
                    inode = parts[9]
                    break
        if inode is not None:
            target = "socket:[%s]" % inode
            for pid in candidate_pids:
                fd_dir = "/proc/%d/fd" % pid
                try:
                    for fd in os.listdir(fd_dir):
                        try:
                            if os.readlink(os.path.join(fd_dir, fd)) == target:
                                return pid
                        except OSError:
                            pass
                except OSError:
                    pass
        time.sleep(0.01)
    return None


class Tests:
    """Register test functions with @T.test; T.main() runs them in order."""

    def __init__(self, script=None):
        self.script = script or os.path.basename(sys.argv[0])
        self.tests = []
        self.shared = []   # servers whose log tail is shown on any failure

    def test(self, fn):
        self.tests.append(fn)
        return fn

    def main(self):
        """Run every registered test; returns the exit status (1 if any failed)."""
        def on_signal(signum, frame):
            raise SystemExit(128 + signum)   # unwinds into the finally below
        for sig in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, on_signal)
        try:
            return self._run_all()
        finally:
            for s in list(_all_servers):
                s.cleanup()

    def _run_all(self):
        passed = failed = 0
        for fn in self.tests:
            name = fn.__name__
            before = len(_all_servers)
            t0 = time.monotonic()
            try:
                fn()
                ok, reason = True, None
            except Exception as e:   # noqa: BLE001 - any failure is a test failure
                ok = False
                reason = "%s: %s" % (type(e).__name__, e) if not isinstance(e, AssertionError) \
                    else str(e)
                tb = traceback.extract_tb(e.__traceback__)
                where = [f for f in tb if f.filename.endswith(self.script)]
                if where:
                    reason += " [line %d]" % where[-1].lineno
            dt = time.monotonic() - t0
            new = _all_servers[before:]
            if ok:
                passed += 1
                print("PASS %s (%.1fs)" % (name, dt), flush=True)
            else:
                failed += 1
                print("FAIL %s: %s" % (name, reason), flush=True)
                for s in new + [s for s in self.shared if s not in new]:
                    print("  --- log tail of %s (%s) ---" % (s.name, s.log_path))
                    for line in s.log_tail().splitlines():
                        print("  | " + line)
                sys.stdout.flush()
            for s in new:
                if s not in self.shared:
                    s.cleanup()
        print("%s: %d passed, %d failed" % (self.script, passed, failed), flush=True)
        return 1 if failed else 0
