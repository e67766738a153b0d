#!/usr/bin/env python3
# test_get_stream.py: the gets tmpld streams straight from its records (src/methods/
# get_stream.c) answer byte for byte what the same gets answer as trees, against the real
# tmpld, on the official "Linux by Zabbix agent" template and a host linked to it.
#
# A get is streamed when its options sort nothing and count nothing; the same params with
# "sortfield" set to the kind's key (the order a streamed get has already) take the tree
# path. Each case compares the two whole HTTP bodies, for the super admin and for a user who
# may read one host group only (the rights are then tested row by row).
#
# Exercises: template.get, host.get, item.get, trigger.get, discoveryrule.get,
# itemprototype.get, triggerprototype.get and hostgroup.get with output extend and lists,
# filter, search, limit, preservekeys, nested selects (groups, parent templates, macros with a
# secret one, interfaces, items, triggers, hosts) with limitSelects and "count".
# Usage: test_get_stream.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import json
import os
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, ["--log-level", "warn"], login=True)
srv, res, uniq = S.srv, S.res, S.uniq

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OFFICIAL = os.path.join(ROOT, "bench", "data", "linux-by-zabbix-agent",
                        "linux-by-zabbix-agent.json")
PW = "Stream-Pass-123"


def world():
    """The official template imported; group G with a host H linked to it (an agent
    interface, three macros, one secret, two tags) and a template T2 of its own; group G2
    with a host H2; a user who may read G only."""
    def make():
        with open(OFFICIAL, encoding="utf-8") as f:
            source = f.read()
        rules = {k: {"createMissing": True, "updateExisting": True} for k in
                 ("template_groups", "templates", "items", "triggers", "discoveryRules",
                  "graphs", "valueMaps", "templateDashboards", "httptests")}
        rules["groups"] = {"createMissing": True}
        rules.pop("template_groups")
        res("configuration.import", {"format": "json", "source": source, "rules": rules})
        official = res("template.get", {"output": ["templateid"],
                                        "filter": {"host": "Linux by Zabbix agent"}})
        tid = official[0]["templateid"]
        g, g2 = res("hostgroup.create", [{"name": uniq("stream G")},
                                         {"name": uniq("stream G2")}])["groupids"]
        t2 = res("template.create", {"host": uniq("stream T2"), "groups": [{"groupid": g}],
                                     "description": "line one\nline \"two\"\ttab",
                                     "tags": [{"tag": "t", "value": "ü"}]})["templateids"][0]
        h = res("host.create", {
            "host": uniq("stream-H").replace(" ", "-"), "groups": [{"groupid": g}],
            "templates": [{"templateid": tid}, {"templateid": t2}],
            "interfaces": [{"type": 1, "main": 1, "useip": 1, "ip": "192.0.2.1",
                            "dns": "", "port": "10050"}],
            "macros": [{"macro": "{$B}", "value": "b"},
                       {"macro": "{$A}", "value": "a", "description": "first"},
                       {"macro": "{$S}", "value": "hidden", "type": 1}],
            "tags": [{"tag": "env", "value": "prod"}, {"tag": "team", "value": ""}]})
        h = h["hostids"][0]
        h2 = res("host.create", {"host": uniq("stream-H2").replace(" ", "-"),
                                 "groups": [{"groupid": g2}]})["hostids"][0]
        ug = res("usergroup.create", {"name": uniq("stream UG"),
                                      "rights": [{"id": g, "permission": 2}]})["usrgrpids"][0]
        name = uniq("stream U")
        res("user.create", {"username": name, "passwd": PW, "roleid": "2",
                            "usrgrps": [{"usrgrpid": ug}]})
        return dict(tid=tid, t2=t2, g=g, g2=g2, h=h, h2=h2,
                    users=[S.sid, srv().login(name, PW)])
    return S.once("world", make)


def body(method, params, sid):
    env = {"jsonrpc": "2.0", "method": method, "params": params, "auth": sid, "id": 1}
    status, _, data = srv().raw_post(json.dumps(env))
    expect_eq(status, 200, "%s status" % method)
    return data


