#!/usr/bin/env python3
# test_import.py: configuration.import end to end: its parameter texts, all-or-nothing on
# failure, the rules (createMissing, updateExisting, deleteMissing of templates, items, value
# maps and template links; rules {} does nothing), the round trip export -> delete -> import ->
# export in json, yaml and xml (same document, same uuids), hosts with interfaces and
# interface_ref (ids kept on update), linked
# templates copied down by the inheritance engine, import's own errors (-32500) and the API's
# (-32602), and sources with triggers and graphs (not held by tmpld: skipped).
# Usage: test_import.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import json
import os
import re
import sys
import uuid

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, ["--log-level", "warn"], name="import", login=True)
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq

ALL = {"createMissing": True, "updateExisting": True}
DATE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
RULES = {"groups": ALL, "templates": ALL, "hosts": ALL, "items": ALL, "valueMaps": ALL,
         "templateLinkage": {"createMissing": True}}


def uid():
    return uuid.uuid4().hex


def doc(templates=None, hosts=None, groups=None):
    z = {"version": "6.0", "date": "2023-01-01T00:00:00Z"}
    if groups is not None:
        z["groups"] = groups
    if templates is not None:
        z["templates"] = templates
    if hosts is not None:
        z["hosts"] = hosts
    return json.dumps({"zabbix_export": z})


def imp(source, rules=None):
    return call("configuration.import", {"format": "json", "source": source,
                                         "rules": RULES if rules is None else rules})


def ok(r):
    if "error" in r:
        raise AssertionError("import failed: %r" % r["error"])
    expect_eq(r["result"], True, "import result")


def tpl(host, group, **kw):
    t = {"uuid": uid(), "template": host, "name": host, "groups": [{"name": group}]}
    t.update(kw)
    return t


def tpl_get(name, **opts):
    p = {"output": "extend", "filter": {"host": name}}
    p.update(opts)
    return res("template.get", p)


def export_json(tid):
    return json.loads(res("configuration.export", {"format": "json",
                                                   "options": {"templates": [tid]}}))


@T.test
def params_errors():
    for params, data in [
        ({"format": "raw", "source": "x", "rules": {}},
         'Invalid parameter "/format": value must be one of "yaml", "xml", "json".'),
        ({"format": "json", "rules": {}}, 'Invalid parameter "/": the parameter "source" is missing.'),
        ({"format": "json", "source": "{}"}, 'Invalid parameter "/": the parameter "rules" is missing.'),
        ({"format": "json", "source": "{}", "rules": {"hostgroups": {}}},
         'Invalid parameter "/rules": unexpected parameter "hostgroups".'),
        ({"format": "json", "source": "{}", "rules": {"groups": {"deleteMissing": True}}},
         'Invalid parameter "/rules/groups": unexpected parameter "deleteMissing".'),
        ({"format": "json", "source": "{}", "rules": {"templateLinkage": {"updateExisting": True}}},
         'Invalid parameter "/rules/templateLinkage": unexpected parameter "updateExisting".'),
        ({"format": "json", "source": "{}", "rules": {"items": {"createMissing": "yes"}}},
         'Invalid parameter "/rules/items/createMissing": a boolean is expected.'),
    ]:
        expect_error(call("configuration.import", params), -32602, data)
    expect_error(imp("{not json", {}), -32500, "Cannot read JSON: Syntax error.")
    ok(imp(doc(), {}))


@T.test
def rules_empty_does_nothing():
    g = uniq("imp g")
    ok(imp(doc([tpl(uniq("imp t"), g)], groups=[{"uuid": uid(), "name": g}]), {}))
    expect_eq(res("hostgroup.get", {"filter": {"name": g}}), [], "groups")


@T.test
def atomic_on_failure():
    g, t = uniq("imp g"), uniq("imp t")
    r = imp(doc([tpl(t, g, items=[
        {"uuid": uid(), "name": "good", "key": "good.key", "type": "TRAP"},
        {"uuid": uid(), "name": "bad", "key": "bad key!", "type": "TRAP"}])],
        groups=[{"uuid": uid(), "name": g}]))
    expect_error(r, -32602, 'Invalid key "bad key!" for item "bad" on "%s": incorrect syntax near " key!".' % t)
    expect_eq(res("hostgroup.get", {"filter": {"name": g}}), [], "no group kept")
    expect_eq(tpl_get(t), [], "no template kept")


