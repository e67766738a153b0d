#!/usr/bin/env python3
# test_bkcmdb.py: BlueKing CMDB process templates (issue 5) on both faces, against the real tmpld.
#
# Exercises:
#   - the API document's update_proc_template example, sent verbatim (only the ids substituted)
#     after creating its service and process template, gives the example's data back;
#   - the ESB envelope: HTTP 200 always, result/code/message/permission/request_id/data, a new
#     32-hex request_id per request; unknown component; body not JSON (1199000);
#   - every field's JSON type (1199000) and range (1199006 naming the field); bind_info rows
#     (ip, port syntax, protocol: 1199006 with the path bind_info[n].field); missing
#     process_template_id / process_property (1199003); a failed call changes nothing;
#   - merge rules: only the properties sent change, a property sent replaces value and
#     as_default_value, null nulls both; both names stay as_default_value true and updatable;
#     creator/create_time unchanged, modifier = caller, last_time RFC 3339 with an offset;
#   - bind_info row ids across several updates: never reused;
#   - uniqueness within a service template (1113019, 1113020 with null regex == "");
#   - business scoping: another business's template is not found (1199019);
#   - authentication failures (1306000): app code, secret, untrusted bk_username, bad bk_token,
#     a bk_username that is no tmpld user or whose group is disabled; bk_token = a session id
#     from user.login works;
#   - app bindings (--bk-app CODE:SECRET[:trusted][:BIZ,...], also in the config file): a call
#     on another business is refused with CMDB's 9900403 "Do not have access permission." and
#     a "permission" object naming the action and the business, and changes nothing;
#   - roles: an ESB caller (bk_username or bk_token) obeys its tmpld user's role: a User-role
#     user reads process templates but cannot write them (9900403), an Admin-role user can;
#   - the JSON-RPC face (servicetemplate.*, proctemplate.*): same data, -32602/-32500 with the
#     same message texts, the usual auth; list paging/sorting; delete all-or-nothing;
#   - --bk-app in the config file (a secret may hold ':'); the templates survive a restart.
# Usage: test_bkcmdb.py [BIN]

import copy
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq  # noqa: E402

T = e2e.Tests()
ESB = "/api/c/compapi/v2/cc/%s/"
APP = {"bk_app_code": "esb_test", "bk_app_secret": "xxx", "bk_username": "admin"}
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}[+-]\d\d:\d\d$")
INT_FIELDS = {"proc_num": (1, 10000), "priority": (-100, 10000),
              "auto_time_gap": (1, 10000), "timeout": (1, 10000)}
STR_FIELDS = ["stop_cmd", "restart_cmd", "face_stop_cmd", "bk_func_name", "work_path",
              "reload_cmd", "bk_process_name", "pid_file", "start_cmd", "bk_func_id", "user",
              "description", "bk_start_param_regex"]

# The API document's example (update_proc_template), request and reply data.
EXAMPLE_REQUEST = {
    "bk_app_code": "esb_test", "bk_app_secret": "xxx", "bk_username": "xxx", "bk_token": "xxx",
    "bk_biz_id": 1, "process_template_id": 50,
    "process_property": {
        "proc_num": {"value": 300, "as_default_value": False},
        "stop_cmd": {"value": "", "as_default_value": False},
        "restart_cmd": {"value": "", "as_default_value": False},
        "face_stop_cmd": {"value": "", "as_default_value": False},
        "bk_func_name": {"value": "p1", "as_default_value": True},
        "work_path": {"value": "", "as_default_value": False},
        "priority": {"value": None, "as_default_value": False},
        "reload_cmd": {"value": "", "as_default_value": False},
        "bk_process_name": {"value": "p1", "as_default_value": True},
        "pid_file": {"value": "", "as_default_value": False},
        "auto_start": {"value": False, "as_default_value": False},
        "auto_time_gap": {"value": None, "as_default_value": False},
        "start_cmd": {"value": "", "as_default_value": False},
        "bk_func_id": {"value": None, "as_default_value": False},
        "user": {"value": "root100", "as_default_value": False},
        "timeout": {"value": None, "as_default_value": False},
        "description": {"value": "", "as_default_value": False},
        "bk_start_param_regex": {"value": "", "as_default_value": False},
        "bind_info": {"value": [{
            "enable": {"value": False, "as_default_value": True},
            "ip": {"value": "1", "as_default_value": True},
            "port": {"value": "100", "as_default_value": True},
            "protocol": {"value": "1", "as_default_value": True},
            "row_id": 1}], "as_default_value": True},
    },
}
EXAMPLE_DATA = {
    "id": 50, "bk_process_name": "p1", "bk_biz_id": 1, "service_template_id": 51,
    "property": copy.deepcopy(EXAMPLE_REQUEST["process_property"]),
    "creator": "admin", "modifier": "admin",
    "create_time": "2019-06-19T15:24:04.763+08:00",
    "last_time": "2019-06-21T16:25:03.962512+08:00", "bk_supplier_account": "0",
}