def same(method, key, params):
    """The streamed body and the tree body (sortfield key) of params, for both users."""
    w = world()
    for sid in w["users"]:
        streamed = body(method, params, sid)
        tree = body(method, dict(params, sortfield=key), sid)
        expect_eq(streamed, tree, "%s %s" % (method, json.dumps(params)))
        expect_eq(b'"result"' in streamed, True, "%s answered: %s" % (method, streamed[:200]))


@T.test
def templates_and_hosts_stream_as_trees():
    w = world()
    both = [w["tid"], w["t2"]]
    same("template.get", "hostid", {"templateids": both, "output": "extend",
                                    "selectGroups": "extend", "selectMacros": "extend",
                                    "selectTags": "extend", "selectParentTemplates": "extend",
                                    "selectHosts": ["host"], "selectItems": "count"})
    same("template.get", "hostid", {"templateids": both, "output": ["name", "templateid"],
                                    "preservekeys": True, "selectItems": ["key_", "name"],
                                    "limitSelects": 3})
    same("template.get", "hostid", {"output": ["host"], "search": {"host": "stream"},
                                    "limit": 1})
    same("host.get", "hostid", {"hostids": [w["h"], w["h2"]], "output": "extend",
                                "selectGroups": "extend", "selectInterfaces": "extend",
                                "selectMacros": "extend", "selectTags": "extend",
                                "selectParentTemplates": ["host", "name"],
                                "selectTriggers": "count", "selectItems": ["name"],
                                "limitSelects": 5})
    for cut in (0, 1):  # the selects a row writes in place, cut before or after a sort
        same("host.get", "hostid", {"hostids": [w["h"], w["h2"]], "output": ["host"],
                                    "selectInventory": "extend", "selectTags": ["tag"],
                                    "selectMacros": ["macro"], "selectItems": "count",
                                    "selectGroups": ["name"], "selectInterfaces": ["ip"],
                                    "selectParentTemplates": "extend", "limitSelects": cut})
        same("template.get", "hostid", {"templateids": both, "output": ["host"],
                                        "selectHosts": "extend", "selectTags": "extend",
                                        "selectItems": ["name"], "limitSelects": cut})
    same("host.get", "hostid", {"output": ["host", "status"],
                                "filter": {"host": ["nosuch", "x"]}})
    same("host.get", "hostid", {"groupids": [w["g"], w["g2"]], "output": "extend",
                                "templated_hosts": True, "preservekeys": True})
    same("hostgroup.get", "groupid", {"groupids": [w["g"], w["g2"]], "output": "extend",
                                      "selectHosts": "extend", "selectTemplates": ["host"]})


@T.test
def items_triggers_and_discovery_stream_as_trees():
    w = world()
    same("item.get", "itemid", {"hostids": w["h"], "output": "extend",
                                "selectTags": "extend", "selectHosts": ["host"]})
    same("item.get", "itemid", {"templateids": w["tid"], "output": ["key_", "itemid", "name"],
                                "search": {"key_": "vfs"}, "searchByAny": True,
                                "limit": 4, "preservekeys": True})
    same("item.get", "itemid", {"hostids": w["h"], "output": ["name"],
                                "filter": {"value_type": ["0", 3]}})
    same("trigger.get", "triggerid", {"hostids": w["h"], "output": "extend",
                                      "selectTags": "extend", "selectFunctions": "extend",
                                      "selectDependencies": ["triggerid"]})
    same("trigger.get", "triggerid", {"templateids": w["tid"], "output": ["description"],
                                      "filter": {"priority": ["2", "3"]},
                                      "selectItems": ["key_"], "selectHosts": ["host"]})
    same("discoveryrule.get", "itemid", {"hostids": [w["tid"], w["h"]], "output": "extend",
                                         "selectFilter": "extend", "selectItems": "count",
                                         "selectLLDMacroPaths": "extend"})
    same("itemprototype.get", "itemid", {"hostids": w["h"], "output": "extend",
                                         "selectTags": "extend",
                                         "selectDiscoveryRule": ["key_"]})
    same("triggerprototype.get", "triggerid", {"templateids": w["tid"],
                                               "output": ["description", "discover"],
                                               "selectTags": "extend"})


if __name__ == "__main__":
    sys.exit(T.main())
