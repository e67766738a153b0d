#!/usr/bin/env python3
# test_bk_service.py: BlueKing's service-template family (issue 16) on the ESB routes and
# their JSON-RPC twins, against the real tmpld.
#
# Exercises:
#   - service categories: the built-in tree (Default/Default and the others, ids 1..20,
#     bk_biz_id 0) in every business; create at two levels only, names unique per parent,
#     update/delete of built-in ones refused, a category with children (1199055) or used by a
#     service template (1199056) is not deleted; business scoping;
#   - service templates: name unique per business (1199014), second-level category only,
#     update/list(search, sort, page)/delete, deletion refused while instances exist (1199056);
#   - the whole life of one service template: three process templates, instances on 100
#     hosts (one process instance per process template, unlocked fields as initial values),
#     update_proc_template with locked and unlocked changes, the difference, a sync (locked
#     fields overwritten, null too; bind_info rebuilt by template row id), an instance edit
#     refused on a locked field (1108035) and accepted on another, a process template deleted
#     and the instances synced again (its process instances gone);
#   - labels and selectors; free process instances (create/update/delete); deleting a locked
#     one refused; host.delete drops the host's service instances;
#   - all or nothing: a failing create or update changes nothing;
#   - the JSON-RPC face answers the same data.
# Usage: test_bk_service.py [BIN]

import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq  # noqa: E402

T = e2e.Tests()
ESB = "/api/c/compapi/v2/cc/%s/"
APP = {"bk_app_code": "esb_test", "bk_app_secret": "xxx", "bk_username": "Admin"}
shared = e2e.Shared(T, ["--bk-app", "esb_test:xxx:trusted", "--bk-app", "two:sec:trusted:2"],
                    login=True)
SEQ = [0]


def esb(name, params, app=APP):
    body = dict(app)
    body.update(params)
    status, ctype, data = shared.srv().raw_post(
        json.dumps(body).encode(), headers={"Content-Type": "application/json"},
        path=ESB % name)
    return e2e.check_rpc_http(status, ctype, data)


def ok(r, what="call"):
    if r.get("code") != 0 or r.get("result") is not True:
        raise AssertionError("%s failed: %s" % (what, e2e.short(r)))
    return r["data"]


def fails(r, code, needle=None, what="call"):
    if r.get("code") != code or r.get("result") is not False or r.get("data") is not None:
        raise AssertionError("%s: expected code %d, got %s" % (what, code, e2e.short(r)))
    if needle is not None and needle not in r["message"]:
        raise AssertionError("%s: message %r lacks %r" % (what, r["message"], needle))


def uniq(prefix):
    SEQ[0] += 1
    return "%s-%d" % (prefix, SEQ[0])


def hosts(n, ip=True):
    """n new tmpld hosts (with an agent interface 10.0.x.y when ip); their ids as ints."""
    g = shared.res("hostgroup.create", {"name": uniq("bk hosts")})["groupids"][0]
    params = []
    for i in range(n):
        h = {"host": uniq("bkh"), "groups": [{"groupid": g}]}
        if ip:
            h["interfaces"] = [{"type": 1, "main": 1, "useip": 1, "dns": "", "port": "10050",
                                "ip": "10.0.%d.%d" % (SEQ[0] % 250, i % 250 + 1)}]
        params.append(h)
    return [int(x) for x in shared.res("host.create", params)["hostids"]]


def spec(name, port="80", locked=True):
    return {"bk_process_name": {"value": name}, "bk_func_name": {"value": name},
            "user": {"value": "root", "as_default_value": False},
            "proc_num": {"value": 1, "as_default_value": True},
            "work_path": {"value": "/srv/" + name, "as_default_value": True},
            "start_cmd": {"value": "./start", "as_default_value": False},
            "bind_info": {"value": [{"ip": {"value": "3", "as_default_value": True},
                                     "port": {"value": port, "as_default_value": locked},
                                     "protocol": {"value": "1", "as_default_value": True},
                                     "enable": {"value": True, "as_default_value": False}}],
                          "as_default_value": True}}


