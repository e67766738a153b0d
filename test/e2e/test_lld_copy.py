#!/usr/bin/env python3
# test_lld_copy.py: discoveryrule.copy with every prototype kind, and LLD rule inheritance
# through a three-level chain (template A -> template B -> host H), against the real tmpld.
#
# Exercises (the answers are those of Zabbix 6.0.14 for the same calls):
#   - a rule of A with a filter, macro paths, item prototypes (one dependent on another, one
#     on a plain item), trigger prototypes (one depending on the other), a graph prototype and
#     a host prototype (group prototypes, tags, a secret macro) reaches B and H with all of it;
#   - copying it to a template C with a host D below: everything is C's own (no templateid;
#     expressions on C), and D gets inherited copies of everything (expressions on D);
#   - refusals: the rule's key or a prototype's key on the target, an unknown target or rule,
#     an item that is no rule, a rule named twice, empty lists, a prototype's master missing on
#     the target, a template's rule copied to a host (no interface), a host's rule copied to a
#     template, a prototype needing an interface type the target host lacks (the target named by
#     its visible name), a trigger prototype depending on a trigger the target lacks; a failed
#     copy to several hosts leaves none of them changed;
#   - a dependency on a trigger of the source host is moved to the target's trigger of the same
#     identity; a graph prototype's plain item is the target's item of its key.
# Usage: test_lld_copy.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import os
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, ["--log-level", "warn"], name="lld_copy", login=True, fmt="%s-%d")
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq
NOPERM = "No permissions to referred object or it does not exist!"
IFACE = [{"type": 1, "main": 1, "useip": 1, "ip": "127.0.0.1", "dns": "", "port": "10050"}]


def group():
    return S.once("group", lambda: res("hostgroup.create", {"name": "e2e lld copy"})["groupids"][0])


def mk_template(prefix, parents=()):
    name = uniq(prefix)
    tid = res("template.create", {"host": name, "groups": [{"groupid": group()}],
                                  "templates": [{"templateid": p} for p in parents]})
    return tid["templateids"][0], name


def mk_host(prefix, parents=(), interfaces=True):
    name = uniq(prefix)
    p = {"host": name, "groups": [{"groupid": group()}],
         "templates": [{"templateid": t} for t in parents]}
    if interfaces:
        p["interfaces"] = IFACE
    return res("host.create", p)["hostids"][0], name


def copy(rules, hosts):
    return call("discoveryrule.copy", {"discoveryids": rules, "hostids": hosts})


def full_rule(a, aname):
    """A's rule with every prototype kind; returns its id."""
    m = res("item.create", {"hostid": a, "name": "master", "key_": "m.raw", "type": 2,
                            "value_type": 4})["itemids"][0]
    r = res("discoveryrule.create", {
        "hostid": a, "name": "disk", "key_": "d.disc", "type": 0, "delay": "1m",
        "filter": {"evaltype": 1, "conditions": [{"macro": "{#N}", "value": "^a"}]},
        "lld_macro_paths": [{"lld_macro": "{#N}", "path": "$.n"}]})["itemids"][0]
    p1 = res("itemprototype.create", {"hostid": a, "ruleid": r, "name": "p1 {#N}",
                                      "key_": "p1[{#N}]", "type": 0, "value_type": 3,
                                      "delay": "1m", "tags": [{"tag": "t", "value": "v"}]})
    p1 = p1["itemids"][0]
    p2 = res("itemprototype.create", {"hostid": a, "ruleid": r, "name": "p2 {#N}",
                                      "key_": "p2[{#N}]", "type": 18, "value_type": 3,
                                      "master_itemid": p1})["itemids"][0]
    res("itemprototype.create", {"hostid": a, "ruleid": r, "name": "p3 {#N}", "key_": "p3[{#N}]",
                                 "type": 18, "value_type": 4, "master_itemid": m})
    t1 = res("triggerprototype.create", {"description": "tp1 {#N}", "priority": 2,
                                         "expression": "last(/%s/p1[{#N}])>1" % aname})
    res("triggerprototype.create", {"description": "tp2 {#N}",
                                    "expression": "last(/%s/p2[{#N}])>1" % aname,
                                    "dependencies": [{"triggerid": t1["triggerids"][0]}]})
    res("graphprototype.create", {"name": "gp {#N}", "width": 900, "height": 200,
                                  "gitems": [{"itemid": p1, "color": "00AA00"},
                                             {"itemid": p2, "color": "0000AA"}]})
    res("hostprototype.create", {"host": "hp {#N}", "ruleid": r,
                                 "groupLinks": [{"groupid": group()}],
                                 "groupPrototypes": [{"name": "gp {#N}"}],
                                 "tags": [{"tag": "a", "value": "b"}],
                                 "macros": [{"macro": "{$S}", "value": "x", "type": 1},
                                            {"macro": "{$T}", "value": "y"}]})
    return r


