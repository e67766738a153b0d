#!/usr/bin/env python3
# test_upgrade.py: a store written by an earlier release opens in this one, keeps every record
# and answers as that release answered (schema upgrades run when the store opens).
#
# Each folder test/data/stores/<release>/ holds data.mdb (a store made by that release's binary
# with make_fixture below) and expected.json (the answers that binary gave to QUERIES on it).
# The test copies each store, starts this build on the copy, and compares the answers (the
# export with this build's export of the same data made afresh, uuids aside, and with the
# release's uuids: an export fixed since the release is not a difference), then checks the
# store still takes writes and reopens after a restart.
#
# Stores of schema 2 and later (every folder but schema1-*) also hold the kinds that came
# with schema 2's releases (populate_newer: triggers and their dependencies, graphs, an LLD
# rule with item, trigger and graph prototypes, a host prototype, a web scenario, a dashboard,
# value maps), inherited by a host, and their answers (NEWER_QUERIES).
#
# Usage: test_upgrade.py [BIN]
#        test_upgrade.py --make-fixture OLD_BIN DIR   (once per release: writes DIR/data.mdb
#                                                      and DIR/expected.json)

import json
import os
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq  # noqa: E402

T = e2e.Tests()
HERE = os.path.dirname(os.path.abspath(__file__))
STORES = os.path.join(HERE, "..", "data", "stores")

# The reads compared; explicit output lists, so that a field a later release adds does not
# count as a difference. Export: the json text with its date masked.
QUERIES = [
    ["hostgroup.get", {"output": ["name", "uuid"], "sortfield": "name"}],
    ["template.get", {"output": ["host", "name", "description", "uuid"], "sortfield": "host",
                      "selectGroups": ["name"], "selectTags": "extend", "selectMacros":
                      ["macro", "value", "type", "description"], "selectParentTemplates": ["host"],
                      "selectValueMaps": ["name", "mappings"]}],
    ["host.get", {"output": ["host", "name", "status", "description", "inventory_mode"],
                  "sortfield": "host", "selectGroups": ["name"], "selectParentTemplates": ["host"],
                  "selectInterfaces": ["type", "main", "useip", "ip", "dns", "port", "details"],
                  "selectInventory": ["os", "location"], "selectTags": "extend",
                  "selectMacros": ["macro", "value", "type"]}],
    ["item.get", {"output": ["name", "key_", "type", "value_type", "delay", "history", "units",
                             "description", "master_itemid", "status"],
                  "sortfield": "key_", "selectPreprocessing": "extend", "selectTags": "extend",
                  "selectValueMap": ["name"], "selectHosts": ["host"]}],
    ["usermacro.get", {"output": ["macro", "value", "type", "description"], "sortfield": "macro",
                       "selectHosts": ["host"]}],
]

# The kinds of populate_newer, read back (stores of schema 2 and later).
NEWER_QUERIES = [
    ["trigger.get", {"output": ["description", "expression", "priority", "comments", "status",
                                "recovery_mode", "manual_close"], "sortfield": "description",
                     "selectHosts": ["host"], "selectDependencies": ["description"],
                     "selectTags": "extend", "expandExpression": True}],
    ["graph.get", {"output": ["name", "width", "height", "graphtype"], "sortfield": "name",
                   "selectHosts": ["host"], "selectGraphItems": ["color", "sortorder"]}],
    ["discoveryrule.get", {"output": ["name", "key_", "type", "delay", "lifetime"],
                           "sortfield": "key_", "selectHosts": ["host"],
                           "selectFilter": "extend", "selectLLDMacroPaths": "extend"}],
    ["itemprototype.get", {"output": ["name", "key_", "type", "value_type", "units"],
                           "sortfield": "key_", "selectHosts": ["host"],
                           "selectDiscoveryRule": ["key_"]}],
    ["triggerprototype.get", {"output": ["description", "expression", "priority"],
                              "sortfield": "description", "selectHosts": ["host"],
                              "expandExpression": True}],
    ["graphprototype.get", {"output": ["name", "width", "height"], "sortfield": "name",
                            "selectHosts": ["host"]}],
    ["hostprototype.get", {"output": ["host", "name", "status", "inventory_mode"],
                           "sortfield": "host", "selectDiscoveryRule": ["key_"],
                           "selectGroupLinks": ["groupid"], "selectGroupPrototypes": ["name"],
                           "selectTemplates": ["host"], "selectTags": "extend"}],
    ["httptest.get", {"output": ["name", "delay", "retries", "agent", "status"],
                      "sortfield": "name", "selectSteps": ["name", "no", "url",
                                                           "status_codes", "required"],
                      "selectTags": "extend"}],
    ["templatedashboard.get", {"output": ["name", "display_period", "auto_start"],
                               "selectPages": "extend"}],
    ["valuemap.get", {"output": ["name"], "sortfield": "name", "selectMappings": "extend"}],
]