PASSWORD = "Tmpl-Pass-4821"
NOPERM = "Do not have access permission."
shared = e2e.Shared(T, ["--bk-app", "esb_test:xxx:trusted", "--bk-app", "plain:sec",
                        "--bk-app", "bound:sec:trusted:2,3", "--bk-app", "boundtok:sec:2"],
                    login=True)


def make_user(s, auth, name, roleid="3", groupid="7"):
    """A tmpld user (default: a Super admin in Zabbix administrators); its id."""
    return s.result("user.create", {"username": name, "passwd": PASSWORD, "roleid": roleid,
                                    "usrgrps": [{"usrgrpid": groupid}]}, auth=auth)["userids"][0]


def srv():
    """The shared server, with the users the ESB calls name: admin (the document's
    example's caller) and bob."""
    s = shared.srv()
    shared.once("users", lambda: [make_user(s, shared.session(), n) for n in ("admin", "bob")])
    return s


def esb_raw(s, name, body):
    """POST body (bytes or a JSON value) to an ESB route; assert the envelope; return it."""
    if not isinstance(body, bytes):
        body = json.dumps(body).encode()
    status, ctype, data = s.raw_post(body, headers={"Content-Type": "application/json"},
                                     path=ESB % name)
    r = e2e.check_rpc_http(status, ctype, data)
    expect_eq(sorted(r), sorted(["result", "code", "message", "permission", "request_id",
                                 "data"]), "envelope members")
    if not re.match(r"^[0-9a-f]{32}$", r["request_id"]):
        raise AssertionError("request_id %r is not 32 hex digits" % r["request_id"])
    if r["code"] != 9900403:
        expect_eq(r["permission"], None, "permission")
    expect_eq(r["result"], r["code"] == 0, "result matches code")
    return r


def esb(s, name, params, app=APP):
    body = dict(app)
    body.update(params)
    return esb_raw(s, name, body)


def ok(r, what="call"):
    if r.get("code") != 0:
        raise AssertionError("%s failed: %s" % (what, e2e.short(r)))
    expect_eq(r["message"], "success", what + " message")
    return r["data"]


def fails(r, code, needle=None, what="call"):
    if r.get("code") != code or r.get("result") is not False or r.get("data") is not None:
        raise AssertionError("%s: expected code %d, got %s" % (what, code, e2e.short(r)))
    if needle is not None and needle not in r["message"]:
        raise AssertionError("%s: message %r lacks %r" % (what, r["message"], needle))
    return r["message"]


SVC_SEQ = [0]


def new_svc(s, biz=1, name=None):
    """A service template; names are unique per business, so each call gets its own."""
    SVC_SEQ[0] += 1
    name = name or "svc-%d" % SVC_SEQ[0]
    return ok(esb(s, "create_service_template", {"bk_biz_id": biz, "name": name}))["id"]


def base_spec(name="p", func=None):
    return {"bk_process_name": {"value": name}, "bk_func_name": {"value": func or name},
            "bind_info": {"value": [{"port": {"value": "80"}, "protocol": {"value": "1"}}],
                          "as_default_value": True}}


def new_proc(s, svc, name="p", biz=1, spec=None):
    r = esb(s, "batch_create_proc_template", {
        "bk_biz_id": biz, "service_template_id": svc,
        "processes": [{"spec": spec or base_spec(name)}]})
    return ok(r, "create %s" % name)[0]


def get(s, pid, biz=1):
    return ok(esb(s, "get_proc_template", {"bk_biz_id": biz, "process_template_id": pid}))


def update(s, pid, prop, biz=1, app=APP):
    return esb(s, "update_proc_template", {"bk_biz_id": biz, "process_template_id": pid,
                                           "process_property": prop}, app)


@T.test
def example_request_gives_the_example_data():
    s = srv()
    svc = new_svc(s, name="example")
    pid = new_proc(s, svc, "a7")
    before = get(s, pid)
    req = copy.deepcopy(EXAMPLE_REQUEST)
    req["process_template_id"] = pid
    req["bk_username"] = "admin"     # the example's modifier; the app is trusted
    r = esb_raw(s, "update_proc_template", req)
    data = ok(r, "the example")
    want = copy.deepcopy(EXAMPLE_DATA)
    want["id"], want["service_template_id"] = pid, svc
    for k in ("create_time", "last_time"):
        if not RFC3339.match(data[k]):
            raise AssertionError("%s %r is not RFC 3339 with an offset" % (k, data[k]))
        want[k] = data[k]
    expect_eq(data, want, "the example's data")
    expect_eq(data["create_time"], before["create_time"], "create_time unchanged")
    expect_eq(get(s, pid), data, "get after the example")


