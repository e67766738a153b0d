#!/usr/bin/env python3
# test_official_more.py: the official templates that needed Zabbix's finer rules go in whole
# (test/data/official/json: triggers, graphs and prototypes kept) and come out of
# configuration.export byte for byte in json, yaml and xml (only the date differs): LLD macros
# in trigger prototype expressions (Morningstar, ZYXEL), backslashes in quoted key parameters
# (IIS), item prototypes of two rules sharing a key (GridGain). Then those rules one by one, with
# the answers Zabbix 6.0.14 gave: LLD macros where a prototype takes them and a trigger does not;
# shared prototype keys created by one import, found by rule on a second import, inherited down
# a chain, passed on when the holder goes; the groups a host prototype links to exported with
# the document's groups.
# Usage: test_official_more.py [BIN]

import json
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402

T = e2e.Tests()
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "official")
FILES = ("gridgain-by-jmx", "iis-by-zabbix-agent", "morningstar-sunsaver-mppt-by-snmp",
         "zyxel-aam1212-51-ies-612-by-snmp", "zyxel-ies1248-51-by-snmp",
         "zyxel-mgs-3712-by-snmp")
ENTITIES = ("groups", "templates", "items", "triggers", "graphs", "discoveryRules", "valueMaps",
            "templateDashboards", "httptests")
RULES = dict({k: {"createMissing": True, "updateExisting": True} for k in ENTITIES},
             templateLinkage={"createMissing": True})
DATE = re.compile(r'(<date>|"date":"|date: \')\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ')
S = e2e.Shared(T, ["--log-level", "warn"], name="official-more", login=True)
PROTO_ERR = 'Invalid parameter "/1/expression": incorrect expression starting from "%s".'


def read(fmt, name):
    with open(os.path.join(DATA, fmt, name + "." + fmt), encoding="utf-8") as fh:
        return fh.read()


def template_id(name):
    return S.res("template.get", {"output": [], "filter": {"host": name}})[0]["templateid"]


def technical_name(name):
    return json.loads(read("json", name))["zabbix_export"]["templates"][0]["template"]


def imp(fmt, source):
    e2e.expect_eq(S.res("configuration.import", {"format": fmt, "source": source,
                                                 "rules": RULES}), True, "import")


@T.test
def the_templates_round_trip_in_every_format():
    for name in FILES:
        for fmt in ("json", "yaml", "xml"):
            source = read(fmt, name)
            imp(fmt, source)
            got = S.res("configuration.export", {"format": fmt, "options": {
                "templates": [template_id(technical_name(name))]}})
            e2e.expect_eq(DATE.sub(r"\1D", got), DATE.sub(r"\1D", source), name + " " + fmt)
        e2e.expect_eq(S.res("configuration.importcompare", {"format": "json",
                                                            "source": read("json", name),
                                                            "rules": RULES}), [],
                      name + " importcompare")


def template_with_rule(host):
    gid = S.once("group", lambda: S.res("hostgroup.create", {"name": "rt templates"})[
        "groupids"][0])
    tid = S.res("template.create", {"host": host, "groups": [{"groupid": gid}]})["templateids"][0]
    rid = S.res("discoveryrule.create", {"hostid": tid, "name": "r", "key_": "r.x",
                                         "type": 2})["itemids"][0]
    S.res("itemprototype.create", {"hostid": tid, "ruleid": rid, "name": "p", "key_": "p[{#A}]",
                                   "type": 2, "value_type": 3})
    S.res("item.create", {"hostid": tid, "name": "i", "key_": "i.x", "type": 2,
                          "value_type": 3})
    return tid


@T.test
def lld_macros_are_for_trigger_prototypes():
    host = S.uniq("rt lld")
    template_with_rule(host)
    for x in ("last(/H/p[{#A}])>{#M}", "last(/H/p[{#A}])>{{#M}.regsub(\"(\\d+)\", \\1)}",
              "last(/H/p[{#A}],{#P})>1", "count(/H/p[{#A}],5m,\"eq\",{#V})>1",
              "abs({#M})>1 and last(/H/p[{#A}])>1"):
        x = x.replace("/H/", "/%s/" % host)
        S.res("triggerprototype.create", {"description": x, "expression": x})
        e2e.expect_eq(S.res("triggerprototype.get", {"output": ["expression"], "filter": {
            "description": x}, "expandExpression": True})[0]["expression"], x, "stored")
    e2e.expect_error(S.call("trigger.create", {"description": "t", "expression":
                                               "last(/%s/i.x)>{#M}" % host}),
                     -32602, PROTO_ERR % "{#M}")
    e2e.expect_error(S.call("triggerprototype.create", {"description": "t", "expression":
                                                        "last(/%s/p[{#A}])>{#M}K" % host}),
                     -32602, PROTO_ERR % "K")
    x = "last(/%s/p[{#A}])>{{#M}.regsub(a)x}" % host
    e2e.expect_error(S.call("triggerprototype.create", {"description": "t", "expression": x}),
                     -32602, PROTO_ERR % "{{#M}.regsub(a)x}")
    e2e.expect_error(S.call("trigger.create", {"description": "t", "expression":
                                               "last(/%s/k[\"\\a\\b\"])>1" % host}),
                     -32602, 'Incorrect item key "k[\"\\a\\b\"]" provided for trigger '
                     'expression on "%s".' % host)
    # a calculated item prototype's formula too, not a calculated item's
    tid = template_id(host)
    rid = S.res("discoveryrule.get", {"hostids": tid, "output": []})[0]["itemid"]
    calc = {"hostid": tid, "name": "c", "type": 15, "value_type": 0, "delay": "1m",
            "params": "last(//p[{#A}])+{#M}"}
    S.res("itemprototype.create", dict(calc, ruleid=rid, key_="c[{#A}]"))
    e2e.expect_error(S.call("item.create", dict(calc, key_="c")), -32602,
                     'Invalid parameter "/1/params": incorrect expression starting from "{#M}".')
    x = "last(/%s/k[\"a\\\\\",b])>1" % host  # the quote after a backslash does not close
    e2e.expect_error(S.call("trigger.create", {"description": "t", "expression": x}),
                     -32602, PROTO_ERR % x)


