#!/usr/bin/env python3
# test_graphproto.py: graph prototypes (graphprototype.*) against the real tmpld.
#
# Exercises:
#   - create/get/update/delete: item prototypes of one rule required, template items mixed
#     in, discover, discoveryids, selectDiscoveryRule; graph.get ignores prototypes, graph.create
#     with an item prototype is refused; names shared with graphs;
#   - discoveryrule.get / itemprototype.get selectGraphs (list and "count" as a string);
#   - a three-level chain A -> B -> H: the prototype is copied on link (on the host's item
#     prototypes, templateid one level up), follows the template's update, cannot be deleted
#     on a copy, is kept with templateid 0 on unlink, and goes on clear;
#   - deleting an item prototype or the rule takes the graph prototype; template.delete too;
#   - configuration.export / import / importcompare of discovery_rules[].graph_prototypes
#     (discover NO_DISCOVER, updateExisting, deleteMissing, a new one created).
# Usage: test_graphproto.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import json
import os
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, ["--log-level", "warn"], name="gproto", login=True, fmt="%s-%d")
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq


def group():
    return S.once("group", lambda: res("hostgroup.create", {"name": "e2e gproto"})["groupids"][0])


def mk_host(template, prefix):
    kind = "template" if template else "host"
    return res(kind + ".create", {"host": uniq(prefix),
                                  "groups": [{"groupid": group()}]})[kind + "ids"][0]


def mk_rule(hostid, key="vm.discovery"):
    return res("discoveryrule.create", {"hostid": hostid, "name": key, "key_": key,
                                        "type": 2})["itemids"][0]


def mk_proto(hostid, ruleid, key):
    return res("itemprototype.create", {"hostid": hostid, "ruleid": ruleid, "name": key,
                                        "key_": key, "type": 2, "value_type": 3})["itemids"][0]


def mk_gproto(name, *itemids):
    return res("graphprototype.create", {"name": name, "width": 900, "height": 200, "gitems": [
        {"itemid": i, "color": "00AA00"} for i in itemids]})["graphids"][0]


def gprotos(hostid):
    return res("graphprototype.get", {"output": ["name", "templateid", "discover"],
                                      "hostids": hostid, "selectGraphItems": ["itemid"],
                                      "selectDiscoveryRule": ["key_"], "sortfield": "name"})


@T.test
def create_get_update_delete():
    t = mk_host(True, "e2e-gp-T")
    item = res("item.create", {"hostid": t, "name": "i", "key_": "plain", "type": 2,
                               "value_type": 3})["itemids"][0]
    r1, r2 = mk_rule(t), mk_rule(t, "other.discovery")
    p1, p2 = mk_proto(t, r1, "a[{#X}]"), mk_proto(t, r2, "b[{#X}]")
    expect_error(call("graphprototype.create", {"name": "x", "gitems": [
        {"itemid": item, "color": "00AA00"}]}), -32602,
        'Graph prototype "x" must have at least one item prototype.')
    expect_error(call("graphprototype.create", {"name": "x", "gitems": [
        {"itemid": p1, "color": "00AA00"}, {"itemid": p2, "color": "00AA00"}]}), -32602,
        'Graph prototype "x" contains item prototypes from multiple discovery rules.')
    expect_error(call("graphprototype.create", {"gitems": [
        {"itemid": p1, "color": "00AA00"}]}), -32602,
        'Missing "name" field for graph prototype.')
    expect_error(call("graph.create", {"name": "g", "gitems": [
        {"itemid": p1, "color": "00AA00"}]}), -32602,
        "No permissions to referred object or it does not exist!")
    gp = mk_gproto("G {#X}", p1, item)
    expect_error(call("graph.create", {"name": "G {#X}", "gitems": [
        {"itemid": item, "color": "00AA00"}]}), -32602,
        'Graph with name "G {#X}" already exists in graphs or graph prototypes.')
    got = gprotos(t)
    expect_eq([(g["name"], g["discover"], g["discoveryRule"]["key_"], len(g["gitems"]))
               for g in got], [("G {#X}", "0", "vm.discovery", 2)], "the prototype")
    expect_eq(res("graph.get", {"output": ["name"], "hostids": t}), [], "graph.get: none")
    expect_eq(res("graphprototype.get", {"output": ["name"], "discoveryids": r2}), [],
              "not of the other rule")
    rules = res("discoveryrule.get", {"output": ["key_"], "itemids": [r1, r2],
                                      "selectGraphs": "count", "sortfield": "key_"})
    expect_eq([r["graphs"] for r in rules], ["0", "1"], "selectGraphs count")
    pr = res("itemprototype.get", {"output": ["key_"], "itemids": p1, "selectGraphs": ["name"]})
    expect_eq(pr[0]["graphs"], [{"graphid": gp, "name": "G {#X}"}], "itemprototype selectGraphs")
    res("graphprototype.update", {"graphid": gp, "discover": 1, "name": "H {#X}"})
    expect_eq([(g["name"], g["discover"]) for g in gprotos(t)], [("H {#X}", "1")], "updated")
    expect_error(call("graph.update", {"graphid": gp, "name": "y"}), -32602,
                 "No permissions to referred object or it does not exist!")
    expect_error(call("graph.delete", [gp]), -32500,
                 "No permissions to referred object or it does not exist!")
    res("graphprototype.delete", [gp])
    expect_eq(gprotos(t), [], "deleted")
    mk_gproto("P {#X}", p1)
    res("itemprototype.delete", [p1])
    expect_eq(gprotos(t), [], "gone with its item prototype")
    p3 = mk_proto(t, r2, "c[{#X}]")
    mk_gproto("R {#X}", p3)
    res("discoveryrule.delete", [r2])
    expect_eq(gprotos(t), [], "gone with its rule")