NEWER_METHODS = {q[0] for q in NEWER_QUERIES}


def is_newer(release):
    return not release.startswith("schema1-")


def normalise(method, result):
    """The answer without ids (which the store keeps, but which are not the point here) in a
    stable order."""
    def strip(v):
        if isinstance(v, dict):
            return {k: strip(x) for k, x in sorted(v.items())
                    if not (k.endswith("id") and k not in ("master_itemid",)) and k != "interfaceid"}
        if isinstance(v, list):
            return [strip(x) for x in v]
        return v
    out = strip(result)
    if method == "usermacro.get":
        out.sort(key=lambda m: (m["hosts"][0]["host"] if m.get("hosts") else "", m["macro"]))
    if method == "item.get":
        out.sort(key=lambda i: (i["hosts"][0]["host"], i["key_"]))
    if method in NEWER_METHODS:   # the template's and the host's copies in one order
        out.sort(key=lambda o: json.dumps(o, sort_keys=True))
    return out


def answers(s, sid, newer=False):
    got = {}
    for method, params in QUERIES + (NEWER_QUERIES if newer else []):
        got[method] = normalise(method, s.result(method, params, auth=sid))
    tids = [t["templateid"] for t in s.result("template.get", {"output": ["templateid"]}, auth=sid)]
    hids = [h["hostid"] for h in s.result("host.get", {"output": ["hostid"]}, auth=sid)]
    text = s.result("configuration.export", {"format": "json", "prettyprint": True, "options":
                                             {"templates": tids, "hosts": hids}}, auth=sid)
    doc = json.loads(text)
    doc["zabbix_export"]["date"] = "<date>"
    got["configuration.export"] = doc
    return got


def populate(s, sid):
    """A little of everything the release stores."""
    r = lambda m, p: s.result(m, p, auth=sid)  # noqa: E731
    g1 = r("hostgroup.create", {"name": "Upgrade/Templates"})["groupids"][0]
    g2 = r("hostgroup.create", {"name": "Upgrade hosts"})["groupids"][0]
    base = r("template.create", {"host": "Upgrade base", "groups": [{"groupid": g1}],
                                 "tags": [{"tag": "class", "value": "os"}],
                                 "macros": [{"macro": "{$BASE}", "value": "1"}]})["templateids"][0]
    t = r("template.create", {
        "host": "Upgrade app", "name": "Upgrade application", "description": "line one\r\nline two",
        "groups": [{"groupid": g1}], "templates": [{"templateid": base}],
        "tags": [{"tag": "app", "value": ""}, {"tag": "team", "value": "ops"}],
        "macros": [{"macro": "{$PORT}", "value": "8080", "description": "the port"},
                   {"macro": "{$SECRET}", "value": "s3cret", "type": 1},
                   {"macro": "{$CTX:\"db\"}", "value": "x"}]})["templateids"][0]
    vm = r("valuemap.create", {"hostid": t, "name": "State", "mappings": [
        {"value": "0", "newvalue": "Down"}, {"value": "1", "newvalue": "Up"},
        {"type": 5, "newvalue": "Unknown"}]})["valuemapids"][0]
    master = r("item.create", {"hostid": t, "name": "Status raw", "key_": "app.status.raw",
                               "type": 2, "value_type": 4, "history": "1d"})["itemids"][0]
    r("item.create", {"hostid": t, "name": "Status", "key_": "app.status", "type": 18,
                      "value_type": 3, "master_itemid": master, "valuemapid": vm,
                      "tags": [{"tag": "component", "value": "app"}],
                      "preprocessing": [{"type": 12, "params": "$.status", "error_handler": 0,
                                         "error_handler_params": ""},
                                        {"type": 1, "params": "2", "error_handler": 2,
                                         "error_handler_params": "0"}]})
    r("item.create", {"hostid": base, "name": "Uptime", "key_": "system.uptime", "type": 7,
                      "value_type": 3, "delay": "1m", "units": "uptime",
                      "description": "the uptime"})
    r("host.create", {
        "host": "upgrade-host-1", "name": "Upgrade host 1", "groups": [{"groupid": g2}],
        "templates": [{"templateid": t}], "inventory_mode": 0,
        "inventory": {"os": "Linux", "location": "rack 4"},
        "interfaces": [
            {"type": 1, "main": 1, "useip": 1, "ip": "192.0.2.10", "dns": "", "port": "10050"},
            {"type": 2, "main": 1, "useip": 0, "ip": "", "dns": "snmp.example", "port": "161",
             "details": {"version": 2, "bulk": 1, "community": "{$SNMP_COMMUNITY}"}}],
        "tags": [{"tag": "site", "value": "b"}],
        "macros": [{"macro": "{$SNMP_COMMUNITY}", "value": "public"}]})
    r("host.create", {"host": "upgrade-host-2", "groups": [{"groupid": g2}], "status": 1,
                      "description": "disabled"})



