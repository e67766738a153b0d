#!/usr/bin/env python3
# test_triggers.py: triggers (trigger.*) and their inheritance, against the real tmpld.
#
# Exercises:
#   - a three-level chain A -> B -> H: a trigger created on A is copied to B and H (each copy
#     pointing one level up, expression rewritten per host), dependencies mapped to each host's
#     copies, an edit on A reaching H, unlinking A from B (copies kept, B's gets a uuid; H's
#     copy still points to B's), relinking (the unchanged copy adopted), templates_clear
#     (copies gone on B and H), template.delete of A (every copy gone);
#   - item.delete takes the triggers using the item (and their copies); host.delete takes the
#     host's triggers; the dependency on a deleted trigger goes;
#   - a failing trigger.create of two changes nothing; the store keeps triggers across a
#     restart;
#   - template.get triggerids and with_triggers, item.get selectTriggers, trigger.get
#     without expandExpression ({functionid}), filter and search;
#   - host.massadd of two templates to several hosts in one call (the templates' objects
#     loaded once for the call): each host's copies on its own items, dependencies on its
#     own copies; massremove keeps them, massadd adopts them, templateids_clear deletes.
# Usage: test_triggers.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import os
import re
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, ["--log-level", "warn"], name="triggers", login=True, fmt="%s-%d")
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq


def group():
    return S.once("group", lambda: res("hostgroup.create", {"name": "e2e triggers"})["groupids"][0])


def mk(kind, prefix, **extra):
    name = uniq(prefix)
    params = {"host": name, "groups": [{"groupid": group()}]}
    params.update(extra)
    key = "templateids" if kind == "template" else "hostids"
    return res(kind + ".create", params)[key][0], name


def mk_item(hostid, key, value_type=3):
    return res("item.create", {"hostid": hostid, "name": key, "key_": key, "type": 2,
                               "value_type": value_type})["itemids"][0]


def mk_trigger(desc, expr, **extra):
    params = {"description": desc, "expression": expr}
    params.update(extra)
    return res("trigger.create", params)["triggerids"][0]


def triggers_of(hostid, *fields):
    return res("trigger.get", {"hostids": [hostid], "output": ["description"] + list(fields),
                               "expandExpression": True, "sortfield": "description"})


@T.test
def chain_link_edit_unlink_clear_delete():
    a, an = mk("template", "e2e-tr-A")
    b, bn = mk("template", "e2e-tr-B", templates=[{"templateid": a}])
    h, hn = mk("host", "e2e-tr-H", templates=[{"templateid": b}])
    mk_item(a, "k")
    up = mk_trigger("Up", "last(/%s/k)=0" % an)
    ta = mk_trigger("Load", "last(/%s/k)>5" % an, priority=2,
                    dependencies=[{"triggerid": up}], tags=[{"tag": "t"}])
    bt = triggers_of(b, "expression", "templateid")
    expect_eq([t["description"] for t in bt], ["Load", "Up"], "copies on B")
    expect_eq(bt[0]["expression"], "last(/%s/k)>5" % bn, "B's expression")
    expect_eq(bt[0]["templateid"], ta, "B's copy points to A's")
    ht = res("trigger.get", {"hostids": [h], "output": ["templateid", "description"],
                             "expandExpression": True, "sortfield": "description",
                             "selectDependencies": ["description", "templateid"],
                             "selectTags": "extend"})
    expect_eq(ht[0]["templateid"], bt[0]["triggerid"], "H's copy points to B's")
    expect_eq(ht[0]["dependencies"], [{"triggerid": ht[1]["triggerid"], "description": "Up",
                                       "templateid": bt[1]["triggerid"]}], "H's dependency")
    expect_eq(ht[0]["tags"], [{"tag": "t", "value": ""}], "tags copied")
    res("trigger.update", {"triggerid": ta, "priority": 4, "expression": "last(/%s/k)>6" % an})
    got = triggers_of(h, "priority", "expression")
    expect_eq((got[0]["priority"], got[0]["expression"]), ("4", "last(/%s/k)>6" % hn),
              "an edit on A reaches H")
    # unlink A from B: B keeps its copies with a uuid of their own; H's still point to them
    res("template.update", {"templateid": b, "templates": []})
    got = triggers_of(b, "templateid", "uuid")
    expect_eq([g["templateid"] for g in got], ["0", "0"], "B's copies are its own")
    expect_eq(all(re.fullmatch("[0-9a-f]{32}", g["uuid"]) for g in got), True, "fresh uuids")
    expect_eq(triggers_of(h, "templateid")[0]["templateid"], bt[0]["triggerid"], "H unchanged")
    # relink: the unchanged own triggers are adopted
    res("template.update", {"templateid": b, "templates": [{"templateid": a}]})
    got = triggers_of(b, "templateid", "uuid")
    expect_eq([(g["triggerid"], g["templateid"], g["uuid"]) for g in got],
              [(bt[0]["triggerid"], ta, ""), (bt[1]["triggerid"], up, "")], "adopted")
    # templates_clear: gone on B and H; A keeps its own
    res("template.update", {"templateid": b, "templates_clear": [{"templateid": a}]})
    expect_eq(triggers_of(b), [], "cleared on B")
    expect_eq(triggers_of(h), [], "cleared on H")
    expect_eq(len(triggers_of(a)), 2, "A keeps its triggers")
    # linked again, then A deleted: every copy goes
    res("template.update", {"templateid": b, "templates": [{"templateid": a}]})
    expect_eq(len(triggers_of(h)), 2, "copied again")
    res("template.delete", [a])
    expect_eq(triggers_of(b) + triggers_of(h), [], "template.delete takes the copies")


