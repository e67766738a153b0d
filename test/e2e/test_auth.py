#!/usr/bin/env python3
# test_auth.py: user.login / user.logout / user.checkAuthentication flows against the real tmpld.
#
# Exercises:
#   - user.login returns 32 lowercase hex chars, different each time; userData:true returns an
#     object with sessionid and numeric type/debug_mode/gui_access; the deprecated "user" field;
#     "user"+"username" -> -32602 'Parameter "user" is deprecated.'; wrong password (-32500),
#     unknown user (-32602), missing password, unexpected parameter;
#   - user.checkAuthentication: own session, unknown session, missing sessionid;
#   - user.logout -> true; a logged-out session gets 'Session terminated, re-login, please.';
#     "Authorization: Bearer <sid>" works for user.logout; missing/null/64-char/empty/numeric auth;
#   - apiinfo.version, user.login, user.checkAuthentication refuse an "auth" member;
#   - blocking (server with --login-attempts 3 --login-block 2): 3 wrong passwords, then the right
#     password fails with the same message, and succeeds ~2.5 s later; a success resets the count;
#     the failure count persists across a graceful restart and across kill -9;
#   - concurrency: 8 threads logging in at once while another thread calls apiinfo.version
#     repeatedly; every apiinfo.version answer arrives in < 50 ms during the logins;
#   - SIGTERM exits 0.
# Usage: test_auth.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import os
import sys
import threading
import time

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error, expect_result, is_sid  # noqa: E402

T = e2e.Tests()
BAD_LOGIN = "Incorrect user name or password or account is temporarily blocked."
TERMINATED = "Session terminated, re-login, please."

srv = e2e.Shared(T).srv


def login_call(s, password="zabbix", username="Admin", id=1):
    return s.call("user.login", {"username": username, "password": password}, id=id)


def expect_check_ok(s, sid, what="checkAuthentication"):
    r = s.call("user.checkAuthentication", {"sessionid": sid})
    if not isinstance(r, dict) or not isinstance(r.get("result"), dict):
        raise AssertionError("%s: expected user data, got %s" % (what, e2e.short(r)))
    res = r["result"]
    expect_eq(res.get("sessionid"), sid, what + " sessionid")
    expect_eq(res.get("username"), "Admin", what + " username")
    return res


def expect_terminated(r, what):
    expect_error(r, -32602, TERMINATED, what=what)


# --------------------------------------------------------------------------- login
@T.test
def login_returns_32_hex():
    s = srv()
    r = login_call(s, id=5)
    expect_eq(sorted(r.keys()), ["id", "jsonrpc", "result"], "answer members")
    expect_eq(r["id"], 5, "id")
    if not is_sid(r["result"]):
        raise AssertionError("session id %r is not 32 lowercase hex characters" % (r["result"],))
    other = s.login()
    if other == r["result"]:
        raise AssertionError("two logins returned the same session id")


@T.test
def login_user_data():
    s = srv()
    res = s.result("user.login", {"username": "Admin", "password": "zabbix", "userData": True})
    if not isinstance(res, dict):
        raise AssertionError("userData:true: expected an object, got %s" % e2e.short(res))
    if not is_sid(res.get("sessionid")):
        raise AssertionError("userData sessionid %r is not 32 hex" % (res.get("sessionid"),))
    for k in ("type", "debug_mode", "gui_access"):
        v = res.get(k)
        if isinstance(v, bool) or not isinstance(v, int):
            raise AssertionError("userData %s = %s, expected a JSON number" % (k, e2e.short(v)))
    expect_eq(res.get("type"), 3, "type of Admin (super admin)")
    expect_eq(res.get("userid"), "1", "userid")
    expect_eq(res.get("username"), "Admin", "username")
    expect_check_ok(s, res["sessionid"], "session from userData login")


@T.test
def login_deprecated_user_field():
    s = srv()
    sid = s.result("user.login", {"user": "Admin", "password": "zabbix"})
    if not is_sid(sid):
        raise AssertionError("login with 'user': got %s" % e2e.short(sid))
    expect_check_ok(s, sid)
    r = s.call("user.login", {"user": "Admin", "username": "Admin", "password": "zabbix"}, id=3)
    expect_error(r, -32602, 'Parameter "user" is deprecated.', id=3)