@T.test
def import_errors():
    g = uniq("imp g")
    ok(imp(doc(groups=[{"uuid": uid(), "name": g}])))
    t, nope = uniq("imp t"), uniq("imp nope")
    expect_error(imp(doc([tpl(t, nope)]), {"templates": ALL}), -32500,
                 'Group "%s" does not exist.' % nope)
    expect_error(imp(doc([tpl(t, g, templates=[{"name": "imp missing parent"}])])), -32500,
                 'Cannot import template "%s", linked template "imp missing parent" does not exist.' % t)
    a, b = uniq("imp A"), uniq("imp B")
    expect_error(imp(doc([tpl(a, g, templates=[{"name": b}]), tpl(b, g, templates=[{"name": a}])])),
                 -32500, "Circular reference in templates: %s - %s - %s." % (a, b, a))
    expect_error(imp(doc([tpl(a, g, templates=[{"name": a}])])), -32500,
                 "Circular reference in templates: %s - %s." % (a, a))
    expect_error(imp(doc([tpl(t, g, items=[{"uuid": uid(), "name": "a", "key": "a", "type": "TRAP",
                                             "valuemap": {"name": "VM"}}])])), -32500,
                 'Cannot find value map "VM" used for item "a" on "%s".' % t)
    expect_error(imp(doc([tpl(t, g, items=[{"uuid": uid(), "name": "d", "key": "d", "type": "DEPENDENT"}])])),
                 -32500,
                 'Incorrect value for field "master_itemid": cannot be empty.')
    expect_error(imp(doc([tpl(t, g, name="")])), -32602, 'Invalid parameter "/1/name": cannot be empty.')
    expect_eq(tpl_get(t), [], "nothing kept")
    ok(imp(doc([tpl(t, g)])))
    expect_error(imp(doc([tpl(t, g)]), {"templates": {"createMissing": True}}), -32500,
                 'Template "%s" already exists.' % t)


@T.test
def layered_links_import_in_order():
    """40 layers of two templates, each linked to both of the layer above: the circle check
    and the link order stay linear (a walk of every path would take 2^40 steps)."""
    g, p = uniq("imp g"), uniq("imp L")
    layers = 40
    tpls = []
    for i in range(layers):
        for side in "ab":
            links = [{"name": "%s %d%s" % (p, i - 1, s)} for s in "ab"] if i > 0 else []
            tpls.append(tpl("%s %d%s" % (p, i, side), g, templates=links))
    tpls.reverse()   # children first: the import must order them itself
    ok(imp(doc(tpls, groups=[{"uuid": uid(), "name": g}])))
    last = tpl_get("%s %da" % (p, layers - 1), selectParentTemplates=["host"])[0]
    expect_eq(sorted(x["host"] for x in last["parentTemplates"]),
              ["%s %da" % (p, layers - 2), "%s %db" % (p, layers - 2)], "parents")