@T.test
def chain_link_unlink_clear():
    a, b, h = mk_host(True, "e2e-gp-A"), mk_host(True, "e2e-gp-B"), mk_host(False, "e2e-gp-H")
    ra = mk_rule(a)
    pa = mk_proto(a, ra, "cpu[{#X}]")
    ga = mk_gproto("CPU {#X}", pa)
    res("template.update", {"templateid": b, "templates": [{"templateid": a}]})
    res("host.update", {"hostid": h, "templates": [{"templateid": b}]})
    gb, gh = gprotos(b), gprotos(h)
    expect_eq((len(gb), len(gh)), (1, 1), "copied down the chain")
    expect_eq(gb[0]["templateid"], ga, "B's copy of A's")
    expect_eq(gh[0]["templateid"], gb[0]["graphid"], "H's copy of B's")
    hp = res("itemprototype.get", {"output": ["key_"], "hostids": h})[0]["itemid"]
    expect_eq([g["itemid"] for g in gh[0]["gitems"]], [hp], "on the host's item prototype")
    expect_error(call("graphprototype.delete", [gh[0]["graphid"]]), -32602,
                 "Cannot delete templated graph prototype.")
    res("graphprototype.update", {"graphid": ga, "name": "Load {#X}"})
    expect_eq(gprotos(h)[0]["name"], "Load {#X}", "the edit reaches the host")
    res("host.update", {"hostid": h, "templates": []})
    expect_eq([g["templateid"] for g in gprotos(h)], ["0"], "kept on unlink")
    res("host.update", {"hostid": h, "templates": [{"templateid": b}]})
    res("host.update", {"hostid": h, "templates_clear": [{"templateid": b}]})
    expect_eq(gprotos(h), [], "cleared")
    res("template.delete", [a])
    expect_eq((gprotos(a), gprotos(b)), ([], []), "gone with the template")


@T.test
def export_import_roundtrip():
    t = mk_host(True, "e2e-gp-X")
    name = res("template.get", {"output": ["host"], "templateids": t})[0]["host"]
    r = mk_rule(t)
    p = mk_proto(t, r, "net[{#IF}]")
    res("graphprototype.create", {"name": "Net {#IF}", "discover": 1, "gitems": [
        {"itemid": p, "color": "0000AA", "drawtype": 2}]})
    rules = {"templates": {"createMissing": True, "updateExisting": True},
             "discoveryRules": {"createMissing": True, "updateExisting": True,
                                "deleteMissing": True},
             "groups": {"createMissing": True}}
    for fmt in ("yaml", "xml", "json"):
        doc = res("configuration.export", {"format": fmt, "options": {"templates": [t]}})
        if fmt == "json":
            gp = json.loads(doc)["zabbix_export"]["templates"][0]["discovery_rules"][0][
                "graph_prototypes"]
            expect_eq([(g["name"], g["discover"], g["graph_items"][0]["drawtype"])
                       for g in gp], [("Net {#IF}", "NO_DISCOVER", "BOLD_LINE")], "exported")
        res("template.delete", [t])
        res("configuration.import", {"format": fmt, "source": doc, "rules": rules})
        t = res("template.get", {"output": ["templateid"], "filter": {"host": name}})[0][
            "templateid"]
        got = gprotos(t)
        expect_eq([(g["name"], g["discover"]) for g in got], [("Net {#IF}", "1")],
                  "imported from " + fmt)
        again = res("configuration.export", {"format": fmt, "options": {"templates": [t]}})
        strip = (lambda d: d.split("\n", 3)[3]) if fmt == "yaml" else (lambda d: d)
        if fmt == "yaml":
            expect_eq(strip(again), strip(doc), "the same export again (" + fmt + ")")


@T.test
def import_update_and_delete_missing():
    t = mk_host(True, "e2e-gp-U")
    name = res("template.get", {"output": ["host"], "templateids": t})[0]["host"]
    p = mk_proto(t, mk_rule(t), "p[{#X}]")
    mk_gproto("G {#X}", p)
    mk_gproto("K {#X}", p)
    doc = json.loads(res("configuration.export", {"format": "json",
                                                  "options": {"templates": [t]}}))
    gps = doc["zabbix_export"]["templates"][0]["discovery_rules"][0]["graph_prototypes"]
    gps[0]["width"], gps[0]["discover"] = "500", "NO_DISCOVER"
    del gps[1]
    gps.append({"uuid": "0b0a5a2f3c4d4e5f8a9b0c1d2e3f4a5b", "name": "New {#X}", "graph_items": [
        {"color": "112233", "item": {"host": name, "key": "p[{#X}]"}}]})
    rules = {"groups": {"createMissing": True},
             "templates": {"createMissing": True, "updateExisting": True},
             "discoveryRules": {"createMissing": True, "updateExisting": True,
                                "deleteMissing": True}}
    cmp = res("configuration.importcompare", {"format": "json", "source": json.dumps(doc),
                                              "rules": rules})
    diff = cmp["templates"]["updated"][0]["discovery_rules"]["updated"][0]["graph_prototypes"]
    expect_eq(sorted(diff), ["added", "removed", "updated"], "importcompare sees all three")
    expect_eq(res("configuration.import", {"format": "json", "source": json.dumps(doc),
                                           "rules": rules}), True, "imported")
    got = res("graphprototype.get", {"output": ["name", "width", "discover"], "templateids": t,
                                     "sortfield": "name"})
    expect_eq([(g["name"], g["width"], g["discover"]) for g in got],
              [("G {#X}", "500", "1"), ("New {#X}", "900", "0")], "updated, deleted, created")


if __name__ == "__main__":
    T.main()
