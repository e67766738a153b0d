#!/usr/bin/env python3
# test_hostprototype.py: host prototypes (hostprototype.*) against the real tmpld.
#
# Exercises:
#   - create/get/update/delete with group links, group prototypes, templates, macros (a secret
#     one's value never shown), tags, inventory mode; the errors (no LLD macro, no groupLinks,
#     duplicate host in a rule, unknown rule); host.get never lists prototypes;
#   - a three-level chain A -> B -> H: copies on each level's copy of the rule (templateid one
#     level up, uuid "", templates kept, parentHost the level's host), a template edit reaching
#     every copy, unlink (kept with templateid 0), relink (adopted), clear and delete on every
#     level;
#   - discoveryrule.get selectHostPrototypes (list and "count"); deleting the rule or the
#     template takes the prototypes; export then import into a fresh template; restart keeps
#     everything.
# Usage: test_hostprototype.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import os
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, ["--log-level", "warn"], name="hproto", login=True, fmt="%s-%d")
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq


def group(name="e2e hproto"):
    return S.once(name, lambda: res("hostgroup.create", {"name": name})["groupids"][0])


def mk_template(prefix="e2e-hproto-T"):
    return res("template.create", {"host": uniq(prefix),
                                    "groups": [{"groupid": group()}]})["templateids"][0]


def mk_host(prefix="e2e-hproto-H"):
    return res("host.create", {"host": uniq(prefix),
                               "groups": [{"groupid": group()}]})["hostids"][0]


def mk_rule(hostid):
    return res("discoveryrule.create", {"hostid": hostid, "name": "VMs", "key_": "vm.discovery",
                                        "type": 2})["itemids"][0]


def mk_proto(ruleid, tpl, host="{#VM.ID}"):
    return res("hostprototype.create", {
        "host": host, "name": "VM {#VM.NAME}", "ruleid": ruleid, "inventory_mode": 1,
        "groupLinks": [{"groupid": group()}], "groupPrototypes": [{"name": "VMs {#C}"}],
        "templates": [{"templateid": tpl}],
        "macros": [{"macro": "{$A}", "value": "a"},
                   {"macro": "{$S}", "value": "secret", "type": 1}],
        "tags": [{"tag": "vm", "value": "{#VM.NAME}"}]})["hostids"][0]


def protos_of(ruleid, **extra):
    params = {"output": ["host", "name", "templateid", "uuid", "status"], "discoveryids": ruleid,
              "selectTemplates": ["host"], "selectParentHost": ["host"],
              "selectMacros": ["macro", "value", "type"], "selectGroupLinks": ["groupid"]}
    params.update(extra)
    return res("hostprototype.get", params)


def rule_of(hostid):
    got = res("discoveryrule.get", {"output": ["key_"], "hostids": hostid})
    return got[0]["itemid"] if got else None


@T.test
def create_get_update_delete():
    t, tl = mk_template(), mk_template("e2e-hproto-TL")
    r = mk_rule(t)
    p = mk_proto(r, tl)
    [got] = protos_of(r, output="extend", selectGroupPrototypes=["name"], selectTags="extend",
                      selectDiscoveryRule=["key_"], selectInterfaces="extend")
    expect_eq((got["hostid"], got["host"], got["inventory_mode"], got["templateid"]),
              (p, "{#VM.ID}", "1", "0"), "record")
    expect_eq(len(got["uuid"]), 32, "a uuid on a template")
    expect_eq(got["macros"], [{"macro": "{$A}", "value": "a", "type": "0"},
                              {"macro": "{$S}", "type": "1"}], "a secret's value never shown")
    expect_eq(got["groupPrototypes"], [{"name": "VMs {#C}"}], "group prototypes")
    expect_eq(got["discoveryRule"], {"itemid": r, "key_": "vm.discovery"}, "discoveryRule")
    expect_eq(got["parentHost"]["hostid"], t, "parentHost")
    expect_eq(got["templates"][0]["templateid"], tl, "templates")
    expect_eq(got["interfaces"], [], "interfaces")
    expect_error(call("hostprototype.create", {"host": "x", "ruleid": r,
                                               "groupLinks": [{"groupid": group()}]}),
                 -32602, 'Invalid parameter "/1/host": must contain at least one low-level '
                 'discovery macro.')
    expect_error(call("hostprototype.create", {"host": "{#X}", "ruleid": r}), -32602,
                 'Invalid parameter "/1": the parameter "groupLinks" is missing.')
    expect_error(call("hostprototype.create", {"host": "{#VM.ID}", "ruleid": r,
                                               "groupLinks": [{"groupid": group()}]}),
                 -32602, 'Host prototype with host name "{#VM.ID}" already exists in discovery '
                 'rule "VMs".')
    expect_error(call("hostprototype.create", {"host": "{#Z}", "ruleid": "999999999",
                                               "groupLinks": [{"groupid": group()}]}),
                 -32500, "No permissions to referred object or it does not exist!")
    expect_eq(res("discoveryrule.get", {"output": ["key_"], "itemids": r,
                                        "selectHostPrototypes": "count"})[0]["hostPrototypes"],
              "1", "selectHostPrototypes count")
    expect_eq(res("host.get", {"output": ["host"], "search": {"host": "{#VM"}}), [],
              "host.get does not list prototypes")
    g2 = group("e2e hproto 2")
    res("hostprototype.update", {"hostid": p, "groupLinks": [{"groupid": g2}], "templates": [],
                                 "macros": [], "status": 1})
    [got] = protos_of(r)
    expect_eq((got["groupLinks"], got["templates"], got["macros"], got["status"]),
              ([{"groupid": g2}], [], [], "1"), "update replaces the sets")
    expect_eq(res("hostprototype.delete", [p]), {"hostids": [p]}, "delete")
    expect_eq(protos_of(r), [], "gone")
    expect_error(call("hostprototype.delete", [p]), -32500,
                 "No permissions to referred object or it does not exist!")