@T.test
def round_trip_same_uuids():
    g, t, vm = uniq("imp g"), uniq("imp t"), uniq("imp vm")
    gid = res("hostgroup.create", {"name": g})["groupids"][0]
    tid = res("template.create", {"host": t, "name": t + " visible", "description": "d\nline",
                                  "groups": [{"groupid": gid}], "tags": [{"tag": "a", "value": "b"}],
                                  "macros": [{"macro": "{$A}", "value": "1"},
                                             {"macro": "{$S}", "value": "secret", "type": 1},
                                             {"macro": "{$V}", "value": "path/to:key", "type": 2}]}
                  )["templateids"][0]
    vmid = res("valuemap.create", {"hostid": tid, "name": vm, "mappings": [
        {"value": "0", "newvalue": "down"}, {"type": 5, "newvalue": "other"}]})["valuemapids"][0]
    mid = res("item.create", {"hostid": tid, "name": "master", "key_": "m.key", "type": 2,
                              "value_type": 4, "valuemapid": vmid,
                              "tags": [{"tag": "component", "value": "x"}],
                              "preprocessing": [{"type": 12, "params": "$.a", "error_handler": 2,
                                                 "error_handler_params": "none"}]})["itemids"][0]
    res("item.create", {"hostid": tid, "name": "dep", "key_": "d.key", "type": 18, "master_itemid": mid,
                        "value_type": 3, "units": "B"})
    res("item.create", {"hostid": tid, "name": "agent", "key_": "agent.ping", "type": 7, "delay": "30s",
                        "value_type": 3})
    before = export_json(tid)
    src = json.dumps(before)
    res("template.delete", [tid])
    ok(imp(src))
    new = tpl_get(t)
    expect_eq(len(new), 1, "template imported")
    after = export_json(new[0]["templateid"])
    before["zabbix_export"].pop("date")
    after["zabbix_export"].pop("date")
    # the secret macro comes back without its value: the export has none
    expect_eq(after, before, "export after the round trip")
    macros = res("usermacro.get", {"hostids": new[0]["templateid"], "output": ["macro", "value", "type"]})
    expect_eq(sorted((m["macro"], m.get("value"), m["type"]) for m in macros),
              [("{$A}", "1", "0"), ("{$S}", None, "1"), ("{$V}", "path/to:key", "2")], "macros")
    # importing the same source again changes nothing
    ok(imp(src))
    again = export_json(new[0]["templateid"])
    again["zabbix_export"].pop("date")
    expect_eq(again, before, "second import")


@T.test
def round_trip_yaml_and_xml():
    g, t = uniq("imp g"), uniq("imp t")
    gid = res("hostgroup.create", {"name": g})["groupids"][0]
    for fmt in ("yaml", "xml"):
        tid = res("template.create", {"host": t, "description": "two\nlines <&> 'q'",
                                      "groups": [{"groupid": gid}],
                                      "macros": [{"macro": "{$M}", "value": "a: b"}]})["templateids"][0]
        res("item.create", {"hostid": tid, "name": "i", "key_": "i[\"x\"]", "type": 2, "value_type": 1,
                            "preprocessing": [{"type": 21, "params": "var a = 1;\nreturn a;",
                                               "error_handler": 0, "error_handler_params": ""}]})
        text = res("configuration.export", {"format": fmt, "options": {"templates": [tid]}})
        res("template.delete", [tid])
        r = call("configuration.import", {"format": fmt, "source": text, "rules": RULES})
        ok(r)
        nid = tpl_get(t)[0]["templateid"]
        again = res("configuration.export", {"format": fmt, "options": {"templates": [nid]}})
        expect_eq(DATE.sub("D", again), DATE.sub("D", text), "%s export after the round trip" % fmt)
        res("template.delete", [nid])


@T.test
def rules_matrix():
    g, t = uniq("imp g"), uniq("imp t")
    u = uid()
    ok(imp(doc([tpl(t, g, uuid=u, description="one", items=[
        {"uuid": uid(), "name": "a", "key": "a", "type": "TRAP"},
        {"uuid": uid(), "name": "b", "key": "b", "type": "TRAP"}])],
        groups=[{"uuid": uid(), "name": g}])))
    tid = tpl_get(t)[0]["templateid"]

    def keys():
        return sorted(i["key_"] for i in res("item.get", {"hostids": tid, "output": ["key_"]}))
    src2 = doc([tpl(t, g, uuid=u, description="two", items=[
        {"uuid": uid(), "name": "b2", "key": "b", "type": "TRAP"},
        {"uuid": uid(), "name": "c", "key": "c", "type": "TRAP"}])])
    # templates.createMissing alone on an existing template
    expect_error(imp(src2, {"templates": {"createMissing": True}}), -32500,
                 'Template "%s" already exists.' % t)
    # with an item rule on, the existing template is left as it is and items are processed
    ok(imp(src2, {"templates": {"createMissing": True}, "items": {"createMissing": True}}))
    expect_eq(keys(), ["a", "b", "c"], "createMissing adds c only")
    expect_eq(tpl_get(t)[0]["description"], "one", "template not updated")
    expect_eq(res("item.get", {"hostids": tid, "filter": {"key_": "b"}, "output": ["name"]})[0]["name"],
              "b", "b not updated")
    ok(imp(src2, {"items": {"updateExisting": True}}))
    expect_eq(res("item.get", {"hostids": tid, "filter": {"key_": "b"}, "output": ["name"]})[0]["name"],
              "b2", "b updated")
    ok(imp(src2, {"items": {"deleteMissing": True}}))
    expect_eq(keys(), ["b", "c"], "deleteMissing removes a")
    ok(imp(src2, {"templates": {"updateExisting": True}}))
    expect_eq(tpl_get(t)[0]["description"], "two", "updateExisting replaces the description")
    # without templates.createMissing nothing is created
    t2 = uniq("imp t")
    ok(imp(doc([tpl(t2, g)]), {"templates": {"updateExisting": True}}))
    expect_eq(tpl_get(t2), [], "not created")


