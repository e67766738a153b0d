#!/usr/bin/env python3
# test_importcompare.py: configuration.importcompare end to end, against what Zabbix 6.0.14 answers.
#
# Exercises: import's parameter texts; [] for a re-read export in json, yaml and xml and for a
# source with no objects; the tree of a changed template (its own fields, items added, removed
# and updated, value maps) under each rule (createMissing, updateExisting, deleteMissing);
# a deleted template listed as added with its items; templateLinkage on the parents list; a
# source that spells a default or writes CR LF; that nothing is changed by the call; reading
# errors (-32500); and, where Zabbix 6.0.14 fails with HTTP 500 on a rules entity left out,
# tmpld's -32602 naming it (a documented divergence).
# Usage: test_importcompare.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import copy
import json
import os
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, ["--log-level", "warn"], name="importcompare", login=True)
res, call, uniq = S.res, S.call, S.uniq


def rules(**over):
    """Every rules entity with createMissing and updateExisting on, deleteMissing off, as the
    corpus sends them; over replaces whole entities (None leaves one out)."""
    r = {k: {"createMissing": True, "updateExisting": True} for k in ("groups", "templates", "hosts")}
    r["groups"]["updateExisting"] = False
    for k in ("items", "valueMaps", "discoveryRules", "triggers", "graphs", "httptests",
              "templateDashboards"):
        r[k] = {"createMissing": True, "updateExisting": True, "deleteMissing": False}
    r["templateLinkage"] = {"createMissing": True, "deleteMissing": False}
    for k, v in over.items():
        if v is None:
            del r[k]
        else:
            r[k] = v
    return r


def compare(source, fmt="json", **over):
    return call("configuration.importcompare", {"format": fmt, "source": source,
                                                "rules": rules(**over)})


def compared(source, fmt="json", **over):
    r = compare(source, fmt, **over)
    if "result" not in r:
        raise AssertionError("importcompare failed: %r" % (r,))
    return r["result"]


def export(tid, fmt="json"):
    return res("configuration.export", {"format": fmt, "options": {"templates": [tid]}})


def mk_template(parents=(), items=True):
    g = res("hostgroup.create", {"name": uniq("icmp group")})["groupids"][0]
    params = {"host": uniq("icmp T"), "groups": [{"groupid": g}],
              "macros": [{"macro": "{$A}", "value": "1"}]}
    if parents:
        params["templates"] = [{"templateid": p} for p in parents]
    t = res("template.create", params)["templateids"][0]
    ids = [res("item.create", {"hostid": t, "name": n, "key_": k, "type": 2, "value_type": 3})
           ["itemids"][0] for n, k in (("Trap one", "trap.one"), ("Trap two", "trap.two")) if items]
    return t, ids


def only_template(doc):
    return doc["zabbix_export"]["templates"][0]


@T.test
def params_are_import_params():
    r = call("configuration.importcompare", {"format": "csv", "source": "", "rules": rules()})
    expect_error(r, -32602, 'Invalid parameter "/format": value must be one of "yaml", "xml", "json".')
    r = call("configuration.importcompare", {"format": "raw", "source": "", "rules": rules()})
    expect_error(r, -32602, 'Invalid parameter "/format": value must be one of "yaml", "xml", "json".')
    r = call("configuration.importcompare", {"format": "json", "source": "{}"})
    expect_error(r, -32602, 'Invalid parameter "/": the parameter "rules" is missing.')
    r = call("configuration.importcompare", {"format": "json", "source": "{}",
                                             "rules": {"hostgroups": {}}})
    expect_error(r, -32602, 'Invalid parameter "/rules": unexpected parameter "hostgroups".')
    r = compare("")
    expect_error(r, -32500, "Cannot read JSON: Syntax error.")


@T.test
def unchanged_export_gives_empty_list():
    t, _ = mk_template()
    for fmt in ("json", "yaml", "xml"):
        expect_eq(compared(export(t, fmt), fmt), [], "re-read %s" % fmt)
    expect_eq(compared('{"zabbix_export":{"version":"6.0","date":"2020-01-01T00:00:00Z"}}'), [],
              "no objects")


