#!/usr/bin/env python3
# test_host_mass.py: host.massadd, host.massupdate and host.massremove against the real tmpld.
#
# Exercises (states checked with host.get: selectGroups, selectParentTemplates, selectMacros):
#   - massadd: groups, macros and templates added to several hosts at once; a group or template
#     the host already has is a no-op; the answer lists the hostids as sent;
#   - massadd errors, each leaving every host unchanged: unknown host and a template id as host
#     (-32500 "You do not have permission to perform this operation."), unknown group or
#     template (-32500 "No permissions..."), an existing macro (the host's visible name, and
#     the first host's macros were not added either), hosts: [] with groups;
#   - massupdate: groups replaced, macros replaced (a macro kept by name keeps its hostmacroid,
#     the others are deleted), templates replaced, templates_clear, status and description on
#     two hosts; host and name only on one host ("Cannot mass update ..." otherwise); groups: []
#     is "Host ... cannot be without host group."; an unknown host is -32500;
#   - massremove: groups (not the last one: "Host ... cannot be without host group."), macros by
#     name (unknown names ignored), templateids and templateids_clear (templates not linked are
#     ignored), an unknown groupid is -32500 "No permissions...";
#   - all-or-nothing: a massadd whose last host fails changes none of the hosts.
# Usage: test_host_mass.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import os
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
NO_PERMISSIONS = "No permissions to referred object or it does not exist!"
NO_PERMISSION = "You do not have permission to perform this operation."

S = e2e.Shared(T, ["--log-level", "warn"], login=True)
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq


def mk_group():
    return res("hostgroup.create", {"name": uniq("hm group")})["groupids"][0]


def mk_template(group):
    return res("template.create", {"host": uniq("hm T"),
                                   "groups": [{"groupid": group}]})["templateids"][0]


def mk_host(group, **extra):
    params = {"host": uniq("hm-H").replace(" ", "-"), "groups": [{"groupid": group}]}
    params.update(extra)
    return res("host.create", params)["hostids"][0]


def state(hostid):
    """What the mass methods can change on a host, in comparable form."""
    got = res("host.get", {"hostids": [hostid], "output": ["host", "name", "status",
                                                            "description"],
                           "selectGroups": ["groupid"], "selectParentTemplates": ["templateid"],
                           "selectMacros": ["hostmacroid", "macro", "value"]})
    expect_eq(len(got), 1, "host.get %s count" % hostid)
    h = got[0]
    return {
        "host": h["host"], "name": h["name"], "status": h["status"],
        "description": h["description"],
        "groups": sorted(g["groupid"] for g in h["groups"]),
        "parents": sorted(p["templateid"] for p in h["parentTemplates"]),
        "macros": sorted((m["macro"], m["value"]) for m in h["macros"]),
        "macroids": {m["macro"]: m["hostmacroid"] for m in h["macros"]},
    }


@T.test
def massadd_adds_to_every_host():
    g1, g2 = mk_group(), mk_group()
    t = mk_template(g1)
    h1 = mk_host(g1, macros=[{"macro": "{$M}", "value": "1"}])
    h2 = mk_host(g1)
    r = res("host.massadd", {"hosts": [{"hostid": h1}, {"hostid": h2}],
                             "groups": [{"groupid": g2}], "templates": [{"templateid": t}],
                             "macros": [{"macro": "{$N}", "value": "n"}]})
    expect_eq(r, {"hostids": [h1, h2]}, "massadd answer")
    s1, s2 = state(h1), state(h2)
    expect_eq(s1["groups"], sorted([g1, g2]), "H1 groups")
    expect_eq(s2["groups"], sorted([g1, g2]), "H2 groups")
    expect_eq(s1["parents"], [t], "H1 parents")
    expect_eq(s2["parents"], [t], "H2 parents")
    expect_eq(s1["macros"], [("{$M}", "1"), ("{$N}", "n")], "H1 macros")
    expect_eq(s2["macros"], [("{$N}", "n")], "H2 macros")
    # again with the same group and template, a bare host object: no change
    r = res("host.massadd", {"hosts": {"hostid": h2}, "groups": [{"groupid": g2}],
                             "templates": [{"templateid": t}]})
    expect_eq(r, {"hostids": [h2]}, "massadd again")
    expect_eq(state(h2), s2, "H2 after a no-op massadd")


@T.test
def massadd_errors_change_nothing():
    g1 = mk_group()
    t = mk_template(g1)
    h1 = mk_host(g1, name=uniq("visible"))
    h2 = mk_host(g1, macros=[{"macro": "{$DUP}", "value": "x"}])
    before = (state(h1), state(h2))
    name2 = res("host.get", {"hostids": [h2], "output": ["name"]})[0]["name"]
    cases = [
        ({"hosts": [{"hostid": "999999999"}], "groups": [{"groupid": g1}]}, -32500,
         NO_PERMISSION),
        ({"hosts": [{"hostid": h1}, {"hostid": t}], "groups": [{"groupid": g1}]}, -32500,
         NO_PERMISSION),
        ({"hosts": [{"hostid": h1}], "groups": [{"groupid": "999999999"}]}, -32500,
         NO_PERMISSIONS),
        ({"hosts": [{"hostid": h1}], "templates": [{"templateid": h2}]}, -32500,
         NO_PERMISSIONS),
        ({"hosts": [{"hostid": h1}, {"hostid": h2}], "groups": [{"groupid": g1}],
          "macros": [{"macro": "{$DUP}", "value": "y"}]}, -32602,
         'Macro "{$DUP}" already exists on "%s".' % name2),
        ({"hosts": [], "groups": [{"groupid": g1}]}, -32602,
         "At least one host or template must be specified."),
    ]
    for params, code, text in cases:
        expect_error(call("host.massadd", params), code, text, what=str(params))
    expect_eq((state(h1), state(h2)), before, "hosts after failed massadds")