@T.test
def envelope_ids_and_unknown_routes():
    s = srv()
    a = esb(s, "list_proc_template", {"bk_biz_id": 1, "service_template_id": 999})
    b = esb(s, "list_proc_template", {"bk_biz_id": 1, "service_template_id": 999})
    expect_eq(ok(a), {"count": 0, "info": []}, "empty list")
    if a["request_id"] == b["request_id"]:
        raise AssertionError("request_id repeated")
    fails(esb(s, "no_such_api", {}), 1306404)
    fails(esb_raw(s, "update_proc_template", b"{not json"), 1199000)
    fails(esb_raw(s, "update_proc_template", b"[1]"), 1199000)
    fails(esb_raw(s, "update_proc_template", b""), 1199000)


@T.test
def required_members_and_top_level_types():
    s = srv()
    pid = new_proc(s, new_svc(s), "req")
    fails(esb(s, "update_proc_template", {"bk_biz_id": 1, "process_template_id": pid}),
          1199003, "process_property")
    fails(esb(s, "update_proc_template", {"bk_biz_id": 1, "process_template_id": pid,
                                          "process_property": None}), 1199003)
    fails(esb(s, "update_proc_template", {"bk_biz_id": 1, "process_property": {}}),
          1199003, "process_template_id")
    fails(update(s, 0, {}), 1199003)
    fails(esb(s, "update_proc_template", {"bk_biz_id": 1, "process_template_id": str(pid),
                                          "process_property": {}}), 1199000)
    fails(update(s, pid, []), 1199000, "process_property")
    fails(update(s, pid, {"user": "root"}), 1199000, "user")
    fails(update(s, 10 ** 6, {}), 1199019)
    # {} changes nothing but the modifier and last_time
    before = get(s, pid)
    after = ok(update(s, pid, {}))
    expect_eq(after["property"], before["property"], "{} keeps the properties")


@T.test
def every_field_type_and_range():
    s = srv()
    pid = new_proc(s, new_svc(s), "types")
    before = get(s, pid)
    for f, (lo, hi) in INT_FIELDS.items():
        for bad in ("5", 1.5, True, [1], {"a": 1}):
            fails(update(s, pid, {f: {"value": bad}}), 1199000, f, "%s=%r" % (f, bad))
        for bad in (lo - 1, hi + 1):
            fails(update(s, pid, {f: {"value": bad}}), 1199006, "'%s'" % f, "%s=%r" % (f, bad))
    for f in STR_FIELDS:
        for bad in (5, False, ["x"]):
            fails(update(s, pid, {f: {"value": bad}}), 1199000, f, "%s=%r" % (f, bad))
    for bad in ("true", 1):
        fails(update(s, pid, {"auto_start": {"value": bad}}), 1199000, "auto_start")
    fails(update(s, pid, {"user": {"value": "x", "as_default_value": "yes"}}), 1199000)
    for f in ("bk_process_name", "bk_func_name"):
        fails(update(s, pid, {f: {"value": ""}}), 1199006, "'%s'" % f)
        fails(update(s, pid, {f: None}), 1199006, "'%s'" % f)
    expect_eq(get(s, pid), before, "failed updates changed nothing")
    for f, (lo, hi) in INT_FIELDS.items():
        for good in (lo, hi, None):
            d = ok(update(s, pid, {f: {"value": good, "as_default_value": True}}))
            expect_eq(d["property"][f], {"value": good, "as_default_value": True}, f)
    d = ok(update(s, pid, {"auto_time_gap": {"value": 60}, "bk_func_id": {"value": "42"}}))
    expect_eq(d["property"]["auto_time_gap"]["value"], 60, "auto_time_gap stored")
    expect_eq(get(s, pid)["property"]["bk_func_id"]["value"], "42", "bk_func_id stored")


@T.test
def bind_info_rows_are_validated_with_their_path():
    s = srv()
    pid = new_proc(s, new_svc(s), "rows")
    before = get(s, pid)
    good = {"port": {"value": "80"}, "protocol": {"value": "1"}}
    cases = [
        ({"ip": {"value": "9"}}, "bind_info[1].ip", 1199006),
        ({"ip": {"value": "127.0.0.1"}}, "bind_info[1].ip", 1199006),
        ({"port": {"value": ""}}, "bind_info[1].port", 1199006),
        ({"port": None}, "bind_info[1].port", 1199006),
        ({"port": {"value": "0"}}, "bind_info[1].port", 1199006),
        ({"port": {"value": "70000"}}, "bind_info[1].port", 1199006),
        ({"port": {"value": "80,80"}}, "bind_info[1].port", 1199006),
        ({"port": {"value": "1-100,50"}}, "bind_info[1].port", 1199006),
        ({"port": {"value": "100-1"}}, "bind_info[1].port", 1199006),
        ({"port": {"value": "080"}}, "bind_info[1].port", 1199006),
        ({"port": {"value": 80}}, "bind_info[1].port", 1199000),
        ({"protocol": {"value": "tcp"}}, "bind_info[1].protocol", 1199006),
        ({"protocol": None}, "bind_info[1].protocol", 1199006),
        ({"enable": {"value": "yes"}}, "bind_info[1].enable", 1199000),
        ({"row_id": "1"}, "bind_info[1].row_id", 1199000),
    ]
    for change, path, code in cases:
        row = dict(good)
        row.update(change)
        fails(update(s, pid, {"bind_info": {"value": [good, row]}}), code, path, path)
    fails(update(s, pid, {"bind_info": {"value": "80"}}), 1199000, "bind_info")
    expect_eq(get(s, pid), before, "failed updates changed nothing")
    d = ok(update(s, pid, {"bind_info": {"value": [
        dict(good, ip={"value": ip}, port={"value": "1-10,20,65535"}) for ip in
        ("1", "2", "3", "4", "")]}}))
    expect_eq([r["ip"]["value"] for r in d["property"]["bind_info"]["value"]],
              ["1", "2", "3", "4", ""], "ip codes")


