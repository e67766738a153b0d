#!/usr/bin/env python3
# test_perm.py: host-group rights of users who are not super admins, end to end.
#
# Exercises, for an Admin-role user per case -- its user group has read-write (RW), read-only
# (RO), deny (DENY) or no right (NONE) on the host group G of a template T and a host H, each
# with a macro and an item --:
#   - template.get, host.get, usermacro.get, item.get, hostgroup.get show the objects only to
#     RO and RW, and with editable: true only to RW; a super admin sees everything;
#   - writes on them (template.update, host.update, usermacro.update, item.create, item.update,
#     item.delete) succeed for RW only; the others get Zabbix's "No permissions to referred
#     object or it does not exist!" (-32500, or -32602 where Zabbix says so) and the store is
#     unchanged; a batch with one object the user may not edit changes nothing;
#   - configuration.export leaves out what the user may not read; configuration.import
#     creates in the user's writable groups and refuses to update a template it may only read;
#   - a groups update by RW keeps a group of the template it cannot see (a group without
#     rights), and adding a read-only group is refused;
#   - a User-role user in the RW group may read but not call the write methods.
# Usage: test_perm.py [BIN]

import json
import os
import sys
import uuid

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
SH = e2e.Shared(T, login=True)
PW = "Tmpl-Pass-4821"
NOPERM = "No permissions to referred object or it does not exist!"
CASES = {"RW": 3, "RO": 2, "DENY": 0, "NONE": None}


def fixture():
    """The group G with a template T and a host H (each with a macro and an item), a group
    G_OTHER the users may write, and one logged-in Admin-role user per case."""
    def make():
        g, g_other = SH.res("hostgroup.create", [{"name": SH.uniq("perm G")},
                                                  {"name": SH.uniq("perm G_OTHER")}])["groupids"]
        t = SH.res("template.create", {"host": SH.uniq("perm T"), "groups": [{"groupid": g}],
                                       "macros": [{"macro": "{$M}", "value": "t"}]})["templateids"][0]
        h = SH.res("host.create", {"host": SH.uniq("perm H"), "groups": [{"groupid": g}],
                                   "macros": [{"macro": "{$M}", "value": "h"}]})["hostids"][0]
        items = {}
        for name, hid in (("T", t), ("H", h)):
            items[name] = SH.res("item.create", {"name": "i", "key_": "perm.i", "hostid": hid,
                                                 "type": 2, "value_type": 3})["itemids"][0]
        macros = {}
        for name, hid in (("T", t), ("H", h)):
            macros[name] = SH.res("usermacro.get", {"hostids": hid,
                                                    "output": ["hostmacroid"]})[0]["hostmacroid"]
        users = {}
        for case, perm in CASES.items():
            rights = [{"id": g_other, "permission": 3}]
            if perm is not None:
                rights.append({"id": g, "permission": perm})
            ug = SH.res("usergroup.create", {"name": SH.uniq("perm UG " + case),
                                             "rights": rights})["usrgrpids"][0]
            name = SH.uniq("perm U " + case)
            SH.res("user.create", {"username": name, "passwd": PW, "roleid": "2",
                                   "usrgrps": [{"usrgrpid": ug}]})
            users[case] = SH.srv().login(name, PW)
        return {"G": g, "G_OTHER": g_other, "T": t, "H": h, "items": items, "macros": macros,
                "users": users}
    return SH.once("fixture", make)


def as_user(case, method, params):
    f = fixture()
    return SH.srv().call(method, params, auth=f["users"][case])


def ids(r, key):
    return sorted(o[key] for o in r["result"])


