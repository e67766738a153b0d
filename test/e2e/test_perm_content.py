#!/usr/bin/env python3
# test_perm_content.py: host-group rights on a template's content (triggers, graphs, web
# scenarios, dashboards, LLD rules), end to end.
#
# A template T in host group G holds an item, a trigger, a graph, a web scenario, a dashboard
# and an LLD rule. For an Admin-role user per case -- its user group has read-write (RW),
# read-only (RO), deny (DENY) or no right (NONE) on G --:
#   - trigger.get, graph.get, httptest.get, templatedashboard.get and discoveryrule.get show
#     the objects only to RO and RW, and with editable: true only to RW;
#   - updates of each succeed for RW only; the others get "No permissions to referred object
#     or it does not exist!" (-32500, or -32602 for graph.update as Zabbix answers it) and
#     the store is unchanged;
#   - graphitem.get shows the graph's items (by graphids or itemids) to RO and RW only, with
#     editable: true to RW only, and with nopermissions: true to everyone;
#   - a trigger whose expression names T is refused to RO, DENY and NONE as a host they have
#     no access to.
# Usage: test_perm_content.py [BIN]

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
SH = e2e.Shared(T, login=True)
PW = "Tmpl-Pass-4821"
NOPERM = "No permissions to referred object or it does not exist!"
CASES = {"RW": 3, "RO": 2, "DENY": 0, "NONE": None}


def fixture():
    """The group G with the template T and its content, and one logged-in user per case."""
    def make():
        g = SH.res("hostgroup.create", {"name": SH.uniq("permc G")})["groupids"][0]
        tname = SH.uniq("permc T")
        t = SH.res("template.create", {"host": tname, "groups": [{"groupid": g}]})["templateids"][0]
        item = SH.res("item.create", {"name": "i", "key_": "permc.i", "hostid": t, "type": 2,
                                      "value_type": 3})["itemids"][0]
        trig = SH.res("trigger.create", {"description": "permc trigger",
                                         "expression": "last(/%s/permc.i)>5" % tname})
        graph = SH.res("graph.create", {"name": "permc graph", "width": 900, "height": 200,
                                        "gitems": [{"itemid": item, "color": "1A7C11"}]})
        web = SH.res("httptest.create", {"name": "permc web", "hostid": t, "steps": [
            {"name": "home", "url": "http://example.com", "no": 1}]})
        dash = SH.res("templatedashboard.create", {"templateid": t, "name": "permc dash",
                                                   "pages": [{"widgets": []}]})
        rule = SH.res("discoveryrule.create", {"name": "permc rule", "key_": "permc.rule",
                                               "hostid": t, "type": 2})
        users = {}
        for case, perm in CASES.items():
            rights = [] if perm is None else [{"id": g, "permission": perm}]
            ug = SH.res("usergroup.create", {"name": SH.uniq("permc UG " + case),
                                             "rights": rights})["usrgrpids"][0]
            name = SH.uniq("permc U " + case)
            SH.res("user.create", {"username": name, "passwd": PW, "roleid": "2",
                                   "usrgrps": [{"usrgrpid": ug}]})
            users[case] = SH.srv().login(name, PW)
        return {"G": g, "T": t, "tname": tname, "item": item,
                "trigger": trig["triggerids"][0], "graph": graph["graphids"][0],
                "httptest": web["httptestids"][0], "dashboard": dash["dashboardids"][0],
                "rule": rule["itemids"][0], "users": users}
    return SH.once("fixture", make)


def as_user(case, method, params):
    return SH.srv().call(method, params, auth=fixture()["users"][case])


KINDS = (
    ("trigger.get", "triggerids", "trigger", "triggerid"),
    ("graph.get", "graphids", "graph", "graphid"),
    ("httptest.get", "httptestids", "httptest", "httptestid"),
    ("templatedashboard.get", "dashboardids", "dashboard", "dashboardid"),
    ("discoveryrule.get", "itemids", "rule", "itemid"),
)


@T.test
def reads_should_show_content_to_ro_and_rw_only():
    f = fixture()
    for case in CASES:
        for editable in (False, True):
            want = case == "RW" if editable else case in ("RO", "RW")
            for method, opt, key, pk in KINDS:
                r = as_user(case, method, {opt: f[key], "output": "extend",
                                           "editable": editable})
                got = [o[pk] for o in r["result"]]
                expect_eq(got, [f[key]] if want else [],
                          "%s %s editable=%s" % (method, case, editable))
    for method, opt, key, _ in KINDS:
        expect_eq(len(SH.res(method, {opt: f[key], "output": "extend"})), 1,
                  "the super admin: " + method)


@T.test
def graph_items_should_follow_the_rights_of_their_items_hosts():
    f = fixture()
    gitems = SH.res("graphitem.get", {"graphids": f["graph"], "output": ["gitemid", "itemid"]})
    expect_eq([g["itemid"] for g in gitems], [f["item"]], "the super admin sees the graph item")
    for case in CASES:
        for editable in (False, True):
            want = case == "RW" if editable else case in ("RO", "RW")
            for opt, key in (("graphids", "graph"), ("itemids", "item")):
                r = as_user(case, "graphitem.get", {opt: f[key], "output": ["gitemid", "itemid"],
                                                    "editable": editable})
                expect_eq(r["result"], gitems if want else [],
                          "graphitem.get by %s %s editable=%s" % (opt, case, editable))
        r = as_user(case, "graphitem.get", {"graphids": f["graph"], "nopermissions": True,
                                            "output": ["gitemid", "itemid"]})
        expect_eq(r["result"], gitems, "graphitem.get nopermissions " + case)
        r = as_user(case, "graphitem.get", {"graphids": f["graph"], "countOutput": True})
        expect_eq(r["result"], "1" if case in ("RO", "RW") else "0", "count " + case)


@T.test
def updates_should_succeed_for_rw_only():
    f = fixture()
    for case in ("RO", "DENY", "NONE", "RW"):
        answers = [
            (as_user(case, "trigger.update", {"triggerid": f["trigger"], "comments": case}),
             -32500),
            (as_user(case, "graph.update", {"graphid": f["graph"], "height": 300}), -32602),
            (as_user(case, "httptest.update", {"httptestid": f["httptest"], "delay": "2m"}),
             -32500),
            (as_user(case, "templatedashboard.update", {"dashboardid": f["dashboard"],
                                                        "display_period": 60}), -32500),
            (as_user(case, "discoveryrule.update", {"itemid": f["rule"], "lifetime": "7d"}),
             -32500),
        ]
        for r, code in answers:
            if case == "RW":
                expect_eq("result" in r, True, "%s: %r" % (case, r))
            else:
                expect_error(r, code, NOPERM)
    expect_eq(SH.res("trigger.get", {"triggerids": f["trigger"],
                                     "output": ["comments"]})[0]["comments"], "RW",
              "only RW's trigger update was made")


@T.test
def a_trigger_on_a_template_the_user_cannot_edit_should_be_refused():
    f = fixture()
    for case in ("RO", "DENY", "NONE"):
        r = as_user(case, "trigger.create", {"description": "permc " + case,
                                             "expression": "last(/%s/permc.i)>1" % f["tname"]})
        expect_error(r, -32602, "Incorrect trigger expression. Host \"%s\" does not exist or "
                     "you have no access to this host." % f["tname"])
    expect_eq(len(SH.res("trigger.get", {"templateids": f["T"], "output": ["triggerid"]})), 1,
              "no trigger was created")


if __name__ == "__main__":
    sys.exit(T.main())
