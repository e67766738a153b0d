#!/usr/bin/env python3
# test_graph.py: graphs (graph.*, graphitem.get) and their inheritance, against the real tmpld.
# Every expected answer below was first observed on the real Zabbix 6.0.14 API.
#
# Exercises:
#   - a chain A -> B -> H: each copy points one level up (templateid), uses its host's item
#     copies (axis items too), has no uuid; a copy refuses update and delete; a change of A's
#     graph (name, gitems, axis) reaches every level; unlinking A from B keeps B's copy (with a
#     uuid of its own) and H's copy of it; relinking adopts B's graph (same graphid); clearing
#     deletes the copies on every level; template.delete deletes the copies;
#   - adoption of a host's own graph of the same name: refused on other items ("items are not
#     identical"), else the same graphid takes the template's gitems;
#   - graph.get templated, inherited, templateids, itemids, groupids, filter.host;
#     graphitem.get itemids and type; template.get/host.get with_graphs, graphids, selectGraphs
#     "count"; item.get graphids and selectGraphs; hostgroup.get graphids and with_graphs;
#   - item.delete: a graph left without items goes (with its copies), another loses the item,
#     an item axis becomes calculated;
#   - texts: uuid, an empty name, templateid, an empty color, an item axis without item, fixed
#     axes without values; [] params; a gitem without color on update; doubles as Zabbix prints
#     them;
#   - configuration.export of graphs (template and host), importcompare [] of the export, then
#     with a graph removed and one changed, import with deleteMissing, a missing item.
# Usage: test_graph.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import json
import os
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, ["--log-level", "warn"], name="graphs", login=True, fmt="%s-%d")
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq


def group():
    return S.once("group", lambda: res("hostgroup.create", {"name": "e2e graphs"})["groupids"][0])


def mk_template(parents=()):
    return res("template.create", {"host": uniq("e2e-gr-T"), "groups": [{"groupid": group()}],
                                   "templates": [{"templateid": p} for p in parents]}
               )["templateids"][0]


def mk_host(parents=()):
    return res("host.create", {"host": uniq("e2e-gr-H"), "groups": [{"groupid": group()}],
                               "templates": [{"templateid": p} for p in parents]})["hostids"][0]


def mk_item(hostid, key, value_type=0):
    return res("item.create", {"hostid": hostid, "name": key, "key_": key, "type": 2,
                               "value_type": value_type})["itemids"][0]


def mk_graph(name, items, **extra):
    params = {"name": name, "gitems": [{"itemid": i, "color": "00AA00"} for i in items]}
    params.update(extra)
    return res("graph.create", params)["graphids"][0]


def graphs_of(hostids, output=("name", "templateid")):
    return res("graph.get", {"output": list(output), "hostids": hostids, "sortfield": "graphid"})


def host_name(hostid):
    return res("host.get", {"output": ["host"], "hostids": [hostid],
                            "templated_hosts": True})[0]["host"]