@T.test
def merge_rules_and_audit_fields():
    s = srv()
    pid = new_proc(s, new_svc(s), "merge")
    first = get(s, pid)
    d = ok(update(s, pid, {"proc_num": {"value": 3, "as_default_value": True},
                           "user": {"value": "root", "as_default_value": False}}))
    d = ok(update(s, pid, {"proc_num": {"value": 5}}, app=dict(APP, bk_username="bob")))
    p = d["property"]
    expect_eq(p["proc_num"], {"value": 5, "as_default_value": None}, "a member not sent is null")
    expect_eq(p["user"], {"value": "root", "as_default_value": False}, "unsent kept")
    expect_eq(p["bind_info"], first["property"]["bind_info"], "bind_info kept")
    expect_eq((d["creator"], d["modifier"]), ("admin", "bob"), "creator kept, modifier = caller")
    expect_eq(d["create_time"], first["create_time"], "create_time kept")
    if not RFC3339.match(d["last_time"]) or d["last_time"] < first["last_time"]:
        raise AssertionError("last_time %r after %r" % (d["last_time"], first["last_time"]))
    d = ok(update(s, pid, {"user": None, "proc_num": {"as_default_value": True}}))
    expect_eq(d["property"]["user"], {"value": None, "as_default_value": None}, "null")
    expect_eq(d["property"]["proc_num"], {"value": None, "as_default_value": True}, "value gone")
    d = ok(update(s, pid, {"bk_process_name": {"value": "merge2", "as_default_value": False},
                           "bk_func_name": {"value": "fn2"}}))
    expect_eq(d["bk_process_name"], "merge2", "top-level name follows")
    expect_eq(d["property"]["bk_process_name"], {"value": "merge2", "as_default_value": True},
              "name always as_default_value true")
    expect_eq(d["property"]["bk_func_name"], {"value": "fn2", "as_default_value": True},
              "func name updatable, as_default_value true")


@T.test
def bind_info_row_ids_are_never_reused():
    s = srv()
    pid = new_proc(s, new_svc(s), "ids")

    def row(rid=None, port="80"):
        r = {"port": {"value": port}, "protocol": {"value": "1"}}
        if rid is not None:
            r["row_id"] = rid
        return r

    def ids(d):
        return [r["row_id"] for r in d["property"]["bind_info"]["value"]]

    expect_eq(ids(get(s, pid)), [1], "create numbers from 1")
    d = ok(update(s, pid, {"bind_info": {"value": [row(1), row(), row(None, "81")]}}))
    expect_eq(ids(d), [1, 2, 3], "new rows after the highest")
    d = ok(update(s, pid, {"bind_info": {"value": [row(1)]}}))
    expect_eq(ids(d), [1], "rows left out are deleted")
    d = ok(update(s, pid, {"bind_info": {"value": [row(1), row()]}}))
    expect_eq(ids(d), [1, 4], "deleted ids are not handed out again")
    d = ok(update(s, pid, {"bind_info": {"value": [row(), row(9)]}}))
    expect_eq(ids(d), [10, 9], "a higher id sent counts")
    d = ok(update(s, pid, {"bind_info": {"value": []}}))
    expect_eq(ids(d), [], "empty")
    d = ok(update(s, pid, {"bind_info": {"value": [row(0)]}}))
    expect_eq(ids(d), [11], "0 is a new row; the maximum is remembered")
    fails(update(s, pid, {"bind_info": {"value": [row(11), row(11)]}}), 1199006,
          "bind_info[1].row_id")
    expect_eq(ids(get(s, pid)), [11], "stored")