def new_template(biz=1, procs=("a", "b", "c"), category=2):
    svc = ok(esb("create_service_template", {"bk_biz_id": biz, "name": uniq("svc"),
                                             "service_category_id": category}))["id"]
    ids = ok(esb("batch_create_proc_template", {
        "bk_biz_id": biz, "service_template_id": svc,
        "processes": [{"spec": spec(p, str(8000 + i))} for i, p in enumerate(procs)]}))
    return svc, ids


def instances(svc, hostids, biz=1, processes=None):
    out = []
    for i in range(0, len(hostids), 100):
        out += ok(esb("create_service_instance", {
            "bk_biz_id": biz, "bk_module_id": svc,
            "instances": [{"bk_host_id": h, "processes": processes or []}
                          for h in hostids[i:i + 100]]}))
    return out


def detail(svc, biz=1, **kw):
    params = {"bk_biz_id": biz, "bk_module_id": svc, "page": {"start": 0, "limit": 1000}}
    params.update(kw)
    return ok(esb("list_service_instance_detail", params))


@T.test
def categories_builtin_tree_and_two_levels():
    d = ok(esb("list_service_category", {"bk_biz_id": 1}))
    expect_eq(d["count"], 20, "built-in categories")
    byid = {c["id"]: c for c in d["info"]}
    expect_eq((byid[1]["name"], byid[1]["bk_parent_id"], byid[1]["bk_root_id"]),
              ("Default", 0, 1), "Default")
    expect_eq((byid[2]["name"], byid[2]["bk_parent_id"], byid[2]["bk_root_id"]),
              ("Default", 1, 1), "Default/Default")
    expect_eq([byid[i]["name"] for i in (3, 4, 11, 12, 14, 15, 18, 20)],
              ["数据库", "Mysql", "消息队列", "Kafka", "HTTP 服务", "Nginx", "存储", "NFS"],
              "the migration's names")
    expect_eq({c["is_built_in"] for c in d["info"]}, {True}, "built in")
    expect_eq({c["bk_biz_id"] for c in d["info"]}, {0}, "shared")
    top = ok(esb("create_service_category", {"bk_biz_id": 1, "name": "Mine"}))
    expect_eq((top["bk_root_id"], top["bk_parent_id"], top["is_built_in"]),
              (top["id"], 0, False), "a root")
    sub = ok(esb("create_service_category", {"bk_biz_id": 1, "name": "Sub",
                                             "bk_parent_id": top["id"]}))
    expect_eq((sub["bk_root_id"], sub["bk_parent_id"]), (top["id"], top["id"]), "a child")
    fails(esb("create_service_category", {"bk_biz_id": 1, "name": "Deep",
                                          "bk_parent_id": sub["id"]}), 1199006, "two levels")
    fails(esb("create_service_category", {"bk_biz_id": 1, "name": "Sub",
                                          "bk_parent_id": top["id"]}), 1199014, "already")
    under = ok(esb("create_service_category", {"bk_biz_id": 1, "name": "Mine2",
                                               "bk_parent_id": 3}))
    expect_eq(under["bk_root_id"], 3, "under a built-in root")
    fails(esb("create_service_category", {"bk_biz_id": 2, "name": "x",
                                          "bk_parent_id": top["id"]}), 1199006, "not found")
    expect_eq(ok(esb("list_service_category", {"bk_biz_id": 2}))["count"], 20,
              "another business sees only the built-in tree")
    fails(esb("update_service_category", {"bk_biz_id": 1, "id": 2, "name": "x"}), 1199006,
          "built in")
    fails(esb("delete_service_category", {"bk_biz_id": 1, "id": 1}), 1199006, "built in")
    expect_eq(ok(esb("update_service_category", {"bk_biz_id": 1, "id": sub["id"],
                                                 "name": "Sub2"}))["name"], "Sub2", "renamed")
    fails(esb("delete_service_category", {"bk_biz_id": 1, "id": top["id"]}), 1199055)
    svc = ok(esb("create_service_template", {"bk_biz_id": 1, "name": uniq("in-sub"),
                                             "service_category_id": sub["id"]}))
    fails(esb("delete_service_category", {"bk_biz_id": 1, "id": sub["id"]}), 1199056)
    ok(esb("update_service_template", {"bk_biz_id": 1, "id": svc["id"],
                                       "service_category_id": 2}))
    expect_eq(ok(esb("delete_service_category", {"bk_biz_id": 1, "id": sub["id"]})), None,
              "deleted")
    ok(esb("delete_service_category", {"bk_biz_id": 1, "id": top["id"]}))
    fails(esb("delete_service_category", {"bk_biz_id": 1, "id": top["id"]}), 1199019)
    r = shared.res("servicecategory.list", {"bk_biz_id": 1})
    expect_eq(r["count"], 21, "JSON-RPC twin")