@T.test
def chain_follows_links():
    a = mk_template()
    one, two = mk_item(a, "a.one"), mk_item(a, "a.two", 3)
    ga = res("graph.create", {"name": "Chain", "ymax_type": 2, "ymax_itemid": two, "gitems": [
        {"itemid": one, "color": "00AA00"}, {"itemid": two, "color": "0000AA", "sortorder": 3}]}
    )["graphids"][0]
    b = mk_template([a])
    h = mk_host([b])
    got = res("graph.get", {"output": ["name", "templateid", "uuid", "ymax_itemid"],
                            "hostids": [a, b, h], "selectItems": ["key_", "hostid"],
                            "sortfield": "graphid"})
    expect_eq(len(got), 3, "a copy on B and on H")
    gb, gh = got[1]["graphid"], got[2]["graphid"]
    expect_eq([g["templateid"] for g in got], ["0", ga, gb], "each copy points one level up")
    expect_eq([g["uuid"] == "" for g in got], [False, True, True], "copies have no uuid")
    for g, hid in ((got[1], b), (got[2], h)):
        expect_eq(sorted(i["key_"] for i in g["items"]), ["a.one", "a.two"], "keys")
        expect_eq({i["hostid"] for i in g["items"]}, {hid}, "the copy uses its host's items")
        axis = [i["itemid"] for i in g["items"] if i["key_"] == "a.two"]
        expect_eq(g["ymax_itemid"], axis[0], "the axis item is the host's copy")
    gi = res("graphitem.get", {"output": ["sortorder", "color"], "graphids": [gh],
                               "sortfield": "gitemid"})
    expect_eq([(g["sortorder"], g["color"]) for g in gi], [("0", "00AA00"), ("3", "0000AA")],
              "gitems of H's copy")
    expect_error(call("graph.update", {"graphid": gb, "height": 300}), -32602,
                 'Cannot update a templated graph "Chain".')
    expect_error(call("graph.delete", [gh]), -32602, "Cannot delete templated graph.")
    # a change of A's graph reaches every level
    res("graph.update", {"graphid": ga, "name": "Chain2", "ymax_type": 0,
                         "gitems": [{"itemid": two, "color": "FF0000"}]})
    got = res("graph.get", {"output": ["name", "ymax_type", "ymax_itemid"], "hostids": [b, h],
                            "selectGraphItems": ["color", "sortorder"], "sortfield": "graphid"})
    for g in got:
        expect_eq((g["name"], g["ymax_type"], g["ymax_itemid"], g["gitems"]),
                  ("Chain2", "0", "0", [{"color": "FF0000", "sortorder": "0"}]), "propagated")
    # unlink keeps B's copy (with a uuid of its own); H's copy keeps pointing to it
    res("template.update", {"templateid": b, "templates": []})
    got = graphs_of([b, h], ("name", "templateid", "uuid"))
    expect_eq([(g["graphid"], g["templateid"]) for g in got], [(gb, "0"), (gh, gb)], "unlinked")
    expect_eq(len(got[0]["uuid"]), 32, "B's graph gets a uuid")
    # relinking adopts B's graph by name and items
    res("template.update", {"templateid": b, "templates": [{"templateid": a}]})
    expect_eq([(g["graphid"], g["templateid"]) for g in graphs_of([b, h])],
              [(gb, ga), (gh, gb)], "relinked: adopted")
    expect_eq(graphs_of([b])[0]["graphid"], gb, "same graphid")
    # clear deletes the copies on every level; A keeps its graph
    res("template.update", {"templateid": b, "templates_clear": [{"templateid": a}]})
    expect_eq([g["graphid"] for g in graphs_of([a, b, h])], [ga], "cleared")
    # template.delete deletes the copies
    res("template.update", {"templateid": b, "templates": [{"templateid": a}]})
    expect_eq(len(graphs_of([b, h])), 2, "linked again")
    res("template.delete", [a])
    expect_eq(graphs_of([b, h]), [], "template.delete deletes the copies")


@T.test
def adoption_needs_the_same_items():
    c = mk_template()
    c1 = mk_item(c, "c.one")
    mk_item(c, "c.two")
    mk_graph("Same", [c1])
    h2 = mk_host()
    mk_item(h2, "c.one")
    h2two = mk_item(h2, "c.two")
    mk_graph("Same", [h2two])
    expect_error(call("host.update", {"hostid": h2, "templates": [{"templateid": c}]}), -32602,
                 'Graph "Same" already exists on "%s" (items are not identical).' % host_name(h2))
    h3 = mk_host()
    h3one = mk_item(h3, "c.one")
    mine = mk_graph("Same", [h3one], gitems=[{"itemid": h3one, "color": "123456", "drawtype": 2}])
    res("host.update", {"hostid": h3, "templates": [{"templateid": c}]})
    got = res("graph.get", {"output": ["name", "templateid"], "hostids": [h3],
                            "selectGraphItems": ["color", "drawtype"]})
    expect_eq(len(got), 1, "one graph")
    expect_eq(got[0]["graphid"], mine, "the host's graph is adopted")
    expect_eq(got[0]["gitems"], [{"color": "00AA00", "drawtype": "0"}],
              "with the template's gitems")
    expect_eq(got[0]["templateid"] != "0", True, "and becomes a copy")