@T.test
def uniqueness_within_a_service_template():
    s = srv()
    svc, other = new_svc(s, name="u1"), new_svc(s, name="u2")
    a = new_proc(s, svc, "nginx")
    b = new_proc(s, svc, "redis")
    new_proc(s, other, "nginx")   # another service template: fine
    fails(esb(s, "batch_create_proc_template", {"bk_biz_id": 1, "service_template_id": svc,
          "processes": [{"spec": base_spec("nginx", "other")}]}), 1113019, "[nginx]")
    fails(update(s, b, {"bk_process_name": {"value": "nginx"}}), 1113019, "[nginx]")
    # (bk_func_name, regex): a null regex equals ""
    fails(update(s, b, {"bk_func_name": {"value": "nginx"},
                        "bk_start_param_regex": {"value": ""}}), 1113020, "[nginx]")
    ok(update(s, b, {"bk_func_name": {"value": "nginx"},
                     "bk_start_param_regex": {"value": "-c b.conf"}}))
    ok(update(s, a, {"bk_start_param_regex": {"value": "-c a.conf"}}))
    ok(update(s, a, {"bk_process_name": {"value": "nginx"}}), "renaming to itself")
    # a batch is one call: a duplicate inside it creates none
    r = esb(s, "batch_create_proc_template", {"bk_biz_id": 1, "service_template_id": svc,
            "processes": [{"spec": base_spec("x1")}, {"spec": base_spec("x1", "f2")}]})
    fails(r, 1113019)
    lst = ok(esb(s, "list_proc_template", {"bk_biz_id": 1, "service_template_id": svc}))
    expect_eq(lst["count"], 2, "the failed batch created nothing")


@T.test
def business_scoping():
    s = srv()
    svc2 = new_svc(s, biz=2, name="b2")
    pid = new_proc(s, svc2, "biz2", biz=2)
    fails(esb(s, "get_proc_template", {"bk_biz_id": 1, "process_template_id": pid}), 1199019)
    fails(update(s, pid, {"user": {"value": "x"}}, biz=1), 1199019)
    fails(esb(s, "delete_proc_template", {"bk_biz_id": 1, "process_templates": [pid]}), 1199019)
    fails(esb(s, "get_service_template", {"bk_biz_id": 1, "service_template_id": svc2}), 1199019)
    fails(esb(s, "batch_create_proc_template", {"bk_biz_id": 1, "service_template_id": svc2,
          "processes": [{"spec": base_spec("q")}]}), 1199006, "service_template_id")
    expect_eq(ok(esb(s, "list_proc_template", {"bk_biz_id": 1, "process_template_ids": [pid]})),
              {"count": 0, "info": []}, "list scoped")
    fails(update(s, pid, {}, biz=None), 1199006, "bk_biz_id")
    expect_eq(get(s, pid, biz=2)["property"]["user"]["value"], None, "unchanged")
    expect_eq(ok(esb(s, "get_service_template", {"bk_biz_id": 2,
                                                 "service_template_id": svc2}))["name"], "b2",
              "get_service_template")


@T.test
def authentication_failures():
    s = srv()
    pid = new_proc(s, new_svc(s), "auth")
    body = {"bk_biz_id": 1, "process_template_id": pid}
    cases = [
        ({}, "bk_app_code"),
        ({"bk_app_code": "esb_test"}, "bk_app_secret"),
        ({"bk_app_code": "esb_test", "bk_app_secret": "xxy", "bk_username": "a"}, "incorrect"),
        ({"bk_app_code": "nope", "bk_app_secret": "xxx", "bk_username": "a"}, "incorrect"),
        ({"bk_app_code": "esb_test", "bk_app_secret": "xx", "bk_username": "a"}, "incorrect"),
        ({"bk_app_code": "esb_test", "bk_app_secret": "xxx"}, "User authentication failed"),
        ({"bk_app_code": "plain", "bk_app_secret": "sec", "bk_username": "admin"},
         "User authentication failed"),
        ({"bk_app_code": "plain", "bk_app_secret": "sec", "bk_token": "0" * 32},
         "User authentication failed"),
        ({"bk_app_code": "plain", "bk_app_secret": "sec", "bk_token": "short"},
         "User authentication failed"),
    ]
    for app, needle in cases:
        fails(esb(s, "get_proc_template", body, app=app), 1306000, needle, repr(app))
        fails(update(s, pid, {"user": {"value": "evil"}}, app=app), 1306000, None, repr(app))
    sid = s.login()
    d = ok(update(s, pid, {"user": {"value": "ok"}},
                  app={"bk_app_code": "plain", "bk_app_secret": "sec", "bk_token": sid}))
    expect_eq((d["modifier"], d["property"]["user"]["value"]), ("Admin", "ok"),
              "bk_token: the session's user")
    s.result("user.logout", [], auth=sid)
    fails(esb(s, "get_proc_template", body,
              app={"bk_app_code": "plain", "bk_app_secret": "sec", "bk_token": sid}), 1306000)


