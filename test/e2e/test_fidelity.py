#!/usr/bin/env python3
# test_fidelity.py: answers on cases outside the recorded corpus, matched to what Zabbix 6.0's
# PHP does (CApiInputValidator, CTemplate, CHostGeneral, CUserMacro, CItem), against the real
# tmpld.
#
# Exercises:
#   - ids past the 64-bit range: a string of digits is "a number is too large." however long
#     (validateId: ctype_digit, then bccomp with ZBX_DB_MAX_ID); a JSON number past 2^63 is a
#     float to PHP, so "a number is expected.";
#   - template.massupdate with one id in templates_clear and templates_link: refused with
#     Zabbix's path texts, nothing changed;
#   - the circular-linkage path in Zabbix's order: the new parent, the child, down the chain,
#     the parent again;
#   - usermacro.get id filters: templateids gives the macros of the hosts and templates linked
#     to the given templates (a join on hosts_templates), not the templates' own; hostids,
#     groupids and hostmacroids narrow it; globalmacro given (even false) asks for the global
#     macros and the host filters are ignored;
#   - an item on (or moved to) an interface of another host: "Item uses host interface from
#     non-parent host.";
#   - usermacro.get "inherited" (hosts.templateid set: none here) and "templated" (no option
#     of CUserMacro::get: ignored);
#   - params of odd shapes for every method served (the table of fidelity_shapes.py);
#   - host.massremove with an unknown host: "No permissions to referred object or it does not
#     exist!" (massadd and massupdate say "You do not have permission ...").
# Every expected answer here was asked of the reference Zabbix 6.0.14 (127.0.0.1:8080).
# Usage: test_fidelity.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import json
import os
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fidelity_shapes as shapes  # noqa: E402
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, ["--log-level", "warn"], name="fidelity", login=True, fmt="%s-%d")
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq


def group():
    return S.once("group", lambda: res("hostgroup.create", {"name": "e2e fidelity"})["groupids"][0])


def mk_template(name=None, **extra):
    params = {"host": name or uniq("e2e-fid-T"), "groups": [{"groupid": group()}]}
    params.update(extra)
    return res("template.create", params)["templateids"][0]


def mk_host(**extra):
    params = {"host": uniq("e2e-fid-H"), "groups": [{"groupid": group()}]}
    params.update(extra)
    return res("host.create", params)["hostids"][0]


def host_name(hostid):
    return res("template.get", {"templateids": [hostid], "output": ["host"]})[0]["host"]


def parents(hostid):
    got = res("template.get", {"templateids": [hostid], "selectParentTemplates": ["templateid"],
                               "output": ["templateid"]})
    return sorted(p["templateid"] for p in got[0]["parentTemplates"])


@T.test
def ids_past_64_bits_are_too_large():
    t = mk_template()
    for big in ("99999999999999999999", "18446744073709551616", "9223372036854775808",
                "000000000000000000000000099999999999999999999"):
        expect_error(call("template.update", {"templateid": big, "name": "x"}), -32602,
                     'Invalid parameter "/1/templateid": a number is too large.', what=big)
    expect_error(call("template.delete", ["99999999999999999999"]), -32602,
                 'Invalid parameter "/1": a number is too large.', what="template.delete")
    expect_error(call("template.update", {"templateid": t, "templates": [
        {"templateid": "123456789012345678901234567890"}]}), -32602,
        'Invalid parameter "/1/templates/1/templateid": a number is too large.',
        what="a nested id")
    # a JSON number past 2^63 reaches PHP as a float: not an id at all
    r = srv().request(e2e.envelope("template.update", None, auth=S.session()) | {
        "params": {"templateid": 1e20, "name": "x"}})
    expect_error(r, -32602, 'Invalid parameter "/1/templateid": a number is expected.',
                 what="1e20")
    # still a number expected for what is not digits
    expect_error(call("template.update", {"templateid": "12a", "name": "x"}), -32602,
                 'Invalid parameter "/1/templateid": a number is expected.', what="12a")
    # and a leading-zero id in range still works
    res("template.update", {"templateid": "000" + t, "description": "zeros"})


@T.test
def massupdate_refuses_one_template_linked_and_cleared():
    p1, p2 = mk_template(), mk_template()
    t = mk_template(templates=[{"templateid": p1}])
    r = call("template.massupdate", {"templates": [{"templateid": t}],
                                     "templates_link": [{"templateid": p2}, {"templateid": p1}],
                                     "templates_clear": [{"templateid": p1}]})
    expect_error(r, -32602, 'Invalid parameter "/templates_clear/1/templateid": cannot be '
                 'specified the value of parameter "/templates_link/2/templateid".')
    expect_eq(parents(t), [p1], "nothing changed")
    # different ids together work: P2 linked, P1 cleared
    res("template.massupdate", {"templates": [{"templateid": t}],
                                "templates_link": [{"templateid": p2}],
                                "templates_clear": [{"templateid": p1}]})
    expect_eq(parents(t), [p2], "P2 linked, P1 cleared")