@T.test
def service_templates_names_categories_list_delete():
    name = uniq("tpl")
    svc = ok(esb("create_service_template", {"bk_biz_id": 1, "name": name}))
    expect_eq(svc["service_category_id"], 2, "Default/Default by default")
    fails(esb("create_service_template", {"bk_biz_id": 1, "name": name}), 1199014)
    ok(esb("create_service_template", {"bk_biz_id": 2, "name": name},
           app=dict(APP, bk_app_code="two", bk_app_secret="sec")))
    fails(esb("create_service_template", {"bk_biz_id": 1, "name": uniq("t"),
                                          "service_category_id": 3}), 1199006, "first-level")
    fails(esb("create_service_template", {"bk_biz_id": 1, "name": uniq("t"),
                                          "service_category_id": 999}), 1199006, "not found")
    other = ok(esb("create_service_template", {"bk_biz_id": 1, "name": uniq("tpl"),
                                               "service_category_id": 4}))
    fails(esb("update_service_template", {"bk_biz_id": 1, "id": other["id"], "name": name}),
          1199014)
    fails(esb("update_service_template", {"bk_biz_id": 1, "id": other["id"]}), 1199006)
    up = ok(esb("update_service_template", {"bk_biz_id": 1, "id": other["id"],
                                            "name": name + "-z"}))
    expect_eq((up["name"], up["service_category_id"]), (name + "-z", 4), "updated")
    got = ok(esb("list_service_template", {"bk_biz_id": 1, "search": name,
                                           "page": {"start": 0, "limit": 10, "sort": "-name"}}))
    expect_eq([t["name"] for t in got["info"]], [name + "-z", name], "search, sort")
    got = ok(esb("list_service_template", {"bk_biz_id": 1, "search": name, "is_exact": True}))
    expect_eq(got["count"], 1, "exact")
    got = ok(esb("list_service_template", {"bk_biz_id": 1, "service_category_id": 4,
                                           "service_template_ids": [other["id"]]}))
    expect_eq([t["id"] for t in got["info"]], [other["id"]], "by category and ids")
    ok(esb("batch_create_proc_template", {"bk_biz_id": 1, "service_template_id": other["id"],
                                          "processes": [{"spec": spec("x")}]}))
    h = hosts(1)
    [si] = instances(other["id"], h)
    fails(esb("delete_service_template", {"bk_biz_id": 1, "service_template_id": other["id"]}),
          1199056, "service instances")
    ok(esb("delete_service_instance", {"bk_biz_id": 1, "service_instance_ids": [si]}))
    expect_eq(ok(esb("delete_service_template", {"bk_biz_id": 1,
                                                 "service_template_id": other["id"]})), None,
              "deleted")
    fails(esb("get_service_template", {"bk_biz_id": 1, "service_template_id": other["id"]}),
          1199019)