def populate_newer(s, sid):
    """The kinds schema 2's releases added, on a template of their own that a host links."""
    r = lambda m, p: s.result(m, p, auth=sid)  # noqa: E731
    g1 = r("hostgroup.get", {"output": ["groupid"], "filter": {"name": "Upgrade/Templates"}})
    g2 = r("hostgroup.get", {"output": ["groupid"], "filter": {"name": "Upgrade hosts"}})
    g1, g2 = g1[0]["groupid"], g2[0]["groupid"]
    t = r("template.create", {"host": "Upgrade newer", "groups": [{"groupid": g1}]}
          )["templateids"][0]
    vm = r("valuemap.create", {"hostid": t, "name": "Load state", "mappings": [
        {"type": 2, "value": "5", "newvalue": "High"}, {"value": "0", "newvalue": "Idle"}]}
           )["valuemapids"][0]
    load = r("item.create", {"hostid": t, "name": "Load", "key_": "cpu.load", "type": 2,
                             "value_type": 0, "units": "", "valuemapid": vm})["itemids"][0]
    mem = r("item.create", {"hostid": t, "name": "Memory used", "key_": "mem.used",
                            "type": 2, "value_type": 3, "units": "B"})["itemids"][0]
    warn = r("trigger.create", {"description": "Load above 2 on {HOST.NAME}",
                                "expression": "last(/Upgrade newer/cpu.load)>2",
                                "priority": 2, "comments": "first level"})["triggerids"][0]
    r("trigger.create", {"description": "Load above 5 on {HOST.NAME}",
                         "expression": "min(/Upgrade newer/cpu.load,5m)>5 and "
                                       "last(/Upgrade newer/mem.used)>0",
                         "priority": 4, "recovery_mode": 1, "manual_close": 1,
                         "recovery_expression": "last(/Upgrade newer/cpu.load)<1",
                         "dependencies": [{"triggerid": warn}],
                         "tags": [{"tag": "scope", "value": "capacity"}]})
    r("graph.create", {"name": "Load and memory", "width": 900, "height": 200, "gitems": [
        {"itemid": load, "color": "00AA00", "sortorder": 0},
        {"itemid": mem, "color": "F63100", "sortorder": 1, "yaxisside": 1}]})
    rule = r("discoveryrule.create", {
        "hostid": t, "name": "Interfaces", "key_": "net.if.discovery", "type": 2,
        "lifetime": "7d", "filter": {"evaltype": 0, "conditions": [
            {"macro": "{#IFNAME}", "value": "^eth", "operator": 8}]},
        "lld_macro_paths": [{"lld_macro": "{#IFNAME}", "path": "$.name"}]})["itemids"][0]
    pin = r("itemprototype.create", {"hostid": t, "ruleid": rule, "name": "In on {#IFNAME}",
                                     "key_": "net.if.in[{#IFNAME}]", "type": 2,
                                     "value_type": 3, "units": "bps"})["itemids"][0]
    pout = r("itemprototype.create", {"hostid": t, "ruleid": rule, "name": "Out on {#IFNAME}",
                                      "key_": "net.if.out[{#IFNAME}]", "type": 2,
                                      "value_type": 3, "units": "bps"})["itemids"][0]
    r("triggerprototype.create", {"description": "Traffic on {#IFNAME} is high",
                                  "expression": "last(/Upgrade newer/net.if.in[{#IFNAME}])>"
                                                "1000000", "priority": 3})
    r("graphprototype.create", {"name": "Traffic on {#IFNAME}", "width": 900, "height": 200,
                                "gitems": [{"itemid": pin, "color": "00AA00"},
                                           {"itemid": pout, "color": "0000DD"}]})
    vms = r("discoveryrule.create", {"hostid": t, "name": "VMs", "key_": "vm.discovery",
                                     "type": 2})["itemids"][0]
    base = r("template.get", {"output": ["templateid"], "filter": {"host": "Upgrade base"}}
             )[0]["templateid"]
    r("hostprototype.create", {
        "host": "{#VM.ID}", "name": "VM {#VM.NAME}", "ruleid": vms, "inventory_mode": 1,
        "groupLinks": [{"groupid": g2}], "groupPrototypes": [{"name": "VMs {#CLUSTER}"}],
        "templates": [{"templateid": base}], "tags": [{"tag": "vm", "value": "{#VM.NAME}"}]})
    r("httptest.create", {"hostid": t, "name": "Health", "delay": "2m", "retries": 2,
                          "agent": "tmpld-upgrade", "tags": [{"tag": "web", "value": "health"}],
                          "steps": [{"name": "home", "url": "http://example.com/", "no": 1,
                                     "status_codes": "200"},
                                    {"name": "api", "url": "http://example.com/api", "no": 2,
                                     "required": "ok"}]})
    r("templatedashboard.create", {"templateid": t, "name": "Overview", "display_period": 60,
                                   "pages": [{"name": "First", "widgets": [
                                       {"type": "clock", "name": "Clock", "width": 4,
                                        "height": 3, "fields": [
                                            {"type": 0, "name": "time_type", "value": 1}]},
                                       {"type": "graph", "x": 4, "width": 8, "height": 5,
                                        "fields": [{"type": 0, "name": "source_type",
                                                    "value": 1},
                                                   {"type": 4, "name": "itemid",
                                                    "value": load}]}]},
                                             {"name": "Second"}]})
    r("host.create", {"host": "upgrade-host-3", "groups": [{"groupid": g2}],
                      "templates": [{"templateid": t}]})

