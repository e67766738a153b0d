#!/usr/bin/env python3
# test_get_options.py: get options that name proxies, item states and objects tmpld does not
# hold yet, answered as Zabbix 6.0 answers them, against the real tmpld.
#
# Exercises:
#   - host.get: monitored_hosts (enabled hosts only, templates never), proxyids (no host has a
#     proxy: [] for any id but "0"), proxy_hosts ([]), itemids (the hosts of those items),
#     with_monitored_items (an enabled item), with_simple_graph_items (an enabled numeric
#     item), the options of triggers, graphs, prototypes, web scenarios and maintenances ([]);
#   - selects of objects not held: selectTriggers, selectGraphs, selectDiscoveries,
#     selectHttpTests ([] or "0" for "count"), selectDiscoveryRule and selectHostDiscovery ([]),
#     template.get selectDashboards, hostgroup.get selectDiscoveryRule/selectGroupDiscovery;
#   - hostgroup.get: with_items, with_monitored_items, with_simple_graph_items (with
#     monitored_hosts), with_triggers/with_graphs/triggerids ([]);
#   - host.get severities and withProblemsSuppressed (no host has problems: []);
#   - item.get: interfaceids, monitored (enabled items of monitored hosts), host and group
#     (by name), with_triggers,
#     triggerids, graphids, selectTriggers/selectGraphs/selectDiscoveryRule/selectItemDiscovery;
#   - countOutput with groupCount: [{"rowscount"}], and item.get with hostids per host.
# Usage: test_get_options.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import os
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, ["--log-level", "warn"], login=True)
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq


def world():
    """Two groups; G1: template T, enabled host H1 with an enabled numeric item; G2: disabled
    host H2 with a disabled text item; G3 holds H3, enabled, with an enabled text item."""
    def make():
        g1, g2, g3 = (res("hostgroup.create", {"name": uniq("go G")})["groupids"][0]
                      for _ in range(3))
        t = res("template.create", {"host": uniq("go T"),
                                    "groups": [{"groupid": g1}]})["templateids"][0]
        h1, h2, h3 = (res("host.create", {"host": uniq("go-H").replace(" ", "-"),
                                          "groups": [{"groupid": g}], "status": st})["hostids"][0]
                      for g, st in ((g1, 0), (g2, 1), (g3, 0)))
        i1 = res("item.create", {"hostid": h1, "name": "a", "key_": "a", "type": 2,
                                 "value_type": 3})["itemids"][0]
        i2 = res("item.create", {"hostid": h2, "name": "b", "key_": "b", "type": 2,
                                 "value_type": 4, "status": 1})["itemids"][0]
        i3 = res("item.create", {"hostid": h3, "name": "c", "key_": "c", "type": 2,
                                 "value_type": 4})["itemids"][0]
        return dict(g1=g1, g2=g2, g3=g3, t=t, h1=h1, h2=h2, h3=h3, i1=i1, i2=i2, i3=i3)
    return S.once("world", make)


def hosts(params):
    w = world()
    p = {"output": ["hostid"], "hostids": [w["h1"], w["h2"], w["h3"]]}
    p.update(params)
    return sorted(h["hostid"] for h in res("host.get", p))


@T.test
def host_get_state_options():
    w = world()
    expect_eq(hosts({"monitored_hosts": True}), sorted([w["h1"], w["h3"]]), "monitored_hosts")
    expect_eq(hosts({"monitored_hosts": True, "templated_hosts": True,
                     "hostids": [w["h1"], w["t"]]}), [w["h1"]], "monitored_hosts wins")
    expect_eq(hosts({"with_monitored_items": True}), sorted([w["h1"], w["h3"]]),
              "with_monitored_items")
    expect_eq(hosts({"with_simple_graph_items": True}), [w["h1"]], "with_simple_graph_items")
    expect_eq(hosts({"with_items": True}), sorted([w["h1"], w["h2"], w["h3"]]), "with_items")
    expect_eq(sorted(h["hostid"] for h in res("host.get", {"output": ["hostid"],
                                                          "itemids": [w["i2"], w["i3"]]})),
              sorted([w["h2"], w["h3"]]), "itemids")