@T.test
def one_service_template_through_its_whole_life():
    svc, (pa, pb, pc) = new_template()
    hostids = hosts(100)
    given = [{"process_template_id": pa, "process_info": {
        "user": "app", "work_path": "/ignored", "bind_info": [
            {"template_row_id": 1, "enable": False, "port": "1"}]}}]
    sis = instances(svc, hostids, processes=given)
    expect_eq(len(sis), 100, "100 instances")
    d = detail(svc)
    expect_eq(d["count"], 100, "listed")
    first = d["info"][0]
    if not re.match(r"^10\.0\.\d+\.\d+_a_8000$", first["name"]):
        raise AssertionError("default name %r is not IP_process_port" % first["name"])
    procs = {p["process"]["bk_process_name"]: p for p in first["process_instances"]}
    expect_eq(sorted(procs), ["a", "b", "c"], "one process per process template")
    a = procs["a"]["process"]
    expect_eq((a["user"], a["work_path"], a["start_cmd"]), ("app", "/srv/a", "./start"),
              "unlocked from the client, locked from the template")
    expect_eq(a["bind_info"], [{"enable": False, "ip": first["name"].split("_")[0],
                                "port": "8000", "protocol": "1", "template_row_id": 1}],
              "bind_info: ip code 3 resolved, locked port kept, unlocked enable given")
    expect_eq(procs["a"]["relation"]["process_template_id"], pa, "relation")
    # the template changes: a locked field, an unlocked one, a locked field to null, a row
    ok(esb("update_proc_template", {"bk_biz_id": 1, "process_template_id": pa,
                                    "process_property": {
                                        "work_path": {"value": "/opt/a", "as_default_value": True},
                                        "user": {"value": "nobody", "as_default_value": False},
                                        "proc_num": {"value": None, "as_default_value": True},
                                        "bind_info": {"value": [
                                            {"row_id": 1, "ip": {"value": "1", "as_default_value": True},
                                             "port": {"value": "9000", "as_default_value": True},
                                             "protocol": {"value": "1", "as_default_value": True},
                                             "enable": {"value": True, "as_default_value": False}},
                                            {"ip": {"value": "2", "as_default_value": True},
                                             "port": {"value": "9001", "as_default_value": True},
                                             "protocol": {"value": "2", "as_default_value": True}}],
                                            "as_default_value": True}}}))
    diff = ok(esb("list_service_template_difference", {"bk_biz_id": 1, "bk_module_id": svc}))
    expect_eq(diff["need_sync"], True, "needs a sync")
    expect_eq([g["process_template_id"] for g in diff["changed"]], [pa], "changed: a")
    g = diff["changed"][0]
    expect_eq((g["process_template_name"], g["service_instance_count"]), ("a", 100), "group")
    attrs = {x["property_id"]: x for x in g["service_instances"][0]["changed_attributes"]}
    expect_eq(sorted(attrs), ["bind_info", "proc_num", "work_path"], "locked changes only")
    expect_eq((attrs["work_path"]["property_value"],
               attrs["work_path"]["template_property_value"]), ("/srv/a", "/opt/a"), "values")
    expect_eq(attrs["proc_num"]["template_property_value"], None, "to null")
    expect_eq(sorted(x["process_template_id"] for x in diff["unchanged"]), [pb, pc],
              "unchanged")
    expect_eq((diff["added"], diff["removed"]), ([], []), "nothing added or removed")
    r = ok(esb("sync_service_template_to_service_instance", {"bk_biz_id": 1,
                                                             "service_template_id": svc}))
    expect_eq(len(r["synced_service_instance_ids"]), 100, "all synced")
    after = detail(svc, service_instance_ids=[first["id"]])["info"][0]
    a = {p["process"]["bk_process_name"]: p["process"] for p in after["process_instances"]}["a"]
    expect_eq((a["work_path"], a["proc_num"], a["user"]), ("/opt/a", None, "app"),
              "locked overwritten (null too), unlocked kept")
    expect_eq(a["bind_info"], [
        {"enable": False, "ip": "127.0.0.1", "port": "9000", "protocol": "1",
         "template_row_id": 1},
        {"enable": None, "ip": "0.0.0.0", "port": "9001", "protocol": "2",
         "template_row_id": 2}], "bind_info rebuilt by row id")
    diff = ok(esb("list_service_template_difference", {"bk_biz_id": 1,
                                                       "service_template_id": svc}))
    expect_eq((diff["need_sync"], diff["changed"]), (False, []), "in step")
    # an instance edit: a locked field refused, an unlocked one accepted
    pid = a["bk_process_id"]
    fails(esb("update_process_instance", {"bk_biz_id": 1, "processes": [
        {"bk_process_id": pid, "work_path": "/elsewhere"}]}), 1108035, "work_path")
    fails(esb("update_process_instance", {"bk_biz_id": 1, "processes": [
        {"bk_process_id": pid, "bind_info": [{"template_row_id": 1, "port": "1"}]}]}),
        1108035, "bind_info[0].port")
    expect_eq(ok(esb("update_process_instance", {"bk_biz_id": 1, "processes": [
        {"bk_process_id": pid, "user": "ops", "work_path": "/opt/a",
         "bind_info": [{"template_row_id": 1, "enable": True}]}]})), [pid], "unlocked edit")
    got = ok(esb("list_process_detail_by_ids", {"bk_biz_id": 1, "bk_process_ids": [pid],
                                               "fields": ["user", "bind_info"]}))
    expect_eq(sorted(got[0]), ["bind_info", "bk_process_id", "user"], "fields")
    expect_eq((got[0]["user"], got[0]["bind_info"][0]["enable"]), ("ops", True), "edited")
    fails(esb("delete_process_instance", {"bk_biz_id": 1, "process_instance_ids": [pid]}),
          1199006, "follows process template")
    # a process template deleted: its process instances go at the next sync
    ok(esb("delete_proc_template", {"bk_biz_id": 1, "process_templates": [pb]}))
    diff = ok(esb("list_service_template_difference", {"bk_biz_id": 1, "bk_module_id": svc}))
    expect_eq([(x["process_template_id"], x["process_template_name"],
                x["service_instance_count"]) for x in diff["removed"]], [(pb, "b", 100)],
              "removed")
    ok(esb("sync_service_template_to_service_instance", {"bk_biz_id": 1, "bk_module_id": svc}))
    d = detail(svc)
    expect_eq({tuple(sorted(p["process"]["bk_process_name"] for p in i["process_instances"]))
               for i in d["info"]}, {("a", "c")}, "b gone everywhere")
    # a process template added: the next sync adds its instances
    [pd] = ok(esb("batch_create_proc_template", {"bk_biz_id": 1, "service_template_id": svc,
                                                 "processes": [{"spec": spec("d")}]}))
    diff = ok(esb("list_service_template_difference", {"bk_biz_id": 1, "bk_module_id": svc}))
    expect_eq([(x["process_template_id"], x["service_instance_count"]) for x in diff["added"]],
              [(pd, 100)], "added")
    ok(esb("sync_service_template_to_service_instance", {
        "bk_biz_id": 1, "bk_module_id": svc, "service_instance_ids": sis[:10]}))
    diff = ok(esb("list_service_template_difference", {"bk_biz_id": 1, "bk_module_id": svc}))
    expect_eq(diff["added"][0]["service_instance_count"], 90, "only the ten listed synced")
    # JSON-RPC twins answer the same
    expect_eq(shared.res("servicetemplate.difference", {"bk_biz_id": 1,
                                                         "service_template_id": svc}), diff,
              "servicetemplate.difference")


