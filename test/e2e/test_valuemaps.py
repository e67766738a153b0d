#!/usr/bin/env python3
# test_valuemaps.py: value maps (valuemap.*) and the items that use them, against the real tmpld.
#
# Exercises:
#   - valuemap.create on a template (every mapping type, a generated uuid) and on a host (no
#     uuid); valuemap.get extend, selectMappings (extend in column order, a field list, count),
#     filter, search, countOutput, and the key left out of a field list;
#   - valuemap.update: a rename, mappings replaced, name alone keeps the mappings;
#   - errors with Zabbix's texts: a name taken on the host, twice in one call, swapped names,
#     mapping rules per type (float, range, regexp, default twice, a value twice, value missing,
#     value on a default), uuid on a host's map, bad uuid, unknown ids, delete [] and repeats;
#     a failing call changes nothing;
#   - template.get/host.get selectValueMaps (extend, a field list, "count" refused);
#   - items: valuemapid must be a map of the item's own host; a host's copy of a template's
#     item keeps the template's valuemapid through a link (and the host gets no value map);
#     unlinking resets the copy's valuemapid to "0"; clearing deletes the copy; item.get
#     selectValueMap gives the map or [];
#   - item.get selectValueMap with a field list, the tags filter, template.get itemids, and an
#     empty item tag name refused with its path;
#   - valuemap.delete resets valuemapid of the items using the map, copies included;
#     template.delete and host.delete delete their value maps.
# Usage: test_valuemaps.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import os
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, ["--log-level", "warn"], name="valuemaps", login=True, fmt="%s-%d")
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq


def group():
    return S.once("group", lambda: res("hostgroup.create", {"name": "e2e valuemaps"})["groupids"][0])


def mk_template():
    return res("template.create", {"host": uniq("e2e-vm-T"),
                                    "groups": [{"groupid": group()}]})["templateids"][0]


def mk_host():
    return res("host.create", {"host": uniq("e2e-vm-H"),
                               "groups": [{"groupid": group()}]})["hostids"][0]


def mk_vm(hostid, name, mappings=None):
    return res("valuemap.create", {"hostid": hostid, "name": name,
                                   "mappings": mappings or [{"value": "1", "newvalue": "up"}]}
               )["valuemapids"][0]


def mk_item(hostid, key, **extra):
    params = {"hostid": hostid, "name": key, "key_": key, "type": 2, "value_type": 3}
    params.update(extra)
    return res("item.create", params)["itemids"][0]


def host_name(hostid):
    return res("host.get", {"hostids": [hostid], "templated_hosts": True,
                            "output": ["host"]})[0]["host"]


def item_vm(itemid):
    return res("item.get", {"itemids": [itemid], "output": ["valuemapid"]})[0]["valuemapid"]


@T.test
def create_and_get():
    t, h = mk_template(), mk_host()
    all_types = [{"value": "1", "newvalue": "eq"}, {"type": 1, "value": "5.5", "newvalue": "ge"},
                 {"type": 2, "value": "-3", "newvalue": "le"},
                 {"type": 3, "value": "1-2, 4", "newvalue": "range"},
                 {"type": 4, "value": "^a+$", "newvalue": "regex"},
                 {"type": 5, "newvalue": "default"}]
    v1 = mk_vm(t, "VM all", all_types)
    v2, v3 = res("valuemap.create", [
        {"hostid": h, "name": "VM b", "mappings": [{"value": "", "newvalue": "empty"}]},
        {"hostid": h, "name": "VM a", "mappings": [{"type": "0", "value": "x", "newvalue": "X"}]},
    ])["valuemapids"]
    got = res("valuemap.get", {"output": "extend", "valuemapids": [v1, v2, v3],
                               "selectMappings": "extend", "sortfield": "name"})
    expect_eq([g["name"] for g in got], ["VM a", "VM all", "VM b"], "names by name")
    expect_eq(list(got[0]), ["valuemapid", "hostid", "name", "uuid", "mappings"], "extend keys")
    expect_eq((got[0]["hostid"], got[0]["uuid"]), (h, ""), "a host's map has no uuid")
    expect_eq((got[1]["hostid"], len(got[1]["uuid"])), (t, 32), "a template's map has one")
    expect_eq(got[1]["mappings"][5], {"value": "", "newvalue": "default", "type": "5"},
              "the default, in column order")
    expect_eq(got[1]["mappings"][3]["value"], "1-2, 4", "a range as given")
    got = res("valuemap.get", {"output": ["name"], "hostids": h, "selectMappings": "count",
                               "sortfield": "name", "sortorder": "DESC"})
    expect_eq(got, [{"name": "VM b", "mappings": "1"}, {"name": "VM a", "mappings": "1"}],
              "count, no key")
    got = res("valuemap.get", {"output": ["name"], "valuemapids": v1,
                               "selectMappings": ["newvalue"]})
    expect_eq(got[0]["mappings"][:2], [{"newvalue": "eq"}, {"newvalue": "ge"}], "field list")
    got = res("valuemap.get", {"output": ["name", "hostid"], "hostids": [t, h],
                               "filter": {"name": "VM a"}})
    expect_eq(got, [{"name": "VM a", "hostid": h}], "filter")
    got = res("valuemap.get", {"output": ["name"], "hostids": [t, h], "search": {"name": "all"}})
    expect_eq(got, [{"name": "VM all"}], "search")
    expect_eq(res("valuemap.get", {"countOutput": True, "hostids": [t, h]}), "3", "countOutput")


