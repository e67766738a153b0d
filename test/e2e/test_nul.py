#!/usr/bin/env python3
# test_nul.py: a "\u0000" inside a JSON string is never cut short (issue 9: a name "a\u0000b"
# used to be stored as "a"), against the real tmpld.
#
# Exercises:
#   - template.create and template.update with "a\u0000b" in name, description, a macro value
#     and a tag: refused with Zabbix's text for the path ("invalid byte sequence in UTF-8"),
#     and in the technical name with the name's own text ("invalid host name"), as Zabbix's
#     validator accepts a NUL and its field checks refuse it; nothing is created or changed,
#     in particular no template named "a";
#   - an escaped backslash before u0000 ("\\u0000") is six plain characters, kept as sent;
#   - where Zabbix checks by hand (host.create's visible name) the value is kept whole and
#     comes back as "a\u0000b"; host.create's technical name is refused with Zabbix's text;
#   - values only looked up (user.login's username and password, a session id) keep it and
#     fail their lookup ("Admin\u0000x" never logs in as Admin);
#   - an error text that quotes the value quotes it whole ("\u0000" in the data member).
# Usage: test_nul.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import json
import os
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, ["--log-level", "warn"], login=True)
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq
NUL = "a\x00b"
UTF8 = "invalid byte sequence in UTF-8"


def group():
    return S.once("group", lambda: res("hostgroup.create", {"name": "e2e nul"})["groupids"][0])


def templates_named(*names):
    return res("template.get", {"output": ["host", "name", "description"],
                                "filter": {"host": list(names)}})


def all_templates():
    return res("template.get", {"output": ["host", "name", "description"],
                                "selectMacros": ["macro", "value"], "selectTags": "extend"})


@T.test
def template_create_refuses_a_nul_with_the_field_text():
    before = all_templates()
    g = [{"groupid": group()}]
    cases = [
        ({"host": NUL, "groups": g}, "/1/host", "invalid host name"),
        ({"host": uniq("nul"), "name": NUL, "groups": g}, "/1/name", UTF8),
        ({"host": uniq("nul"), "description": NUL, "groups": g}, "/1/description", UTF8),
        ({"host": uniq("nul"), "groups": g, "macros": [{"macro": "{$M}", "value": NUL}]},
         "/1/macros/1/value", UTF8),
        ({"host": uniq("nul"), "groups": g, "tags": [{"tag": NUL}]}, "/1/tags/1/tag", UTF8),
        # the second template of a call, after a good first one: the call does nothing
        ([{"host": uniq("nul"), "groups": g}, {"host": uniq("nul"), "name": "x\x00", "groups": g}],
         "/2/name", UTF8),
    ]
    for params, path, what in cases:
        expect_error(call("template.create", params), -32602,
                     'Invalid parameter "%s": %s.' % (path, what), what=path)
    expect_eq(templates_named("a", "x"), [], "no template named after a cut value")
    expect_eq(all_templates(), before, "nothing created")


@T.test
def template_update_refuses_a_nul_and_changes_nothing():
    host = uniq("nul upd")
    tid = res("template.create", {"host": host, "groups": [{"groupid": group()}],
                                  "description": "kept"})["templateids"][0]
    before = all_templates()
    for params, path, what in [
        ({"templateid": tid, "host": NUL}, "/1/host", "invalid host name"),
        ({"templateid": tid, "name": NUL}, "/1/name", UTF8),
        ({"templateid": tid, "description": NUL}, "/1/description", UTF8),
        ({"templateid": tid, "macros": [{"macro": "{$M}", "value": NUL}]},
         "/1/macros/1/value", UTF8),
    ]:
        expect_error(call("template.update", params), -32602,
                     'Invalid parameter "%s": %s.' % (path, what), what=path)
    expect_eq(all_templates(), before, "nothing changed")
    expect_eq(templates_named(host)[0]["description"], "kept", "description kept")


@T.test
def an_escaped_backslash_before_u0000_is_plain_text():
    host = uniq("nul esc")
    tid = res("template.create", {"host": host, "groups": [{"groupid": group()}],
                                  "description": "a\\u0000b"})["templateids"][0]
    got = res("template.get", {"templateids": [tid], "output": ["description"]})
    expect_eq(got[0]["description"], "a\\u0000b", "six plain characters")


@T.test
def values_checked_by_hand_are_kept_whole():
    g = [{"groupid": group()}]
    host = uniq("nul host").replace(" ", "_")
    hid = res("host.create", {"host": host, "name": "v" + NUL, "groups": g})["hostids"][0]
    got = res("host.get", {"hostids": [hid], "output": ["host", "name"]})
    expect_eq(got[0]["name"], "v" + NUL, "the visible name, whole")
    # the raw answer carries the escape, not a raw NUL byte and not a cut value
    status, ctype, data = srv().raw_post(json.dumps(
        e2e.envelope("host.get", {"hostids": [hid], "output": ["name"]}, auth=S.session())))
    if b"va\\u0000b" not in data or b"\x00" in data:
        raise AssertionError("raw answer %r" % data[:200])
    expect_error(call("host.create", {"host": NUL, "groups": g}), -32602,
                 'Incorrect characters used for host name "%s".' % NUL)


@T.test
def looked_up_values_keep_a_nul_and_fail_their_lookup():
    # cut at the NUL, "Admin\u0000x" would log in as Admin
    r = srv().call("user.login", {"username": "Admin\x00x", "password": "zabbix"})
    if "result" in r or "Incorrect user name or password" not in r["error"]["data"]:
        raise AssertionError("user.login with a NUL: %s" % e2e.short(r))
    r = srv().call("user.login", {"username": "Admin", "password": "zabbix\x00x"})
    if "result" in r or "Incorrect user name or password" not in r["error"]["data"]:
        raise AssertionError("user.login with a NUL in the password: %s" % e2e.short(r))
    expect_error(srv().call("user.checkAuthentication", {"sessionid": S.session() + "\x00"}),
                 -32602, "Session terminated, re-login, please.")


@T.test
def error_texts_quote_a_nul_whole():
    expect_error(call("template.create", {"host": uniq("nul"), "groups": [{"groupid": group()}],
                                          "macros": [{"macro": "{$A\x00}", "value": "1"}]}),
                 -32602, 'Invalid parameter "/1/macros/1/macro": incorrect syntax near "\x00}".')
    r = srv().call("user.login", {"username": "Admin", "password": "zabbix", "na\x00me": 1})
    expect_error(r, -32602, 'Invalid parameter "/": unexpected parameter "na\x00me".')


if __name__ == "__main__":
    T.main()