def content(hostid, hostname):
    """What hostid holds of LLD, in a form to compare (inherited: templateid set)."""
    rules = res("discoveryrule.get", {"hostids": [hostid], "output": ["key_", "templateid"],
                                      "selectFilter": ["evaltype", "conditions"],
                                      "selectLLDMacroPaths": ["lld_macro", "path"]})
    out = {"rules": [[r["key_"], r["templateid"] != "0", r["filter"]["evaltype"],
                      [c["macro"] + c["value"] for c in r["filter"]["conditions"]],
                      r["lld_macro_paths"]] for r in rules]}
    protos = res("itemprototype.get", {"hostids": [hostid], "sortfield": "key_",
                                       "output": ["key_", "type", "master_itemid", "templateid"],
                                       "selectTags": ["tag", "value"]})
    out["items"] = [[p["key_"], p["type"], p["master_itemid"] != "0", p["templateid"] != "0",
                     p["tags"]] for p in protos]
    tps = res("triggerprototype.get", {"hostids": [hostid], "sortfield": "description",
                                       "output": ["description", "expression", "priority",
                                                  "templateid"],
                                       "expandExpression": True,
                                       "selectDependencies": ["description"]})
    out["triggers"] = [[t["description"], t["expression"].replace(hostname, "HOST"),
                        t["priority"], t["templateid"] != "0",
                        [d["description"] for d in t["dependencies"]]] for t in tps]
    gps = res("graphprototype.get", {"hostids": [hostid], "output": ["name", "width", "templateid"],
                                     "selectGraphItems": ["color"]})
    out["graphs"] = [[g["name"], g["width"], g["templateid"] != "0",
                      [i["color"] for i in g["gitems"]]] for g in gps]
    hps = res("hostprototype.get", {"discoveryids": [r["itemid"] for r in rules]
                                    if rules else ["0"],
                                    "output": ["host", "templateid"],
                                    "selectGroupPrototypes": ["name"],
                                    "selectTags": ["tag", "value"],
                                    "selectMacros": ["macro", "type", "value"]})
    out["hostprotos"] = [[h["host"], h["templateid"] != "0", h["groupPrototypes"], h["tags"],
                          h["macros"]] for h in hps]
    return out


def want(inherited, secret):
    """The content a copy of full_rule's rule has (own or inherited)."""
    i = inherited
    s_macro = {"macro": "{$S}", "type": "1"} if secret else \
        {"macro": "{$S}", "type": "0", "value": ""}
    return {
        "rules": [["d.disc", i, "1", ["{#N}^a"], [{"lld_macro": "{#N}", "path": "$.n"}]]],
        "items": [["p1[{#N}]", "0", False, i, [{"tag": "t", "value": "v"}]],
                  ["p2[{#N}]", "18", True, i, []], ["p3[{#N}]", "18", True, i, []]],
        "triggers": [["tp1 {#N}", "last(/HOST/p1[{#N}])>1", "2", i, []],
                     ["tp2 {#N}", "last(/HOST/p2[{#N}])>1", "0", i, ["tp1 {#N}"]]],
        "graphs": [["gp {#N}", "900", i, ["00AA00", "0000AA"]]],
        "hostprotos": [["hp {#N}", i, [{"name": "gp {#N}"}], [{"tag": "a", "value": "b"}],
                        [s_macro, {"macro": "{$T}", "type": "0", "value": "y"}]]],
    }


