#!/usr/bin/env python3
# test_httptest.py: web scenarios (httptest.*), their web items and their inheritance, against
# the real tmpld.
#
# Exercises:
#   - httptest.create on a template and on a host; httptest.get extend (headers, variables,
#     the secrets as Zabbix gives them), selectSteps (extend, a field list, count, form posts as
#     a list), selectTags, selectHosts, hostids/templateids together, templated, inherited,
#     countOutput;
#   - the web items: keys, names, value types, units, delay, status and tags, seen only by
#     item.get webitems, not by template.get/host.get selectItems; item.update and item.delete
#     refuse them; renaming the scenario renames them, replacing steps replaces the step items;
#   - errors with Zabbix's texts, each leaving the store unchanged;
#   - a chain template A -> template B -> host H: link copies down with templateid (uuid "")
#     and web items pointing at the parent's; a copy refuses a name, a step name, other step
#     counts and its own deletion, accepts delay; a template update goes to every level;
#     unlink keeps (templateid 0); clear deletes on every level; template.delete takes the
#     copies; host.delete takes the host's scenarios;
#   - template.get/host.get selectHttpTests (list and count) and with_httptests;
#   - configuration.export of a template's scenario and its import back (importcompare []).
# Usage: test_httptest.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import json
import os
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, ["--log-level", "warn"], name="httptest", login=True, fmt="%s-%d")
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq


def group():
    return S.once("group", lambda: res("hostgroup.create", {"name": "e2e httptest"})["groupids"][0])


def mk_template(parents=()):
    return res("template.create", {"host": uniq("e2e-ht-T"), "groups": [{"groupid": group()}],
                                   "templates": [{"templateid": p} for p in parents]}
               )["templateids"][0]


def mk_host(parents=()):
    return res("host.create", {"host": uniq("e2e-ht-H"), "groups": [{"groupid": group()}],
                               "templates": [{"templateid": p} for p in parents]})["hostids"][0]


def mk_test(hostid, name, steps=("home",), **extra):
    params = {"hostid": hostid, "name": name,
              "steps": [{"name": s, "url": "http://example.com/" + s, "no": i + 1}
                        for i, s in enumerate(steps)]}
    params.update(extra)
    return res("httptest.create", params)["httptestids"][0]


def web_keys(hostid):
    return [i["key_"] for i in res("item.get", {"hostids": hostid, "webitems": True,
                                                "output": ["key_"], "sortfield": "key_"})]


def snapshot(hostids):
    return (res("httptest.get", {"hostids": hostids, "output": "extend", "selectSteps": "extend",
                                 "selectTags": "extend", "sortfield": "httptestid"}),
            res("item.get", {"hostids": hostids, "webitems": True, "output": "extend",
                             "sortfield": "itemid"}))