@T.test
def reads_should_show_objects_to_ro_and_rw_only():
    f = fixture()
    for case in CASES:
        readable = case in ("RO", "RW")
        editable = case == "RW"
        for editable_opt, want in ((False, readable), (True, editable)):
            p = {"output": ["host"], "editable": editable_opt}
            expect_eq(ids(as_user(case, "template.get", dict(p, templateids=f["T"])),
                          "templateid"), [f["T"]] if want else [], "template.get " + case)
            expect_eq(ids(as_user(case, "host.get", dict(p, hostids=f["H"])), "hostid"),
                      [f["H"]] if want else [], "host.get " + case)
            expect_eq(ids(as_user(case, "usermacro.get", {"hostids": [f["T"], f["H"]],
                                                          "editable": editable_opt}),
                          "hostmacroid"),
                      sorted(f["macros"].values()) if want else [], "usermacro.get " + case)
            expect_eq(ids(as_user(case, "item.get", {"hostids": [f["T"], f["H"]],
                                                     "editable": editable_opt}), "itemid"),
                      sorted(f["items"].values()) if want else [], "item.get " + case)
            expect_eq(ids(as_user(case, "hostgroup.get", {"groupids": f["G"],
                                                          "editable": editable_opt}),
                          "groupid"), [f["G"]] if want else [], "hostgroup.get " + case)
        count = as_user(case, "template.get", {"templateids": f["T"], "countOutput": True})
        expect_eq(count["result"], "1" if readable else "0", "count " + case)
    expect_eq(len(SH.res("template.get", {"templateids": f["T"], "editable": True})), 1,
              "the super admin")


@T.test
def writes_should_succeed_for_rw_only():
    f = fixture()
    for case in ("RO", "DENY", "NONE", "RW"):
        ok = case == "RW"
        answers = [
            (as_user(case, "template.update", {"templateid": f["T"], "description": case}),
             -32500),
            (as_user(case, "host.update", {"hostid": f["H"], "description": case}), -32602),
            (as_user(case, "usermacro.update", {"hostmacroid": f["macros"]["T"],
                                                "value": case}), -32500),
            (as_user(case, "item.update", {"itemid": f["items"]["H"], "name": case}), -32500),
            (as_user(case, "item.create", {"name": case, "key_": "perm." + case,
                                           "hostid": f["T"], "type": 2, "value_type": 3}),
             -32602),
        ]
        for r, code in answers:
            if ok:
                expect_eq("result" in r, True, "%s: %s" % (case, json.dumps(r)))
            else:
                expect_error(r, code, NOPERM)
    state = SH.res("template.get", {"templateids": f["T"], "output": ["description"],
                                    "selectMacros": ["value"]})[0]
    expect_eq((state["description"], state["macros"][0]["value"]), ("RW", "RW"),
              "only RW's writes were made")
    expect_eq(len(SH.res("item.get", {"templateids": f["T"], "output": ["itemid"]})), 2,
              "only RW's item was created")


@T.test
def a_batch_with_one_object_not_editable_should_change_nothing():
    f = fixture()
    mine = SH.res("template.create", {"host": SH.uniq("perm mine"),
                                      "groups": [{"groupid": f["G_OTHER"]}]})["templateids"][0]
    r = as_user("RO", "template.update", [{"templateid": mine, "description": "x"},
                                          {"templateid": f["T"], "description": "x"}])
    expect_error(r, -32500, NOPERM)
    got = SH.res("template.get", {"templateids": [mine, f["T"]], "output": ["description"]})
    expect_eq([t["description"] for t in got if t["description"] == "x"], [], "unchanged")
    expect_error(as_user("RO", "template.delete", [mine, f["T"]]), -32500, NOPERM)
    expect_eq(len(SH.res("template.get", {"templateids": mine})), 1, "not deleted")
    expect_error(as_user("NONE", "item.delete", [f["items"]["T"]]), -32500, NOPERM)
    expect_error(as_user("RO", "usermacro.delete", [f["macros"]["H"]]), -32500, NOPERM)


@T.test
def an_export_should_leave_out_what_the_user_cannot_read():
    f = fixture()
    for case in CASES:
        r = as_user(case, "configuration.export", {"format": "json",
                                                   "options": {"templates": [f["T"]]}})
        doc = json.loads(r["result"])["zabbix_export"]
        expect_eq(len(doc.get("templates", [])), 1 if case in ("RO", "RW") else 0,
                  "export " + case)


