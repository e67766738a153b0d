#!/usr/bin/env python3
# test_usermacros.py: usermacro.create/update/delete (macros of hosts and templates) and
# usermacro.createglobal/updateglobal/deleteglobal, against the real tmpld.
#
# Exercises (states checked with usermacro.get and template.get selectMacros):
#   - create on a template and a host, one object or an array; {"hostmacroids": [...]} in order;
#     a secret macro never shows its value; vault values do;
#   - update: value/description, rename in place (also with a context, same id), making a
#     macro secret hides its value, a secret turned into text without a value gets "";
#   - errors with Zabbix's texts and codes: the same normal form twice in one call
#     ("/2": value (hostid, macro)=(...) already exists), an existing name ("Macro ... already
#     exists on <visible name>"), a rename onto another macro's name, an unknown host, an
#     unknown or global id given to update/delete (-32500), bad macro syntax, a bad vault
#     value, a missing value, an empty delete; a failed call changes nothing;
#   - globals: create/update/delete, usermacro.get globalmacro:true (globalmacroid, macro,
#     value, description, type; no hostid), "Macro ... already exists." on a clash, a duplicate
#     in one call, hostid is an unexpected parameter, a hostmacroid given to updateglobal or
#     deleteglobal is -32500, deleteglobal [] cannot be empty, deleting twice is -32500;
#     host macro gets never list globals and global gets never list host macros;
#   - everything survives a restart.
# Usage: test_usermacros.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import os
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
NO_PERMISSIONS = "No permissions to referred object or it does not exist!"

S = e2e.Shared(T, ["--log-level", "warn"], login=True)
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq


def group():
    return S.once("group", lambda: res("hostgroup.create", {"name": "e2e macros"})["groupids"][0])


def mk_template(visible=None):
    params = {"host": uniq("e2e macro T"), "groups": [{"groupid": group()}]}
    if visible is not None:
        params["name"] = visible
    return res("template.create", params)["templateids"][0]


def mk_host():
    params = {"host": uniq("e2e-macro-H").replace(" ", "-"), "groups": [{"groupid": group()}]}
    return res("host.create", params)["hostids"][0]


def macros(hostid):
    """The host's macros as {macro: row}, rows without ids."""
    got = res("usermacro.get", {"output": "extend", "hostids": [hostid]})
    return {m["macro"]: {k: v for k, v in m.items() if k not in ("hostmacroid",)} for m in got}


def globals_named(prefix):
    return res("usermacro.get", {"output": "extend", "globalmacro": True,
                                 "search": {"macro": prefix}, "sortfield": "macro"})


@T.test
def create_on_template_and_host():
    t, h = mk_template(), mk_host()
    r = res("usermacro.create", {"hostid": t, "macro": "{$A}", "value": "a", "description": "da"})
    expect_eq(len(r["hostmacroids"]), 1, "one id")
    r2 = res("usermacro.create", [{"hostid": t, "macro": "{$S}", "value": "hidden", "type": 1},
                                  {"hostid": h, "macro": "{$A}", "value": "ha"},
                                  {"hostid": h, "macro": "{$V}", "value": "kv/p:k", "type": "2"}])
    expect_eq(len(r2["hostmacroids"]), 3, "three ids")
    expect_eq(macros(t), {
        "{$A}": {"hostid": t, "macro": "{$A}", "value": "a", "description": "da", "type": "0"},
        "{$S}": {"hostid": t, "macro": "{$S}", "description": "", "type": "1"}}, "template")
    expect_eq(macros(h)["{$V}"]["value"], "kv/p:k", "vault value shown")
    got = res("usermacro.get", {"output": ["macro"], "hostmacroids": r2["hostmacroids"]})
    expect_eq(sorted(g["hostmacroid"] for g in got), sorted(r2["hostmacroids"]), "ids")
    tm = res("template.get", {"templateids": [t], "output": ["host"], "selectMacros": "extend"})
    expect_eq(sorted(m["macro"] for m in tm[0]["macros"]), ["{$A}", "{$S}"], "selectMacros")