@T.test
def chain_link_unlink_clear():
    a, b, h, tl = mk_template(), mk_template(), mk_host(), mk_template("e2e-hproto-TL")
    ra = mk_rule(a)
    pa = mk_proto(ra, tl)
    res("template.update", {"templateid": b, "templates": [{"templateid": a}]})
    res("host.update", {"hostid": h, "templates": [{"templateid": b}]})
    rb, rh = rule_of(b), rule_of(h)
    [pb] = protos_of(rb)
    [ph] = protos_of(rh)
    expect_eq((pb["templateid"], pb["uuid"], pb["parentHost"]["hostid"]), (pa, "", b), "B's copy")
    expect_eq((ph["templateid"], ph["parentHost"]["hostid"]), (pb["hostid"], h), "H's copy")
    expect_eq(ph["templates"][0]["templateid"], tl, "the copy keeps its templates")
    res("hostprototype.update", {"hostid": pa, "name": "Renamed {#VM.NAME}"})
    expect_eq(protos_of(rh)[0]["name"], "Renamed {#VM.NAME}", "edit reaches every level")
    res("host.update", {"hostid": h, "templates": []})
    [kept] = protos_of(rh)
    expect_eq((kept["hostid"], kept["templateid"]), (ph["hostid"], "0"), "unlink keeps it")
    res("host.update", {"hostid": h, "templates": [{"templateid": b}]})
    [again] = protos_of(rh)
    expect_eq((again["hostid"], again["templateid"]), (ph["hostid"], pb["hostid"]), "adopted")
    res("template.update", {"templateid": b, "templates_clear": [{"templateid": a}]})
    expect_eq((rule_of(b), rule_of(h)), (None, None), "cleared on every level")
    expect_eq(len(protos_of(ra)), 1, "the template keeps its prototype")
    res("host.update", {"hostid": h, "templates": [{"templateid": a}]})
    expect_eq(len(protos_of(rule_of(h))), 1, "linked again")
    res("template.delete", [a])
    expect_eq(res("hostprototype.get", {"countOutput": True, "hostids": [pa, pb["hostid"]]}),
              "0", "template.delete takes them")
    expect_eq(rule_of(h), None, "and the host's copy")


@T.test
def rule_delete_export_import_restart():
    t, tl = mk_template(), mk_template("e2e-hproto-TL")
    r = mk_rule(t)
    mk_proto(r, tl)
    doc = res("configuration.export", {"format": "json", "options": {"templates": [t]}})
    srv().restart()
    expect_eq(len(protos_of(r)), 1, "kept over a restart")
    res("discoveryrule.delete", [r])
    expect_eq(protos_of(r), [], "the rule takes its prototypes")
    rules = {"discoveryRules": {"createMissing": True, "updateExisting": True,
                                "deleteMissing": True}}
    expect_eq(res("configuration.import", {"format": "json", "source": doc, "rules": rules}),
              True, "import")
    [got] = protos_of(rule_of(t), selectGroupPrototypes=["name"])
    expect_eq((got["host"], got["templates"][0]["templateid"], got["groupPrototypes"]),
              ("{#VM.ID}", tl, [{"name": "VMs {#C}"}]), "imported")
    again = res("configuration.export", {"format": "json", "options": {"templates": [t]}})
    strip = lambda s: s.split('"date"')[0] + s.split('"groups"', 1)[1]  # noqa: E731
    expect_eq(strip(again), strip(doc), "export after import is the same")


if __name__ == "__main__":
    T.main()