@T.test
def login_failures():
    s = srv()
    r = login_call(s, password="wrong", id=2)
    expect_error(r, -32500, BAD_LOGIN, id=2, what="wrong password")
    r = login_call(s, username="nosuchuser", id=3)
    expect_error(r, -32602, BAD_LOGIN, id=3, what="unknown user")
    r = s.call("user.login", {"username": "Admin"}, id=4)
    expect_error(r, -32602, 'Invalid parameter "/": the parameter "password" is missing.', id=4)
    r = s.call("user.login", {"username": "Admin", "password": "zabbix", "x": 1}, id=5)
    expect_error(r, -32602, 'Invalid parameter "/": unexpected parameter "x".', id=5)
    s.login()   # success after failures


# --------------------------------------------------------------------------- checkAuthentication
@T.test
def check_authentication():
    s = srv()
    sid = s.login()
    res = expect_check_ok(s, sid)
    expect_eq(res.get("userid"), "1", "userid")
    for k in ("type", "debug_mode", "gui_access"):
        if isinstance(res.get(k), bool) or not isinstance(res.get(k), int):
            raise AssertionError("checkAuthentication %s = %r, expected a number" % (k, res.get(k)))
    r = s.call("user.checkAuthentication", {"sessionid": "0424bd59b807674191e7d77572075f33"})
    expect_terminated(r, "unknown session")
    r = s.call("user.checkAuthentication", {}, id=6)
    expect_error(r, -32602, "Session ID or token is expected.", id=6)


# --------------------------------------------------------------------------- logout
@T.test
def logout_then_session_terminated():
    s = srv()
    sid = s.login()
    r = s.call("user.logout", [], auth=sid, id=3)
    expect_eq(r, {"jsonrpc": "2.0", "result": True, "id": 3}, "logout")
    r = s.call("user.logout", [], auth=sid, id=4)
    expect_error(r, -32602, TERMINATED, id=4, what="second logout")
    expect_terminated(s.call("user.checkAuthentication", {"sessionid": sid}),
                      "checkAuthentication after logout")
    other = s.login()
    expect_check_ok(s, other, "a new session after logout")


@T.test
def bearer_header_logout():
    s = srv()
    sid = s.login()
    keep = s.login()
    r = s.call("user.logout", [], headers={"Authorization": "Bearer " + sid}, id=7)
    expect_eq(r, {"jsonrpc": "2.0", "result": True, "id": 7}, "logout with Bearer header")
    expect_terminated(s.call("user.checkAuthentication", {"sessionid": sid}),
                      "checkAuthentication after Bearer logout")
    r = s.call("user.logout", [], headers={"Authorization": "Bearer " + sid}, id=8)
    expect_error(r, -32602, TERMINATED, id=8, what="second Bearer logout")
    expect_check_ok(s, keep, "other session untouched")


@T.test
def logout_auth_errors():
    s = srv()
    r = s.call("user.logout", [], id=1)
    expect_error(r, -32602, "Not authorized.", id=1, what="no auth")
    r = s.request({"jsonrpc": "2.0", "method": "user.logout", "params": [], "auth": None, "id": 2})
    expect_error(r, -32602, "Not authorized.", id=2, what="auth null")
    r = s.call("user.logout", [], auth="a" * 64, id=3)
    expect_error(r, -32602, "Not authorized.", id=3, what="64-char unknown token")
    r = s.call("user.logout", [], auth="0424bd59b807674191e7d77572075f33", id=4)
    expect_error(r, -32602, TERMINATED, id=4, what="unknown 32-hex session")
    r = s.request({"jsonrpc": "2.0", "method": "user.logout", "params": [], "auth": "", "id": 5})
    expect_error(r, -32600, 'Invalid parameter "/auth": cannot be empty.', id=5, what='auth ""')
    r = s.request({"jsonrpc": "2.0", "method": "user.logout", "params": [], "auth": 12345,
                   "id": 6})
    expect_error(r, -32600, 'Invalid parameter "/auth": a character string is expected.', id=6,
                 what="numeric auth")


@T.test
def no_auth_methods_refuse_auth():
    s = srv()
    sid = s.login()
    cases = [("apiinfo.version", {}), ("user.login", {"username": "Admin", "password": "zabbix"}),
             ("user.checkAuthentication", {"sessionid": sid})]
    for method, params in cases:
        for auth in (sid, "0424bd59b807674191e7d77572075f33"):
            r = s.call(method, params, auth=auth, id=9)
            expect_error(r, -32602, 'The "%s" method must be called without the "auth" '
                         'parameter.' % method, id=9, what="%s with auth" % method)
    expect_check_ok(s, sid, "session still valid")


# --------------------------------------------------------------------------- blocking
def blocking_server(name):
    return e2e.Server(["--login-attempts", "3", "--login-block", "2"], name=name).start()


def wrong(s, n, what):
    for i in range(n):
        r = login_call(s, password="wrong%d" % i, id=i)
        expect_error(r, -32500, BAD_LOGIN, id=i, what="%s: wrong password %d" % (what, i + 1))