@T.test
def circular_linkage_path_in_zabbix_order():
    a = mk_template()
    b = mk_template(templates=[{"templateid": a}])
    c = mk_template(templates=[{"templateid": b}])
    d = mk_template(templates=[{"templateid": c}])
    na, nb, nc, nd = (host_name(x) for x in (a, b, c, d))
    # D becomes A's parent: D -> A -> B -> C -> D
    r = call("template.update", {"templateid": a, "templates": [{"templateid": d}]})
    expect_error(r, -32602, 'Cannot link template "%s" to template "%s", because a circular '
                 'linkage ("%s" -> "%s" -> "%s" -> "%s" -> "%s") would occur.'
                 % (nd, na, nd, na, nb, nc, nd))
    r = call("template.massadd", {"templates": [{"templateid": b}],
                                  "templates_link": [{"templateid": c}]})
    expect_error(r, -32602, 'Cannot link template "%s" to template "%s", because a circular '
                 'linkage ("%s" -> "%s" -> "%s") would occur.' % (nc, nb, nc, nb, nc))
    expect_eq(parents(a), [], "A has no parent")


@T.test
def usermacro_get_id_filters():
    t1, t2 = mk_template(), mk_template()
    h1 = mk_host(templates=[{"templateid": t1}])
    h2 = mk_host(templates=[{"templateid": t2}])
    h3 = mk_host()
    child = mk_template(templates=[{"templateid": t1}])
    m = {}
    for hid, name in ((t1, "T1"), (t2, "T2"), (h1, "H1"), (h2, "H2"), (h3, "H3"),
                      (child, "CHILD")):
        m[name] = res("usermacro.create", {"hostid": hid, "macro": "{$FID_%s}" % name,
                                           "value": name})["hostmacroids"][0]

    def got(params):
        out = res("usermacro.get", dict({"output": ["macro"], "sortfield": "macro"}, **params))
        return [x["macro"] for x in out]

    # templateids: the macros of what is linked to the template, not the template's own
    expect_eq(got({"templateids": [t1]}), ["{$FID_CHILD}", "{$FID_H1}"], "templateids T1")
    expect_eq(got({"templateids": t2}), ["{$FID_H2}"], "templateids T2 (one id)")
    expect_eq(got({"templateids": [t1, t2]}), ["{$FID_CHILD}", "{$FID_H1}", "{$FID_H2}"],
              "templateids T1, T2")
    expect_eq(got({"templateids": [h3]}), [], "templateids of a host with nothing linked")
    # hostids and templateids narrow each other
    expect_eq(got({"templateids": [t1], "hostids": [h1, h2]}), ["{$FID_H1}"],
              "templateids and hostids")
    expect_eq(got({"templateids": [t1], "hostids": [t1]}), [], "a template's own id")
    expect_eq(got({"hostids": [t1, h3]}), ["{$FID_H3}", "{$FID_T1}"], "hostids")
    expect_eq(got({"hostids": []}), [], "hostids []")
    expect_eq(got({"templateids": [t1], "hostmacroids": [m["H1"], m["H2"]]}), ["{$FID_H1}"],
              "templateids and hostmacroids")
    expect_eq(got({"templateids": [t1], "groupids": [group()]}),
              ["{$FID_CHILD}", "{$FID_H1}"], "templateids and groupids")
    other = res("hostgroup.create", {"name": uniq("e2e fid other")})["groupids"][0]
    expect_eq(got({"templateids": [t1], "groupids": [other]}), [], "a group with none of them")
    # globalmacro given, even false, asks for the global macros; host filters are ignored
    g = res("usermacro.createglobal", {"macro": "{$FID_GLOBAL}", "value": "g"})["globalmacroids"][0]
    for flag in (True, False, 0, "x"):
        out = res("usermacro.get", {"output": ["globalmacroid", "macro"], "globalmacro": flag,
                                    "hostids": [h1], "search": {"macro": "FID_"}})
        expect_eq(out, [{"globalmacroid": g, "macro": "{$FID_GLOBAL}"}], "globalmacro %r" % flag)
    expect_eq(got({"globalmacro": None, "hostids": [h1]}), ["{$FID_H1}"], "globalmacro null")
    # inherited: only macros of hosts made from host prototypes (none here) for true, all for
    # false; "templated" is no usermacro.get option: ignored (the reference's answers)
    expect_eq(got({"hostids": [h1], "inherited": True}), [], "inherited true")
    expect_eq(got({"hostids": [h1, t1], "inherited": False}), ["{$FID_H1}", "{$FID_T1}"],
              "inherited false")
    expect_eq(got({"hostids": [h1], "inherited": "0"}), ["{$FID_H1}"], "inherited '0'")
    expect_eq(got({"hostids": [h1], "templated": True}), ["{$FID_H1}"], "templated true")
    expect_eq(got({"templateids": [t1], "templated": False}), ["{$FID_CHILD}", "{$FID_H1}"],
              "templated false")


