#!/usr/bin/env python3
# test_lld.py: LLD rules (discoveryrule.*) and item prototypes (itemprototype.*) against the
# real tmpld.
#
# Exercises:
#   - a rule with filter, macro paths, preprocessing and overrides, and its prototypes, copied
#     down a three-level chain A -> B -> H (templateid one level up, uuid "" on copies, the
#     prototype's rule is its host's copy), unlinked (kept, templateid 0, a fresh uuid on a
#     template), relinked (adopted), cleared and deleted on every level;
#   - an edit of the template rule (filter, name) and prototype reaching every copy; an
#     inherited rule or prototype cannot be deleted; on a copy the filter, lifetime and
#     discover are its own (kept through the template's later edits of other fields), its name
#     and overrides are the template's, its macro paths cannot be changed;
#   - the shared key space: a template rule whose key is an item on the host refuses the link;
#   - discoveryrule.copy to a template and to a host (prototypes follow; a key taken refuses);
#   - item.get without flags ignores rules and prototypes; template.delete takes them all;
#   - restart keeps everything (documents and indexes are stored).
# Usage: test_lld.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import os
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, ["--log-level", "warn"], name="lld", login=True, fmt="%s-%d")
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq


def group():
    return S.once("group", lambda: res("hostgroup.create", {"name": "e2e lld"})["groupids"][0])


def mk_template(prefix="e2e-lld-T"):
    return res("template.create", {"host": uniq(prefix),
                                    "groups": [{"groupid": group()}]})["templateids"][0]


def mk_host(prefix="e2e-lld-H"):
    return res("host.create", {"host": uniq(prefix),
                               "groups": [{"groupid": group()}]})["hostids"][0]


RULE = {
    "name": "Filesystems", "key_": "fs.discovery", "type": 2, "lifetime": "7d",
    "filter": {"evaltype": 0, "conditions": [{"macro": "{#FSTYPE}", "value": "^ext"},
                                             {"macro": "{#FSNAME}", "value": "^/boot",
                                              "operator": 9}]},
    "lld_macro_paths": [{"lld_macro": "{#FSNAME}", "path": "$.fsname"}],
    "preprocessing": [{"type": 12, "params": "$.data", "error_handler": 0,
                       "error_handler_params": ""}],
    "overrides": [{"name": "ov", "step": 1, "operations": [
        {"operationobject": 0, "operator": 2, "value": "x", "opstatus": {"status": 1}}]}],
}


def mk_rule(hostid, **extra):
    params = dict(RULE, hostid=hostid)
    params.update(extra)
    return res("discoveryrule.create", params)["itemids"][0]


def mk_proto(hostid, ruleid, key="vfs.fs.size[{#FSNAME},free]"):
    return res("itemprototype.create", {"hostid": hostid, "ruleid": ruleid, "name": key,
                                        "key_": key, "type": 2, "value_type": 3})["itemids"][0]


def rules_of(hostid):
    return res("discoveryrule.get", {"output": ["key_", "name", "templateid", "uuid"],
                                     "hostids": hostid, "selectFilter": "extend",
                                     "selectLLDMacroPaths": ["lld_macro", "path"],
                                     "selectOverrides": "extend",
                                     "selectItems": ["key_", "templateid"]})


def protos_of(hostid):
    return res("itemprototype.get", {"output": ["key_", "templateid"], "hostids": hostid,
                                     "selectDiscoveryRule": ["key_"]})