def share_doc(name):
    def uuid(n):
        return "%x" % n + "d1f5b6c4a4e4b8f2c7a9e0d1c2b3a4f5"[len("%x" % n):]
    protos = [{"uuid": uuid(10 + i), "name": "p%d" % i, "type": "TRAP", "key": "k[{#A}]"}
              for i in (1, 2)]
    rules = [{"uuid": uuid(20 + i), "name": "r%d" % i, "type": "TRAP", "key": "r%d.x" % i,
              "item_prototypes": [protos[i - 1]]} for i in (1, 2)]
    rules[1]["trigger_prototypes"] = [{"uuid": uuid(30), "name": "tp", "expression":
                                       "last(/%s/k[{#A}])>1" % name}]
    return json.dumps({"zabbix_export": {
        "version": "6.0", "groups": [{"uuid": uuid(40), "name": "rt shared"}],
        "templates": [{"uuid": uuid(50 + len(name)), "template": name, "name": name,
                       "groups": [{"name": "rt shared"}], "discovery_rules": rules}]}})


def protos_of(hostid):
    return sorted((p["name"], p["discoveryRule"]["key_"]) for p in S.res(
        "itemprototype.get", {"hostids": hostid, "output": ["name"],
                              "selectDiscoveryRule": ["key_"]}))


@T.test
def prototypes_of_two_rules_share_a_key_made_by_one_import():
    name = "rt shared"
    imp("json", share_doc(name))
    imp("json", share_doc(name))        # found by rule and key: nothing new
    tid = template_id(name)
    both = [("p1", "r1.x"), ("p2", "r2.x")]
    e2e.expect_eq(protos_of(tid), both, "prototypes")
    # the trigger prototype names the last one written, as Zabbix resolves it
    tp = S.res("triggerprototype.get", {"hostids": tid, "output": ["description"],
                                        "selectDiscoveryRule": ["key_"]})
    e2e.expect_eq(tp[0]["discoveryRule"]["key_"], "r2.x", "trigger prototype's rule")
    # the API still refuses a key a prototype of another rule already holds
    r1 = [r for r in S.res("discoveryrule.get", {"hostids": tid, "output": ["key_"]})
          if r["key_"] == "r1.x"][0]["itemid"]
    e2e.expect_error(S.call("itemprototype.create", {
        "hostid": tid, "ruleid": r1, "name": "p3", "key_": "k[{#A}]", "type": 2,
        "value_type": 3}), -32602, 'Item with key "k[{#A}]" already exists on "%s".' % name)
    p1 = [p for p in S.res("itemprototype.get", {"hostids": tid, "output": ["name"]})
          if p["name"] == "p1"][0]["itemid"]
    S.res("itemprototype.update", {"itemid": p1, "name": "p1"})
    # down a chain of links, each level with both
    gid = S.res("hostgroup.get", {"output": [], "filter": {"name": "rt shared"}})[0]["groupid"]
    cid = S.res("template.create", {"host": "rt shared child", "groups": [{"groupid": gid}],
                                    "templates": [{"templateid": tid}]})["templateids"][0]
    hid = S.res("host.create", {"host": "rt shared host", "groups": [{"groupid": gid}],
                                "templates": [{"templateid": cid}]})["hostids"][0]
    e2e.expect_eq(protos_of(cid), both, "child's")
    e2e.expect_eq(protos_of(hid), both, "host's")
    S.res("template.update", {"templateid": cid, "templates": []})
    S.res("template.update", {"templateid": cid, "templates": [{"templateid": tid}]})
    e2e.expect_eq(protos_of(hid), both, "host's after unlink and link again")
    # the holder goes: the other holds the key
    S.res("discoveryrule.delete", [r1])
    e2e.expect_eq(protos_of(tid), [("p2", "r2.x")], "after the rule went")
    e2e.expect_eq(len(S.res("triggerprototype.get", {"hostids": tid, "output": []})), 1,
                  "trigger prototype kept")
    e2e.expect_error(S.call("item.create", {"hostid": tid, "name": "i", "key_": "k[{#A}]",
                                            "type": 2, "value_type": 3}),
                     -32602, 'Item with key "k[{#A}]" already exists on "%s".' % name)


@T.test
def host_prototype_groups_join_the_exported_groups():
    name = S.uniq("rt hp")
    gid = S.res("hostgroup.create", {"name": name + " templates"})["groupids"][0]
    vid = S.res("hostgroup.create", {"name": name + " vms"})["groupids"][0]
    tid = S.res("template.create", {"host": name, "groups": [{"groupid": gid}]})["templateids"][0]
    rid = S.res("discoveryrule.create", {"hostid": tid, "name": "r", "key_": "r.x",
                                         "type": 2})["itemids"][0]
    S.res("hostprototype.create", {"host": "{#H}", "ruleid": rid,
                                   "groupLinks": [{"groupid": vid}]})
    got = json.loads(S.res("configuration.export", {"format": "json", "options": {
        "templates": [tid]}}))["zabbix_export"]["groups"]
    e2e.expect_eq([g["name"] for g in got], [name + " templates", name + " vms"], "groups")


if __name__ == "__main__":
    T.main()