def shape_answer(method, params):
    r = srv().request(e2e.envelope(method, params, auth=S.session()))
    if isinstance(r, dict) and "result" in r:
        return ("list",) if method.endswith(".get") and isinstance(r["result"], list) else \
            ("ok", r["result"])
    if isinstance(r, dict) and isinstance(r.get("error"), dict):
        return ("err", r["error"].get("code"), r["error"].get("data"))
    return ("?", r)


@T.test
def params_shapes_answered_as_the_reference():
    # the table of fidelity_shapes.py: every method given odd params, answered as the
    # reference Zabbix 6.0.14 answered (nothing is created by any of these)
    bad = []
    methods = sorted({m for m, _, _ in shapes.SHAPES})
    rows = list(shapes.SHAPES) + list(shapes.HOST_MASSADD_CHOSEN) + list(shapes.ITEM_SHAPES)
    rows += [(m, p, shapes.NOT_PARAMS_ERROR) for m in methods for p in shapes.NOT_PARAMS]
    for method, params, want in rows:
        got = shape_answer(method, params)
        if got != want:
            bad.append("%s %s: want %r, got %r" % (method, json.dumps(params), want, got))
    if bad:
        raise AssertionError("%d of %d shapes answered otherwise:\n  %s"
                             % (len(bad), len(rows), "\n  ".join(bad)))
    print("  %d shapes checked" % len(rows), flush=True)


@T.test
def id_list_given_an_object_takes_its_values():
    # an id list given an object: its values in order (array_values)
    t = mk_template()
    expect_error(call("template.delete", {"a": "99999999"}), -32500,
                 "No permissions to referred object or it does not exist!", what="unknown")
    expect_error(call("template.delete", {"a": t, "b": t}), -32602,
                 'Invalid parameter "/2": value (%s) already exists.' % t, what="duplicate")
    expect_eq(res("template.delete", {"a": t}), {"templateids": [t]}, "delete {a: id}")


@T.test
def host_mass_unknown_host_texts():
    h = mk_host()
    expect_error(call("host.massremove", {"hostids": ["99999999"], "groupids": [group()]}),
                 -32500, "No permissions to referred object or it does not exist!",
                 what="massremove")
    expect_error(call("host.massremove", {"hostids": [h, "abc"]}), -32500,
                 "No permissions to referred object or it does not exist!", what="not an id")
    expect_error(call("host.massadd", {"hosts": [{"hostid": "99999999"}],
                                       "groups": [{"groupid": group()}]}), -32500,
                 "You do not have permission to perform this operation.", what="massadd")


@T.test
def item_on_another_hosts_interface_is_refused():
    iface = {"type": 1, "main": 1, "useip": 1, "ip": "127.0.0.1", "dns": "", "port": "10050"}
    h1, h2 = mk_host(interfaces=[iface]), mk_host(interfaces=[iface])
    i1 = res("hostinterface.get", {"hostids": [h1], "output": ["interfaceid"]})[0]["interfaceid"]
    i2 = res("hostinterface.get", {"hostids": [h2], "output": ["interfaceid"]})[0]["interfaceid"]
    r = call("item.create", {"hostid": h2, "name": "x", "key_": "agent.ping", "type": 0,
                             "value_type": 3, "delay": "1m", "interfaceid": i1})
    expect_error(r, -32602, "Item uses host interface from non-parent host.", what="create")
    item = res("item.create", {"hostid": h2, "name": "x", "key_": "agent.ping", "type": 0,
                               "value_type": 3, "delay": "1m", "interfaceid": i2})["itemids"][0]
    r = call("item.update", {"itemid": item, "interfaceid": i1})
    expect_error(r, -32602, "Item uses host interface from non-parent host.", what="update")
    got = res("item.get", {"itemids": [item], "output": ["interfaceid"]})[0]["interfaceid"]
    expect_eq(got, i2, "the item keeps its interface")


if __name__ == "__main__":
    sys.exit(T.main())