@T.test
def chain_and_copy_with_every_prototype_kind():
    a, aname = mk_template("e2e-copy-A")
    b, bname = mk_template("e2e-copy-B", [a])
    h, hname = mk_host("e2e-copy-H", [b])
    r = full_rule(a, aname)
    # rule inheritance through the chain: B and H hold copies of everything
    expect_eq(content(b, bname), want(True, True), "B's inherited rule")
    expect_eq(content(h, hname), want(True, True), "H's inherited rule")
    # the copy to template C (with host D below) is C's own, and inherited by D
    c, cname = mk_template("e2e-copy-C")
    d, dname = mk_host("e2e-copy-D", [c])
    res("item.create", {"hostid": c, "name": "master", "key_": "m.raw", "type": 2,
                        "value_type": 4})
    expect_eq(res("discoveryrule.copy", {"discoveryids": [r], "hostids": [c]}), True, "copy")
    expect_eq(content(c, cname), want(False, False), "C's copy")
    expect_eq(content(d, dname), want(True, False), "D's inherited copy of C's copy")
    # the copy is C's own: it refuses a second copy, and unlinking A leaves it alone
    expect_error(copy([r], [c]), -32602, 'Item with key "d.disc" already exists on "%s".' % cname)
    # the chain's copies go with the template's rule, the copy stays
    res("discoveryrule.delete", [r])
    expect_eq(content(h, hname)["rules"], [], "H's copy deleted with A's rule")
    expect_eq(len(content(d, dname)["rules"]), 1, "D keeps C's copy")


@T.test
def copy_refusals():
    a, aname = mk_template("e2e-copy-RA")
    r = full_rule(a, aname)
    m = res("item.get", {"hostids": [a], "output": ["itemid"], "filter": {"key_": "m.raw"}})
    m = m[0]["itemid"]
    e, ename = mk_template("e2e-copy-RE")
    expect_error(copy([r], ["999999"]), -32500, NOPERM)
    expect_error(copy(["999999"], [e]), -32500, NOPERM)
    expect_error(copy([m], [e]), -32500, NOPERM)
    expect_error(copy([r, r], [e]), -32500, NOPERM)
    expect_error(copy([], [e]), -32602, "No discovery rule IDs given.")
    expect_error(copy([r], []), -32602, "No host IDs given.")
    expect_error(call("discoveryrule.copy", {}), -32602, "No discovery rule IDs given.")
    # a prototype's master item (a plain item) missing on the target
    expect_error(copy([r], [e]), -32602, "Cannot clone item prototypes.")
    expect_eq(res("discoveryrule.get", {"hostids": [e], "output": ["key_"]}), [],
              "the failed copy left nothing")
    # a prototype's key taken on the target
    res("item.create", {"hostid": e, "name": "other", "key_": "p1[{#N}]", "type": 2,
                        "value_type": 4})
    res("item.create", {"hostid": e, "name": "master", "key_": "m.raw", "type": 2,
                        "value_type": 4})
    expect_error(copy([r], [e]), -32602, 'Item with key "p1[{#N}]" already exists on "%s".' % ename)
    # a template's rule (no interface) copied to a host
    h, hname = mk_host("e2e-copy-RH")
    expect_error(copy([r], [h]), -32602, "No interface found.")
    # several targets, the second refusing: the first is left as it was
    f, fname = mk_template("e2e-copy-RF")
    res("item.create", {"hostid": f, "name": "master", "key_": "m.raw", "type": 2,
                        "value_type": 4})
    expect_error(copy([r], [f, e]), -32602,
                 'Item with key "p1[{#N}]" already exists on "%s".' % ename)
    expect_eq(res("discoveryrule.get", {"hostids": [f], "output": ["key_"]}), [], "F untouched")