@T.test
def valuemap_rules():
    g, t = uniq("imp g"), uniq("imp t")
    vm = {"uuid": uid(), "name": "VM1", "mappings": [{"value": "1", "newvalue": "up"}]}
    ok(imp(doc([tpl(t, g, valuemaps=[vm])], groups=[{"uuid": uid(), "name": g}])))
    tid = tpl_get(t)[0]["templateid"]
    got = res("valuemap.get", {"hostids": tid, "output": ["name", "uuid"], "selectMappings": "extend"})
    expect_eq([(v["name"], v["uuid"], v["mappings"]) for v in got],
              [("VM1", vm["uuid"], [{"value": "1", "newvalue": "up", "type": "0"}])], "value map")
    vm2 = dict(vm, mappings=[{"value": "1", "newvalue": "UP"}])
    other = {"uuid": uid(), "name": "VM2", "mappings": [{"type": "DEFAULT", "newvalue": "x"}]}
    src = doc([tpl(t, g, valuemaps=[other])])
    ok(imp(doc([tpl(t, g, valuemaps=[vm2])]), {"templates": {"updateExisting": True},
                                                "valueMaps": {"updateExisting": True}}))
    got = res("valuemap.get", {"hostids": tid, "output": ["name"], "selectMappings": "extend"})
    expect_eq(got[0]["mappings"][0]["newvalue"], "UP", "updated")
    ok(imp(src, {"templates": {"updateExisting": True}, "valueMaps": {"createMissing": True}}))
    expect_eq(sorted(v["name"] for v in res("valuemap.get", {"hostids": tid, "output": ["name"]})),
              ["VM1", "VM2"], "VM2 added")
    ok(imp(src, {"templates": {"updateExisting": True}, "valueMaps": {"deleteMissing": True}}))
    expect_eq([v["name"] for v in res("valuemap.get", {"hostids": tid, "output": ["name"]})],
              ["VM2"], "VM1 deleted")


@T.test
def linkage_rules():
    g, p1, p2, c = uniq("imp g"), uniq("imp p"), uniq("imp p"), uniq("imp c")
    ok(imp(doc([tpl(p1, g, items=[{"uuid": uid(), "name": "p", "key": "p.key", "type": "TRAP"}]),
                tpl(p2, g), tpl(c, g, templates=[{"name": p1}, {"name": p2}])],
               groups=[{"uuid": uid(), "name": g}])))
    cid = tpl_get(c)[0]["templateid"]

    def parents():
        t = res("template.get", {"templateids": cid, "selectParentTemplates": ["host"]})[0]
        return sorted(x["host"] for x in t["parentTemplates"])
    expect_eq(parents(), sorted([p1, p2]), "linked")
    expect_eq([i["key_"] for i in res("item.get", {"hostids": cid, "output": ["key_"]})], ["p.key"],
              "inherited item")
    src = doc([tpl(c, g, templates=[{"name": p1}])])
    ok(imp(src, {"templateLinkage": {"createMissing": True, "deleteMissing": True}}))
    expect_eq(parents(), [p1], "p2 unlinked")
    expect_eq([i["key_"] for i in res("item.get", {"hostids": cid, "output": ["key_"]})], ["p.key"],
              "kept")
    ok(imp(src, {"templateLinkage": {"deleteMissing": True}}))
    expect_eq(parents(), [], "every link dropped without createMissing")
    expect_eq([i["key_"] for i in res("item.get", {"hostids": cid, "output": ["key_"]})], ["p.key"],
              "unlinked, not cleared")