@T.test
def a_groups_update_should_keep_the_groups_the_user_cannot_see():
    f = fixture()
    g_none = SH.res("hostgroup.create", {"name": SH.uniq("perm G_NONE")})["groupids"][0]
    t = SH.res("template.create", {"host": SH.uniq("perm T2"),
                                   "groups": [{"groupid": f["G_OTHER"]}, {"groupid": g_none}]}
               )["templateids"][0]
    seen = as_user("DENY", "template.get", {"templateids": t, "selectGroups": ["groupid"]})
    expect_eq([g["groupid"] for g in seen["result"][0]["groups"]], [f["G_OTHER"]],
              "only the groups with rights are shown")
    expect_error(as_user("RO", "template.update", {"templateid": t, "groups": [
        {"groupid": f["G_OTHER"]}, {"groupid": f["G"]}]}), -32500, NOPERM)
    r = as_user("RO", "template.update", {"templateid": t,
                                          "groups": [{"groupid": f["G_OTHER"]}]})
    expect_eq(r.get("result"), {"templateids": [t]}, "update")
    got = SH.res("template.get", {"templateids": t, "selectGroups": ["groupid"]})[0]
    expect_eq(sorted(g["groupid"] for g in got["groups"]), sorted([f["G_OTHER"], g_none]),
              "the unseen group stays")


def import_source(f, host, group_name, description):
    z = {"version": "6.0", "date": "2023-01-01T00:00:00Z",
         "groups": [{"uuid": uuid.uuid4().hex, "name": group_name}],
         "templates": [{"uuid": uuid.uuid4().hex, "template": host, "name": host,
                        "description": description, "groups": [{"name": group_name}]}]}
    return json.dumps({"zabbix_export": z})


@T.test
def an_import_should_write_only_what_the_user_may_edit():
    f = fixture()
    all_ = {"createMissing": True, "updateExisting": True}
    rules = {"groups": {"updateExisting": True}, "templates": all_}
    g = SH.res("hostgroup.get", {"groupids": [f["G"], f["G_OTHER"]], "output": ["name"]})
    names = {x["groupid"]: x["name"] for x in g}
    t = SH.res("template.get", {"templateids": f["T"], "output": ["host"]})[0]["host"]
    new = SH.uniq("perm imported")
    r = as_user("RW", "configuration.import", {"format": "json", "rules": rules,
                                               "source": import_source(f, new, names[f["G_OTHER"]],
                                                                       "new")})
    expect_eq(r.get("result"), True, "RW imports a template into its group: %s" % r)
    r = as_user("RO", "configuration.import", {"format": "json", "rules": rules,
                                               "source": import_source(f, t, names[f["G"]],
                                                                       "by RO")})
    expect_error(r, -32500, NOPERM)
    got = SH.res("template.get", {"templateids": f["T"], "output": ["description"]})[0]
    expect_eq(got["description"] != "by RO", True, "T unchanged")
    expect_eq(len(SH.res("template.get", {"filter": {"host": new}})), 1, "the new template")


@T.test
def a_user_role_user_should_read_but_not_write():
    f = fixture()
    ug = SH.res("usergroup.create", {"name": SH.uniq("perm UG user"),
                                     "rights": [{"id": f["G"], "permission": 3}]})["usrgrpids"][0]
    name = SH.uniq("perm U user")
    SH.res("user.create", {"username": name, "passwd": PW, "roleid": "1",
                           "usrgrps": [{"usrgrpid": ug}]})
    sid = SH.srv().login(name, PW)
    got = SH.srv().result("template.get", {"templateids": f["T"], "editable": True}, auth=sid)
    expect_eq(len(got), 1, "editable by its groups")
    groups = SH.srv().result("hostgroup.get", {"output": ["groupid"]}, auth=sid)
    expect_eq([g["groupid"] for g in groups], [f["G"]], "only the group it has a right on")
    expect_error(SH.srv().call("template.update", {"templateid": f["T"]}, auth=sid), -32602,
                 'No permissions to call "template.update".')


if __name__ == "__main__":
    sys.exit(T.main())