@T.test
def update_and_selects():
    t, h = mk_template(), mk_host()
    v1 = mk_vm(t, "VM one")
    v2 = mk_vm(h, "VM two", [{"value": "", "newvalue": "empty"}])
    res("valuemap.update", {"valuemapid": v1, "name": "VM renamed",
                            "mappings": [{"value": "9", "newvalue": "nine"}]})
    res("valuemap.update", {"valuemapid": v2, "name": "VM c"})
    got = res("valuemap.get", {"output": ["name"], "valuemapids": [v1, v2],
                               "selectMappings": "extend", "sortfield": "name"})
    expect_eq(got, [{"name": "VM c", "mappings": [{"value": "", "newvalue": "empty",
                                                   "type": "0"}]},
                    {"name": "VM renamed", "mappings": [{"value": "9", "newvalue": "nine",
                                                         "type": "0"}]}], "after updates")
    got = res("host.get", {"output": ["host"], "hostids": h, "selectValueMaps": "extend"})
    expect_eq(got[0]["valuemaps"], [{"valuemapid": v2, "name": "VM c", "mappings": [
        {"type": "0", "value": "", "newvalue": "empty"}]}], "host.get selectValueMaps")
    got = res("template.get", {"output": ["host"], "templateids": t,
                               "selectValueMaps": ["name", "uuid"]})
    expect_eq(list(got[0]["valuemaps"][0]), ["name", "uuid"], "a field list")
    r = call("template.get", {"templateids": t, "selectValueMaps": "count"})
    expect_error(r, -32602, 'Invalid parameter "/selectValueMaps": value must be "extend".')