@T.test
def get_options():
    a = mk_template()
    one, two = mk_item(a, "o.one"), mk_item(a, "o.two")
    ga = mk_graph("Opt", [one, two])
    b = mk_template([a])
    h = mk_host([b])
    gb = graphs_of([b])[0]["graphid"]
    gh = graphs_of([h])[0]["graphid"]
    hosts = [a, b, h]

    def names(**opts):
        opts.update({"output": ["name"], "sortfield": "graphid"})
        return [g["graphid"] for g in res("graph.get", opts)]
    expect_eq(names(hostids=hosts, templated=True), [ga, gb], "templated true")
    expect_eq(names(hostids=hosts, templated=False), [gh], "templated false")
    expect_eq(names(hostids=hosts, inherited=False), [ga], "inherited false")
    expect_eq(names(hostids=hosts, inherited=True), [gb, gh], "inherited true")
    expect_eq(names(templateids=[b]), [gb], "templateids")
    expect_eq(names(itemids=[two]), [ga], "itemids")
    expect_eq(names(filter={"host": host_name(h)}), [gh], "filter host")
    expect_eq(names(filter={"hostid": h}), [gh], "filter hostid")
    expect_eq(res("graph.get", {"countOutput": True, "hostids": hosts}), "3", "count")
    got = res("graphitem.get", {"output": ["itemid"], "itemids": [two]})
    expect_eq([g["itemid"] for g in got], [two], "graphitem.get itemids")
    expect_eq(len(res("graphitem.get", {"output": ["itemid"], "graphids": [ga], "type": 0})), 2,
              "graphitem.get type")
    expect_eq(res("graphitem.get", {"output": ["itemid"], "graphids": [ga], "type": 2}), [],
              "graphitem.get type 2")
    got = res("graphitem.get", {"output": ["itemid"], "itemids": [one], "selectGraphs": ["name"]})
    expect_eq([[g["graphid"] for g in x["graphs"]] for x in got], [[ga]],
              "graphitem.get selectGraphs")
    got = res("graphitem.get", {"output": ["itemid"], "graphids": [ga],
                                "selectGraphs": ["name"]})
    expect_eq(got, [], "graphids with selectGraphs: Zabbix's query fails, the answer is empty")
    got = res("graph.get", {"graphids": [ga], "output": ["name"], "selectDiscoveryRule": "extend",
                            "selectGraphDiscovery": "extend", "selectGroups": ["name"]})
    expect_eq(list(got[0].keys()), ["graphid", "name", "groups", "discoveryRule", "graphDiscovery"],
              "graph.get selects in Zabbix's order")
    expect_eq((got[0]["discoveryRule"], got[0]["graphDiscovery"]), ([], []), "never discovered")
    got = res("template.get", {"output": ["host"], "templateids": [a, b, mk_template()],
                               "with_graphs": True})
    expect_eq(sorted(t["templateid"] for t in got), sorted([a, b]), "with_graphs")
    got = res("template.get", {"output": ["host"], "graphids": [ga, gb]})
    expect_eq(sorted(t["templateid"] for t in got), sorted([a, b]), "template.get graphids")
    got = res("host.get", {"output": ["host"], "graphids": [gh]})
    expect_eq([x["hostid"] for x in got], [h], "host.get graphids")
    got = res("host.get", {"output": ["host"], "hostids": [h], "selectGraphs": "count"})
    expect_eq(got[0]["graphs"], "1", "host.get selectGraphs count")
    g2 = res("hostgroup.create", {"name": uniq("e2e-gr-G")})["groupids"][0]
    got = res("hostgroup.get", {"output": ["name"], "groupids": [group(), g2], "with_graphs": True})
    expect_eq([x["groupid"] for x in got], [group()], "hostgroup.get with_graphs")
    got = res("hostgroup.get", {"output": ["name"], "graphids": [gh]})
    expect_eq([x["groupid"] for x in got], [group()], "hostgroup.get graphids")
    got = res("item.get", {"output": ["key_"], "graphids": [ga], "sortfield": "key_"})
    expect_eq([i["itemid"] for i in got], [one, two], "item.get graphids")
    axis = mk_graph("Axis opt", [one], ymin_type=2, ymin_itemid=two)
    got = res("item.get", {"output": ["key_"], "itemids": [one, two], "sortfield": "key_",
                           "selectGraphs": ["name"]})
    expect_eq([[g["graphid"] for g in i["graphs"]] for i in got], [[ga, axis], [ga]],
              "item.get selectGraphs (gitems only, not axis items)")
    got = res("item.get", {"output": ["key_"], "itemids": [one, two], "sortfield": "key_",
                           "selectGraphs": "count"})
    expect_eq([i["graphs"] for i in got], ["2", "1"], "item.get selectGraphs count")