@T.test
def chain_link_unlink_clear():
    a, b, h = mk_template(), mk_template(), mk_host()
    ra = mk_rule(a)
    pa = mk_proto(a, ra)
    res("template.update", {"templateid": b, "templates": [{"templateid": a}]})
    res("host.update", {"hostid": h, "templates": [{"templateid": b}]})
    [rb] = rules_of(b)
    [rh] = rules_of(h)
    expect_eq((rb["templateid"], rb["uuid"]), (ra, ""), "B's copy")
    expect_eq(rh["templateid"], rb["itemid"], "H's copy points one level up")
    expect_eq(rh["filter"]["eval_formula"], "A and B", "filter copied")
    expect_eq(rh["lld_macro_paths"], [{"lld_macro": "{#FSNAME}", "path": "$.fsname"}], "paths")
    expect_eq(rh["overrides"][0]["name"], "ov", "overrides copied")
    [ph] = protos_of(h)
    expect_eq(ph["discoveryRule"], {"itemid": rh["itemid"], "key_": "fs.discovery"},
              "the prototype's rule is the host's copy")
    expect_eq(rh["items"], [{"itemid": ph["itemid"], "key_": ph["key_"],
                             "templateid": protos_of(b)[0]["itemid"]}], "selectItems")
    # an edit reaches every level
    res("discoveryrule.update", {"itemid": ra, "name": "FS v2",
                                 "filter": {"evaltype": 2, "conditions": [
                                     {"macro": "{#A}", "value": "1"}]}})
    res("itemprototype.update", {"itemid": pa, "units": "B"})
    [rh] = rules_of(h)
    expect_eq((rh["name"], rh["filter"]["eval_formula"]), ("FS v2", "A"), "edit propagated")
    got = res("itemprototype.get", {"output": ["units"], "hostids": h})
    expect_eq(got[0]["units"], "B", "prototype edit propagated")
    expect_error(call("discoveryrule.delete", [rh["itemid"]]), -32602,
                 "Cannot delete templated items.")
    expect_error(call("itemprototype.delete", [ph["itemid"]]), -32602,
                 "Cannot delete templated item prototype.")
    # unlink keeps the copies as own objects; relink adopts them again
    res("host.update", {"hostid": h, "templates": []})
    [kept] = rules_of(h)
    expect_eq((kept["itemid"], kept["templateid"]), (rh["itemid"], "0"), "unlinked rule kept")
    expect_eq(protos_of(h)[0]["templateid"], "0", "unlinked prototype kept")
    res("host.update", {"hostid": h, "templates": [{"templateid": b}]})
    [again] = rules_of(h)
    expect_eq((again["itemid"], again["templateid"]), (rh["itemid"], rb["itemid"]), "adopted")
    # clear deletes on every level below
    res("template.update", {"templateid": b, "templates_clear": [{"templateid": a}]})
    expect_eq((rules_of(b), rules_of(h), protos_of(h)), ([], [], []), "cleared")
    expect_eq(len(rules_of(a)), 1, "the template keeps its rule")


@T.test
def inherited_rule_keeps_its_own():
    t, h = mk_template(), mk_host()
    rt = mk_rule(t)
    pt = res("itemprototype.create", {"hostid": t, "ruleid": rt, "name": "P", "key_": "p[{#A}]",
                                      "type": 2, "value_type": 3, "discover": 1})["itemids"][0]
    res("host.update", {"hostid": h, "templates": [{"templateid": t}]})
    [rh] = rules_of(h)
    ph = protos_of(h)[0]["itemid"]
    # on the copy: filter, lifetime and discover are its own; name and overrides are not
    res("discoveryrule.update", {"itemid": rh["itemid"], "name": "x", "lifetime": "2d",
                                 "filter": {"evaltype": 1, "conditions": [
                                     {"macro": "{#B}", "value": "y"}]},
                                 "overrides": [{"name": "o2", "step": 3}]})
    res("itemprototype.update", {"itemid": ph, "discover": 0, "name": "renamed"})
    got = res("discoveryrule.get", {"output": ["name", "lifetime"], "itemids": rh["itemid"],
                                    "selectFilter": ["conditions"], "selectOverrides": ["name"]})
    expect_eq((got[0]["name"], got[0]["lifetime"], got[0]["filter"]["conditions"][0]["macro"],
               got[0]["overrides"]), ("Filesystems", "2d", "{#B}", [{"name": "ov"}]), "copy")
    # the template's edits reach the copy only in what they send
    res("discoveryrule.update", {"itemid": rt, "name": "R2"})
    res("itemprototype.update", {"itemid": pt, "units": "B"})
    got = res("discoveryrule.get", {"output": ["name"], "itemids": rh["itemid"],
                                    "selectFilter": ["conditions"]})
    expect_eq((got[0]["name"], got[0]["filter"]["conditions"][0]["macro"]), ("R2", "{#B}"),
              "the copy's filter stays")
    got = res("itemprototype.get", {"output": ["name", "discover", "units"], "itemids": ph})
    expect_eq(got, [{"itemid": ph, "name": "P", "discover": "0", "units": "B"}],
              "the copy's discover stays")
    r = call("discoveryrule.update", {"itemid": rh["itemid"], "lld_macro_paths": []})
    expect_error(r, -32602, 'Invalid parameter "/1/lld_macro_paths": cannot update property '
                 'for templated discovery rule.')


