#!/usr/bin/env python3
# test_trigger_link_deps.py: trigger dependencies across templates, and triggers on the items
# of two templates, through link / unlink / clear / delete, against the real tmpld.
#
# Exercises (the answers are those of Zabbix 6.0.14 for the same calls):
#   - template D's trigger "down" depends on template U's "up": linking D alone to a host is
#     refused ('Trigger in template "D" has dependency with trigger in template "U".'), to a
#     template too ('Cannot link template "D" without template "U" to template "X" due to
#     dependency of trigger "down".', by template.update and template.massadd); D with U in
#     one call is linked, and the host's "down" depends on the host's own "up" (whatever the
#     order of the templates in the call);
#   - linking D to U itself, or U to D, is refused ('Cannot link template ... to template ...
#     due to dependency of trigger "down".');
#   - template.delete of U while a host has D and U is refused ('Cannot unlink template "U"
#     from host "H" due to dependency of trigger "down".'); clearing U from a template whose
#     "down" depends on its "up" is refused the same way; a host's clear of U is allowed, and
#     unlinking D keeps "down" as the host's own;
#   - a trigger of M on items of M and U: linking M alone is refused ('Trigger has items from
#     template "U" that is not linked to host.'); unlinking U alone from a host with M and U is
#     refused ('Cannot unlink trigger "mixed", it has items from template that is left linked
#     to host.'), both at once is allowed; template.delete of U while a host keeps M is refused
#     ('Cannot unlink template "U" without template "M" from host "H" due to expression of
#     trigger "mixed".'); deleting both is allowed and takes the host's copy.
# Usage: test_trigger_link_deps.py [BIN]   (BIN defaults to $TMPLD_BIN, else build/tmpld)

import os
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, ["--log-level", "warn"], name="trigger_link_deps", login=True, fmt="%s-%d")
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq


def group():
    return S.once("group", lambda: res("hostgroup.create", {"name": "e2e tdeps"})["groupids"][0])


def mk_template(prefix, parents=()):
    name = uniq(prefix)
    tid = res("template.create", {"host": name, "groups": [{"groupid": group()}],
                                  "templates": [{"templateid": p} for p in parents]})
    return tid["templateids"][0], name


def mk_host(prefix, parents=()):
    name = uniq(prefix)
    hid = res("host.create", {"host": name, "groups": [{"groupid": group()}],
                              "templates": [{"templateid": p} for p in parents]})
    return hid["hostids"][0], name


def item(hostid, key):
    res("item.create", {"hostid": hostid, "name": key, "key_": key, "type": 2, "value_type": 3})


def up_down():
    """U with "up", D with "down" depending on it."""
    u, uname = mk_template("e2e-tdeps-U")
    d, dname = mk_template("e2e-tdeps-D")
    item(u, "ku")
    item(d, "kd")
    up = res("trigger.create", {"description": "up", "expression": "last(/%s/ku)>0" % uname})
    res("trigger.create", {"description": "down", "expression": "last(/%s/kd)>0" % dname,
                           "dependencies": [{"triggerid": up["triggerids"][0]}]})
    return u, uname, d, dname


def triggers_of(hostid):
    got = res("trigger.get", {"hostids": [hostid], "output": ["description", "templateid"],
                              "selectDependencies": ["triggerid"], "selectHosts": ["hostid"]})
    out = {}
    for t in got:
        deps = res("trigger.get", {"triggerids": [d["triggerid"] for d in t["dependencies"]],
                                   "output": ["description"], "selectHosts": ["hostid"]}) \
            if t["dependencies"] else []
        out[t["description"]] = (t["templateid"] != "0",
                                 [(d["description"], [h["hostid"] for h in d["hosts"]])
                                  for d in deps])
    return out