@T.test
def item_and_host_deletion_take_triggers():
    t, tn = mk("template", "e2e-tr-T")
    h, hn = mk("host", "e2e-tr-H", templates=[{"templateid": t}])
    i1, i2 = mk_item(t, "a"), mk_item(t, "b")
    t1 = mk_trigger("On a", "last(/%s/a)>1" % tn)
    t2 = mk_trigger("On b", "last(/%s/b)>1" % tn, dependencies=[{"triggerid": t1}])
    got = res("item.get", {"itemids": [i1], "output": ["key_"], "selectTriggers": ["description"]})
    expect_eq(got[0]["triggers"], [{"triggerid": t1, "description": "On a"}], "selectTriggers")
    res("item.delete", [i1])
    expect_eq([g["description"] for g in triggers_of(t)], ["On b"], "item.delete takes its trigger")
    expect_eq([g["description"] for g in triggers_of(h)], ["On b"], "and the copies")
    got = res("trigger.get", {"triggerids": [t2], "output": ["description"],
                              "selectDependencies": ["description"]})
    expect_eq(got[0]["dependencies"], [], "the dependency on it went")
    hid, hname = mk("host", "e2e-tr-own")
    mk_item(hid, "x")
    own = mk_trigger("Own", "last(/%s/x)>1" % hname)
    res("host.delete", [hid])
    expect_eq(res("trigger.get", {"triggerids": [own], "output": ["description"]}), [],
              "host.delete takes the host's triggers")
    _ = i2


@T.test
def failing_call_changes_nothing_and_restart_keeps():
    t, tn = mk("template", "e2e-tr-F")
    mk_item(t, "a")
    r = call("trigger.create", [{"description": "ok", "expression": "last(/%s/a)>1" % tn},
                                {"description": "bad", "expression": "last(/%s/zz)>1" % tn}])
    expect_error(r, -32602, 'Incorrect item key "zz" provided for trigger expression on "%s".' % tn)
    expect_eq(triggers_of(t), [], "nothing written")
    tid = mk_trigger("kept", "last(/%s/a)>1" % tn)
    srv().restart()
    got = res("trigger.get", {"triggerids": [tid], "output": ["expression"],
                              "selectFunctions": ["name"]})
    expect_eq(re.fullmatch(r"\{\d+\}>1", got[0]["expression"]) is not None, True,
              "the stored expression names its function by id")
    expect_eq(got[0]["functions"], [{"function": "last"}], "after a restart")