@T.test
def errors_with_zabbix_texts():
    t, h = mk_template(), mk_host()
    vm = mk_vm(t, "VM")
    mk_vm(t, "VM3")
    one = [{"value": "1", "newvalue": "a"}]

    def create(extra, mappings=one):
        p = {"hostid": t, "name": "VM2", "mappings": mappings}
        p.update(extra)
        return call("valuemap.create", p)
    expect_error(create({"name": "VM"}), -32602, 'Value map "VM" already exists.')
    r = call("valuemap.create", [{"hostid": t, "name": "VMX", "mappings": one}] * 2)
    expect_error(r, -32602, 'Invalid parameter "/2": value (hostid, name)=(%s, VMX) already '
                 'exists.' % t)
    expect_error(create({"hostid": "999999999"}), -32500,
                 "No permissions to referred object or it does not exist!")
    expect_error(create({}, []), -32602, 'Invalid parameter "/1/mappings": cannot be empty.')
    cases = [
        ([{"type": 6, "value": "1", "newvalue": "a"}],
         '"/1/mappings/1/type": value must be one of 0, 1, 2, 3, 4, 5.'),
        ([{"value": "1"}], '"/1/mappings/1": the parameter "newvalue" is missing.'),
        ([{"value": "1", "newvalue": ""}], '"/1/mappings/1/newvalue": cannot be empty.'),
        ([{"newvalue": "a"}], '"/1/mappings/1": the parameter "value" is missing.'),
        ([{"type": 5, "value": "1", "newvalue": "a"}], '"/1/mappings/1/value": should be empty.'),
        ([{"type": 5, "newvalue": "a"}, {"type": 5, "newvalue": "b"}],
         '"/1/mappings/2": value (type)=(5) already exists.'),
        ([{"value": "1", "newvalue": "a"}, {"value": "1", "newvalue": "b"}],
         '"/1/mappings/2": value (value)=(1) already exists.'),
        ([{"type": 1, "value": "abc", "newvalue": "a"}],
         '"/1/mappings/1/value": a floating point value is expected.'),
        ([{"type": 3, "value": "5-", "newvalue": "a"}],
         '"/1/mappings/1/value": invalid range expression.'),
        ([{"type": 4, "value": "(", "newvalue": "a"}],
         '"/1/mappings/1/value": invalid regular expression.'),
        ([{"type": 4, "value": "", "newvalue": "a"}], '"/1/mappings/1/value": cannot be empty.'),
    ]
    for mappings, text in cases:
        expect_error(create({}, mappings), -32602, "Invalid parameter " + text, what=text)
    expect_error(create({"uuid": "not-a-uuid"}), -32602,
                 'Invalid parameter "/1/uuid": must be 32 characters long.')
    expect_error(create({"hostid": h, "uuid": "0a1b2c3d4e5f40718293a4b5c6d7e8f9"}), -32602,
                 'Invalid parameter "/1": unexpected parameter "uuid".')
    expect_error(call("valuemap.update", {"valuemapid": "999999999", "name": "x"}), -32500,
                 "No permissions to referred object or it does not exist!")
    expect_error(call("valuemap.update", {"valuemapid": vm, "hostid": h}), -32602,
                 'Invalid parameter "/1": unexpected parameter "hostid".')
    expect_error(call("valuemap.update", {"valuemapid": vm, "name": "VM3"}), -32602,
                 'Value map "VM3" already exists.')
    v3 = res("valuemap.get", {"hostids": t, "filter": {"name": "VM3"},
                              "output": ["valuemapid"]})[0]["valuemapid"]
    r = call("valuemap.update", [{"valuemapid": vm, "name": "VM3"},
                                 {"valuemapid": v3, "name": "VM"}])
    expect_error(r, -32602, 'Value map "VM3" already exists.', what="swapped names")
    expect_error(call("valuemap.delete", []), -32602, 'Invalid parameter "/": cannot be empty.')
    expect_error(call("valuemap.delete", [vm, vm]), -32602,
                 'Invalid parameter "/2": value (%s) already exists.' % vm)
    expect_error(call("valuemap.delete", [vm, "999999999"]), -32500,
                 "No permissions to referred object or it does not exist!")
    got = res("valuemap.get", {"output": ["name"], "valuemapids": vm, "selectMappings": "extend"})
    expect_eq(got, [{"name": "VM", "mappings": [{"value": "1", "newvalue": "up", "type": "0"}]}],
              "VM unchanged")


@T.test
def items_link_unlink_and_clear():
    t1, t2, h = mk_template(), mk_template(), mk_host()
    vm, vm2 = mk_vm(t1, "VM"), mk_vm(t2, "VM")
    i1 = mk_item(t1, "vm.item", valuemapid=vm)
    tname = host_name(t1)
    text = 'Valuemap with ID "%s" is not available on "%s".'
    expect_error(call("item.create", {"hostid": t1, "name": "x", "key_": "x", "type": 2,
                                      "value_type": 3, "valuemapid": vm2}),
                 -32602, text % (vm2, tname))
    expect_error(call("item.update", {"itemid": i1, "valuemapid": vm2}), -32602,
                 text % (vm2, tname))
    expect_error(call("item.create", {"hostid": t1, "name": "y", "key_": "y", "type": 2,
                                      "value_type": 3, "valuemapid": "999999999"}),
                 -32602, text % ("999999999", tname))
    res("host.update", {"hostid": h, "templates": [{"templateid": t1}]})
    got = res("host.get", {"output": ["host"], "hostids": h, "selectValueMaps": "extend"})
    expect_eq(got[0]["valuemaps"], [], "value maps are not inherited")
    got = res("item.get", {"output": ["key_", "valuemapid", "templateid"], "hostids": h,
                           "selectValueMap": "extend"})
    expect_eq(got[0]["valuemapid"], vm, "the copy keeps the template's valuemapid")
    expect_eq(got[0]["valuemap"], {"valuemapid": vm, "name": "VM",
                                   "mappings": [{"type": "0", "value": "1", "newvalue": "up"}]},
              "selectValueMap")
    copy = got[0]["itemid"]
    res("host.update", {"hostid": h, "templates": []})
    got = res("item.get", {"output": ["valuemapid", "templateid"], "itemids": copy,
                           "selectValueMap": "extend"})
    expect_eq((got[0]["valuemapid"], got[0]["templateid"], got[0]["valuemap"]), ("0", "0", []),
              "unlink resets the copy's valuemapid")
    expect_eq(item_vm(i1), vm, "the template's item keeps its map")
    # link again (the host's own item is adopted, valuemapid again the template's), then clear
    res("host.update", {"hostid": h, "templates": [{"templateid": t1}]})
    expect_eq(item_vm(copy), vm, "adopted item takes the template's valuemapid")
    res("host.update", {"hostid": h, "templates_clear": [{"templateid": t1}]})
    expect_eq(res("item.get", {"itemids": copy, "output": ["itemid"]}), [], "cleared")
    # valuemapid "0" clears; a host's own item may use the host's map
    res("item.update", {"itemid": i1, "valuemapid": "0"})
    expect_eq(item_vm(i1), "0", "cleared by 0")
    hvm = mk_vm(h, "host VM")
    hi = mk_item(h, "h.item", valuemapid=hvm)
    expect_eq(item_vm(hi), hvm, "a host item with the host's map")