@T.test
def labels_lists_and_host_deletion():
    svc, _ = new_template(procs=("x",))
    h = hosts(3)
    ids = instances(svc, h)
    ok(esb("add_label_for_service_instance", {"bk_biz_id": 1, "instance_ids": ids[:2],
                                              "labels": {"env": "prod", "tier": "web"}}))
    fails(esb("add_label_for_service_instance", {"bk_biz_id": 1, "instance_ids": ids[:1],
                                                 "labels": {"1bad": "x"}}), 1199006, "key")
    ok(esb("remove_label_from_service_instance", {"bk_biz_id": 1, "instance_ids": [ids[1]],
                                                  "keys": ["tier"]}))
    got = ok(esb("list_service_instance", {"bk_biz_id": 1, "bk_module_id": svc,
                                           "selectors": [{"key": "env", "operator": "=",
                                                          "values": ["prod"]}]}))
    expect_eq(sorted(i["id"] for i in got["info"]), sorted(ids[:2]), "selector =")
    got = ok(esb("list_service_instance", {"bk_biz_id": 1, "bk_module_id": svc,
                                           "selectors": [{"key": "tier",
                                                          "operator": "exists"}]}))
    expect_eq([(i["id"], i["labels"]) for i in got["info"]],
              [(ids[0], {"env": "prod", "tier": "web"})], "exists")
    fails(esb("list_service_instance", {"bk_biz_id": 1, "bk_module_id": svc, "selectors": [
        {"key": "env", "operator": "like", "values": []}]}), 1199006, "operator")
    got = ok(esb("list_service_instance", {"bk_biz_id": 1, "bk_host_ids": [h[2]]}))
    expect_eq([i["id"] for i in got["info"]], [ids[2]], "by host")
    got = ok(esb("list_service_instance_by_host", {"bk_biz_id": 1, "bk_host_id": h[0]}))
    expect_eq((got["count"], got["info"][0]["service_template_id"]), (1, svc), "by host route")
    got = ok(esb("list_service_instance", {"bk_biz_id": 1, "bk_module_id": svc,
                                           "page": {"start": 1, "limit": 1}}))
    expect_eq((got["count"], [i["id"] for i in got["info"]]), (3, [ids[1]]), "page")
    expect_eq(ok(esb("list_service_instance", {"bk_biz_id": 2, "bk_module_id": svc},
                     app=dict(APP, bk_app_code="two", bk_app_secret="sec")))["count"], 0,
              "another business sees none")
    shared.res("host.delete", [str(h[0])])
    got = ok(esb("list_service_instance", {"bk_biz_id": 1, "bk_module_id": svc}))
    expect_eq(sorted(i["id"] for i in got["info"]), sorted(ids[1:]), "host.delete dropped it")
    fails(esb("list_process_instance", {"bk_biz_id": 1, "service_instance_id": ids[0]}), 1199019)


