#!/usr/bin/env python3
# test_metrics.py: GET /metrics and the call log lines (issue 14), against the real tmpld.
#
# Exercises: a scrape, calls of known outcomes, a second scrape: the counters of the right
# method and outcome moved by exactly what was done, histogram counts grew with them, commit
# groups and times counted, gauges sane (connections, sessions, tokens, store bytes); blocked
# logins counted; the text follows the exposition format (HELP/TYPE, cumulative buckets) and
# holds no session id, token, password or user name; --metrics-listen serves it and the API
# port then does not; --workers 2 totals are the whole server's (calls spread over both
# workers, every scrape sums both); --log-format json writes one JSON object per line, a
# "call" line per call with client, user, method, outcome and duration_us, escaped; the text
# format's call line.
# Usage: test_metrics.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import http.client
import json
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq  # noqa: E402

T = e2e.Tests()
SAMPLE = re.compile(r'^([a-z_]+)(\{[^}]*\})? ([0-9.]+)$')
LABEL = re.compile(r'([a-z_]+)="([^"]*)"')


def scrape(port, path="/metrics"):
    """GET the metrics; returns (text, {(name, frozenset(labels)): value})."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        body = r.read().decode("utf-8")
        if r.status != 200:
            raise AssertionError("GET %s: HTTP %d" % (path, r.status))
        ctype = r.getheader("Content-Type")
        if not ctype.startswith("text/plain; version=0.0.4"):
            raise AssertionError("Content-Type %r" % ctype)
    finally:
        conn.close()
    return body, parse(body)


def parse(text):
    samples, typed = {}, set()
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            typed.add(line.split()[2])
            continue
        if line.startswith("# HELP "):
            continue
        m = SAMPLE.match(line)
        if m is None:
            raise AssertionError("not a sample line: %r" % line)
        name, labels, value = m.group(1), m.group(2) or "", m.group(3)
        base = re.sub(r'_(bucket|sum|count)$', "", name)
        if name not in typed and base not in typed:
            raise AssertionError("sample %s without its # TYPE" % name)
        samples[(name, frozenset(LABEL.findall(labels)))] = float(value)
    return samples


def val(samples, name, **labels):
    return samples.get((name, frozenset(labels.items())), 0.0)


def status_of(port, method, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path)
        r = conn.getresponse()
        r.read()
        return r.status
    finally:
        conn.close()


def check_buckets_cumulative(samples, name, **labels):
    rows = sorted(((float("inf") if dict(k[1])["le"] == "+Inf" else float(dict(k[1])["le"])), v)
                  for k, v in samples.items() if k[0] == name + "_bucket"
                  and {x: y for x, y in k[1] if x != "le"} == labels)
    if not rows:
        raise AssertionError("no buckets of %s %r" % (name, labels))
    for (_, a), (_, b) in zip(rows, rows[1:]):
        if b < a:
            raise AssertionError("%s buckets not cumulative: %r" % (name, rows))
    if rows[-1][1] != val(samples, name + "_count", **labels):
        raise AssertionError("%s: +Inf bucket %s != _count" % (name, rows[-1][1]))


@T.test
def counters_move_for_the_right_method_and_outcome():
    s = e2e.Server(name="metrics").start()
    _, before = scrape(s.port)
    for _ in range(3):
        s.result("apiinfo.version", {})
    sid = s.login()
    r = s.call("template.create", {"groups": [{"groupid": "1"}]}, auth=sid)
    e2e.expect_error(r, -32602, None, what="template.create without its host")
    r = s.call("no.such", {}, auth=sid)
    e2e.expect_error(r, -32601, None, what="an unknown method")
    text, after = scrape(s.port)

    def moved(name, **labels):
        return val(after, name, **labels) - val(before, name, **labels)

    expect_eq(moved("tmpld_calls_total", method="apiinfo.version", outcome="ok"), 3.0,
              "apiinfo.version ok")
    expect_eq(moved("tmpld_calls_total", method="user.login", outcome="ok"), 1.0, "login ok")
    expect_eq(moved("tmpld_calls_total", method="template.create", outcome="-32602"), 1.0,
              "template.create -32602")
    expect_eq(moved("tmpld_calls_total", method="template.create", outcome="ok"), 0.0,
              "template.create ok")
    expect_eq(moved("tmpld_calls_total", method="unknown", outcome="-32601"), 1.0,
              "unknown method")
    expect_eq(moved("tmpld_call_duration_seconds_count", method="apiinfo.version"), 3.0,
              "apiinfo.version histogram count")
    if moved("tmpld_call_duration_seconds_sum", method="user.login") <= 0:
        raise AssertionError("user.login took no time (bcrypt costs milliseconds)")
    for m in ("apiinfo.version", "user.login", "template.create"):
        check_buckets_cumulative(after, "tmpld_call_duration_seconds", method=m)
    check_buckets_cumulative(after, "tmpld_commit_group_size")
    check_buckets_cumulative(after, "tmpld_commit_duration_seconds")
    if moved("tmpld_commit_group_size_count") < 1:
        raise AssertionError("the login's write made no commit")
    if moved("tmpld_commit_duration_seconds_count") != moved("tmpld_commit_group_size_count"):
        raise AssertionError("commit times and group sizes disagree in count")
    if val(after, "tmpld_connections_open") < 1:
        raise AssertionError("the scraping connection is not counted as open")
    if val(after, "tmpld_sessions") < 1:
        raise AssertionError("no session counted after a login")
    file_b, map_b, used_b = (val(after, "tmpld_store_" + k + "_bytes")
                             for k in ("file", "map", "used"))
    if not 0 < used_b <= file_b <= map_b:
        raise AssertionError("store bytes: used %s, file %s, map %s" % (used_b, file_b, map_b))
    if "# TYPE tmpld_calls_total counter" not in text or \
            "# TYPE tmpld_call_duration_seconds histogram" not in text:
        raise AssertionError("TYPE lines missing")
    s.stop()


@T.test
def no_secret_session_token_or_user_name_in_the_text():
    s = e2e.Server(name="secrets").start()
    sid = s.login()
    uid = s.result("user.get", {"filter": {"username": "Admin"}}, auth=sid)[0]["userid"]
    tid = s.result("token.create", {"name": "metrics token", "userid": uid},
                   auth=sid)["tokenids"][0]
    token = s.result("token.generate", [tid], auth=sid)[0]["token"]
    s.call("user.login", {"username": "Admin", "password": "wrong-pass-XYZ"})
    s.result("apiinfo.version", {}, headers={"Authorization": "Bearer " + token})
    text, samples = scrape(s.port)
    for secret in (sid, token, "zabbix", "wrong-pass-XYZ", "Admin", "metrics token"):
        if secret in text:
            raise AssertionError("the metrics quote %r" % secret)
    if val(samples, "tmpld_api_tokens") != 1:
        raise AssertionError("tmpld_api_tokens is %s, expected 1" % val(samples,
                                                                      "tmpld_api_tokens"))
    s.stop()


@T.test
def blocked_logins_are_counted():
    s = e2e.Server(["--login-attempts", "2", "--login-block", "60"], name="blocked").start()
    for _ in range(2):
        e2e.expect_error(s.call("user.login", {"username": "Admin", "password": "bad"}),
                         -32500, None, what="a failed login")
    _, before = scrape(s.port)
    for _ in range(2):   # blocked now, even with the right password
        e2e.expect_error(s.call("user.login", {"username": "Admin", "password": "zabbix"}),
                         -32500, None, what="a blocked login")
    _, after = scrape(s.port)
    expect_eq(val(after, "tmpld_logins_blocked_total") - val(before, "tmpld_logins_blocked_total"),
              2.0, "logins blocked")
    expect_eq(val(after, "tmpld_calls_total", method="user.login", outcome="-32500"), 4.0,
              "failed logins")
    s.stop()


@T.test
def metrics_listen_serves_it_and_the_api_port_does_not():
    mport = e2e.free_port()
    s = e2e.Server(["--metrics-listen", "127.0.0.1:%d" % mport], name="mlisten").start()
    s.result("apiinfo.version", {})
    _, samples = scrape(mport)
    expect_eq(val(samples, "tmpld_calls_total", method="apiinfo.version", outcome="ok") >= 1,
              True, "calls seen on the metrics listener")
    expect_eq(status_of(s.port, "GET", "/metrics"), 404, "GET /metrics on the API port")
    expect_eq(status_of(mport, "GET", "/api_jsonrpc.php"), 404, "the API on the metrics port")
    expect_eq(status_of(mport, "POST", "/metrics"), 405, "POST /metrics")
    expect_eq(status_of(mport, "HEAD", "/metrics"), 200, "HEAD /metrics")
    s.stop()


@T.test
def metrics_listen_on_the_api_port_is_refused():
    port = e2e.free_port()
    r = subprocess.run([e2e.bin_path(), "--listen", "127.0.0.1:%d" % port, "--metrics-listen",
                        "127.0.0.1:%d" % port, "--workers", "2", "--data", "/nonexistent/x"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=10)
    expect_eq(r.returncode, 2, "exit status")
    if b"--metrics-listen must use a port other than --listen's" not in r.stderr:
        raise AssertionError("stderr: %r" % r.stderr)
    r = subprocess.run([e2e.bin_path(), "--log-format", "xml"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=10)
    expect_eq(r.returncode, 2, "exit status for --log-format xml")


@T.test
def api_port_serves_metrics_by_default_but_only_get():
    s = e2e.Server(name="route").start()
    expect_eq(status_of(s.port, "GET", "/metrics"), 200, "GET /metrics")
    expect_eq(status_of(s.port, "DELETE", "/metrics"), 405, "DELETE /metrics")
    expect_eq(status_of(s.port, "GET", "/metrics/x"), 404, "GET /metrics/x")
    s.stop()


def call_lines(s):
    out = []
    with open(s.log_path, "rb") as f:
        for raw in f.read().decode("utf-8").splitlines():
            if raw.startswith("=== start") or raw == "":
                continue
            out.append(raw)
    return out


@T.test
def two_workers_report_the_whole_servers_totals():
    s = e2e.Server(["--workers", "2", "--log-format", "json"], name="workers").start()
    n = 60
    for _ in range(n):   # each call on a new connection: the kernel spreads them
        s.result("apiinfo.version", {})
    totals = set()
    for _ in range(6):   # each scrape may land on either worker; all must sum both
        _, samples = scrape(s.port)
        totals.add(val(samples, "tmpld_calls_total", method="apiinfo.version", outcome="ok"))
    expect_eq(sorted(totals), [float(n + 1)], "apiinfo.version totals (+1: the readiness probe)")
    s.stop()
    pids = {json.loads(line)["pid"] for line in call_lines(s)
            if json.loads(line)["msg"] == "call"}
    if len(pids) < 2:
        raise AssertionError("every call went to one worker (%r): the test proves nothing"
                             % pids)


@T.test
def json_log_lines_parse_and_name_each_call():
    s = e2e.Server(["--log-format", "json"], name="jsonlog").start()
    sid = s.login()
    s.result("template.get", {"output": ["host"], "limit": 1}, auth=sid)
    weird = 'we"ird\nme\\thod\x01\u00e9'
    e2e.expect_error(s.call(weird, {}), -32601, None, what="a weird method")
    s.stop()
    calls = []
    for line in call_lines(s):
        try:
            obj = e2e.strict_json(line)
        except ValueError as e:
            raise AssertionError("not a JSON line: %r (%s)" % (line, e))
        for k in ("ts", "level", "msg"):
            if k not in obj:
                raise AssertionError("%s missing in %r" % (k, line))
        if obj["msg"] == "call":
            calls.append(obj)
        if sid in line:
            raise AssertionError("a log line quotes the session id: %s" % line)
    by_method = {c["method"]: c for c in calls}
    tg = by_method.get("template.get")
    if tg is None:
        raise AssertionError("no call line for template.get: %r" % calls)
    expect_eq((tg["user"], tg["outcome"], tg["client"], tg["level"]),
              ("Admin", "ok", "127.0.0.1", "info"), "template.get's line")
    if not isinstance(tg["duration_us"], int) or tg["duration_us"] < 0:
        raise AssertionError("duration_us %r" % tg["duration_us"])
    expect_eq(by_method.get("user.login", {}).get("user"), "Admin", "user.login's user")
    w = by_method.get(weird)
    if w is None:
        raise AssertionError("the weird method's name did not come back intact: %r"
                             % [c["method"] for c in calls])
    expect_eq((w["user"], w["outcome"]), ("-", "-32601"), "the weird call's line")
    if "error" not in w:
        raise AssertionError("a failed call's line has no error text")


@T.test
def text_call_line_has_the_documented_shape():
    s = e2e.Server(name="textlog").start()
    sid = s.login()
    s.result("hostgroup.get", {"limit": 1}, auth=sid)
    s.stop()
    pat = re.compile(r'^\S+Z tmpld\[\d+\] info: call client=127\.0\.0\.1 user=Admin '
                     r'method=hostgroup\.get outcome=ok duration_us=\d+$')
    lines = call_lines(s)
    if not any(pat.match(line) for line in lines):
        raise AssertionError("no call line like %s in:\n%s" % (pat.pattern, "\n".join(lines)))
    if any(sid in line for line in lines):
        raise AssertionError("a log line quotes the session id")


if __name__ == "__main__":
    sys.exit(T.main())