@T.test
def host_get_objects_not_held():
    w = world()
    expect_eq(hosts({"proxyids": ["999999"]}), [], "proxyids")
    expect_eq(hosts({"proxyids": "0"}), sorted([w["h1"], w["h2"], w["h3"]]), "proxyids 0")
    expect_eq(hosts({"proxy_hosts": True}), [], "proxy_hosts")
    for opt in ("with_triggers", "with_monitored_triggers", "with_graphs",
                "with_graph_prototypes", "with_item_prototypes",
                "with_simple_graph_item_prototypes", "triggerids", "graphids",
                "maintenanceids", "httptestids"):
        expect_eq(hosts({opt: ["1"] if opt.endswith("ids") else True}), [], opt)
    expect_eq(hosts({"with_monitored_httptests": True}), [], "with_monitored_httptests")
    expect_eq(hosts({"severities": [0, 1, 2, 3, 4, 5]}), [], "severities")
    expect_eq(hosts({"withProblemsSuppressed": False}), [], "withProblemsSuppressed")
    got = res("host.get", {"output": ["hostid"], "hostids": w["h1"],
                           "selectTriggers": "count", "selectGraphs": "extend",
                           "selectDiscoveries": ["name"], "selectHttpTests": "count",
                           "selectDiscoveryRule": "extend", "selectHostDiscovery": "extend"})
    expect_eq(got, [{"hostid": w["h1"], "triggers": "0", "graphs": [], "discoveries": [],
                     "httpTests": "0", "discoveryRule": [], "hostDiscovery": []}],
              "selects of objects not held")
    got = res("template.get", {"output": ["templateid"], "templateids": w["t"],
                               "selectDashboards": "count", "selectTriggers": "extend"})
    expect_eq(got, [{"templateid": w["t"], "triggers": [], "dashboards": "0"}],
              "template selects of objects not held")


@T.test
def hostgroup_get_item_options():
    w = world()
    gids = [w["g1"], w["g2"], w["g3"]]

    def groups(params):
        p = {"output": ["groupid"], "groupids": gids}
        p.update(params)
        return sorted(g["groupid"] for g in res("hostgroup.get", p))
    expect_eq(groups({"with_items": True}), sorted(gids), "with_items")
    expect_eq(groups({"with_monitored_items": True}), sorted([w["g1"], w["g3"]]),
              "with_monitored_items")
    expect_eq(groups({"with_simple_graph_items": True}), [w["g1"]], "with_simple_graph_items")
    expect_eq(groups({"with_items": True, "monitored_hosts": True}),
              sorted([w["g1"], w["g3"]]), "with_items and monitored_hosts")
    for opt in ("with_triggers", "with_graphs", "with_httptests", "triggerids", "graphids"):
        expect_eq(groups({opt: ["1"] if opt.endswith("ids") else True}), [], opt)
    got = res("hostgroup.get", {"output": ["groupid"], "groupids": w["g1"],
                                "selectDiscoveryRule": "extend",
                                "selectGroupDiscovery": "extend"})
    expect_eq(got, [{"groupid": w["g1"], "discoveryRule": [], "groupDiscovery": []}],
              "hostgroup selects of objects not held")