@T.test
def jsonrpc_face_shares_the_implementation():
    s = srv()
    sid = s.login()
    svc = s.result("servicetemplate.create", {"bk_biz_id": 7, "name": "rpc"}, auth=sid)
    expect_eq((svc["name"], svc["bk_biz_id"], svc["creator"]), ("rpc", 7, "Admin"), "svc")
    ids = s.result("proctemplate.create", {"bk_biz_id": 7, "service_template_id": svc["id"],
                                           "processes": [{"spec": base_spec("r1")}]}, auth=sid)
    pid = ids[0]
    via_esb = get(s, pid, biz=7)
    expect_eq(s.result("proctemplate.get", {"bk_biz_id": 7, "process_template_id": pid},
                       auth=sid), via_esb, "the same template on both faces")
    d = s.result("proctemplate.update", {"bk_biz_id": 7, "process_template_id": pid,
                                         "process_property": {"timeout": {"value": 30}}},
                 auth=sid)
    expect_eq((d["property"]["timeout"]["value"], d["modifier"]), (30, "Admin"), "update")
    msg = fails(update(s, pid, {"timeout": {"value": 0}}, biz=7), 1199006)
    e2e.expect_error(s.call("proctemplate.update", {"bk_biz_id": 7, "process_template_id": pid,
                     "process_property": {"timeout": {"value": 0}}}, auth=sid), -32602, msg)
    msg = fails(update(s, pid, {"timeout": {"value": "1"}}, biz=7), 1199000)
    e2e.expect_error(s.call("proctemplate.update", {"bk_biz_id": 7, "process_template_id": pid,
                     "process_property": {"timeout": {"value": "1"}}}, auth=sid), -32602, msg)
    msg = fails(update(s, pid, {}, biz=8), 1199019)
    e2e.expect_error(s.call("proctemplate.update", {"bk_biz_id": 8, "process_template_id": pid,
                     "process_property": {}}, auth=sid), -32500, msg)
    e2e.expect_error(s.call("proctemplate.get", {"bk_biz_id": 7, "process_template_id": pid}),
                     -32602, "Not authorized.")
    lst = s.result("proctemplate.list", {"bk_biz_id": 7, "service_template_id": svc["id"]},
                   auth=sid)
    expect_eq(lst["count"], 1, "list")
    expect_eq(s.result("proctemplate.delete", {"bk_biz_id": 7, "process_templates": [pid]},
                       auth=sid), None, "delete")
    e2e.expect_error(s.call("proctemplate.get", {"bk_biz_id": 7, "process_template_id": pid},
                            auth=sid), -32500, None)


@T.test
def list_paging_and_delete_all_or_nothing():
    s = srv()
    svc = new_svc(s, name="paging")
    pids = [new_proc(s, svc, "n%d" % i) for i in range(5)]
    lst = ok(esb(s, "list_proc_template", {"bk_biz_id": 1, "service_template_id": svc}))
    expect_eq([t["id"] for t in lst["info"]], sorted(pids, reverse=True), "default sort -id")
    lst = ok(esb(s, "list_proc_template", {"bk_biz_id": 1, "service_template_id": svc,
                                           "page": {"start": 1, "limit": 2, "sort": "id"}}))
    expect_eq((lst["count"], [t["id"] for t in lst["info"]]), (5, pids[1:3]), "page")
    lst = ok(esb(s, "list_proc_template", {"bk_biz_id": 1, "process_template_ids": pids[:2],
                                           "page": {"sort": "bk_process_name"}}))
    expect_eq([t["bk_process_name"] for t in lst["info"]], ["n0", "n1"], "by ids and name")
    fails(esb(s, "list_proc_template", {"bk_biz_id": 1}), 1199006)
    fails(esb(s, "list_proc_template", {"bk_biz_id": 1, "service_template_id": svc,
                                        "page": {"sort": "user"}}), 1199006, "page.sort")
    fails(esb(s, "delete_proc_template", {"bk_biz_id": 1, "process_templates": []}), 1199010)
    fails(esb(s, "delete_proc_template", {"bk_biz_id": 1, "process_templates": "1"}), 1199000)
    fails(esb(s, "delete_proc_template", {"bk_biz_id": 1,
                                          "process_templates": [pids[0], 10 ** 6]}), 1199019)
    expect_eq(get(s, pids[0])["id"], pids[0], "a failed delete deletes nothing")
    expect_eq(ok(esb(s, "delete_proc_template", {"bk_biz_id": 1,
                                                 "process_templates": pids[:2]})), None, "delete")
    fails(esb(s, "get_proc_template", {"bk_biz_id": 1, "process_template_id": pids[0]}), 1199019)
    lst = ok(esb(s, "list_proc_template", {"bk_biz_id": 1, "service_template_id": svc}))
    expect_eq(lst["count"], 3, "after delete")
    # the freed name can be used again
    new_proc(s, svc, "n0")


@T.test
def trusted_apps_name_existing_enabled_users_only():
    s = srv()
    pid = new_proc(s, new_svc(s), "who")
    for name in ("nobody", "Bob", "ADMIN", ""):
        app = dict(APP, bk_username=name)
        needle = "User authentication failed"
        fails(update(s, pid, {"user": {"value": "evil"}}, app=app), 1306000, needle, name)
    # a user whose group is disabled
    auth = shared.session()
    ug = s.result("usergroup.create", {"name": "esb off", "users_status": 1},
                  auth=auth)["usrgrpids"][0]
    make_user(s, auth, "carol", groupid=ug)
    fails(update(s, pid, {"user": {"value": "evil"}}, app=dict(APP, bk_username="carol")),
          1306000, "User authentication failed", "disabled")
    expect_eq(get(s, pid)["property"]["user"]["value"], None, "nothing changed")
    s.result("usergroup.update", {"usrgrpid": ug, "users_status": 0}, auth=auth)
    d = ok(update(s, pid, {"user": {"value": "c"}}, app=dict(APP, bk_username="carol")))
    expect_eq(d["modifier"], "carol", "enabled again")