@T.test
def create_and_get():
    t, h = mk_template(), mk_host()
    w = mk_test(t, "Login", ("front", "login"), delay="2m", retries=2, agent="ag",
                variables=[{"name": "{user}", "value": "admin"}],
                headers=[{"name": "X-A", "value": "1"}], tags=[{"tag": "web"}],
                authentication=1, http_user="u", http_password="secret")
    res("httptest.update", {"httptestid": w, "steps": [
        {"name": "front", "url": "http://x/", "no": 1, "timeout": "10s", "required": "Welcome"},
        {"name": "login", "url": "http://x/login", "no": 2, "posts": [{"name": "a", "value": "b"}],
         "query_fields": [{"name": "q", "value": "1"}], "follow_redirects": 0}]})
    got = res("httptest.get", {"httptestids": w, "output": "extend", "selectSteps": "extend",
                               "selectTags": "extend", "selectHosts": ["host"]})[0]
    expect_eq(list(got)[:19], ["httptestid", "name", "nextcheck", "delay", "status", "agent",
                               "authentication", "http_user", "http_password", "hostid",
                               "templateid", "http_proxy", "retries", "ssl_cert_file",
                               "ssl_key_file", "ssl_key_password", "verify_peer", "verify_host",
                               "uuid"], "extend keys")
    expect_eq((got["delay"], got["retries"], got["agent"], got["http_password"], len(got["uuid"])),
              ("2m", "2", "ag", "secret", 32), "fields (the password as Zabbix gives it)")
    expect_eq(got["variables"], [{"name": "{user}", "value": "admin"}], "variables")
    expect_eq(got["tags"], [{"tag": "web", "value": ""}], "tags")
    expect_eq(got["hosts"][0]["hostid"], t, "selectHosts")
    s1, s2 = got["steps"]
    expect_eq((s1["timeout"], s1["required"], s1["posts"], s1["post_type"]),
              ("10s", "Welcome", "", "0"), "step 1")
    expect_eq((s2["timeout"], s2["posts"], s2["post_type"], s2["follow_redirects"],
               s2["query_fields"]), ("15s", [{"name": "a", "value": "b"}], "1", "0",
                                     [{"name": "q", "value": "1"}]), "step 2 (form posts)")
    got = res("httptest.get", {"httptestids": w, "output": ["name"], "selectSteps": "count"})
    expect_eq(got, [{"httptestid": w, "name": "Login", "steps": "2"}], "count of steps")
    mk_test(h, "Own")
    got = res("httptest.get", {"hostids": h, "templateids": t, "output": ["name"],
                               "sortfield": "name"})
    expect_eq([g["name"] for g in got], ["Login", "Own"], "hostids and templateids together")
    got = res("httptest.get", {"hostids": [h, t], "templated": True, "output": ["name"]})
    expect_eq([g["name"] for g in got], ["Login"], "templated")
    expect_eq(res("httptest.get", {"hostids": [h, t], "countOutput": True}), "2", "count")


@T.test
def web_items():
    t = mk_template()
    mk_test(t, "Shop, main", ("home",), delay="5m", status=1, tags=[{"tag": "a", "value": "b"}])
    got = res("item.get", {"hostids": t, "webitems": True, "sortfield": "key_",
                           "output": ["key_", "name", "type", "value_type", "units", "delay",
                                      "status", "history", "trends"], "selectTags": "extend"})
    expect_eq([g["key_"] for g in got], [
        'web.test.error["Shop, main"]', 'web.test.fail["Shop, main"]',
        'web.test.in["Shop, main",,bps]', 'web.test.in["Shop, main",home,bps]',
        'web.test.rspcode["Shop, main",home]', 'web.test.time["Shop, main",home,resp]'], "keys")
    expect_eq(got[3]["name"], 'Download speed for step "home" of scenario "Shop, main".', "name")
    expect_eq({(g["type"], g["delay"], g["status"], g["history"], g["trends"]) for g in got},
              {("9", "5m", "1", "30d", "90d")}, "type, delay, status, history, trends")
    expect_eq([(g["value_type"], g["units"]) for g in got],
              [("1", ""), ("3", ""), ("0", "Bps"), ("0", "Bps"), ("3", ""), ("0", "s")],
              "value types and units")
    expect_eq(got[0]["tags"], [{"tag": "a", "value": "b"}], "the scenario's tags")
    expect_eq(res("item.get", {"hostids": t, "output": ["key_"]}), [], "hidden without webitems")
    # the same on every path a get takes: streamed, sorted (rows as trees), counted, filtered
    plain = res("item.create", {"hostid": t, "name": "plain", "key_": "plain", "type": 2,
                                "value_type": 3})["itemids"][0]
    for extra in ({}, {"sortfield": "key_"}, {"filter": {"value_type": ["1", "3"]}},
                  {"limit": 1}, {"preservekeys": True}):
        got = res("item.get", dict({"hostids": t, "output": ["key_"]}, **extra))
        got = list(got.values()) if isinstance(got, dict) else got
        expect_eq([g["itemid"] for g in got], [plain], "only the plain item with %s" % extra)
    expect_eq(res("item.get", {"hostids": t, "countOutput": True}), "1", "countOutput")
    expect_eq(res("item.get", {"hostids": t, "countOutput": True, "filter": {"value_type": 3}}),
              "1", "countOutput with a filter")
    expect_eq(res("item.get", {"itemids": plain, "countOutput": True, "webitems": True}), "1",
              "countOutput by id")
    expect_eq(res("item.get", {"hostids": t, "countOutput": True, "webitems": True}), "7",
              "countOutput with webitems")
    res("item.delete", [plain])
    got = res("template.get", {"templateids": t, "output": ["host"], "selectItems": "count"})
    expect_eq(got[0]["items"], "0", "selectItems does not count them")
    itemid = got and res("item.get", {"hostids": t, "webitems": True, "output": ["key_"]}
                         )[0]["itemid"]
    expect_error(call("item.update", {"itemid": itemid, "name": "x"}), -32500,
                 "No permissions to referred object or it does not exist!")
    expect_error(call("item.delete", [itemid]), -32500,
                 "No permissions to referred object or it does not exist!")
    expect_error(call("item.create", {"hostid": t, "name": "x", "key_": 'web.test.fail["Shop, main"]',
                                      "type": 2, "value_type": 3}), -32602,
                 None)