@T.test
def item_get_options():
    w = world()
    hid = res("host.create", {"host": uniq("go-IF").replace(" ", "-"),
                              "groups": [{"groupid": w["g3"]}],
                              "interfaces": [{"type": 1, "main": 1, "useip": 1,
                                              "ip": "127.0.0.1", "dns": "", "port": "10050"}]})
    hid = hid["hostids"][0]
    ifid = res("hostinterface.get", {"hostids": hid, "output": ["interfaceid"]})[0]["interfaceid"]
    it = res("item.create", {"hostid": hid, "name": "z", "key_": "z", "type": 0,
                             "value_type": 3, "delay": "1m", "interfaceid": ifid})["itemids"][0]
    all_items = [w["i1"], w["i2"], w["i3"], it]

    def items(params):
        p = {"output": ["itemid"], "itemids": all_items}
        p.update(params)
        return sorted(i["itemid"] for i in res("item.get", p))
    expect_eq(items({"interfaceids": ifid}), [it], "interfaceids")
    expect_eq(items({"interfaceids": ["999999"]}), [], "unknown interfaceids")
    expect_eq(items({"monitored": True}), sorted([w["i1"], w["i3"], it]), "monitored")
    h1name = res("host.get", {"hostids": w["h1"], "output": ["host"]})[0]["host"]
    g3name = res("hostgroup.get", {"groupids": w["g3"], "output": ["name"]})[0]["name"]
    expect_eq(items({"host": h1name}), [w["i1"]], "host")
    expect_eq(items({"host": "no such host"}), [], "unknown host")
    expect_eq(items({"group": g3name}), sorted([w["i3"], it]), "group")
    expect_eq(items({"group": g3name, "host": h1name}), [], "group and host")
    expect_eq(items({"with_triggers": True}), [], "with_triggers")
    expect_eq(items({"with_triggers": False}), sorted(all_items), "with_triggers false")
    expect_eq(items({"triggerids": ["1"]}), [], "triggerids")
    expect_eq(items({"graphids": "1"}), [], "graphids")
    got = res("item.get", {"output": ["itemid"], "itemids": it, "selectTriggers": "count",
                           "selectGraphs": ["name"], "selectDiscoveryRule": "extend",
                           "selectItemDiscovery": "extend"})
    expect_eq(got, [{"itemid": it, "triggers": "0", "graphs": [], "discoveryRule": [],
                     "itemDiscovery": []}], "item selects of objects not held")


@T.test
def group_count():
    w = world()
    expect_eq(res("hostgroup.get", {"groupids": [w["g1"], w["g2"]], "countOutput": True,
                                    "groupCount": True}), [{"rowscount": "2"}], "hostgroup")
    expect_eq(res("host.get", {"hostids": [w["h1"], w["h2"]], "countOutput": True,
                               "groupCount": True}), [{"rowscount": "2"}], "host")
    expect_eq(res("item.get", {"hostids": [w["h1"], w["h2"], w["t"]], "countOutput": True,
                               "groupCount": True}),
              sorted([{"rowscount": "1", "hostid": w["h1"]},
                      {"rowscount": "1", "hostid": w["h2"]}], key=lambda r: int(r["hostid"])),
              "item by host")
    expect_eq(res("item.get", {"itemids": [w["i1"], w["i2"]], "countOutput": True,
                               "groupCount": True}), [{"rowscount": "2"}], "item")
    expect_eq(res("hostgroup.get", {"groupids": [w["g1"]], "countOutput": True,
                                    "groupCount": False}), "1", "groupCount false")



@T.test
def sort_fields_join_the_output_only_with_a_join():
    """Zabbix selects a sort column only when its query joins another table (DISTINCT): the
    reference answers template.get output [uuid] sortfield host with {uuid, templateid}, and
    with groupids adds the sort field (n13-template-get-options #7)."""
    w = world()
    plain = res("template.get", {"output": ["uuid"], "templateids": [w["t"]], "sortfield": "host"})
    expect_eq(sorted(plain[0]), ["templateid", "uuid"], "no join: the sort field is not output")
    joined = res("template.get", {"output": ["uuid"], "groupids": [w["g1"]], "sortfield": "host"})
    expect_eq(list(joined[0]), ["uuid", "host", "templateid"], "groupids: the sort field too")
    items = res("item.get", {"output": ["name"], "itemids": [w["i1"]], "sortfield": "key_"})
    expect_eq(list(items[0]), ["itemid", "name"], "item.get without a join")
    items = res("item.get", {"output": ["name"], "groupids": [w["g1"]], "sortfield": "key_"})
    expect_eq(list(items[0]), ["itemid", "name", "key_"], "item.get with groupids")
    h = res("host.get", {"output": ["host"], "hostids": [w["h1"]], "sortfield": "status"})
    expect_eq(list(h[0]), ["hostid", "host"], "host.get without a join")
    h = res("host.get", {"output": ["host", "inventory_mode"], "hostids": [w["h1"]],
                         "sortfield": "status"})
    expect_eq(list(h[0]), ["hostid", "host", "inventory_mode", "status"],
              "host.get: inventory_mode is a left join")

if __name__ == "__main__":
    sys.exit(T.main())