@T.test
def host_options_and_filters():
    t1, tn1 = mk("template", "e2e-tr-O")
    t2, _ = mk("template", "e2e-tr-P")
    mk_item(t1, "a")
    tid = mk_trigger("Disk full", "last(/%s/a)>90" % tn1, priority=5)
    got = res("template.get", {"output": ["host"], "templateids": [t1, t2], "with_triggers": True})
    expect_eq([g["templateid"] for g in got], [t1], "with_triggers")
    got = res("template.get", {"output": ["host"], "triggerids": [tid]})
    expect_eq([g["templateid"] for g in got], [t1], "triggerids")
    got = res("trigger.get", {"hostids": [t1], "output": ["description"],
                              "search": {"description": "disk"}, "filter": {"priority": 5}})
    expect_eq([g["triggerid"] for g in got], [tid], "search and filter")
    got = res("trigger.get", {"templateids": [t1], "countOutput": True})
    expect_eq(got, "1", "countOutput")


@T.test
def item_key_rename_keeps_trigger_identity():
    t, tn = mk("template", "e2e-tr-K")
    i = mk_item(t, "old.key")
    mk_trigger("K", "last(/%s/old.key)>1" % tn)
    res("item.update", {"itemid": i, "key_": "new.key"})
    got = triggers_of(t, "expression")
    expect_eq(got[0]["expression"], "last(/%s/new.key)>1" % tn, "the expression follows the key")
    r = call("trigger.create", {"description": "K", "expression": "last(/%s/new.key)>1" % tn})
    expect_error(r, -32602, 'Trigger "K" already exists on "%s".' % tn)
    mk_trigger("K", "last(/%s/new.key)>2" % tn)
    h, _ = mk("host", "e2e-tr-KH", templates=[{"templateid": t}])
    expect_eq(len(triggers_of(h)), 2, "both copied")


@T.test
def massadd_many_hosts_each_gets_its_own_copies():
    t1, tn1 = mk("template", "e2e-tr-M1")
    t2, tn2 = mk("template", "e2e-tr-M2")
    mk_item(t1, "m.a"), mk_item(t1, "m.b"), mk_item(t2, "m.c")
    up = mk_trigger("Up", "last(/%s/m.a)>1 or last(/%s/m.b)>2" % (tn1, tn1))
    mk_trigger("Down", "last(/%s/m.b)>3" % tn1, dependencies=[{"triggerid": up}])
    mk_trigger("Other", "last(/%s/m.c)>4" % tn2)
    hosts = [mk("host", "e2e-tr-MH") for _ in range(3)]
    ids = [h for h, _ in hosts]
    res("host.massadd", {"hosts": [{"hostid": h} for h in ids],
                         "templates": [{"templateid": t1}, {"templateid": t2}]})
    for h, hn in hosts:
        got = res("trigger.get", {"hostids": [h], "output": ["description", "expression"],
                                  "expandExpression": True, "sortfield": "description",
                                  "selectDependencies": ["description"],
                                  "selectHosts": ["hostid"]})
        expect_eq([(g["description"], g["expression"]) for g in got],
                  [("Down", "last(/%s/m.b)>3" % hn), ("Other", "last(/%s/m.c)>4" % hn),
                   ("Up", "last(/%s/m.a)>1 or last(/%s/m.b)>2" % (hn, hn))], "copies on " + hn)
        dep = got[0]["dependencies"]
        expect_eq([d["triggerid"] for d in dep], [got[2]["triggerid"]], "own dependency")
    res("host.massremove", {"hostids": ids, "templateids": [t1]})
    kept = [len(triggers_of(h)) for h in ids]
    expect_eq(kept, [3, 3, 3], "unlinked copies are kept")
    res("host.massadd", {"hosts": [{"hostid": h} for h in ids], "templates": [{"templateid": t1}]})
    got = res("trigger.get", {"hostids": ids, "output": ["description"], "inherited": True,
                              "countOutput": True})
    expect_eq(got, "9", "relinked: every copy adopted again")
    res("host.massremove", {"hostids": ids, "templateids_clear": [t1]})
    expect_eq([[g["description"] for g in triggers_of(h)] for h in ids], [["Other"]] * 3,
              "cleared: only the other template's copies stay")


if __name__ == "__main__":
    T.main()