@T.test
def update_renames_and_replaces():
    t = mk_template()
    w = mk_test(t, "A", ("one", "two"))
    steps = res("httptest.get", {"httptestids": w, "output": ["name"],
                                 "selectSteps": ["httpstepid", "name"]})[0]["steps"]
    before = {i["key_"]: i["itemid"] for i in res("item.get", {
        "hostids": t, "webitems": True, "output": ["key_"]})}
    res("httptest.update", {"httptestid": w, "name": "B", "steps": [
        {"httpstepid": steps[0]["httpstepid"], "name": "uno"},
        {"name": "three", "url": "http://x/3", "no": 3}]})
    after = {i["key_"]: i["itemid"] for i in res("item.get", {
        "hostids": t, "webitems": True, "output": ["key_"]})}
    expect_eq(sorted(after), sorted(["web.test.in[B,,bps]", "web.test.fail[B]",
                                     "web.test.error[B]", "web.test.in[B,uno,bps]",
                                     "web.test.time[B,uno,resp]", "web.test.rspcode[B,uno]",
                                     "web.test.in[B,three,bps]", "web.test.time[B,three,resp]",
                                     "web.test.rspcode[B,three]"]), "renamed and replaced")
    expect_eq(after["web.test.fail[B]"], before["web.test.fail[A]"], "the scenario's items stay")
    expect_eq(after["web.test.time[B,uno,resp]"], before["web.test.time[A,one,resp]"],
              "a kept step's items stay")


@T.test
def errors_change_nothing():
    t, h = mk_template(), mk_host()
    w = mk_test(t, "W")
    mk_test(t, "V")
    snap = snapshot([t, h])
    step = [{"name": "s", "url": "http://x/", "no": 1}]
    cases = [
        ({"hostid": t, "name": "N"}, -32602, 'Invalid parameter "/1": the parameter "steps" is missing.'),
        ({"hostid": t, "name": "N", "steps": []}, -32602, 'Invalid parameter "/1/steps": cannot be empty.'),
        ({"hostid": t, "name": "W", "steps": step}, -32602, 'Web scenario "W" already exists.'),
        ({"hostid": t, "name": "N", "delay": "0", "steps": step}, -32602,
         'Invalid parameter "/1/delay": value must be one of 1-86400.'),
        ({"hostid": t, "name": "N", "delay": "x", "steps": step}, -32602,
         'Invalid parameter "/1/delay": a time unit is expected.'),
        ({"hostid": t, "name": "N", "variables": [{"name": "v", "value": ""}], "steps": step}, -32602,
         'Invalid parameter "/1/variables/1/name": is not enclosed in {} or is malformed.'),
        ({"hostid": t, "name": "N", "steps": [dict(step[0], status_codes="2x")]}, -32602,
         'Invalid response code "2x".'),
        ({"hostid": t, "name": "N", "steps": [dict(step[0], retrieve_mode=1, posts="a")]}, -32602,
         'Incorrect value for field "posts": should be empty.'),
        ({"hostid": t, "name": "N", "http_user": "u", "steps": step}, -32602,
         'Incorrect value for field "http_user": should be empty.'),
        ({"hostid": t, "name": "N", "ssl_key_file": "k", "steps": step}, -32602,
         'Empty SSL certificate file for web scenario "N".'),
        ({"hostid": h, "name": "N", "uuid": "0123456789ab4def8123456789abcdef", "steps": step},
         -32602, 'Invalid parameter "/1": unexpected parameter "uuid".'),
        ({"hostid": "999999", "name": "N", "steps": step}, -32500,
         "No permissions to referred object or it does not exist!"),
        ([{"hostid": t, "name": "N", "steps": step}, {"hostid": t, "name": "N2", "steps": step,
                                                       "delay": "1y"}], -32602,
         'Invalid parameter "/2/delay": a time unit is expected.'),
    ]
    for params, code, data in cases:
        expect_error(call("httptest.create", params), code, data)
    expect_error(call("httptest.update", {"httptestid": w, "name": "V"}), -32602,
                 'Web scenario "V" already exists.')
    expect_error(call("httptest.update", {"httptestid": "999999"}), -32500,
                 "No permissions to referred object or it does not exist!")
    expect_error(call("httptest.delete", [w, "999999"]), -32500,
                 "No permissions to referred object or it does not exist!")
    expect_error(call("httptest.delete", [w, w]), -32602,
                 'Invalid parameter "/2": value (%s) already exists.' % w)
    expect_eq(snapshot([t, h]), snap, "nothing changed")