@T.test
def item_deletion():
    d = mk_template()
    one, two = mk_item(d, "d.one"), mk_item(d, "d.two")
    only = mk_graph("Only one", [one])
    both = mk_graph("Two", [one, two])
    axis = mk_graph("Axis", [two], ymin_type=2, ymin_itemid=one)
    hd = mk_host([d])
    res("item.delete", [one])
    got = res("graph.get", {"output": ["name", "ymin_type", "ymin_itemid"], "hostids": [d, hd],
                            "selectGraphItems": ["itemid"], "sortfield": "graphid"})
    expect_eq([g["name"] for g in got], ["Two", "Axis", "Two", "Axis"],
              "a graph left without items goes, with its copy")
    expect_eq(got[0]["graphid"], both, "Two stays")
    expect_eq(got[0]["gitems"], [{"itemid": two}], "Two loses the item")
    expect_eq((got[1]["graphid"], got[1]["ymin_type"], got[1]["ymin_itemid"]),
              (axis, "0", "0"), "the axis becomes calculated")
    expect_eq(res("graph.get", {"graphids": [only], "output": ["name"]}), [], "Only one gone")


@T.test
def texts_and_values():
    d = mk_template()
    one = mk_item(d, "t.one")
    hid = mk_host()
    hone = mk_item(hid, "t.hone")
    expect_eq(res("graph.create", []), {"graphids": []}, "create []")
    expect_eq(res("graph.update", []), {"graphids": []}, "update []")
    expect_error(call("graph.delete", []), -32602, 'Invalid parameter "/": cannot be empty.')
    g = mk_graph("Floats", [one], yaxismin="1e-5", yaxismax="1e20", percent_left=0.1,
                 ymin_type=1, ymax_type=1)
    got = res("graph.get", {"graphids": [g], "output": ["yaxismin", "yaxismax", "percent_left"]})
    expect_eq(got, [{"graphid": g, "yaxismin": "1e-05", "yaxismax": "1e+20",
                     "percent_left": "0.1"}], "doubles as Zabbix prints them")
    res("graph.update", {"graphid": g, "gitems": [{"itemid": one}]})
    got = res("graphitem.get", {"output": ["color"], "graphids": [g]})
    expect_eq([x["color"] for x in got], ["009600"], "update: a gitem without color")
    gi = [{"itemid": one, "color": "00aa00"}]
    expect_error(call("graph.create", {"name": "TID", "templateid": 1, "gitems": gi}), -32602,
                 'Cannot set "templateid" for graph "TID".')
    expect_error(call("graph.create", {"name": "U", "uuid": "0123", "gitems": gi}), -32602,
                 'Invalid parameter "/1/uuid": must be 32 characters long.')
    expect_error(call("graph.create", {"name": "U", "uuid": "0123456789abcdef0123456789abcdef",
                                       "gitems": gi}), -32602,
                 'Invalid parameter "/1/uuid": UUIDv4 is expected.')
    expect_error(call("graph.create", {"name": "U", "uuid": "0123456789ab4def8123456789abcdef",
                                       "gitems": [{"itemid": hone, "color": "00aa00"}]}), -32602,
                 'Invalid parameter "/1": unexpected parameter "uuid".')
    got = res("graph.create", {"name": "UP", "uuid": "0123456789AB4DEF8123456789ABCDEF",
                               "gitems": gi})["graphids"]
    expect_eq(res("graph.get", {"graphids": got, "output": ["uuid"]})[0]["uuid"],
              "0123456789AB4DEF8123456789ABCDEF",
              "uuid kept as sent (Zabbix lower-cases only the copy it checks)")
    expect_error(call("graph.create", {"name": "UP2", "uuid": "0123456789AB4DEF8123456789ABCDEF",
                                       "gitems": gi}), -32602,
                 'Entry with UUID "0123456789AB4DEF8123456789ABCDEF" already exists.')
    expect_error(call("graph.create", {"name": "", "gitems": gi}), -32602,
                 'Invalid parameter "/1/name": cannot be empty.')
    expect_error(call("graph.create", {"name": "EC", "gitems": [{"itemid": one, "color": ""}]}),
                 -32602, "Empty color.")
    expect_error(call("graph.create", {"name": "MY", "ymin_type": 2, "gitems": gi}), -32602,
                 'Invalid parameter "ymin_itemid": a number is expected.')
    expect_error(call("graph.create", {"name": "FNV", "ymin_type": 1, "ymax_type": 1,
                                       "gitems": gi}), -32602,
                 "Y axis MAX value must be greater than Y axis MIN value.")


