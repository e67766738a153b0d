#!/usr/bin/env python3
# test_reload.py: SIGHUP reads the config file again: the log level changes, a BlueKing app
# added to the file works and one removed from it is refused, from the next request on; a
# change that needs a restart is logged as such; a file with an error changes nothing. With
# --workers 2 the main process passes SIGHUP on and every worker reloads.
#
# Usage: test_reload.py [BIN]

import json
import os
import signal
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq  # noqa: E402

T = e2e.Tests()
ESB = "/api/c/compapi/v2/cc/list_proc_template/"
AUTH_FAILED = 1306000


def write_conf(s, lines):
    path = os.path.join(s.tmp, "tmpld.conf")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def server(lines, extra=()):
    s = e2e.Server(name="reload")
    path = write_conf(s, lines)
    s.extra_args = ["--config", path] + list(extra)
    return s.start()


def esb_code(s, code, secret):
    body = {"bk_app_code": code, "bk_app_secret": secret, "bk_username": "Admin",
            "bk_biz_id": 1, "service_template_id": 999}
    status, ctype, data = s.raw_post(json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, path=ESB)
    return e2e.check_rpc_http(status, ctype, data)["code"]


def log_text(s):
    with open(s.log_path, errors="replace") as f:
        return f.read()


def hup_and_wait(s, count=1, sig_target=None):
    """SIGHUP, then wait until `count` more reload lines are in the log."""
    before = log_text(s).count("reload: ")
    os.kill(sig_target or s.pid, signal.SIGHUP)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        text = log_text(s)
        done = text.count("reload: configuration read again") + text.count("nothing changed")
        if text.count("reload: ") > before and done >= count:
            return text
        time.sleep(0.05)
    raise AssertionError("no reload in the log after SIGHUP:\n" + s.log_tail())


@T.test
def sighup_should_change_the_log_level_and_the_bk_apps():
    s = server(["log-level = info", "bk-app = first:sec-one:trusted"])
    expect_eq(esb_code(s, "first", "sec-one") != AUTH_FAILED, True, "first app before")
    expect_eq(esb_code(s, "second", "sec-two"), AUTH_FAILED, "second app before")
    s.result("apiinfo.version", {})
    assert "method=apiinfo.version outcome=ok" in log_text(s), "no call line at level info"

    write_conf(s, ["log-level = error", "bk-app = second:sec-two:trusted",
                   "timeout = 45", "map-size = 2097152"])
    text = hup_and_wait(s)
    assert "reload: configuration read again: log level error, 1 BlueKing app" in text, text
    assert "timeout has changed: that needs a restart" in text, text
    assert "map-size has changed: that needs a restart" in text, text
    expect_eq(esb_code(s, "second", "sec-two") != AUTH_FAILED, True, "the added app")
    expect_eq(esb_code(s, "first", "sec-one"), AUTH_FAILED, "the removed app")
    n = log_text(s).count("method=apiinfo.version outcome=ok")
    s.result("apiinfo.version", {})
    expect_eq(log_text(s).count("method=apiinfo.version outcome=ok"), n, "call lines at level error")
    for secret in ("sec-one", "sec-two"):
        assert secret not in log_text(s), "a secret in the log"

    # back to info: call lines again
    write_conf(s, ["log-level = info", "bk-app = second:sec-two:trusted"])
    hup_and_wait(s)
    s.result("apiinfo.version", {})
    expect_eq(log_text(s).count("method=apiinfo.version outcome=ok"), n + 1, "call lines at level info again")
    s.stop()


@T.test
def a_config_with_an_error_should_change_nothing():
    s = server(["bk-app = first:sec-one:trusted"])
    write_conf(s, ["log-level = error", "bk-app = second:sec-two:trusted", "no-such-key = 1"])
    text = hup_and_wait(s)
    assert "reload: the configuration has an error" in text, text
    write_conf(s, ["bk-app = broken"])
    text = hup_and_wait(s)
    assert text.count("nothing changed") == 2, text
    expect_eq(esb_code(s, "first", "sec-one") != AUTH_FAILED, True, "the app of the old file")
    expect_eq(esb_code(s, "second", "sec-two"), AUTH_FAILED, "the app of the bad file")
    s.result("apiinfo.version", {})
    assert log_text(s).count("method=apiinfo.version outcome=ok") >= 1, "the log level changed"
    s.stop()


@T.test
def with_workers_every_worker_should_reload():
    s = server(["bk-app = first:sec-one:trusted"], ["--workers", "2"])
    for _ in range(6):
        expect_eq(esb_code(s, "second", "sec-two"), AUTH_FAILED, "second app before")
    write_conf(s, ["bk-app = second:sec-two:trusted"])
    text = hup_and_wait(s, count=2)
    assert "SIGHUP: passed on to the workers" in text, text
    expect_eq(text.count("reload: configuration read again"), 2, "a reload per worker")
    # new connections land on either worker: every one knows the new app only
    for _ in range(10):
        expect_eq(esb_code(s, "second", "sec-two") != AUTH_FAILED, True, "the added app")
        expect_eq(esb_code(s, "first", "sec-one"), AUTH_FAILED, "the removed app")
    s.stop()


if __name__ == "__main__":
    if len(sys.argv) > 1:
        os.environ["TMPLD_BIN"] = os.path.abspath(sys.argv[1])
    sys.exit(T.main())