@T.test
def changes_are_listed_per_rule():
    t, (i1, i2) = mk_template()
    src = export(t)
    doc = json.loads(src)
    tpl = only_template(doc)
    res("template.update", {"templateid": t, "name": tpl["name"] + " new",
                            "macros": [{"macro": "{$A}", "value": "2"}]})
    res("item.update", {"itemid": i1, "name": "Trap one renamed"})
    res("item.delete", [i2])
    res("item.create", {"hostid": t, "name": "Trap three", "key_": "trap.three", "type": 2,
                        "value_type": 3})
    now = only_template(json.loads(export(t)))
    before = {k: v for k, v in now.items() if k != "items"}
    after = {k: v for k, v in tpl.items() if k != "items"}
    one_before, three = now["items"][0], now["items"][1]
    one_after, two = tpl["items"][0], tpl["items"][1]
    expect_eq(compared(src), {"templates": {"updated": [{
        "before": before, "after": after,
        "items": {"added": [{"after": two}], "updated": [{"before": one_before, "after": one_after}]},
    }]}}, "deleteMissing off")
    got = compared(src, items={"createMissing": True, "updateExisting": True, "deleteMissing": True})
    expect_eq(got["templates"]["updated"][0]["items"]["removed"], [{"before": three}],
              "deleteMissing on")
    expect_eq(list(got["templates"]["updated"][0]["items"]), ["added", "removed", "updated"],
              "order of the lists")
    got = compared(src, templates={"createMissing": True, "updateExisting": False},
                   items={"createMissing": False, "updateExisting": False, "deleteMissing": False})
    expect_eq(got, {"templates": {"updated": [{
        "before": before, "after": before,
        "items": {"updated": [{"before": one_before, "after": one_before}]}}]}},
        "updateExisting off: after is before")
    # importcompare changed nothing
    got = res("template.get", {"output": ["name"], "templateids": t, "selectMacros": ["value"],
                               "selectItems": ["key_", "name"]})
    expect_eq((got[0]["name"], got[0]["macros"], sorted(i["key_"] for i in got[0]["items"])),
              (tpl["name"] + " new", [{"value": "2"}], ["trap.one", "trap.three"]), "unchanged")
    # a deleted template is added with its items
    res("template.delete", [t])
    expect_eq(compared(src), {"templates": {"added": [{
        "after": after, "items": {"added": [{"after": one_after}, {"after": two}]}}]}},
        "deleted: added")
    expect_eq(compared(src, templates={"createMissing": False, "updateExisting": True}), [],
              "deleted, createMissing off")


@T.test
def value_maps_and_written_defaults():
    t, _ = mk_template()
    vm = res("valuemap.create", {"hostid": t, "name": "VM", "mappings": [
        {"value": "1", "newvalue": "Up"}]})["valuemapids"][0]
    src = export(t)
    res("valuemap.update", {"valuemapid": vm, "mappings": [{"value": "1", "newvalue": "On"}]})
    got = compared(src)["templates"]["updated"][0]
    vms = got["valuemaps"]["updated"][0]
    expect_eq((vms["before"]["mappings"], vms["after"]["mappings"]),
              ([{"value": "1", "newvalue": "On"}], [{"value": "1", "newvalue": "Up"}]),
              "a value map's mappings")
    expect_eq(got["before"], got["after"], "the template itself unchanged")
    # Zabbix compares the source as written: an explicit default is a change, CR LF is not
    res("valuemap.update", {"valuemapid": vm, "mappings": [{"value": "1", "newvalue": "Up"}]})
    doc = json.loads(src)
    item = only_template(doc)["items"][0]
    item["status"] = "ENABLED"
    got = compared(json.dumps(doc))["templates"]["updated"][0]["items"]["updated"][0]
    expect_eq(got["after"], dict(got["before"], status="ENABLED"), "explicit default")
    doc = json.loads(src)
    only_template(doc)["uuid"] = only_template(doc)["uuid"].upper()
    expect_eq(compared(json.dumps(doc)), [], "a uuid in capitals")


@T.test
def template_linkage_shapes_parents():
    p1, _ = mk_template(items=False)
    p2, _ = mk_template(items=False)
    t, _ = mk_template(parents=[p1, p2])
    doc = json.loads(export(t))
    tpl = only_template(doc)
    both = tpl["templates"]
    expect_eq(len(both), 2, "two parents exported")
    tpl["templates"] = both[:1]
    src = json.dumps(doc)
    expect_eq(compared(src), [], "createMissing only: nothing to unlink")
    got = compared(src, templateLinkage={"createMissing": True, "deleteMissing": True})
    upd = got["templates"]["updated"][0]
    expect_eq((upd["before"]["templates"], upd["after"]["templates"]), (both, both[:1]),
              "deleteMissing: the list shrinks")
    got = compared(src, templateLinkage={"createMissing": False, "deleteMissing": True},
                   templates={"createMissing": True, "updateExisting": False})
    expect_eq(got["templates"]["updated"][0]["after"]["templates"], both[:1],
              "deleteMissing alone, updateExisting off")


@T.test
def missing_rules_entity_is_a_param_error():
    # Zabbix 6.0.14 answers HTTP 500 (a PHP TypeError) here: tmpld names the entity instead.
    t, (i1, _) = mk_template()
    src = export(t)
    res("item.update", {"itemid": i1, "name": "Trap one renamed"})
    expect_error(compare(src, items=None), -32602,
                 'Invalid parameter "/rules": the parameter "items" is missing.')
    expect_error(call("configuration.importcompare", {"format": "json", "source": src,
                                                      "rules": {}}),
                 -32602, 'Invalid parameter "/rules": the parameter "groups" is missing.')
    # not needed when nothing under it is compared (as Zabbix: no failure then)
    doc = copy.deepcopy(json.loads(src))
    del doc["zabbix_export"]["templates"]
    expect_eq(compared(json.dumps(doc), items=None), [], "items not compared")


if __name__ == "__main__":
    T.main()