RULES = {k: {"createMissing": True, "updateExisting": True, "deleteMissing": True} for k in (
    "items", "triggers", "graphs", "discoveryRules", "httptests", "valueMaps",
    "templateDashboards")}
RULES.update({"groups": {"createMissing": True},
              "templates": {"createMissing": True, "updateExisting": True},
              "templateLinkage": {"createMissing": True, "deleteMissing": True}})


@T.test
def export_and_import():
    t = mk_template()
    one, two = mk_item(t, "x.one"), mk_item(t, "x.two", 3)
    h = mk_host()
    hone = mk_item(h, "x.hone")
    res("graph.create", [
        {"name": "Keep", "graphtype": 2, "show_3d": 1, "gitems": [
            {"itemid": one, "color": "00AA00", "drawtype": 5, "calc_fnc": 9, "yaxisside": 1,
             "type": 2}, {"itemid": two, "color": "0000AA", "sortorder": 7}]},
        {"name": "Drop", "ymin_type": 2, "ymin_itemid": two, "ymax_type": 1,
         "yaxismax": "250.25", "percent_right": "12.5", "show_legend": 0,
         "gitems": [{"itemid": two, "color": "0000AA"}]}])
    mk_graph("Host graph", [hone], gitems=[{"itemid": hone, "color": "AA0000"}])
    ex = res("configuration.export", {"format": "json", "options": {"templates": [t]}})
    graphs = json.loads(ex)["zabbix_export"]["graphs"]
    tname = host_name(t)
    for g in graphs:
        expect_eq(len(g.pop("uuid")), 32, "a template's graph has its uuid")
    expect_eq(graphs, [
        {"name": "Drop", "yaxismax": "250.25", "show_legend": "NO", "percent_right": "12.5",
         "ymin_type_1": "ITEM", "ymin_item_1": {"host": tname, "key": "x.two"},
         "ymax_type_1": "FIXED",
         "graph_items": [{"color": "0000AA", "item": {"host": tname, "key": "x.two"}}]},
        {"name": "Keep", "type": "PIE", "show_3d": "YES", "graph_items": [
            {"drawtype": "GRADIENT_LINE", "color": "00AA00", "yaxisside": "RIGHT",
             "calc_fnc": "LAST", "type": "GRAPH_SUM", "item": {"host": tname, "key": "x.one"}},
            {"sortorder": "7", "color": "0000AA", "item": {"host": tname, "key": "x.two"}}]},
    ], "exported graphs, key order and defaults as Zabbix's")
    expect_eq(list(graphs[0].keys())[:3], ["name", "yaxismax", "show_legend"], "key order")
    exh = res("configuration.export", {"format": "json", "options": {"hosts": [h]}})
    expect_eq(json.loads(exh)["zabbix_export"]["graphs"], [
        {"name": "Host graph", "graph_items": [
            {"color": "AA0000", "item": {"host": host_name(h), "key": "x.hone"}}]}],
        "a host's graph has no uuid")
    expect_eq(res("configuration.importcompare", {"format": "json", "source": ex,
                                                  "rules": RULES}), [], "importcompare []")
    doc = json.loads(ex)
    doc["zabbix_export"]["graphs"] = [g for g in doc["zabbix_export"]["graphs"]
                                      if g["name"] != "Drop"]
    doc["zabbix_export"]["graphs"][0]["height"] = "333"
    src = json.dumps(doc)
    got = res("configuration.importcompare", {"format": "json", "source": src, "rules": RULES})
    expect_eq(sorted(got["graphs"].keys()), ["removed", "updated"], "importcompare graphs")
    expect_eq(got["graphs"]["removed"][0]["before"]["name"], "Drop", "removed")
    expect_eq(got["graphs"]["updated"][0]["after"]["height"], "333", "updated")
    expect_eq(res("configuration.import", {"format": "json", "source": src, "rules": RULES}),
              True, "import")
    got = res("graph.get", {"output": ["name", "height"], "templateids": [t]})
    expect_eq([(g["name"], g["height"]) for g in got], [("Keep", "333")], "deleteMissing, update")
    doc = json.loads(ex)
    doc["zabbix_export"]["graphs"][0]["graph_items"][0]["item"]["key"] = "nokey"
    expect_error(call("configuration.import", {"format": "json", "source": json.dumps(doc),
                                               "rules": RULES}), -32500,
                 'Cannot find item "nokey" on "%s" used in graph "Drop".' % tname)


if __name__ == "__main__":
    T.main()
