#!/usr/bin/env python3
# test_dashboards.py: template dashboards (templatedashboard.*) against the real tmpld.
#
# Exercises:
#   - templatedashboard.create with pages, widgets and fields (defaults of a dashboard, a page
#     and a widget), templatedashboard.get extend with selectPages (all strings, pages in order),
#     output and selectPages field lists (no ids added), filter, search, countOutput, sortfield,
#     unknown options, fields and sort fields refused with the validator's texts; template.get selectDashboards (a list without ids, "count");
#   - templatedashboard.update: rename, pages replaced in order, a page kept by its id keeps its
#     widgets, a widget kept by its id keeps its unsent fields, sent fields replace the widget's
#     fields (a stored field of the same type and name keeps its place), new pages and widgets;
#   - errors with Zabbix's texts (the store unchanged after each): pages missing or empty, a name
#     taken on the template (create and rename) or twice in one call, an unknown template or a
#     host id, overlapping and out-of-bounds widgets, a field type, a value of the wrong type, an
#     item of another template or unknown, a display period, templateid on update, a page of
#     another dashboard, a widget of another page, the same page twice, unknown ids on delete;
#   - a three-level chain A -> B -> H: dashboards are not inherited (link), stay on A through
#     unlink and templates_clear, and go with template.delete; deleting an item drops the widget
#     fields naming it;
#   - configuration.export of dashboards and configuration.import back (json, yaml, xml;
#     createMissing, updateExisting by uuid, deleteMissing), importcompare unchanged.
# Usage: test_dashboards.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import json
import os
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, ["--log-level", "warn"], name="dashboards", login=True, fmt="%s-%d")
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq
NO_PERM = "No permissions to referred object or it does not exist!"


def group():
    return S.once("group", lambda: res("hostgroup.create", {"name": "e2e dashboards"})["groupids"][0])


def mk_template(**extra):
    params = {"host": uniq("e2e-dash-T"), "groups": [{"groupid": group()}]}
    params.update(extra)
    return res("template.create", params)["templateids"][0]


def mk_host(**extra):
    params = {"host": uniq("e2e-dash-H"), "groups": [{"groupid": group()}]}
    params.update(extra)
    return res("host.create", params)["hostids"][0]


def mk_item(hostid, key):
    return res("item.create", {"hostid": hostid, "name": key, "key_": key, "type": 2,
                               "value_type": 3})["itemids"][0]


def mk_dash(templateid, name, pages=None, **extra):
    params = {"templateid": templateid, "name": name, "pages": pages or [{}]}
    params.update(extra)
    return res("templatedashboard.create", params)["dashboardids"][0]


def dash(dashboardid):
    return res("templatedashboard.get", {"dashboardids": dashboardid, "output": "extend",
                                         "selectPages": "extend"})[0]


def names(templateid):
    return sorted(d["name"] for d in res("templatedashboard.get", {
        "templateids": templateid, "output": ["name"]}))