@T.test
def update_renames_in_place_and_hides_secrets():
    t = mk_template()
    ma, mb = res("usermacro.create", [{"hostid": t, "macro": "{$A}", "value": "a"},
                                      {"hostid": t, "macro": "{$B}", "value": "b"}])["hostmacroids"]
    expect_eq(res("usermacro.update", {"hostmacroid": ma, "value": "a2", "description": "new"}),
              {"hostmacroids": [ma]}, "update")
    res("usermacro.update", {"hostmacroid": ma, "macro": "{$A:\"ctx\"}"})
    got = res("usermacro.get", {"output": "extend", "hostmacroids": [ma]})
    expect_eq(got, [{"hostmacroid": ma, "hostid": t, "macro": "{$A:\"ctx\"}", "value": "a2",
                     "description": "new", "type": "0"}], "renamed in place")
    res("usermacro.update", [{"hostmacroid": mb, "type": 1}])
    expect_eq("value" in macros(t)["{$B}"], False, "secret hides its value")
    res("usermacro.update", {"hostmacroid": mb, "type": 0})
    expect_eq(macros(t)["{$B}"]["value"], "", "secret back to text without a value")


@T.test
def create_errors_change_nothing():
    t = mk_template("Visible macro T %d" % S.n)
    res("usermacro.create", {"hostid": t, "macro": "{$A}", "value": "1"})
    before = macros(t)
    expect_error(call("usermacro.create", [{"hostid": t, "macro": "{$M:a}", "value": "1"},
                                           {"hostid": t, "macro": "{$M:\"a\"}", "value": "2"}]),
                 -32602, "Invalid parameter \"/2\": value (hostid, macro)=(%s, {$M:\"a\"}) "
                 "already exists." % t)
    name = res("template.get", {"templateids": [t], "output": ["name"]})[0]["name"]
    expect_error(call("usermacro.create", [{"hostid": t, "macro": "{$NEW}", "value": "1"},
                                           {"hostid": t, "macro": "{$A}", "value": "1"}]),
                 -32602, "Macro \"{$A}\" already exists on \"%s\"." % name)
    expect_error(call("usermacro.create", {"hostid": "999999999", "macro": "{$A}", "value": "1"}),
                 -32500, NO_PERMISSIONS)
    expect_error(call("usermacro.create", {"hostid": t, "macro": "{$abc}", "value": "1"}),
                 -32602, "Invalid parameter \"/1/macro\": incorrect syntax near \"abc}\".")
    expect_error(call("usermacro.create", {"hostid": t, "macro": "{$X}"}),
                 -32602, "Invalid parameter \"/1\": the parameter \"value\" is missing.")
    expect_error(call("usermacro.create", {"hostid": t, "macro": "{$X}", "value": "nokey",
                                           "type": 2}),
                 -32602, "Invalid parameter \"/1/value\": incorrect syntax near \"nokey\".")
    expect_eq(macros(t), before, "nothing changed")
    h2 = mk_host()
    res("usermacro.create", [{"hostid": t, "macro": "{$SAME}", "value": "1"},
                             {"hostid": h2, "macro": "{$SAME}", "value": "1"}])


@T.test
def update_and_delete_errors():
    t = mk_template()
    ma, mb = res("usermacro.create", [{"hostid": t, "macro": "{$A}", "value": "a"},
                                      {"hostid": t, "macro": "{$B}", "value": "b"}])["hostmacroids"]
    name = res("template.get", {"templateids": [t], "output": ["name"]})[0]["name"]
    expect_error(call("usermacro.update", {"hostmacroid": ma, "macro": "{$B}"}),
                 -32602, "Macro \"{$B}\" already exists on \"%s\"." % name)
    expect_error(call("usermacro.update", [{"hostmacroid": ma, "value": "x"},
                                           {"hostmacroid": "999999999", "value": "y"}]),
                 -32500, NO_PERMISSIONS)
    expect_error(call("usermacro.delete", [mb, "999999999"]), -32500, NO_PERMISSIONS)
    expect_error(call("usermacro.delete", []), -32602, "Invalid parameter \"/\": cannot be empty.")
    expect_eq(sorted(macros(t)), ["{$A}", "{$B}"], "nothing changed")
    expect_eq(macros(t)["{$A}"]["value"], "a", "value unchanged")
    expect_eq(res("usermacro.delete", [mb, ma]), {"hostmacroids": [mb, ma]}, "delete")
    expect_eq(macros(t), {}, "all gone")
    expect_error(call("usermacro.delete", [ma]), -32500, NO_PERMISSIONS)


