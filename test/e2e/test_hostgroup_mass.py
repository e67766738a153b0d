#!/usr/bin/env python3
# test_hostgroup_mass.py: hostgroup.massadd, hostgroup.massupdate and hostgroup.massremove
# against the real tmpld.
#
# Exercises (memberships checked with hostgroup.get selectHosts/selectTemplates):
#   - massadd: hosts and templates put into several groups at once, members already there
#     left alone, a bare object taken as a list, the answer lists the groupids as sent;
#   - massadd errors, each changing nothing: {} ("/": the parameter "groups" is missing, as
#     Zabbix 6.0.14 answers), no groups, no hosts and no templates ("At least one host or
#     template must be specified."), hosts: [], unknown group, a template id among hosts and
#     a host id among templates ("No permissions...");
#   - massupdate: hosts and templates are required; the groups get exactly those members
#     (others of the same sort are taken out); a host or template left without any group is
#     refused ("Host/Template ... cannot be without host group.") and nothing changes;
#   - massremove: groupids with hostids and/or templateids, the last group of a host or a
#     template refused, repeated ids refused, bare ids accepted;
#   - all-or-nothing: a massadd whose last template is unknown adds none of the hosts.
# Usage: test_hostgroup_mass.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import os
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
NO_PERMISSIONS = "No permissions to referred object or it does not exist!"
AT_LEAST_ONE = "At least one host or template must be specified."

S = e2e.Shared(T, ["--log-level", "warn"], login=True)
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq


def mk_group():
    return res("hostgroup.create", {"name": uniq("hgm group")})["groupids"][0]


def mk_template(group):
    return res("template.create", {"host": uniq("hgm T"),
                                   "groups": [{"groupid": group}]})["templateids"][0]


def mk_host(group):
    return res("host.create", {"host": uniq("hgm-H").replace(" ", "-"),
                               "groups": [{"groupid": group}]})["hostids"][0]


def members(*groups):
    """{groupid: (sorted hostids, sorted templateids)}"""
    got = res("hostgroup.get", {"groupids": list(groups), "output": ["groupid"],
                                "selectHosts": ["hostid"], "selectTemplates": ["templateid"]})
    return {g["groupid"]: (sorted(h["hostid"] for h in g["hosts"]),
                           sorted(t["templateid"] for t in g["templates"])) for g in got}


@T.test
def massadd_adds_hosts_and_templates():
    g1, g2, g3 = mk_group(), mk_group(), mk_group()
    t = mk_template(g1)
    h1, h2 = mk_host(g1), mk_host(g1)
    r = res("hostgroup.massadd", {"groups": [{"groupid": g2}, {"groupid": g3}],
                                  "hosts": [{"hostid": h1}, {"hostid": h2}],
                                  "templates": {"templateid": t}})
    expect_eq(r, {"groupids": [g2, g3]}, "massadd answer")
    want = (sorted([h1, h2]), [t])
    expect_eq(members(g1, g2, g3), {g1: want, g2: want, g3: want}, "members after massadd")
    r = res("hostgroup.massadd", {"groups": {"groupid": g2}, "hosts": [{"hostid": h1}]})
    expect_eq(r, {"groupids": [g2]}, "massadd of a member already there")
    expect_eq(members(g2), {g2: want}, "members unchanged")


@T.test
def massadd_errors_change_nothing():
    g1, g2 = mk_group(), mk_group()
    t = mk_template(g1)
    h = mk_host(g1)
    before = members(g1, g2)
    cases = [
        ({}, -32602, 'Invalid parameter "/": the parameter "groups" is missing.'),
        ({"hosts": [{"hostid": h}]}, -32602,
         'Invalid parameter "/": the parameter "groups" is missing.'),
        ({"groups": []}, -32602, 'Invalid parameter "/groups": cannot be empty.'),
        ({"groups": [{"groupid": g2}]}, -32602, AT_LEAST_ONE),
        ({"groups": [{"groupid": g2}], "hosts": []}, -32602,
         'Invalid parameter "/hosts": cannot be empty.'),
        ({"groups": [{"groupid": g2}, {"groupid": g2}], "hosts": [{"hostid": h}]}, -32602,
         'Invalid parameter "/groups/2": value (groupid)=(%s) already exists.' % g2),
        ({"groups": [{"groupid": "999999"}], "hosts": [{"hostid": h}]}, -32500, NO_PERMISSIONS),
        ({"groups": [{"groupid": g2}], "hosts": [{"hostid": t}]}, -32500, NO_PERMISSIONS),
        ({"groups": [{"groupid": g2}], "templates": [{"templateid": h}]}, -32500,
         NO_PERMISSIONS),
        ({"groups": [{"groupid": g2}], "hosts": [{"hostid": h}],
          "templates": [{"templateid": "999999"}]}, -32500, NO_PERMISSIONS),
        ({"groups": [{"groupid": g2}], "hosts": [{"hostid": h}], "nope": 1}, -32602,
         'Invalid parameter "/": unexpected parameter "nope".'),
    ]
    for params, code, text in cases:
        expect_error(call("hostgroup.massadd", params), code, text, what=str(params))
    expect_eq(members(g1, g2), before, "members unchanged")