@T.test
def create_and_get():
    t = mk_template()
    i = mk_item(t, "dash.item")
    d = mk_dash(t, "Overview", [
        {"name": "First", "widgets": [
            {"type": "clock", "name": "Clock", "width": 4, "height": 3, "view_mode": 1,
             "fields": [{"type": 0, "name": "time_type", "value": 1}]},
            {"type": "item", "x": 4, "fields": [{"type": "4", "name": "itemid", "value": i},
                                                {"type": 1, "value": "text"}]}]},
        {"name": "Second", "display_period": 120}], display_period=60, auto_start=0)
    got = dash(d)
    expect_eq(list(got), ["dashboardid", "name", "templateid", "display_period", "auto_start",
                          "uuid", "pages"], "extend keys")
    expect_eq((got["templateid"], got["display_period"], got["auto_start"], len(got["uuid"])),
              (t, "60", "0", 32), "dashboard fields")
    p1, p2 = got["pages"]
    expect_eq((p1["name"], p1["display_period"], p2["name"], p2["display_period"], p2["widgets"]),
              ("First", "0", "Second", "120", []), "pages in order")
    w1, w2 = p1["widgets"]
    expect_eq(w1, {"widgetid": w1["widgetid"], "type": "clock", "name": "Clock", "x": "0",
                   "y": "0", "width": "4", "height": "3", "view_mode": "1",
                   "fields": [{"type": "0", "name": "time_type", "value": "1"}]}, "a widget")
    expect_eq((w2["name"], w2["x"], w2["width"], w2["height"], w2["view_mode"], w2["fields"]),
              ("", "4", "1", "2", "0", [{"type": "4", "name": "itemid", "value": i},
                                        {"type": "1", "name": "", "value": "text"}]),
              "widget and field defaults")
    d2 = mk_dash(t, "Another")
    got = dash(d2)
    expect_eq((got["display_period"], got["auto_start"], got["pages"][0]["name"]), ("30", "1", ""),
              "defaults")
    got = res("templatedashboard.get", {"dashboardids": d, "output": ["name"],
                                        "selectPages": ["display_period", "name"]})
    expect_eq(got, [{"name": "Overview", "pages": [{"display_period": "0", "name": "First"},
                                                   {"display_period": "120", "name": "Second"}]}],
              "field lists add no ids")
    got = res("templatedashboard.get", {"templateids": t, "output": ["name"],
                                        "selectPages": ["widgets"], "sortfield": "name",
                                        "sortorder": "DESC"})
    expect_eq([len(p["widgets"]) for p in got[0]["pages"]], [2, 0], "widgets select")
    expect_eq(res("templatedashboard.get", {"templateids": t, "countOutput": True}), "2", "count")
    expect_eq(res("templatedashboard.get", {"templateids": t, "countOutput": True,
                                            "groupCount": True}),
              [{"rowscount": "2", "templateid": t}], "groupCount by template")
    expect_eq(res("templatedashboard.get", {"templateids": t, "output": ["name"],
                                            "filter": {"name": "Another"}}),
              [{"name": "Another"}], "filter")
    expect_eq(res("templatedashboard.get", {"output": ["name"], "templateids": t,
                                            "search": {"name": "verv"}}),
              [{"name": "Overview"}], "search")
    expect_error(call("templatedashboard.get", {"limitSelects": 1}), -32602,
                 'Invalid parameter "/": unexpected parameter "limitSelects".')
    expect_error(call("templatedashboard.get", {"sortfield": ["name", "uuid"]}), -32602,
                 'Invalid parameter "/sortfield/2": value must be one of "dashboardid", "name".')
    expect_error(call("templatedashboard.get", {"search": {"uuid": "a"}}), -32602,
                 'Invalid parameter "/search": unexpected parameter "uuid".')
    expect_error(call("templatedashboard.get", {"selectPages": "count"}), -32602,
                 'Invalid parameter "/selectPages": value must be "extend".')
    expect_error(call("templatedashboard.get", {"output": ["name", "bogus"]}), -32602,
                 'Invalid parameter "/output/2": value must be one of "dashboardid", "name", '
                 '"templateid", "display_period", "auto_start", "uuid".')
    got = res("template.get", {"templateids": t, "output": ["host"],
                               "selectDashboards": ["name", "display_period"]})
    expect_eq(got[0]["dashboards"], [{"name": "Overview", "display_period": "60"},
                                     {"name": "Another", "display_period": "30"}],
              "selectDashboards field list")
    got = res("template.get", {"templateids": t, "output": ["host"], "selectDashboards": "count"})
    expect_eq(got[0]["dashboards"], "2", "selectDashboards count")