@T.test
def a_dependency_across_templates_through_link_unlink_clear_delete():
    u, uname, d, dname = up_down()
    h, hname = mk_host("e2e-tdeps-H")
    want = 'Trigger in template "%s" has dependency with trigger in template "%s".' % (dname, uname)
    expect_error(call("host.update", {"hostid": h, "templates": [{"templateid": d}]}), -32602, want)
    expect_error(call("host.massadd", {"hosts": [{"hostid": h}], "templates": [{"templateid": d}]}),
                 -32602, want)
    expect_error(call("host.create", {"host": uniq("e2e-tdeps-H"), "groups": [{"groupid": group()}],
                                      "templates": [{"templateid": d}]}), -32602, want)
    # D before U in the call: the host's "down" depends on the host's own "up"
    res("host.update", {"hostid": h, "templates": [{"templateid": d}, {"templateid": u}]})
    expect_eq(triggers_of(h), {"up": (True, []), "down": (True, [("up", [h])])}, "H's triggers")
    # the template cannot go while the host's "down" depends on its "up"
    expect_error(call("template.delete", [u]), -32602, 'Cannot unlink template "%s" from host '
                 '"%s" due to dependency of trigger "down".' % (uname, hname))
    # unlinking D keeps "down" as the host's own; a host's clear of U is not refused
    res("host.massremove", {"hostids": [h], "templateids": [d]})
    expect_eq(triggers_of(h)["down"], (False, [("up", [h])]), "down kept as H's own")
    res("host.update", {"hostid": h, "templates_clear": [{"templateid": u}]})
    expect_eq(triggers_of(h), {"down": (False, [])}, "the clear took up and the dependency")


@T.test
def a_template_target_needs_the_template_of_the_dependency():
    u, uname, d, dname = up_down()
    x, xname = mk_template("e2e-tdeps-X")
    want = ('Cannot link template "%s" without template "%s" to template "%s" due to dependency '
            'of trigger "down".' % (dname, uname, xname))
    expect_error(call("template.update", {"templateid": x, "templates": [{"templateid": d}]}),
                 -32602, want)
    expect_error(call("template.massadd", {"templates": [{"templateid": x}],
                                           "templates_link": [{"templateid": d}]}), -32602, want)
    expect_error(call("template.update", {"templateid": u, "templates": [{"templateid": d}]}),
                 -32602, 'Cannot link template "%s" to template "%s" due to dependency of '
                 'trigger "down".' % (dname, uname))
    expect_error(call("template.update", {"templateid": d, "templates": [{"templateid": u}]}),
                 -32602, 'Cannot link template "%s" to template "%s" due to dependency of '
                 'trigger "down".' % (uname, dname))
    res("template.update", {"templateid": x, "templates": [{"templateid": d}, {"templateid": u}]})
    expect_eq(triggers_of(x), {"up": (True, []), "down": (True, [("up", [x])])}, "X's triggers")
    # a host below X: three levels, the dependency on the host's own copy
    h, _ = mk_host("e2e-tdeps-XH", [x])
    expect_eq(triggers_of(h), {"up": (True, []), "down": (True, [("up", [h])])}, "H below X")
    expect_error(call("template.update", {"templateid": x, "templates_clear": [{"templateid": u}]}),
                 -32602, 'Cannot unlink template "%s" from template "%s" due to dependency of '
                 'trigger "down".' % (uname, xname))
    expect_eq(triggers_of(h)["down"], (True, [("up", [h])]), "H unchanged by the refusal")


@T.test
def a_trigger_on_two_templates():
    m, mname = mk_template("e2e-tdeps-M")
    u, uname = mk_template("e2e-tdeps-MU")
    item(m, "km")
    item(u, "ku")
    res("trigger.create", {"description": "mixed",
                           "expression": "last(/%s/km)>0 and last(/%s/ku)>0" % (mname, uname)})
    h, hname = mk_host("e2e-tdeps-MH")
    expect_error(call("host.update", {"hostid": h, "templates": [{"templateid": m}]}), -32602,
                 'Trigger has items from template "%s" that is not linked to host.' % uname)
    res("host.update", {"hostid": h, "templates": [{"templateid": m}, {"templateid": u}]})
    expect_eq(list(triggers_of(h)), ["mixed"], "H has the trigger")
    left = 'Cannot unlink trigger "mixed", it has items from template that is left linked to host.'
    expect_error(call("host.update", {"hostid": h, "templates": [{"templateid": m}]}), -32602, left)
    expect_error(call("host.massremove", {"hostids": [h], "templateids": [u]}), -32602, left)
    expect_error(call("host.update", {"hostid": h, "templates_clear": [{"templateid": u}]}),
                 -32602, left)
    expect_error(call("template.delete", [u]), -32602, 'Cannot unlink template "%s" without '
                 'template "%s" from host "%s" due to expression of trigger "mixed".'
                 % (uname, mname, hname))
    h2, _ = mk_host("e2e-tdeps-MH", [m, u])
    res("host.massremove", {"hostids": [h2], "templateids": [u, m]})
    expect_eq(triggers_of(h2), {"mixed": (False, [])}, "both unlinked: the trigger is H2's own")
    res("template.delete", [u, m])
    expect_eq(triggers_of(h), {}, "deleting both took H's copy")


if __name__ == "__main__":
    sys.exit(T.main())
