#!/usr/bin/env python3
# test_secret_macros.py: a secret macro's value never leaves the server (issue 9), against the
# real tmpld with the default log level (one line per call, errors included).
#
# Exercises: a secret macro (type 1) turned into a vault macro (type 2) without a value, by
# template.update, host.update, host.massupdate (by name) and usermacro.update, each answers
# Zabbix's 'Invalid parameter ".../value": cannot be empty.' (Zabbix pads the value with ""
# first, so it quotes nothing either) and changes nothing; a vault macro turned secret and
# back, and a text macro turned vault, still check the value that is there (a text value may
# be quoted: it is no secret); the secret appears in no answer (usermacro.get never returns
# it) and in no line of the server's log.
# Usage: test_secret_macros.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import os
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, [], name="secrets", login=True)   # default log level: a line per call
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq
SECRET = "hunter2-do-not-print-me"
SEEN = []   # every answer, checked for the secret at the end


def group():
    return S.once("group", lambda: res("hostgroup.create", {"name": "e2e secrets"})["groupids"][0])


def answer(method, params):
    r = call(method, params)
    SEEN.append(r)
    return r


def with_secret(kind):
    """A template or host with one secret macro; returns (id, hostmacroid)."""
    name = uniq("e2e-secret-%s" % kind).replace(" ", "-")
    params = {"host": name, "groups": [{"groupid": group()}],
              "macros": [{"macro": "{$PASS}", "value": SECRET, "type": 1}]}
    hostid = res("%s.create" % kind, params)["%sids" % kind][0]
    got = res("usermacro.get", {"hostids": [hostid], "output": "extend"})
    expect_eq([(m["macro"], m["type"], "value" in m) for m in got], [("{$PASS}", "1", False)],
              "a secret macro is listed without its value")
    return hostid, got[0]["hostmacroid"]


def still_secret(hostid):
    got = res("usermacro.get", {"hostids": [hostid], "output": ["macro", "type"]})
    expect_eq([(m["macro"], m["type"]) for m in got], [("{$PASS}", "1")], "nothing changed")


@T.test
def template_update_to_vault():
    t, mid = with_secret("template")
    r = answer("template.update", {"templateid": t, "macros": [{"hostmacroid": mid, "type": 2}]})
    expect_error(r, -32602, 'Invalid parameter "/1/macros/1/value": cannot be empty.')
    still_secret(t)


@T.test
def host_update_to_vault():
    h, mid = with_secret("host")
    r = answer("host.update", {"hostid": h, "macros": [{"hostmacroid": mid, "type": "2"}]})
    expect_error(r, -32602, 'Invalid parameter "/1/macros/1/value": cannot be empty.')
    still_secret(h)


@T.test
def host_massupdate_to_vault():
    h, _ = with_secret("host")
    r = answer("host.massupdate", {"hosts": [{"hostid": h}],
                                   "macros": [{"macro": "{$PASS}", "type": 2}]})
    expect_error(r, -32602, 'Invalid parameter "/macros/1/value": cannot be empty.')
    still_secret(h)


@T.test
def usermacro_update_to_vault():
    t, mid = with_secret("template")
    r = answer("usermacro.update", {"hostmacroid": mid, "type": 2})
    expect_error(r, -32602, 'Invalid parameter "/1/value": cannot be empty.')
    still_secret(t)


@T.test
def other_type_changes_still_check_the_value():
    t = res("template.create", {"host": uniq("e2e secret other"), "groups": [{"groupid": group()}],
                                "macros": [{"macro": "{$TXT}", "value": "plain"},
                                           {"macro": "{$V}", "value": "kv/a:b", "type": 2}]})
    t = t["templateids"][0]
    ids = {m["macro"]: m["hostmacroid"]
           for m in res("usermacro.get", {"hostids": [t], "output": ["macro"]})}
    r = answer("template.update", {"templateid": t, "macros": [
        {"hostmacroid": ids["{$TXT}"], "type": 2}, {"hostmacroid": ids["{$V}"]}]})
    expect_error(r, -32602, 'Invalid parameter "/1/macros/1/value": incorrect syntax near '
                 '"plain".', what="a text value (no secret) is quoted as Zabbix does")
    res("template.update", {"templateid": t, "macros": [
        {"hostmacroid": ids["{$TXT}"], "type": 2, "value": "kv/x:y"},
        {"hostmacroid": ids["{$V}"]}]})
    got = {m["macro"]: (m["type"], m.get("value"))
           for m in res("usermacro.get", {"hostids": [t], "output": "extend"})}
    expect_eq(got, {"{$TXT}": ("2", "kv/x:y"), "{$V}": ("2", "kv/a:b")}, "vault macros")


@T.test
def the_secret_is_in_no_answer_and_no_log_line():
    for r in SEEN:
        if SECRET in str(r):
            raise AssertionError("an answer quotes the secret: %s" % e2e.short(r))
    srv().alive()
    with open(srv().log_path, "rb") as f:
        log = f.read().decode("utf-8", "replace")
    if "error" not in log:
        raise AssertionError("the log holds no error lines: the check would prove nothing")
    for line in log.splitlines():
        if SECRET in line:
            raise AssertionError("a log line quotes the secret: %s" % line)


if __name__ == "__main__":
    sys.exit(T.main())