@T.test
def chain_link_edit_unlink_clear_delete():
    a = mk_template()
    w = mk_test(a, "Shop", ("home",), delay="1m")
    b = mk_template([a])
    h = mk_host([b])
    cb = res("httptest.get", {"hostids": b, "output": ["templateid", "uuid"]})
    ch = res("httptest.get", {"hostids": h, "output": ["templateid", "uuid"],
                              "selectSteps": ["httpstepid"]})
    expect_eq((cb[0]["templateid"], cb[0]["uuid"]), (w, ""), "B's copy")
    expect_eq(ch[0]["templateid"], cb[0]["httptestid"], "H's copy of B's")
    hid, sid = ch[0]["httptestid"], ch[0]["steps"][0]["httpstepid"]
    bitems = {i["key_"]: i["itemid"] for i in res("item.get", {"hostids": b, "webitems": True,
                                                               "output": ["key_"]})}
    hitems = res("item.get", {"hostids": h, "webitems": True, "output": ["key_", "templateid"]})
    expect_eq({i["templateid"] for i in hitems}, {bitems[i["key_"]] for i in hitems},
              "H's web items point at B's")
    # what a copy refuses and accepts
    expect_error(call("httptest.update", {"httptestid": hid, "name": "x"}), -32602,
                 'Cannot update a templated web scenario "x": unexpected parameter "name".')
    expect_error(call("httptest.update", {"httptestid": hid, "steps": [
        {"httpstepid": sid, "name": "x"}]}), -32602,
        'Cannot update step for a templated web scenario "Shop": unexpected parameter "name".')
    expect_error(call("httptest.update", {"httptestid": hid, "steps": [{"httpstepid": sid},
                                                                      {"url": "http://y/"}]}),
                 -32602, "Incorrect templated web scenario step count.")
    expect_error(call("httptest.delete", [hid]), -32602,
                 'Cannot delete templated web scenario "Shop".')
    res("httptest.update", {"httptestid": hid, "delay": "10m", "steps": [
        {"httpstepid": sid, "url": "http://local/"}]})
    # a template update goes down the chain with what it sent
    res("httptest.update", {"httptestid": w, "name": "Store", "retries": 3})
    got = res("httptest.get", {"hostids": [b, h], "output": ["name", "retries", "delay"],
                               "selectSteps": ["url"], "sortfield": "httptestid"})
    expect_eq([(g["name"], g["retries"], g["delay"], g["steps"][0]["url"]) for g in got],
              [("Store", "3", "1m", "http://example.com/home"),
               ("Store", "3", "10m", "http://local/")], "propagated")
    expect_eq("web.test.fail[Store]" in web_keys(h), True, "H's web items renamed")
    # selects and with_httptests
    got = res("host.get", {"hostids": h, "output": ["host"], "selectHttpTests": ["name"],
                           "selectItems": "count"})
    expect_eq((got[0]["httpTests"], got[0]["items"]), ([{"name": "Store"}], "0"), "host.get")
    got = res("template.get", {"templateids": [a, b, mk_template()], "output": ["host"],
                               "selectHttpTests": "count", "with_httptests": True})
    expect_eq(sorted(g["httpTests"] for g in got), ["1", "1"], "with_httptests and count")
    # unlink B from A keeps (templateid 0, a new uuid on a template), H still B's copy
    res("template.update", {"templateid": b, "templates": []})
    got = res("httptest.get", {"hostids": b, "output": ["templateid", "uuid"]})[0]
    expect_eq((got["templateid"], len(got["uuid"])), ("0", 32), "unlinked on B")
    expect_eq(res("httptest.get", {"hostids": h, "output": ["templateid"]})[0]["templateid"],
              got["httptestid"], "H unchanged")
    # clear H from B deletes H's copy and its web items
    res("host.update", {"hostid": h, "templates_clear": [{"templateid": b}]})
    expect_eq(res("httptest.get", {"hostids": h, "output": ["name"]}), [], "cleared")
    expect_eq(web_keys(h), [], "cleared web items")
    # link again, then template.delete of B takes the copy
    res("host.update", {"hostid": h, "templates": [{"templateid": b}]})
    expect_eq(len(web_keys(h)), 6, "linked again")
    res("template.delete", [b])
    expect_eq((res("httptest.get", {"hostids": h, "output": ["name"]}), web_keys(h)), ([], []),
              "template.delete")
    own = mk_test(h, "Own")
    res("host.delete", [h])
    expect_eq(res("httptest.get", {"httptestids": own, "output": ["name"]}), [], "host.delete")