@T.test
def massupdate_replaces_members():
    g1, g2, g3 = mk_group(), mk_group(), mk_group()
    t1, t2 = mk_template(g1), mk_template(g1)
    h1, h2 = mk_host(g1), mk_host(g1)
    res("hostgroup.massadd", {"groups": [{"groupid": g2}], "hosts": [{"hostid": h1}],
                              "templates": [{"templateid": t1}]})
    r = res("hostgroup.massupdate", {"groups": [{"groupid": g2}, {"groupid": g3}],
                                     "hosts": [{"hostid": h2}], "templates": [{"templateid": t2}]})
    expect_eq(r, {"groupids": [g2, g3]}, "massupdate answer")
    expect_eq(members(g2, g3), {g2: ([h2], [t2]), g3: ([h2], [t2])}, "members replaced")
    for params, code in [({"groups": [{"groupid": g2}], "hosts": []}, "templates"),
                         ({"groups": [{"groupid": g2}], "templates": []}, "hosts")]:
        expect_error(call("hostgroup.massupdate", params), -32602,
                     'Invalid parameter "/": the parameter "%s" is missing.' % code)


@T.test
def massupdate_refuses_to_orphan():
    g1, g2 = mk_group(), mk_group()
    t = mk_template(g1)
    h = mk_host(g1)
    host = res("host.get", {"hostids": h, "output": ["host"]})[0]["host"]
    tpl = res("template.get", {"templateids": t, "output": ["host"]})[0]["host"]
    before = members(g1, g2)
    expect_error(call("hostgroup.massupdate", {"groups": [{"groupid": g1}], "hosts": [],
                                               "templates": [{"templateid": t}]}),
                 -32602, 'Host "%s" cannot be without host group.' % host)
    expect_error(call("hostgroup.massupdate", {"groups": [{"groupid": g1}],
                                               "hosts": [{"hostid": h}], "templates": []}),
                 -32602, 'Template "%s" cannot be without host group.' % tpl)
    expect_error(call("hostgroup.massupdate", {"groups": [{"groupid": g2}],
                                               "hosts": [{"hostid": "999999"}], "templates": []}),
                 -32500, NO_PERMISSIONS)
    expect_eq(members(g1, g2), before, "members unchanged")
    # with another group the host may leave g1
    res("hostgroup.massadd", {"groups": [{"groupid": g2}], "hosts": [{"hostid": h}]})
    res("hostgroup.massupdate", {"groups": [{"groupid": g1}], "hosts": [],
                                 "templates": [{"templateid": t}]})
    expect_eq(members(g1, g2), {g1: ([], [t]), g2: ([h], [])}, "host moved to g2")


@T.test
def massremove_removes_and_keeps_one_group():
    g1, g2, g3 = mk_group(), mk_group(), mk_group()
    t = mk_template(g1)
    h = mk_host(g1)
    host = res("host.get", {"hostids": h, "output": ["host"]})[0]["host"]
    tpl = res("template.get", {"templateids": t, "output": ["host"]})[0]["host"]
    res("hostgroup.massadd", {"groups": [{"groupid": g2}, {"groupid": g3}],
                              "hosts": [{"hostid": h}], "templates": [{"templateid": t}]})
    r = res("hostgroup.massremove", {"groupids": [g2, g3], "hostids": [h], "templateids": t})
    expect_eq(r, {"groupids": [g2, g3]}, "massremove answer")
    expect_eq(members(g1, g2, g3), {g1: ([h], [t]), g2: ([], []), g3: ([], [])},
              "members after massremove")
    cases = [
        ({"groupids": [g1]}, -32602, AT_LEAST_ONE),
        ({"hostids": [h]}, -32602, 'Invalid parameter "/": the parameter "groupids" is missing.'),
        ({"groupids": [], "hostids": [h]}, -32602,
         'Invalid parameter "/groupids": cannot be empty.'),
        ({"groupids": [g1, g1], "hostids": [h]}, -32602,
         'Invalid parameter "/groupids/2": value (%s) already exists.' % g1),
        ({"groupids": [g1], "hostids": [h]}, -32602,
         'Host "%s" cannot be without host group.' % host),
        ({"groupids": [g1], "templateids": [t]}, -32602,
         'Template "%s" cannot be without host group.' % tpl),
        ({"groupids": ["999999"], "hostids": [h]}, -32500, NO_PERMISSIONS),
        ({"groupids": [g1], "hostids": [t]}, -32500, NO_PERMISSIONS),
    ]
    for params, code, text in cases:
        expect_error(call("hostgroup.massremove", params), code, text, what=str(params))
    expect_eq(members(g1), {g1: ([h], [t])}, "members unchanged")
    r = res("hostgroup.massremove", {"groupids": g2, "hostids": h})
    expect_eq(r, {"groupids": [g2]}, "massremove of a host not in the group, bare ids")


if __name__ == "__main__":
    sys.exit(T.main())