def expect_blocked(s, what):
    r = login_call(s, id=99)
    expect_error(r, -32500, BAD_LOGIN, id=99, what=what + ": right password while blocked")


@T.test
def blocking_after_attempts_then_unblock():
    s = blocking_server("blocking")
    wrong(s, 3, "block")
    expect_blocked(s, "after 3 failures")
    t_last = time.monotonic()
    time.sleep(max(0.0, 2.5 - (time.monotonic() - t_last)))
    sid = s.login()
    expect_check_ok(s, sid, "login after the block ended")
    s.stop()


@T.test
def success_resets_failure_count():
    s = blocking_server("reset")
    wrong(s, 2, "first round")
    s.login()
    wrong(s, 2, "second round")
    s.login()   # 2 failures since the last success: not blocked
    s.stop()


@T.test
def failure_count_persists_across_restart():
    s = blocking_server("persist")
    wrong(s, 2, "before restart")
    s.restart()
    wrong(s, 1, "after restart")
    expect_blocked(s, "2 failures + restart + 1 failure")
    time.sleep(2.5)
    s.login()
    s.stop()


@T.test
def failure_count_persists_across_kill9():
    s = blocking_server("persist-kill9")
    wrong(s, 2, "before kill -9")
    s.kill9()
    s.start()
    wrong(s, 1, "after kill -9")
    expect_blocked(s, "2 failures + kill -9 + 1 failure")
    s.stop()


# --------------------------------------------------------------------------- concurrency
@T.test
def logins_do_not_stall_the_event_loop():
    s = srv()
    nthreads, per_thread = 8, 2
    barrier = threading.Barrier(nthreads + 1)
    sids, errors = [], []
    lock = threading.Lock()
    done = threading.Event()

    def login_worker():
        try:
            barrier.wait(timeout=10)
            for _ in range(per_thread):
                sid = s.login()
                with lock:
                    sids.append(sid)
        except Exception as e:   # noqa: BLE001
            with lock:
                errors.append(repr(e))

    samples = []   # (start, duration)

    def prober():
        conn = s.connection(timeout=5)
        body = e2e.json.dumps({"jsonrpc": "2.0", "method": "apiinfo.version", "params": {},
                               "id": "p"})
        try:
            for _ in range(5000):
                if done.is_set():
                    break
                t0 = time.monotonic()
                conn.request("POST", e2e.API_PATH, body=body,
                             headers={"Content-Type": e2e.JSONRPC_CT})
                resp = conn.getresponse()
                data = resp.read()
                dt = time.monotonic() - t0
                r = e2e.check_rpc_http(resp.status, resp.getheader("Content-Type"), data)
                expect_result(r, "6.0.14", id="p", what="probe")
                samples.append((t0, dt))
                time.sleep(0.005)
        except Exception as e:   # noqa: BLE001
            with lock:
                errors.append("prober: %r" % (e,))
        finally:
            conn.close()

    workers = [threading.Thread(target=login_worker) for _ in range(nthreads)]
    for w in workers:
        w.start()
    probe = threading.Thread(target=prober)
    probe.start()
    time.sleep(0.1)          # let the prober warm up its connection
    barrier.wait(timeout=10)
    t_start = time.monotonic()
    for w in workers:
        w.join(timeout=60)
    t_end = time.monotonic()
    done.set()
    probe.join(timeout=10)
    if errors:
        raise AssertionError("errors: %s" % "; ".join(errors[:5]))
    expect_eq(len(sids), nthreads * per_thread, "successful logins")
    expect_eq(len(set(sids)), len(sids), "distinct session ids")
    during = [dt for (t0, dt) in samples if t_start <= t0 <= t_end]
    if len(during) < 5:
        raise AssertionError("only %d apiinfo.version answers during %.2fs of logins (stalled?)"
                             % (len(during), t_end - t_start))
    # A loop that hashed on its own thread would hold every probe for about one bcrypt; a free
    # loop answers in a fraction of that. Compared with one login's time, not a fixed limit.
    t0 = time.monotonic()
    s.login()
    one_login = time.monotonic() - t0
    median = sorted(during)[len(during) // 2]
    if median >= one_login / 2:
        raise AssertionError("apiinfo.version median %.1f ms during concurrent logins, one login "
                             "takes %.1f ms: the event loop waits for the hashes"
                             % (median * 1000, one_login * 1000))


@T.test
def server_exits_0_on_sigterm():
    srv().alive()
    srv().stop()


if __name__ == "__main__":
    sys.exit(T.main())
