#!/usr/bin/env python3
# test_tproto.py: trigger prototypes (triggerprototype.*) against the real tmpld.
#
# Exercises:
#   - a prototype on a template copied down a three-level chain A -> B -> H (its expression
#     rewritten to each host's item prototypes, templateid one level up), kept by an unlink
#     (templateid 0), removed by a clear and by the template's deletion;
#   - deleting the item prototype or the LLD rule takes the prototypes using it;
#   - discoveryrule.get selectTriggers ("count" a string), trigger.get ignoring prototypes and
#     triggerprototype.update/delete refusing a plain trigger (and trigger.update a prototype),
#     template.get with_triggers not counting prototypes;
#   - configuration.export placement (inside the item prototype when it uses one item, in the
#     rule's trigger_prototypes otherwise) and an import of that export giving it back.
# Usage: test_tproto.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import json
import os
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, ["--log-level", "warn"], name="tproto", login=True, fmt="%s-%d")
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq
NOPERM = "No permissions to referred object or it does not exist!"


def group():
    return S.once("group", lambda: res("hostgroup.create", {"name": "e2e tproto"})["groupids"][0])


def mk_template():
    host = uniq("e2e-tproto-T")
    tid = res("template.create", {"host": host, "groups": [{"groupid": group()}]})["templateids"][0]
    return tid, host


def mk_host():
    return res("host.create", {"host": uniq("e2e-tproto-H"),
                               "groups": [{"groupid": group()}]})["hostids"][0]


def mk_lld(hostid):
    """A plain item, a rule and one item prototype on hostid: (ruleid, protoid)."""
    res("item.create", {"hostid": hostid, "name": "plain", "key_": "plain", "type": 2,
                        "value_type": 3})
    rule = res("discoveryrule.create", {"hostid": hostid, "name": "if", "key_": "if.discovery",
                                        "type": 2})["itemids"][0]
    proto = res("itemprototype.create", {"hostid": hostid, "ruleid": rule, "name": "in",
                                         "key_": "if.in[{#IF}]", "type": 2,
                                         "value_type": 3})["itemids"][0]
    return rule, proto


def mk_tproto(host, desc="In high on {#IF}", both=False, **extra):
    x = "last(/%s/if.in[{#IF}])>1" % host
    if both:
        x += " and last(/%s/plain)>0" % host
    params = dict({"description": desc, "expression": x}, **extra)
    return res("triggerprototype.create", params)["triggerids"][0]


def tprotos_of(hostid):
    return res("triggerprototype.get", {"output": ["description", "expression", "templateid",
                                                   "discover"], "hostids": hostid,
                                        "expandExpression": True,
                                        "selectDiscoveryRule": ["key_"]})


@T.test
def chain_link_unlink_clear():
    (a, ahost), (b, _) = mk_template(), mk_template()
    h = mk_host()
    mk_lld(a)
    tp = mk_tproto(ahost, discover=1)
    res("template.update", {"templateid": b, "templates": [{"templateid": a}]})
    res("host.update", {"hostid": h, "templates": [{"templateid": b}]})
    [pb] = tprotos_of(b)
    [ph] = tprotos_of(h)
    hname = res("host.get", {"output": ["host"], "hostids": h})[0]["host"]
    expect_eq(pb["templateid"], tp, "B's copy points at A's")
    expect_eq(ph["templateid"], pb["triggerid"], "H's copy points one level up")
    expect_eq(ph["expression"], "last(/%s/if.in[{#IF}])>1" % hname, "rewritten to the host")
    expect_eq(ph["discover"], "1", "discover copied")
    hrule = res("discoveryrule.get", {"output": ["key_"], "hostids": h})[0]["itemid"]
    expect_eq(ph["discoveryRule"]["itemid"], hrule, "the copy's rule is the host's")
    expect_error(call("triggerprototype.delete", [ph["triggerid"]]), -32602,
                 "Cannot delete templated trigger prototype \"In high on {#IF}:%s\"." % ph["expression"])
    # unlink keeps the host's copy as its own
    res("host.update", {"hostid": h, "templates": []})
    expect_eq(tprotos_of(h)[0]["templateid"], "0", "unlinked copy kept")
    # clear removes B's copy
    res("template.update", {"templateid": b, "templates_clear": [{"templateid": a}]})
    expect_eq(tprotos_of(b), [], "cleared")
    expect_eq(len(tprotos_of(a)), 1, "A keeps its prototype")
    res("template.delete", [a])
    expect_eq(res("triggerprototype.get", {"triggerids": tp}), [], "deleted with the template")