def permission_of(r, action, biz):
    """The apply-for-permission object of a 9900403 refusal."""
    want = {"system_id": "bk_cmdb", "system_name": "cmdb", "actions": [{
        "id": action, "name": action, "related_resource_types": [{
            "system_id": "bk_cmdb", "system_name": "cmdb", "type": "biz", "type_name": "biz",
            "instances": [[{"type": "biz", "id": str(biz)}]]}]}]}
    expect_eq(r["permission"], want, "permission of %s" % action)


@T.test
def bound_apps_act_on_their_businesses_only():
    s = srv()
    bound = {"bk_app_code": "bound", "bk_app_secret": "sec", "bk_username": "admin"}
    svc1 = new_svc(s, biz=1, name="unbound")
    pid1 = new_proc(s, svc1, "b1", biz=1)
    # its own businesses: every component works
    svc2 = ok(esb(s, "create_service_template", {"bk_biz_id": 2, "name": "bound2"},
                  app=bound))["id"]
    pid2 = ok(esb(s, "batch_create_proc_template", {
        "bk_biz_id": 2, "service_template_id": svc2,
        "processes": [{"spec": base_spec("b2")}]}, app=bound))[0]
    ok(esb(s, "get_proc_template", {"bk_biz_id": 2, "process_template_id": pid2}, app=bound))
    ok(esb(s, "create_service_template", {"bk_biz_id": 3, "name": "bound3"}, app=bound))
    # another business: refused before anything else, reads too
    calls = [
        ("create_service_template", {"bk_biz_id": 1, "name": "nope"},
         "create_biz_service_template"),
        ("get_service_template", {"bk_biz_id": 1, "service_template_id": svc1},
         "find_business_resource"),
        ("batch_create_proc_template", {"bk_biz_id": 1, "service_template_id": svc1,
                                        "processes": [{"spec": base_spec("x")}]},
         "edit_biz_service_template"),
        ("update_proc_template", {"bk_biz_id": 1, "process_template_id": pid1,
                                  "process_property": {"user": {"value": "evil"}}},
         "edit_biz_service_template"),
        ("get_proc_template", {"bk_biz_id": 1, "process_template_id": pid1},
         "find_business_resource"),
        ("list_proc_template", {"bk_biz_id": 1, "service_template_id": svc1},
         "find_business_resource"),
        ("delete_proc_template", {"bk_biz_id": 1, "process_templates": [pid1]},
         "edit_biz_service_template"),
        # not even a bad request on another business gets further
        ("update_proc_template", {"bk_biz_id": 4, "process_template_id": 10 ** 6,
                                  "process_property": {"timeout": {"value": 0}}},
         "edit_biz_service_template"),
    ]
    for name, params, action in calls:
        r = esb(s, name, params, app=bound)
        fails(r, 9900403, NOPERM, name)
        expect_eq(r["message"], NOPERM, "message")
        permission_of(r, action, params["bk_biz_id"])
    lst = ok(esb(s, "list_proc_template", {"bk_biz_id": 1, "service_template_id": svc1}))
    expect_eq([(t["id"], t["property"]["user"]["value"]) for t in lst["info"]],
              [(pid1, None)], "business 1 unchanged")
    # a bk_biz_id that is no business id is the component's error, as for any app
    fails(esb(s, "get_proc_template", {"bk_biz_id": "1", "process_template_id": pid1},
              app=bound), 1199000, "bk_biz_id")
    fails(esb(s, "get_proc_template", {"process_template_id": pid1}, app=bound), 1199006)
    # the binding holds with a bk_token user too
    tok = {"bk_app_code": "boundtok", "bk_app_secret": "sec", "bk_token": shared.session()}
    ok(esb(s, "get_proc_template", {"bk_biz_id": 2, "process_template_id": pid2}, app=tok))
    fails(esb(s, "get_proc_template", {"bk_biz_id": 1, "process_template_id": pid1}, app=tok),
          9900403, NOPERM, "bk_token")
    # an app without a list: every business (as before)
    ok(esb(s, "get_proc_template", {"bk_biz_id": 2, "process_template_id": pid2}))