@T.test
def global_macros_lifecycle():
    p = uniq("{$ZG:\"e2e")
    ga, gs, gv = (res("usermacro.createglobal", {"macro": p + " A\"}", "value": "a",
                                                 "description": "global a"})["globalmacroids"] +
                  res("usermacro.createglobal", [
                      {"macro": p + " S\"}", "value": "hidden", "type": 1},
                      {"macro": p + " V\"}", "value": "secret/path:key", "type": 2}
                  ])["globalmacroids"])
    want = [{"globalmacroid": ga, "macro": p + " A\"}", "value": "a", "description": "global a",
             "type": "0"},
            {"globalmacroid": gs, "macro": p + " S\"}", "description": "", "type": "1"},
            {"globalmacroid": gv, "macro": p + " V\"}", "value": "secret/path:key",
             "description": "", "type": "2"}]
    prefix = p[len("{$ZG:\""):]
    expect_eq(globals_named(prefix), want, "globals")
    expect_error(call("usermacro.updateglobal", {"globalmacroid": ga, "macro": p + " S\"}"}),
                 -32602, "Macro \"%s S\"}\" already exists." % p)
    expect_eq(res("usermacro.updateglobal", {"globalmacroid": ga, "macro": p + " B\"}",
                                             "type": 1}), {"globalmacroids": [ga]}, "rename")
    got = res("usermacro.get", {"output": "extend", "globalmacro": True, "globalmacroids": [ga]})
    expect_eq(got, [{"globalmacroid": ga, "macro": p + " B\"}", "description": "global a",
                     "type": "1"}], "renamed secret")
    expect_eq(res("usermacro.deleteglobal", [ga, gs]), {"globalmacroids": [ga, gs]}, "delete")
    expect_eq(res("usermacro.get", {"globalmacro": True, "countOutput": True,
                                    "search": {"macro": prefix}}), "1", "one left")
    expect_error(call("usermacro.deleteglobal", [ga]), -32500, NO_PERMISSIONS)


@T.test
def global_macro_errors():
    t = mk_template()
    hm = res("usermacro.create", {"hostid": t, "macro": "{$H}", "value": "h"})["hostmacroids"][0]
    g = res("usermacro.createglobal", {"macro": "{$ZGE}", "value": "1"})["globalmacroids"][0]
    expect_error(call("usermacro.createglobal", [{"macro": "{$ZGD}", "value": "1"},
                                                 {"macro": "{$ZGD}", "value": "2"}]),
                 -32602, "Invalid parameter \"/2\": value (macro)=({$ZGD}) already exists.")
    expect_error(call("usermacro.createglobal", {"macro": "{$ZGE}", "value": "1"}),
                 -32602, "Macro \"{$ZGE}\" already exists.")
    expect_error(call("usermacro.createglobal", {"hostid": t, "macro": "{$ZGX}", "value": "1"}),
                 -32602, "Invalid parameter \"/1\": unexpected parameter \"hostid\".")
    expect_error(call("usermacro.updateglobal", {"globalmacroid": hm, "value": "x"}),
                 -32500, NO_PERMISSIONS)
    expect_error(call("usermacro.deleteglobal", [hm]), -32500, NO_PERMISSIONS)
    expect_error(call("usermacro.deleteglobal", []), -32602,
                 "Invalid parameter \"/\": cannot be empty.")
    expect_error(call("usermacro.update", {"hostmacroid": g, "value": "x"}), -32500,
                 NO_PERMISSIONS)
    expect_error(call("usermacro.delete", [g]), -32500, NO_PERMISSIONS)
    hosts_side = res("usermacro.get", {"output": ["macro"]})
    expect_eq([m for m in hosts_side if m["macro"] == "{$ZGE}"], [], "no global in host gets")
    globals_side = res("usermacro.get", {"output": ["macro"], "globalmacro": True})
    expect_eq([m for m in globals_side if m["macro"] == "{$H}"], [], "no host macro in globals")
    expect_eq(macros(t)["{$H}"]["value"], "h", "host macro untouched")


@T.test
def macros_survive_a_restart():
    t = mk_template()
    res("usermacro.create", {"hostid": t, "macro": "{$KEEP}", "value": "k", "type": 1})
    res("usermacro.createglobal", {"macro": "{$ZGKEEP}", "value": "g"})
    srv().restart()
    S.sid = srv().login()
    expect_eq(macros(t), {"{$KEEP}": {"hostid": t, "macro": "{$KEEP}", "description": "",
                                      "type": "1"}}, "host macro after restart")
    got = res("usermacro.get", {"output": ["macro", "value"], "globalmacro": True,
                                "filter": {"macro": "{$ZGKEEP}"}})
    expect_eq([(m["macro"], m["value"]) for m in got], [("{$ZGKEEP}", "g")], "global after restart")


if __name__ == "__main__":
    sys.exit(T.main())