@T.test
def massupdate_replaces():
    g1, g2, g3 = mk_group(), mk_group(), mk_group()
    ta, tb, tc = mk_template(g1), mk_template(g1), mk_template(g1)
    h1 = mk_host(g1, templates=[{"templateid": ta}, {"templateid": tb}],
                 macros=[{"macro": "{$KEEP}", "value": "old"}, {"macro": "{$GONE}", "value": "g"}])
    h2 = mk_host(g1, templates=[{"templateid": ta}])
    keep_id = state(h1)["macroids"]["{$KEEP}"]
    r = res("host.massupdate", {"hosts": [{"hostid": h1}, {"hostid": h2}],
                                "groups": [{"groupid": g2}, {"groupid": g3}],
                                "templates": [{"templateid": tc}],
                                "templates_clear": [{"templateid": tb}],
                                "macros": [{"macro": "{$KEEP}", "value": "new"},
                                           {"macro": "{$ADDED}", "value": "a"}],
                                "status": 1, "description": "mass"})
    expect_eq(r, {"hostids": [h1, h2]}, "massupdate answer")
    for h in (h1, h2):
        s = state(h)
        expect_eq(s["groups"], sorted([g2, g3]), "groups of %s" % h)
        expect_eq(s["parents"], [tc], "parents of %s" % h)
        expect_eq(s["macros"], [("{$ADDED}", "a"), ("{$KEEP}", "new")], "macros of %s" % h)
        expect_eq((s["status"], s["description"]), ("1", "mass"), "fields of %s" % h)
    expect_eq(state(h1)["macroids"]["{$KEEP}"], keep_id, "a macro kept by name keeps its id")


@T.test
def massupdate_names_and_errors():
    g1 = mk_group()
    h1, h2 = mk_host(g1), mk_host(g1)
    before = (state(h1), state(h2))
    both = [{"hostid": h1}, {"hostid": h2}]
    cases = [
        ({"hosts": both, "host": "x"}, -32602, "Cannot mass update host name."),
        ({"hosts": both, "name": "x"}, -32602, "Cannot mass update visible host name."),
        ({"hosts": both, "groups": []}, -32602,
         'Host "%s" cannot be without host group.' % before[0]["host"]),
        ({"hosts": [{"hostid": "999999999"}], "status": 1}, -32500, NO_PERMISSION),
        ({"hosts": both, "groups": [{"groupid": "999999999"}]}, -32500, NO_PERMISSIONS),
        ({"hosts": [{"hostid": h1}], "host": before[1]["host"]}, -32602,
         'Host with the same name "%s" already exists.' % before[1]["host"]),
        ({"hosts": both, "status": 7}, -32602,
         'Incorrect status for host "%s".' % before[0]["host"]),
    ]
    for params, code, text in cases:
        expect_error(call("host.massupdate", params), code, text, what=str(params))
    expect_eq((state(h1), state(h2)), before, "hosts after failed massupdates")
    res("host.massupdate", {"hosts": [{"hostid": h1}], "host": "hm-renamed-%d" % S.n,
                            "name": "hm renamed visible %d" % S.n})
    s = state(h1)
    expect_eq((s["host"], s["name"]), ("hm-renamed-%d" % S.n,
                                       "hm renamed visible %d" % S.n), "renamed")


@T.test
def massremove_removes():
    g1, g2 = mk_group(), mk_group()
    ta, tb = mk_template(g1), mk_template(g1)
    h1 = mk_host(g1, templates=[{"templateid": ta}, {"templateid": tb}],
                 macros=[{"macro": "{$A}", "value": "a"}, {"macro": "{$B}", "value": "b"}])
    res("host.massadd", {"hosts": [{"hostid": h1}], "groups": [{"groupid": g2}]})
    h2 = mk_host(g1)
    before = (state(h1), state(h2))
    expect_error(call("host.massremove", {"hostids": [h1, h2], "groupids": [g1]}), -32602,
                 'Host "%s" cannot be without host group.' % before[1]["host"])
    expect_error(call("host.massremove", {"hostids": [h1], "groupids": ["999999999"]}),
                 -32500, NO_PERMISSIONS)
    # massremove checks its hosts with the other text (Zabbix 6.0.14's answer)
    expect_error(call("host.massremove", {"hostids": ["999999999"], "macros": ["{$A}"]}),
                 -32500, NO_PERMISSIONS)
    expect_eq((state(h1), state(h2)), before, "hosts after failed massremoves")
    r = res("host.massremove", {"hostids": [h1, h2], "groupids": [g2],
                                "macros": ["{$A}", "{$NOPE}"], "templateids": [ta],
                                "templateids_clear": [tb]})
    expect_eq(r, {"hostids": [h1, h2]}, "massremove answer")
    s = state(h1)
    expect_eq(s["groups"], [g1], "H1 groups")
    expect_eq(s["parents"], [], "H1 parents")
    expect_eq(s["macros"], [("{$B}", "b")], "H1 macros")
    expect_eq(state(h2), before[1], "H2 unchanged")
    r = res("host.massremove", {"hostids": h2, "templateids": [ta]})
    expect_eq(r, {"hostids": [h2]}, "massremove with a bare id and an unlinked template")


if __name__ == "__main__":
    sys.exit(T.main())