@T.test
def update_semantics():
    t = mk_template()
    d = mk_dash(t, "D", [
        {"name": "P1", "widgets": [
            {"type": "clock", "name": "A", "width": 2, "fields": [
                {"type": 0, "name": "a", "value": 1}, {"type": 1, "name": "b", "value": "x"}]},
            {"type": "url", "name": "B", "x": 2}]},
        {"name": "P2", "widgets": [{"type": "clock", "name": "C"}]}])
    got = dash(d)
    p1, p2 = got["pages"]
    wa, wb = p1["widgets"]
    res("templatedashboard.update", {"dashboardid": d, "name": "D2", "auto_start": 0, "pages": [
        {"name": "New"},
        {"dashboard_pageid": p2["dashboard_pageid"]},
        {"dashboard_pageid": p1["dashboard_pageid"], "display_period": 10, "widgets": [
            {"widgetid": wa["widgetid"], "name": "A2", "fields": [
                {"type": 1, "name": "c", "value": "new"}, {"type": 0, "name": "a", "value": 5}]},
            {"type": "plaintext", "x": 10}]}]})
    got = dash(d)
    expect_eq((got["name"], got["auto_start"], [p["name"] for p in got["pages"]]),
              ("D2", "0", ["New", "P2", "P1"]), "pages replaced in order")
    expect_eq(got["pages"][1]["widgets"], p2["widgets"], "a page kept keeps its widgets")
    ws = got["pages"][2]["widgets"]
    expect_eq([(w["name"], w["type"], w["width"]) for w in ws],
              [("A2", "clock", "2"), ("", "plaintext", "1")], "widget kept, B dropped, one new")
    expect_eq(ws[0]["widgetid"], wa["widgetid"], "the kept widget's id")
    expect_eq(ws[0]["fields"], [{"type": "0", "name": "a", "value": "5"},
                                {"type": "1", "name": "c", "value": "new"}],
              "fields replaced, a stored one keeps its place")
    expect_eq(got["pages"][2]["display_period"], "10", "page field")
    res("templatedashboard.update", {"dashboardid": d, "display_period": 3600})
    expect_eq([p["name"] for p in dash(d)["pages"]], ["New", "P2", "P1"], "no pages: kept")