@T.test
def host_and_group_options():
    g = res("hostgroup.create", {"name": uniq("e2e-ht-G")})["groupids"][0]
    t = res("template.create", {"host": uniq("e2e-ht-T"), "groups": [{"groupid": g}]}
            )["templateids"][0]
    h = res("host.create", {"host": uniq("e2e-ht-H"), "groups": [{"groupid": g}]})["hostids"][0]
    on = mk_test(h, "On")
    mk_test(t, "Off", status=1)
    hosts = lambda **o: [x["hostid"] for x in res("host.get", dict(o, hostids=h, output=[]))]
    expect_eq((hosts(with_httptests=True), hosts(with_monitored_httptests=True),
               hosts(httptestids=on), hosts(httptestids="999999")), ([h], [h], [h], []),
              "host.get options")
    got = res("template.get", {"templateids": t, "output": [], "with_monitored_httptests": True})
    expect_eq([x["templateid"] for x in got], [t], "template.get ignores with_monitored_httptests")
    groups = lambda **o: [x["groupid"] for x in res("hostgroup.get", dict(o, groupids=g,
                                                                           output=[]))]
    expect_eq((groups(with_httptests=True), groups(with_monitored_httptests=True)), ([g], [g]),
              "hostgroup.get options")
    res("httptest.update", {"httptestid": on, "status": 1})
    expect_eq((hosts(with_monitored_httptests=True), groups(with_monitored_httptests=True)),
              ([], []), "none enabled")


@T.test
def export_and_import_back():
    t = mk_template()
    mk_test(t, "Exp", ("one",), delay="3m", tags=[{"tag": "z"}])
    raw = res("configuration.export", {"format": "raw", "options": {"templates": [t]}})
    ht = raw["zabbix_export"]["templates"][0]["httptests"]
    expect_eq([{k: v for k, v in x.items() if k != "uuid"} for x in ht],
              [{"name": "Exp", "delay": "3m", "steps": [{"name": "one",
                                                         "url": "http://example.com/one"}],
                "tags": [{"tag": "z"}]}], "export")
    rules = {"templates": {"updateExisting": True},
             "httptests": {"createMissing": True, "updateExisting": True, "deleteMissing": True}}
    src = json.dumps(raw)
    expect_eq(res("configuration.importcompare", {"format": "json", "source": src, "rules": dict(
        rules, groups={"createMissing": True}, templateLinkage={"createMissing": True})}), [],
        "importcompare: no change")
    raw["zabbix_export"]["templates"][0]["httptests"][0]["delay"] = "4m"
    res("configuration.import", {"format": "json", "source": json.dumps(raw), "rules": rules})
    got = res("httptest.get", {"hostids": t, "output": ["name", "delay"]})
    expect_eq([(g["name"], g["delay"]) for g in got], [("Exp", "4m")], "imported")


if __name__ == "__main__":
    T.main()