@T.test
def delete_resets_items_and_hosts_drop_maps():
    t, b, h = mk_template(), mk_template(), mk_host()
    vm, keep = mk_vm(t, "VM"), mk_vm(t, "keep")
    i1 = mk_item(t, "vm.item", valuemapid=vm)
    i2 = mk_item(t, "keep.item", valuemapid=keep)
    res("template.update", {"templateid": b, "templates": [{"templateid": t}]})
    res("host.update", {"hostid": h, "templates": [{"templateid": b}]})
    copies = res("item.get", {"hostids": [b, h], "output": ["valuemapid", "key_"]})
    expect_eq(sorted((c["key_"], c["valuemapid"]) for c in copies),
              sorted([("vm.item", vm)] * 2 + [("keep.item", keep)] * 2), "copies on B and H")
    expect_eq(res("valuemap.delete", [vm]), {"valuemapids": [vm]}, "delete")
    copies = res("item.get", {"hostids": [t, b, h], "output": ["valuemapid", "key_"]})
    expect_eq(sorted((c["key_"], c["valuemapid"]) for c in copies),
              sorted([("vm.item", "0")] * 3 + [("keep.item", keep)] * 3), "reset on every level")
    expect_eq(item_vm(i1), "0", "the template's item")
    expect_eq(item_vm(i2), keep, "another map's item untouched")
    hvm = mk_vm(h, "host VM")
    res("template.delete", [t])
    expect_eq(res("valuemap.get", {"valuemapids": [keep], "output": ["name"]}), [],
              "template.delete deletes its value maps")
    res("host.delete", [h])
    expect_eq(res("valuemap.get", {"valuemapids": [hvm], "output": ["name"]}), [],
              "host.delete deletes its value maps")


@T.test
def item_selects_tags_and_template_itemids():
    t1, t2 = mk_template(), mk_template()
    vm = mk_vm(t1, "VM")
    i1 = mk_item(t1, "tagged", valuemapid=vm, tags=[{"tag": "b", "value": "2"}, {"tag": "a"}])
    i2 = mk_item(t2, "other", tags=[{"tag": "a", "value": "x"}])
    got = res("item.get", {"output": ["key_"], "itemids": [i1, i2], "selectValueMap": ["name"],
                           "sortfield": "key_"})
    expect_eq([g["valuemap"] for g in got], [[], {"name": "VM"}], "selectValueMap field list")
    got = res("item.get", {"output": ["key_"], "itemids": [i1, i2],
                           "tags": [{"tag": "a", "value": "x", "operator": 1}]})
    expect_eq([g["key_"] for g in got], ["other"], "tag equals")
    got = res("item.get", {"output": ["key_"], "itemids": [i1, i2], "sortfield": "key_",
                           "tags": [{"tag": "a", "operator": 4}]})
    expect_eq([g["key_"] for g in got], ["other", "tagged"], "tag exists")
    got = res("template.get", {"output": ["host"], "itemids": [i1, "999999999"]})
    expect_eq([g["templateid"] for g in got], [t1], "template.get itemids")
    r = call("item.update", {"itemid": i1, "tags": [{"tag": ""}]})
    expect_error(r, -32602, 'Invalid parameter "/1/tags/1/tag": cannot be empty.')


if __name__ == "__main__":
    T.main()