@T.test
def errors_with_zabbix_texts():
    t, t2, h = mk_template(), mk_template(), mk_host()
    ix = mk_item(t2, "other.item")
    d = mk_dash(t, "Dash")
    d2 = mk_dash(t, "Dash two")
    before = json.dumps(res("templatedashboard.get", {"templateids": t, "selectPages": "extend"}))

    def create(params, code, text):
        base = {"templateid": t, "name": "New", "pages": [{}]}
        base.update(params)
        base = {k: v for k, v in base.items() if v is not None}
        expect_error(call("templatedashboard.create", base), code, text)

    def widgets(*ws):
        return [{"widgets": list(ws)}]

    create({"pages": None}, -32602, 'Invalid parameter "/1": the parameter "pages" is missing.')
    create({"pages": []}, -32602, 'Invalid parameter "/1/pages": cannot be empty.')
    create({"name": "Dash"}, -32602, 'Dashboard "Dash" already exists.')
    create({"templateid": "999999999"}, -32500, NO_PERM)
    create({"templateid": h}, -32500, NO_PERM)
    create({"pages": widgets({"type": "clock", "width": 4, "height": 3},
                             {"type": "clock", "x": 2, "y": 1})}, -32602,
           'Overlapping widgets at X:2, Y:1 on page #1 of dashboard "New".')
    create({"pages": [{}, {"widgets": [{"type": "clock", "x": 22, "width": 4}]}]}, -32602,
           'Widget at X:22, Y:0 on page #2 of dashboard "New" is out of bounds.')
    create({"pages": widgets({"type": "clock", "y": 40, "height": 30})}, -32602,
           'Widget at X:0, Y:40 on page #1 of dashboard "New" is out of bounds.')
    create({"pages": widgets({"type": "item", "fields": [{"type": 4, "name": "itemid",
                                                          "value": ix}]})}, -32602,
           'Item with ID "%s" is not available.' % ix)
    create({"pages": widgets({"type": "item", "fields": [{"type": 4, "value": "999999"}]})},
           -32602, 'Item with ID "999999" is not available.')
    create({"pages": widgets({"type": "x", "fields": [{"type": 11, "value": 1}]})}, -32602,
           'Invalid parameter "/1/pages/1/widgets/1/fields/1/type": value must be one of 0, 1, 2, '
           '3, 4, 5, 6, 7, 8, 9, 10.')
    create({"pages": widgets({"type": "x", "fields": [{"type": 0, "value": "abc"}]})}, -32602,
           'Invalid parameter "/1/pages/1/widgets/1/fields/1/value": an integer is expected.')
    create({"pages": widgets({"type": "x", "fields": [{"type": 6, "value": "g"}]})}, -32602,
           'Invalid parameter "/1/pages/1/widgets/1/fields/1/value": a number is expected.')
    create({"pages": widgets({"type": ""})}, -32602,
           'Invalid parameter "/1/pages/1/widgets/1/type": cannot be empty.')
    create({"display_period": 5}, -32602, 'Invalid parameter "/1/display_period": value must be '
           'one of 10, 30, 60, 120, 600, 1800, 3600.')
    expect_error(call("templatedashboard.create", [
        {"templateid": t, "name": "Y", "pages": [{}]}, {"templateid": t, "name": "Y",
                                                        "pages": [{}]}]), -32602,
        'Invalid parameter "/2": value (templateid, name)=(%s, Y) already exists.' % t)

    def update(params, code, text):
        expect_error(call("templatedashboard.update", params), code, text)

    pg = dash(d)["pages"][0]["dashboard_pageid"]
    pg2 = dash(d2)["pages"][0]["dashboard_pageid"]
    update({"dashboardid": d, "name": "Dash two"}, -32602, 'Dashboard "Dash two" already exists.')
    update({"dashboardid": d, "templateid": t2}, -32602,
           'Invalid parameter "/1": unexpected parameter "templateid".')
    update({"dashboardid": "999999999", "name": "x"}, -32500, NO_PERM)
    update({"dashboardid": d, "pages": [{"dashboard_pageid": pg2}]}, -32500, NO_PERM)
    update({"dashboardid": d, "pages": [{"dashboard_pageid": pg, "widgets": [
        {"widgetid": "999999"}]}]}, -32500, NO_PERM)
    update({"dashboardid": d, "pages": [{"dashboard_pageid": pg}, {"dashboard_pageid": pg}]},
           -32602, 'Invalid parameter "/1/pages/2": value (dashboard_pageid)=(%s) already '
           'exists.' % pg)
    update([{"dashboardid": d, "name": "X"}, {"dashboardid": d2, "name": "X"}], -32602,
           'Invalid parameter "/2": value (name, templateid)=(X, %s) already exists.' % t)
    expect_error(call("templatedashboard.delete", [d, "999999999"]), -32500, NO_PERM)
    expect_error(call("templatedashboard.delete", []), -32602,
                 'Invalid parameter "/": cannot be empty.')
    after = json.dumps(res("templatedashboard.get", {"templateids": t, "selectPages": "extend"}))
    expect_eq(after, before, "nothing changed by the failures")
    res("templatedashboard.delete", [d])
    expect_error(call("templatedashboard.delete", [d]), -32500, NO_PERM)


@T.test
def chain_link_unlink_clear_delete():
    a = mk_template()
    b = mk_template(templates=[{"templateid": a}])
    h = mk_host(templates=[{"templateid": b}])
    i = mk_item(a, "chain.item")
    da = mk_dash(a, "A dash", [{"widgets": [{"type": "item", "fields": [
        {"type": 4, "name": "itemid", "value": i}, {"type": 0, "name": "n", "value": 3}]}]}])
    expect_eq(names(a), ["A dash"], "A has its dashboard")
    expect_eq((names(b), names(h)), ([], []), "not inherited by B or H")
    copy = res("item.get", {"hostids": b, "output": ["itemid"]})[0]["itemid"]
    expect_error(call("templatedashboard.create", {"templateid": b, "name": "B", "pages": [
        {"widgets": [{"type": "item", "fields": [{"type": 4, "value": i}]}]}]}), -32602,
        'Item with ID "%s" is not available.' % i)
    mk_dash(b, "B dash", [{"widgets": [{"type": "item", "fields": [{"type": 4, "value": copy}]}]}])
    res("template.update", {"templateid": b, "templates": []})
    expect_eq((names(a), names(b)), (["A dash"], ["B dash"]), "unlink keeps both")
    res("template.update", {"templateid": b, "templates": [{"templateid": a}]})
    res("template.update", {"templateid": b, "templates_clear": [{"templateid": a}]})
    expect_eq(names(a), ["A dash"], "templates_clear keeps A's dashboard")
    res("item.delete", [i])
    got = dash(da)["pages"][0]["widgets"][0]["fields"]
    expect_eq(got, [{"type": "0", "name": "n", "value": "3"}], "the item's field went with it")
    res("template.delete", [a])
    expect_eq(res("templatedashboard.get", {"dashboardids": da}), [], "deleted with A")
    expect_eq(names(b), ["B dash"], "B's stays")


