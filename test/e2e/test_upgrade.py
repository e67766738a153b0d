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
# Usage: test_upgrade.py [BIN]
#        test_upgrade.py --make-fixture OLD_BIN DIR   (once per release: writes DIR/data.mdb
#                                                      and DIR/expected.json)

import json
import os
import shutil
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
    return out


def answers(s, sid):
    got = {}
    for method, params in QUERIES:
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


def make_fixture(old_bin, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    s = e2e.Server(bin=old_bin, name="old").start()
    sid = s.login()
    populate(s, sid)
    expected = answers(s, sid)
    s.stop()
    shutil.copyfile(os.path.join(s.data_dir, "data.mdb"), os.path.join(out_dir, "data.mdb"))
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


def fresh_export():
    """The export of a store this build makes with the same calls: what an upgraded store's
    export must equal but for the uuids (an export bug fixed since the release shows here,
    not as a difference)."""
    s = e2e.Server(name="fresh").start()
    sid = s.login()
    populate(s, sid)
    doc = answers(s, sid)["configuration.export"]
    s.stop()
    return mask_uuids(doc)


@T.test
def every_kept_store_should_answer_as_its_release_did():
    """The reads as the release answered them (recorded in expected.json); the export as this
    build exports the same data made afresh (uuids aside), and with the release's uuids."""
    assert releases(), "no store in test/data/stores"
    fresh = fresh_export()
    for release in releases():
        with open(os.path.join(STORES, release, "expected.json")) as f:
            expected = json.load(f)
        s = open_copy(release)
        got = answers(s, s.login())
        for method in expected:
            if method == "configuration.export":
                expect_eq(mask_uuids(got[method]), fresh, "%s: the export" % release)
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