@T.test
def key_space_and_link_refused():
    t, h = mk_template(), mk_host()
    mk_rule(t, key_="shared.key")
    res("item.create", {"hostid": h, "name": "i", "key_": "shared.key", "type": 2,
                        "value_type": 3})
    r = call("host.update", {"hostid": h, "templates": [{"templateid": t}]})
    expect_error(r, -32602, 'Item with key "shared.key" already exists on "%s" as an item.'
                 % res("host.get", {"output": ["host"], "hostids": h})[0]["host"])
    expect_eq(res("host.get", {"output": ["host"], "hostids": h,
                               "selectParentTemplates": "count"})[0]["parentTemplates"], "0",
              "nothing linked")
    got = res("item.get", {"output": ["key_"], "hostids": t})
    expect_eq(got, [], "item.get ignores rules")
    got = res("item.get", {"output": ["key_", "flags"], "hostids": t, "filter": {"flags": None}})
    expect_eq([g["flags"] for g in got], ["1"], "flags null lists rules")


@T.test
def copy_to_template_and_host():
    src, dst, h = mk_template(), mk_template(), mk_host()
    rid = mk_rule(src)
    mk_proto(src, rid)
    expect_eq(res("discoveryrule.copy", {"discoveryids": [rid], "hostids": [dst, h]}), True,
              "copy")
    for hostid in (dst, h):
        [r] = rules_of(hostid)
        expect_eq((r["templateid"], r["filter"]["eval_formula"]), ("0", "A and B"), "copied")
        expect_eq([p["discoveryRule"]["itemid"] for p in protos_of(hostid)], [r["itemid"]],
                  "prototype copied with the rule")
    expect_eq(len(rules_of(dst)[0]["uuid"]), 32, "a template's copy has a uuid of its own")
    r = call("discoveryrule.copy", {"discoveryids": [rid], "hostids": [dst]})
    expect_error(r, -32602, 'Item with key "fs.discovery" already exists on "%s".'
                 % res("template.get", {"output": ["host"], "templateids": dst})[0]["host"])
    expect_error(call("discoveryrule.copy", {"discoveryids": [rid]}), -32602,
                 "No host IDs given.")
    expect_error(call("discoveryrule.copy", {"discoveryids": ["999999999"], "hostids": [h]}),
                 -32500, "No permissions to referred object or it does not exist!")


@T.test
def template_delete_and_restart():
    a, h = mk_template(), mk_host()
    ra = mk_rule(a)
    mk_proto(a, ra)
    res("host.update", {"hostid": h, "templates": [{"templateid": a}]})
    srv().restart()
    expect_eq(rules_of(h)[0]["filter"]["eval_formula"], "A and B", "kept over a restart")
    res("template.delete", [a])
    expect_eq((rules_of(h), protos_of(h)), ([], []), "the copies went with the template")
    got = res("item.get", {"output": ["key_"], "hostids": h, "filter": {"flags": None}})
    expect_eq(got, [], "no item left behind")


if __name__ == "__main__":
    T.main()