RULES = {k: {"createMissing": True, "updateExisting": True, "deleteMissing": True}
         for k in ("items", "triggers", "graphs", "discoveryRules", "httptests",
                   "templateDashboards", "valueMaps")}
RULES.update({"groups": {"createMissing": True},
              "templates": {"createMissing": True, "updateExisting": True},
              "templateLinkage": {"createMissing": True, "deleteMissing": True}})


@T.test
def export_and_import():
    t = mk_template()
    i = mk_item(t, "exp.item")
    d = mk_dash(t, "Zeta", [
        {"name": "P", "display_period": 60, "widgets": [
            {"type": "clock", "name": "Clock", "width": 4, "height": 3, "view_mode": 1,
             "fields": [{"type": 0, "name": "time_type", "value": 1}]},
            {"type": "item", "x": 4, "fields": [{"type": 4, "name": "itemid", "value": i}]}]},
        {}], auto_start=0)
    mk_dash(t, "alpha")
    raw = res("configuration.export", {"format": "raw", "options": {"templates": [t]}})
    got = raw["zabbix_export"]["templates"][0]["dashboards"]
    expect_eq([x["name"] for x in got], ["alpha", "Zeta"], "dashboards by name")
    expect_eq(got[1]["auto_start"], "NO", "auto_start")
    expect_eq(got[1]["pages"][0]["widgets"], [
        {"type": "ITEM", "x": "4", "fields": [{"type": "ITEM", "name": "itemid", "value": {
            "host": res("template.get", {"templateids": t, "output": ["host"]})[0]["host"],
            "key": "exp.item"}}]},
        {"type": "CLOCK", "name": "Clock", "width": "4", "height": "3", "hide_header": "YES",
         "fields": [{"type": "INTEGER", "name": "time_type", "value": "1"}]}],
        "widgets by name, defaults left out, references")
    expect_eq(got[0], {"uuid": got[0]["uuid"], "name": "alpha", "pages": [{}]}, "all defaults")
    for fmt in ("json", "yaml", "xml"):
        src = res("configuration.export", {"format": fmt, "options": {"templates": [t]}})
        expect_eq(res("configuration.importcompare", {"format": fmt, "source": src,
                                                      "rules": RULES}), [], fmt + " unchanged")
        res("templatedashboard.update", {"dashboardid": d, "name": "Renamed", "pages": [{}]})
        mk_dash(t, "extra " + fmt)
        expect_eq(res("configuration.import", {"format": fmt, "source": src, "rules": RULES}),
                  True, fmt + " import")
        again = res("configuration.export", {"format": fmt, "options": {"templates": [t]}})
        expect_eq(again.split("6.0", 1)[1][40:], src.split("6.0", 1)[1][40:],
                  fmt + " restored (same uuid: updated, extra deleted)")
        expect_eq(names(t), ["Zeta", "alpha"], fmt + " names")
    bad = json.loads(res("configuration.export", {"format": "json",
                                                  "options": {"templates": [t]}}))
    w = bad["zabbix_export"]["templates"][0]["dashboards"][1]["pages"][0]["widgets"][0]
    w["fields"][0]["value"]["key"] = "no.such.key"
    expect_error(call("configuration.import", {"format": "json", "source": json.dumps(bad),
                                               "rules": RULES}), -32500,
                 'Cannot find item "%s:no.such.key" used in dashboard "Zeta".'
                 % w["fields"][0]["value"]["host"])


if __name__ == "__main__":
    T.main()