@T.test
def free_process_instances():
    svc, _ = new_template(procs=("t",))
    [si] = instances(svc, hosts(1))
    new = ok(esb("create_process_instance", {"bk_biz_id": 1, "service_instance_id": si,
                                             "processes": [{"process_info": {
                                                 "bk_process_name": "free", "bk_func_name": "free",
                                                 "user": "u", "bind_info": [
                                                     {"ip": "127.0.0.1", "port": "7000",
                                                      "protocol": "1", "enable": True}]}}]}))
    fails(esb("create_process_instance", {"bk_biz_id": 1, "service_instance_id": si,
                                          "processes": [{"process_info": {
                                              "bk_func_name": "x"}}]}), 1199006,
          "bk_process_name")
    fails(esb("create_process_instance", {"bk_biz_id": 1, "service_instance_id": si,
                                          "processes": [{"process_info": {
                                              "bk_process_name": "y", "bk_func_name": "y",
                                              "proc_num": "5"}}]}), 1199000, "proc_num")
    fails(esb("create_process_instance", {"bk_biz_id": 1, "service_instance_id": si,
                                          "processes": [{"process_info": {
                                              "bk_process_name": "y", "bk_func_name": "y",
                                              "bind_info": [{"port": "0", "protocol": "1"}]}}]}),
          1199006, "bind_info[0].port")
    lst = ok(esb("list_process_instance", {"bk_biz_id": 1, "service_instance_id": si}))
    expect_eq(sorted(p["property"]["bk_process_name"] for p in lst), ["free", "t"],
              "a template process and a free one")
    free = [p for p in lst if p["relation"]["process_template_id"] == 0][0]
    expect_eq(free["property"]["bk_process_id"], new[0], "id")
    ok(esb("update_process_instance", {"bk_biz_id": 1, "processes": [
        {"bk_process_id": new[0], "work_path": "/any", "bind_info": [
            {"ip": "0.0.0.0", "port": "7001", "protocol": "2"}]}]}))
    got = ok(esb("list_process_detail_by_ids", {"bk_biz_id": 1, "bk_process_ids": new}))[0]
    expect_eq((got["work_path"], got["bind_info"][0]["port"]), ("/any", "7001"),
              "every field editable")
    ok(esb("sync_service_template_to_service_instance", {"bk_biz_id": 1, "bk_module_id": svc}))
    expect_eq(len(ok(esb("list_process_instance", {"bk_biz_id": 1,
                                                   "service_instance_id": si}))), 2,
              "a sync keeps free processes")
    ok(esb("delete_process_instance", {"bk_biz_id": 1, "process_instance_ids": new}))
    expect_eq(ok(esb("list_process_detail_by_ids", {"bk_biz_id": 1, "bk_process_ids": new})),
              [], "deleted")