@T.test
def hosts():
    g, t, h = uniq("imp g"), uniq("imp t"), uniq("imp h")
    ok(imp(doc([tpl(t, g, items=[{"uuid": uid(), "name": "tp", "key": "t.ping", "type": "TRAP"}])],
               groups=[{"uuid": uid(), "name": g}])))
    host = {"host": h, "name": h + " visible", "groups": [{"name": g}], "templates": [{"name": t}],
            "interfaces": [{"ip": "10.1.1.1", "interface_ref": "if1"},
                           {"type": "SNMP", "ip": "10.1.1.2", "port": "161", "interface_ref": "if2",
                            "details": {"community": "public"}}],
            "items": [{"name": "a", "key": "agent.ping", "interface_ref": "if1"},
                      {"name": "s", "key": "snmp.x", "type": "SNMP_AGENT", "snmp_oid": "1.3.6",
                       "interface_ref": "if2"}],
            "macros": [{"macro": "{$H}", "value": "v"}], "tags": [{"tag": "env", "value": "prod"}],
            "inventory_mode": "MANUAL", "inventory": {"os": "Linux"}}
    expect_error(imp(doc(hosts=[dict(host, groups=[{"name": "imp no group"}])])), -32500,
                 'Group "imp no group" for host "%s" does not exist.' % h)
    expect_error(imp(doc(hosts=[dict(host, templates=[{"name": "imp no tpl"}])])), -32500,
                 'Template "imp no tpl" for host "%s" does not exist.' % h)
    bad = dict(host, items=[{"name": "a", "key": "agent.ping", "interface_ref": "if9"}])
    expect_error(imp(doc(hosts=[bad])), -32500,
                 'Cannot find interface "if9" used for item "a" on "%s".' % h)
    expect_error(imp(doc(hosts=[dict(host, items=[{"name": "a", "key": "agent.ping"}])])), -32602,
                 "No interface found.")
    ok(imp(doc(hosts=[host])))
    hid = res("host.get", {"filter": {"host": h}})[0]["hostid"]
    items = res("item.get", {"hostids": hid, "output": ["key_", "interfaceid", "templateid"]})
    expect_eq(sorted(i["key_"] for i in items), ["agent.ping", "snmp.x", "t.ping"], "host items")
    ifaces = {i["interfaceid"]: i["ip"] for i in
              res("hostinterface.get", {"hostids": hid, "output": ["ip"]})}
    expect_eq({i["key_"]: ifaces.get(i["interfaceid"]) for i in items if i["templateid"] == "0"},
              {"agent.ping": "10.1.1.1", "snmp.x": "10.1.1.2"}, "interface_ref")
    inv = res("host.get", {"hostids": hid, "selectInventory": ["os"], "output": ["inventory_mode"]})[0]
    expect_eq((inv["inventory_mode"], inv["inventory"]["os"]), ("0", "Linux"), "inventory")
    # again with updateExisting: the interfaces keep their ids, the items theirs
    ok(imp(doc(hosts=[dict(host, description="again")])))
    expect_eq({i["interfaceid"]: i["ip"] for i in
               res("hostinterface.get", {"hostids": hid, "output": ["ip"]})}, ifaces, "interfaces kept")
    expect_eq(res("host.get", {"hostids": hid, "output": ["description"]})[0]["description"], "again",
              "host updated")
    expect_error(imp(doc(hosts=[host]), {"hosts": {"createMissing": True}}), -32500,
                 'Host "%s" already exists.' % h)


@T.test
def skipped_objects():
    g, t = uniq("imp g"), uniq("imp t")
    src = doc([tpl(t, g, items=[{"uuid": uid(), "name": "a", "key": "a", "type": "TRAP",
                                 "triggers": [{"uuid": uid(), "expression": "last(/%s/a)=0" % t,
                                               "name": "down"}]}])],
              groups=[{"uuid": uid(), "name": g}])
    rules = dict(RULES, triggers=dict(ALL, deleteMissing=True), graphs=ALL, discoveryRules=ALL,
                 httptests=ALL, templateDashboards=ALL)
    ok(imp(src, rules))
    expect_eq(len(tpl_get(t)), 1, "imported")


if __name__ == "__main__":
    sys.exit(T.main())