@T.test
def copy_dependencies_and_host_rules():
    a, aname = mk_template("e2e-copy-DA")
    x, xname = mk_template("e2e-copy-DX")
    y, yname = mk_template("e2e-copy-DY")
    for t in (a, x):
        res("item.create", {"hostid": t, "name": "plain", "key_": "plain", "type": 2,
                            "value_type": 3})
    it = res("item.get", {"hostids": [a], "output": ["itemid"]})[0]["itemid"]
    tr = res("trigger.create", {"description": "base",
                                "expression": "last(/%s/plain)>0" % aname})["triggerids"][0]
    r = res("discoveryrule.create", {"hostid": a, "name": "r", "key_": "r.disc",
                                     "type": 2})["itemids"][0]
    p = res("itemprototype.create", {"hostid": a, "ruleid": r, "name": "p", "key_": "p[{#X}]",
                                     "type": 2, "value_type": 3})["itemids"][0]
    res("triggerprototype.create", {"description": "tp",
                                    "expression": "last(/%s/p[{#X}])>0" % aname,
                                    "dependencies": [{"triggerid": tr}]})
    res("graphprototype.create", {"name": "g {#X}", "gitems": [{"itemid": p, "color": "00AA00"},
                                                               {"itemid": it, "color": "0000AA"}]})
    expect_error(copy([r], [x]), -32602, 'Trigger prototype "tp" cannot depend on the '
                 'non-existent trigger "base" on the template "%s".' % xname)
    xt = res("trigger.create", {"description": "base",
                                "expression": "last(/%s/plain)>0" % xname})["triggerids"][0]
    expect_eq(res("discoveryrule.copy", {"discoveryids": [r], "hostids": [x]}), True, "copy")
    tps = res("triggerprototype.get", {"hostids": [x], "output": ["description"],
                                       "selectDependencies": ["triggerid"]})
    expect_eq([[t["description"], t["dependencies"]] for t in tps],
              [["tp", [{"triggerid": xt}]]], "the dependency is X's trigger")
    xit = res("item.get", {"hostids": [x], "output": ["itemid"]})[0]["itemid"]
    gps = res("graphprototype.get", {"hostids": [x], "output": ["name"],
                                     "selectGraphItems": ["itemid"]})
    expect_eq(gps[0]["gitems"][1]["itemid"], xit, "the graph's plain item is X's")
    # Y lacks the plain item: the graph prototype cannot name it
    expect_error(copy([r], [y]), -32602, 'Missing "itemid" field for item.')
    # a host's rule: to a host without interfaces, to one with, to a template
    h, hname = mk_host("e2e-copy-DH")
    ifid = res("hostinterface.get", {"hostids": [h]})[0]["interfaceid"]
    hr = res("discoveryrule.create", {"hostid": h, "name": "hr", "key_": "hr.disc", "type": 0,
                                      "delay": "1m", "interfaceid": ifid})["itemids"][0]
    h3 = res("host.create", {"host": uniq("e2e-copy-DH3"), "name": "Visible DH3",
                             "groups": [{"groupid": group()}]})["hostids"][0]
    expect_error(copy([hr], [h3]), -32602,
                 'Cannot find host interface on "Visible DH3" for item key "hr.disc".')
    # a template's rule with an agent prototype, to a host with an SNMP interface only
    h5 = res("host.create", {"host": uniq("e2e-copy-DH5"), "name": "Visible DH5",
                             "groups": [{"groupid": group()}],
                             "interfaces": [{"type": 2, "main": 1, "useip": 1, "ip": "127.0.0.1",
                                             "dns": "", "port": "161",
                                             "details": {"version": 2, "community": "public"}}]})
    tr = res("discoveryrule.create", {"hostid": y, "name": "tr", "key_": "tr.disc",
                                      "type": 2})["itemids"][0]
    res("itemprototype.create", {"hostid": y, "ruleid": tr, "name": "tp", "key_": "tp[{#X}]",
                                 "type": 0, "value_type": 3, "delay": "1m"})
    expect_error(copy([tr], [h5["hostids"][0]]), -32602,
                 'Cannot find host interface on "Visible DH5" for item key "tp[{#X}]".')
    h4, _ = mk_host("e2e-copy-DH4")
    expect_eq(res("discoveryrule.copy", {"discoveryids": [hr], "hostids": [h4]}), True, "to H4")
    got = res("discoveryrule.get", {"hostids": [h4], "output": ["key_", "interfaceid"]})
    ifid4 = res("hostinterface.get", {"hostids": [h4]})[0]["interfaceid"]
    expect_eq([[g["key_"], g["interfaceid"]] for g in got], [["hr.disc", ifid4]], "H4's own")
    expect_error(copy([hr], [y]), -32602,
                 'Cannot find host interface on "%s" for item key "hr.disc".' % yname)


if __name__ == "__main__":
    sys.exit(T.main())