@T.test
def refusals_change_nothing():
    svc, (pa,) = new_template(procs=("only",))
    h = hosts(2)
    fails(esb("create_service_instance", {"bk_biz_id": 1, "bk_module_id": svc, "instances": [
        {"bk_host_id": h[0]}, {"bk_host_id": 999999}]}), 1199006, "instances[1].bk_host_id")
    fails(esb("create_service_instance", {"bk_biz_id": 1, "bk_module_id": svc, "instances": [
        {"bk_host_id": h[0], "processes": [{"process_template_id": 12345,
                                            "process_info": {}}]}]}), 1199006,
          "process_template_id")
    fails(esb("create_service_instance", {"bk_biz_id": 1, "instances": [
        {"bk_host_id": h[0]}]}), 1199006, "bk_module_id")
    fails(esb("create_service_instance", {"bk_biz_id": 1, "bk_module_id": 999999,
                                          "instances": [{"bk_host_id": h[0]}]}), 1199006)
    expect_eq(ok(esb("list_service_instance", {"bk_biz_id": 1, "bk_module_id": svc}))["count"],
              0, "nothing created")
    ids = instances(svc, h)
    pids = [p["process"]["bk_process_id"] for i in detail(svc)["info"]
            for p in i["process_instances"]]
    fails(esb("update_process_instance", {"bk_biz_id": 1, "processes": [
        {"bk_process_id": pids[0], "user": "changed"},
        {"bk_process_id": pids[1], "proc_num": 5}]}), 1108035, "proc_num")
    got = ok(esb("list_process_detail_by_ids", {"bk_biz_id": 1, "bk_process_ids": pids}))
    expect_eq([p["user"] for p in got], ["root", "root"], "the first edit rolled back")
    fails(esb("delete_service_instance", {"bk_biz_id": 1,
                                          "service_instance_ids": [ids[0], 999999]}), 1199019)
    expect_eq(ok(esb("list_service_instance", {"bk_biz_id": 1, "bk_module_id": svc}))["count"],
              2, "nothing deleted")
    fails(esb("update_process_instance", {"bk_biz_id": 2, "processes": [
        {"bk_process_id": pids[0], "user": "x"}]}, app=dict(APP, bk_app_code="two",
                                                            bk_app_secret="sec")), 1199019)
    fails(esb("list_service_instance", {"bk_biz_id": 1},
              app=dict(APP, bk_app_code="two", bk_app_secret="sec")), 9900403)


if __name__ == "__main__":
    sys.exit(T.main())