def make_fixture(old_bin, out_dir):
    newer = is_newer(os.path.basename(out_dir.rstrip("/")))
    os.makedirs(out_dir, exist_ok=True)
    s = e2e.Server(bin=old_bin, name="old").start()
    sid = s.login()
    populate(s, sid)
    if newer:
        populate_newer(s, sid)
    expected = answers(s, sid, newer)
    s.stop()
    out = os.path.join(out_dir, "data.mdb")
    if shutil.which("mdb_copy"):   # compacted: free pages left out
        if os.path.exists(out):
            os.unlink(out)
        subprocess.run(["mdb_copy", "-c", s.data_dir, out_dir], check=True)
    else:
        shutil.copyfile(os.path.join(s.data_dir, "data.mdb"), out)
    with open(os.path.join(out_dir, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")
    s.cleanup()
    print("fixture written to %s" % out_dir)


def releases():
    return sorted(d for d in os.listdir(STORES) if os.path.isdir(os.path.join(STORES, d)))


def open_copy(release):
    s = e2e.Server(name="upgrade-" + release)
    os.makedirs(s.data_dir)
    shutil.copyfile(os.path.join(STORES, release, "data.mdb"), os.path.join(s.data_dir, "data.mdb"))
    return s.start()


def mask_uuids(v):
    if isinstance(v, dict):
        return {k: "<uuid>" if k == "uuid" else mask_uuids(x) for k, x in v.items()}
    if isinstance(v, list):
        return [mask_uuids(x) for x in v]
    return v


def fresh_export(newer):
    """The export of a store this build makes with the same calls: what an upgraded store's
    export must equal but for the uuids (an export bug fixed since the release shows here,
    not as a difference)."""
    s = e2e.Server(name="fresh").start()
    sid = s.login()
    populate(s, sid)
    if newer:
        populate_newer(s, sid)
    doc = answers(s, sid, newer)["configuration.export"]
    s.stop()
    return mask_uuids(doc)


@T.test
def every_kept_store_should_answer_as_its_release_did():
    """The reads as the release answered them (recorded in expected.json); the export as this
    build exports the same data made afresh (uuids aside), and with the release's uuids."""
    assert releases(), "no store in test/data/stores"
    fresh = {newer: fresh_export(newer) for newer in {is_newer(r) for r in releases()}}
    for release in releases():
        with open(os.path.join(STORES, release, "expected.json")) as f:
            expected = json.load(f)
        s = open_copy(release)
        got = answers(s, s.login(), is_newer(release))
        if is_newer(release):
            expect_eq(sorted(got), sorted(expected), "%s: the answers kept" % release)
        for method in expected:
            if method == "configuration.export":
                expect_eq(mask_uuids(got[method]), fresh[is_newer(release)],
                          "%s: the export" % release)
                expect_eq(sorted(json.dumps(x) for x in uuids_of(got[method])),
                          sorted(json.dumps(x) for x in uuids_of(expected[method])),
                          "%s: the release's uuids are kept" % release)
            else:
                expect_eq(got[method], expected[method], "%s: %s" % (release, method))
        s.stop()


def uuids_of(v):
    if isinstance(v, dict):
        return [x for k, x in v.items() if k == "uuid"] + [u for x in v.values() if not
                                                            isinstance(x, str) for u in uuids_of(x)]
    if isinstance(v, list):
        return [u for x in v for u in uuids_of(x)]
    return []


@T.test
def an_upgraded_store_should_take_writes_and_reopen():
    for release in releases():
        s = open_copy(release)
        sid = s.login()
        t = s.result("template.get", {"output": ["templateid"], "filter": {"host": "Upgrade app"}},
                     auth=sid)[0]["templateid"]
        s.result("item.create", {"hostid": t, "name": "New", "key_": "app.new", "type": 2,
                                 "value_type": 3}, auth=sid)
        s.restart()
        sid = s.login()
        items = s.result("item.get", {"output": ["key_"], "hostids": [t], "sortfield": "key_"},
                         auth=sid)
        expect_eq([i["key_"] for i in items], ["app.new", "app.status", "app.status.raw",
                                              "system.uptime"], release)
        copies = s.result("item.get", {"output": ["key_"], "filter": {"key_": "app.new"},
                                       "sortfield": "key_"}, auth=sid)
        expect_eq(len(copies), 2, "%s: the new item and its copy on the linked host" % release)
        s.stop()


@T.test
def a_schema1_store_should_get_the_default_roles_and_groups():
    """Schema 2 adds the access model: a store of schema 1 gets the four default roles, the
    default user groups and guest, and its Admin (still Super admin, still its password)
    joins Zabbix administrators; user.get shows Admin as a fresh Zabbix does."""
    for release in releases():
        if not release.startswith("schema1-"):
            continue
        s = open_copy(release)
        sid = s.login()
        roles = s.result("role.get", {"output": ["roleid", "name", "type", "readonly"],
                                      "sortfield": "roleid"}, auth=sid)
        expect_eq([(r["roleid"], r["name"], r["type"], r["readonly"]) for r in roles],
                  [("1", "User role", "1", "0"), ("2", "Admin role", "2", "0"),
                   ("3", "Super admin role", "3", "1"), ("4", "Guest role", "1", "0")], release)
        groups = s.result("usergroup.get", {"output": ["name", "gui_access", "users_status"],
                                            "sortfield": "usrgrpid",
                                            "selectUsers": ["username"]}, auth=sid)
        expect_eq([(g["name"], sorted(u["username"] for u in g["users"])) for g in groups],
                  [("Zabbix administrators", ["Admin"]), ("Guests", ["guest"]),
                   ("Disabled", ["guest"]), ("Enabled debug mode", []),
                   ("No access to the frontend", [])], release)
        admin = s.result("user.get", {"output": ["username", "roleid", "lang", "timezone"],
                                      "filter": {"username": "Admin"},
                                      "selectRole": ["name"]}, auth=sid)
        expect_eq(admin[0]["role"], {"name": "Super admin role"}, release)
        expect_eq((admin[0]["lang"], admin[0]["timezone"]), ("default", "default"), release)
        s.restart()
        sid = s.login()
        expect_eq(len(s.result("role.get", {"output": ["roleid"]}, auth=sid)), 4,
                  "%s: the step ran once" % release)
        s.stop()


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--make-fixture":
        make_fixture(os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3]))
        sys.exit(0)
    if len(sys.argv) > 1:
        os.environ["TMPLD_BIN"] = os.path.abspath(sys.argv[1])
    sys.exit(T.main())