@T.test
def esb_callers_obey_their_role():
    s = srv()
    auth = shared.session()
    ug = s.result("usergroup.create", {"name": "esb roles"}, auth=auth)["usrgrpids"][0]
    make_user(s, auth, "reader", roleid="1", groupid=ug)     # User role
    make_user(s, auth, "editor", roleid="2", groupid=ug)     # Admin role
    svc = new_svc(s, name="roles")
    pid = new_proc(s, svc, "r1")
    reader = dict(APP, bk_username="reader")
    token_reader = {"bk_app_code": "plain", "bk_app_secret": "sec",
                    "bk_token": s.login("reader", PASSWORD)}
    for app in (reader, token_reader):
        expect_eq(ok(esb(s, "get_proc_template", {"bk_biz_id": 1, "process_template_id": pid},
                         app=app))["id"], pid, "a User reads")
        ok(esb(s, "list_proc_template", {"bk_biz_id": 1, "service_template_id": svc},
               app=app))
        ok(esb(s, "get_service_template", {"bk_biz_id": 1, "service_template_id": svc},
               app=app))
        fails(esb(s, "update_proc_template", {"bk_biz_id": 1, "process_template_id": pid,
                                              "process_property": {"user": {"value": "x"}}},
                  app=app), 9900403, NOPERM, "a User writes")
        for name, params in (
                ("create_service_template", {"bk_biz_id": 1, "name": "r"}),
                ("batch_create_proc_template", {"bk_biz_id": 1, "service_template_id": svc,
                                                "processes": [{"spec": base_spec("r2")}]}),
                ("delete_proc_template", {"bk_biz_id": 1, "process_templates": [pid]})):
            fails(esb(s, name, params, app=app), 9900403, NOPERM, name)
    expect_eq(get(s, pid)["property"]["user"]["value"], None, "nothing written")
    d = ok(update(s, pid, {"user": {"value": "e"}}, app=dict(APP, bk_username="editor")))
    expect_eq(d["modifier"], "editor", "an Admin writes")
    # a role change applies to the next ESB call
    uid = s.result("user.get", {"filter": {"username": "reader"}}, auth=auth)[0]["userid"]
    s.result("user.update", {"userid": uid, "roleid": "2"}, auth=auth)
    ok(update(s, pid, {"user": {"value": "r"}}, app=reader))


@T.test
def apps_from_the_config_file():
    s = e2e.Server(name="config")
    conf = os.path.join(s.tmp, "tmpld.conf")
    with open(conf, "w") as f:
        f.write("# BlueKing apps\nbk-app = cfg:s3:cr:et:trusted\nbk-app = ops:trusted\n"
                "bk-app = one:s3:cr:et:trusted:4\n")
    s.extra_args = ["--config", conf]
    s.start()
    make_user(s, s.login(), "u")
    ok(esb(s, "create_service_template", {"bk_biz_id": 1, "name": "c"},
           app={"bk_app_code": "cfg", "bk_app_secret": "s3:cr:et", "bk_username": "u"}))
    fails(esb(s, "create_service_template", {"bk_biz_id": 1, "name": "c"},
              app={"bk_app_code": "ops", "bk_app_secret": "trusted", "bk_username": "u"}),
          1306000, "User authentication failed", "an app whose secret is 'trusted'")
    sid = s.login()
    ok(esb(s, "create_service_template", {"bk_biz_id": 1, "name": "c2"},
           app={"bk_app_code": "ops", "bk_app_secret": "trusted", "bk_token": sid}))
    one = {"bk_app_code": "one", "bk_app_secret": "s3:cr:et", "bk_username": "u"}
    ok(esb(s, "create_service_template", {"bk_biz_id": 4, "name": "c"}, app=one))
    fails(esb(s, "create_service_template", {"bk_biz_id": 1, "name": "c4"}, app=one), 9900403,
          NOPERM, "a bound app from the config file")
    s.stop()
    bad = e2e.Server(name="badconf")
    conf = os.path.join(bad.tmp, "tmpld.conf")
    with open(conf, "w") as f:
        f.write("bk-app = x:s:trusted:1,,2\n")
    p = subprocess.run([bad.bin, "--config", conf, "--data", bad.tmp, "--listen",
                        "127.0.0.1:1"], capture_output=True, text=True, timeout=30)
    if p.returncode == 0 or "--bk-app" not in p.stderr:
        raise AssertionError("a malformed business list: status %d, %r" % (p.returncode,
                                                                          p.stderr))


@T.test
def templates_survive_a_restart():
    s = e2e.Server(name="restart", extra_args=["--bk-app", "esb_test:xxx:trusted"]).start()
    make_user(s, s.login(), "admin")
    pid = new_proc(s, new_svc(s), "durable")
    d = ok(update(s, pid, {"bind_info": {"value": [
        {"port": {"value": "80"}, "protocol": {"value": "1"}, "row_id": 1}, {
            "port": {"value": "81"}, "protocol": {"value": "2"}}]}}))
    ok(update(s, pid, {"bind_info": {"value": [
        {"port": {"value": "80"}, "protocol": {"value": "1"}, "row_id": 1}]}}))
    s.restart()
    got = get(s, pid)
    expect_eq(got["property"]["bind_info"]["value"], d["property"]["bind_info"]["value"][:1],
              "after restart")
    d = ok(update(s, pid, {"bind_info": {"value": [{"port": {"value": "82"},
                                                    "protocol": {"value": "1"}}]}}))
    expect_eq(d["property"]["bind_info"]["value"][0]["row_id"], 3, "max row id persisted")
    s.stop()


if __name__ == "__main__":
    sys.exit(T.main())