@T.test
def kinds_stay_apart():
    t, host = mk_template()
    rule, _ = mk_lld(t)
    tp = mk_tproto(host, both=True)
    tr = res("trigger.create", {"description": "plain",
                                "expression": "last(/%s/plain)>1" % host})["triggerids"][0]
    got = res("trigger.get", {"output": ["description"], "hostids": t})
    expect_eq([g["triggerid"] for g in got], [tr], "trigger.get ignores prototypes")
    got = res("discoveryrule.get", {"output": ["key_"], "itemids": rule,
                                    "selectTriggers": "count"})
    expect_eq(got[0]["triggers"], "1", "selectTriggers count")
    got = res("template.get", {"output": ["host"], "templateids": t, "selectTriggers": "count"})
    expect_eq(got[0]["triggers"], "1", "template.get counts triggers only")
    expect_error(call("triggerprototype.update", {"triggerid": tr, "priority": 1}), -32500,
                 NOPERM)
    expect_error(call("trigger.update", {"triggerid": tp, "priority": 1}), -32500, NOPERM)
    expect_error(call("triggerprototype.create", {"description": "r",
                                                  "expression": "last(/%s/if.discovery)>1"
                                                  % host}), -32602,
                 "Incorrect item key \"if.discovery\" provided for trigger expression on "
                 "\"%s\"." % host)


@T.test
def deleted_with_their_items():
    t, host = mk_template()
    rule, proto = mk_lld(t)
    tp = mk_tproto(host)
    got = res("template.get", {"output": [], "templateids": t, "with_triggers": True})
    expect_eq(got, [], "with_triggers does not count prototypes")
    res("itemprototype.delete", [proto])
    expect_eq(res("triggerprototype.get", {"triggerids": tp}), [], "gone with the prototype")
    proto = res("itemprototype.create", {"hostid": t, "ruleid": rule, "name": "in",
                                         "key_": "if.in[{#IF}]", "type": 2,
                                         "value_type": 3})["itemids"][0]
    tp = mk_tproto(host)
    res("discoveryrule.delete", [rule])
    expect_eq(res("triggerprototype.get", {"triggerids": tp}), [], "gone with the rule")


@T.test
def export_and_import():
    t, host = mk_template()
    mk_lld(t)
    one = mk_tproto(host, "one {#IF}", discover=1)
    mk_tproto(host, "two {#IF}", both=True, dependencies=[{"triggerid": one}])
    src = res("configuration.export", {"format": "json", "options": {"templates": [t]}})
    [rule] = json.loads(src)["zabbix_export"]["templates"][0]["discovery_rules"]
    [inner] = rule["item_prototypes"][0]["trigger_prototypes"]
    expect_eq((inner["name"], inner["discover"]), ("one {#IF}", "NO_DISCOVER"), "in the item")
    [outer] = rule["trigger_prototypes"]
    expect_eq(outer["dependencies"], [{"name": "one {#IF}",
                                       "expression": "last(/%s/if.in[{#IF}])>1" % host}],
              "several items: in the rule, with its dependency")
    res("template.delete", [t])
    rules = {"templates": {"createMissing": True}, "items": {"createMissing": True},
             "discoveryRules": {"createMissing": True}, "triggers": {"createMissing": True}}
    expect_eq(res("configuration.import", {"format": "json", "source": src, "rules": rules}),
              True, "import")
    t2 = res("template.get", {"output": [], "filter": {"host": host}})[0]["templateid"]
    again = res("configuration.export", {"format": "json", "options": {"templates": [t2]}})
    a, b = json.loads(src)["zabbix_export"], json.loads(again)["zabbix_export"]
    a.pop("date"), b.pop("date")
    expect_eq(a, b, "the import gives the export back")


if __name__ == "__main__":
    T.main()
