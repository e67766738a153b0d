#!/usr/bin/env python3
# test_hostprototype.py: host prototypes (hostprototype.*) against the real tmpld.
#
# Exercises:
#   - create/get/update/delete with group links, group prototypes, templates, macros (a secret
#     one's value never shown), tags, inventory mode; the errors (no LLD macro, no groupLinks,
#     duplicate host in a rule, unknown rule); host.get never lists prototypes;
#   - a three-level chain A -> B -> H: copies on each level's copy of the rule (templateid one
#     level up, uuid "", templates kept, parentHost the level's host), a template edit reaching
#     every copy, unlink (kept with templateid 0), relink (adopted), clear and delete on every
#     level;
#   - discoveryrule.get selectHostPrototypes (list and "count"); deleting the rule or the
#     template takes the prototypes; export then import into a fresh template; restart keeps
#     everything;
#   - custom interfaces (custom_interfaces 1): create, get (selectInterfaces with Zabbix's
#     columns, SNMP details), update (replaced; dropped with custom_interfaces 0), copies carry
#     them, export and import; Zabbix 6.0.14's texts for their checks (the answers its API
#     gave); hostprototype.get inherited and its strict options; what an inherited copy may
#     not change, and its deletion refused;
#   - the official templates whose host prototypes have interfaces (VMware FQDN, AWS by HTTP,
#     test/data/official) go in and come out byte for byte in json, yaml and xml.
# Usage: test_hostprototype.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import json
import os
import re
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, ["--log-level", "warn"], name="hproto", login=True, fmt="%s-%d")
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq


def group(name="e2e hproto"):
    return S.once(name, lambda: res("hostgroup.create", {"name": name})["groupids"][0])


def mk_template(prefix="e2e-hproto-T"):
    return res("template.create", {"host": uniq(prefix),
                                    "groups": [{"groupid": group()}]})["templateids"][0]


def mk_host(prefix="e2e-hproto-H"):
    return res("host.create", {"host": uniq(prefix),
                               "groups": [{"groupid": group()}]})["hostids"][0]


def mk_rule(hostid):
    return res("discoveryrule.create", {"hostid": hostid, "name": "VMs", "key_": "vm.discovery",
                                        "type": 2})["itemids"][0]


def mk_proto(ruleid, tpl, host="{#VM.ID}"):
    return res("hostprototype.create", {
        "host": host, "name": "VM {#VM.NAME}", "ruleid": ruleid, "inventory_mode": 1,
        "groupLinks": [{"groupid": group()}], "groupPrototypes": [{"name": "VMs {#C}"}],
        "templates": [{"templateid": tpl}],
        "macros": [{"macro": "{$A}", "value": "a"},
                   {"macro": "{$S}", "value": "secret", "type": 1}],
        "tags": [{"tag": "vm", "value": "{#VM.NAME}"}]})["hostids"][0]


def protos_of(ruleid, **extra):
    params = {"output": ["host", "name", "templateid", "uuid", "status"], "discoveryids": ruleid,
              "selectTemplates": ["host"], "selectParentHost": ["host"],
              "selectMacros": ["macro", "value", "type"], "selectGroupLinks": ["groupid"]}
    params.update(extra)
    return res("hostprototype.get", params)


def rule_of(hostid):
    got = res("discoveryrule.get", {"output": ["key_"], "hostids": hostid})
    return got[0]["itemid"] if got else None


@T.test
def create_get_update_delete():
    t, tl = mk_template(), mk_template("e2e-hproto-TL")
    r = mk_rule(t)
    p = mk_proto(r, tl)
    [got] = protos_of(r, output="extend", selectGroupPrototypes=["name"], selectTags="extend",
                      selectDiscoveryRule=["key_"], selectInterfaces="extend")
    expect_eq((got["hostid"], got["host"], got["inventory_mode"], got["templateid"]),
              (p, "{#VM.ID}", "1", "0"), "record")
    expect_eq(len(got["uuid"]), 32, "a uuid on a template")
    expect_eq(got["macros"], [{"macro": "{$A}", "value": "a", "type": "0"},
                              {"macro": "{$S}", "type": "1"}], "a secret's value never shown")
    expect_eq(got["groupPrototypes"], [{"name": "VMs {#C}"}], "group prototypes")
    expect_eq(got["discoveryRule"], {"itemid": r, "key_": "vm.discovery"}, "discoveryRule")
    expect_eq(got["parentHost"]["hostid"], t, "parentHost")
    expect_eq(got["templates"][0]["templateid"], tl, "templates")
    expect_eq(got["interfaces"], [], "interfaces")
    expect_error(call("hostprototype.create", {"host": "x", "ruleid": r,
                                               "groupLinks": [{"groupid": group()}]}),
                 -32602, 'Invalid parameter "/1/host": must contain at least one low-level '
                 'discovery macro.')
    expect_error(call("hostprototype.create", {"host": "{#X}", "ruleid": r}), -32602,
                 'Invalid parameter "/1": the parameter "groupLinks" is missing.')
    expect_error(call("hostprototype.create", {"host": "{#VM.ID}", "ruleid": r,
                                               "groupLinks": [{"groupid": group()}]}),
                 -32602, 'Host prototype with host name "{#VM.ID}" already exists in discovery '
                 'rule "VMs".')
    expect_error(call("hostprototype.create", {"host": "{#Z}", "ruleid": "999999999",
                                               "groupLinks": [{"groupid": group()}]}),
                 -32500, "No permissions to referred object or it does not exist!")
    expect_error(call("hostprototype.create", {"host": "{#OTHER}", "name": "VM {#VM.NAME}",
                                               "ruleid": r, "groupLinks": [{"groupid": group()}]}),
                 -32602, 'Host prototype with visible name "VM {#VM.NAME}" already exists in '
                 'discovery rule "VMs".')
    two = [{"host": "{#D}", "ruleid": r, "groupLinks": [{"groupid": group()}]}] * 2
    expect_error(call("hostprototype.create", two), -32602,
                 'Invalid parameter "/2": value (ruleid, host)=(%s, {#D}) already exists.' % r)
    [own] = res("hostprototype.get", {"output": ["uuid"], "hostids": p})
    expect_error(call("hostprototype.create", {"host": "{#UU}", "ruleid": r, "uuid": own["uuid"],
                                               "groupLinks": [{"groupid": group()}]}),
                 -32602, 'Entry with UUID "%s" already exists.' % own["uuid"])
    hr = mk_rule(mk_host())
    expect_error(call("hostprototype.create", {"host": "{#U}", "ruleid": hr,
                                               "uuid": "0123456789ab4def8123456789abcdef",
                                               "groupLinks": [{"groupid": group()}]}),
                 -32602, 'Invalid parameter "/1": unexpected parameter "uuid".')
    expect_eq(res("discoveryrule.get", {"output": ["key_"], "itemids": r,
                                        "selectHostPrototypes": "count"})[0]["hostPrototypes"],
              "1", "selectHostPrototypes count")
    expect_eq(res("host.get", {"output": ["host"], "search": {"host": "{#VM"}}), [],
              "host.get does not list prototypes")
    g2 = group("e2e hproto 2")
    res("hostprototype.update", {"hostid": p, "groupLinks": [{"groupid": g2}], "templates": [],
                                 "macros": [], "status": 1})
    [got] = protos_of(r)
    expect_eq((got["groupLinks"], got["templates"], got["macros"], got["status"]),
              ([{"groupid": g2}], [], [], "1"), "update replaces the sets")
    expect_eq(res("hostprototype.delete", [p]), {"hostids": [p]}, "delete")
    expect_eq(protos_of(r), [], "gone")
    expect_error(call("hostprototype.delete", [p]), -32500,
                 "No permissions to referred object or it does not exist!")


@T.test
def chain_link_unlink_clear():
    a, b, h, tl = mk_template(), mk_template(), mk_host(), mk_template("e2e-hproto-TL")
    ra = mk_rule(a)
    pa = mk_proto(ra, tl)
    res("template.update", {"templateid": b, "templates": [{"templateid": a}]})
    res("host.update", {"hostid": h, "templates": [{"templateid": b}]})
    rb, rh = rule_of(b), rule_of(h)
    [pb] = protos_of(rb)
    [ph] = protos_of(rh)
    expect_eq((pb["templateid"], pb["uuid"], pb["parentHost"]["hostid"]), (pa, "", b), "B's copy")
    expect_eq((ph["templateid"], ph["parentHost"]["hostid"]), (pb["hostid"], h), "H's copy")
    expect_eq(ph["templates"][0]["templateid"], tl, "the copy keeps its templates")
    res("hostprototype.update", {"hostid": pa, "name": "Renamed {#VM.NAME}"})
    expect_eq(protos_of(rh)[0]["name"], "Renamed {#VM.NAME}", "edit reaches every level")
    res("host.update", {"hostid": h, "templates": []})
    [kept] = protos_of(rh)
    expect_eq((kept["hostid"], kept["templateid"]), (ph["hostid"], "0"), "unlink keeps it")
    res("host.update", {"hostid": h, "templates": [{"templateid": b}]})
    [again] = protos_of(rh)
    expect_eq((again["hostid"], again["templateid"]), (ph["hostid"], pb["hostid"]), "adopted")
    res("template.update", {"templateid": b, "templates_clear": [{"templateid": a}]})
    expect_eq((rule_of(b), rule_of(h)), (None, None), "cleared on every level")
    expect_eq(len(protos_of(ra)), 1, "the template keeps its prototype")
    res("host.update", {"hostid": h, "templates": [{"templateid": a}]})
    expect_eq(len(protos_of(rule_of(h))), 1, "linked again")
    res("template.delete", [a])
    expect_eq(res("hostprototype.get", {"countOutput": True, "hostids": [pa, pb["hostid"]]}),
              "0", "template.delete takes them")
    expect_eq(rule_of(h), None, "and the host's copy")


@T.test
def rule_delete_export_import_restart():
    t, tl = mk_template(), mk_template("e2e-hproto-TL")
    r = mk_rule(t)
    mk_proto(r, tl)
    doc = res("configuration.export", {"format": "json", "options": {"templates": [t]}})
    srv().restart()
    expect_eq(len(protos_of(r)), 1, "kept over a restart")
    res("discoveryrule.delete", [r])
    expect_eq(protos_of(r), [], "the rule takes its prototypes")
    rules = {"discoveryRules": {"createMissing": True, "updateExisting": True,
                                "deleteMissing": True}}
    expect_eq(res("configuration.import", {"format": "json", "source": doc, "rules": rules}),
              True, "import")
    [got] = protos_of(rule_of(t), selectGroupPrototypes=["name"])
    expect_eq((got["host"], got["templates"][0]["templateid"], got["groupPrototypes"]),
              ("{#VM.ID}", tl, [{"name": "VMs {#C}"}]), "imported")
    again = res("configuration.export", {"format": "json", "options": {"templates": [t]}})
    strip = lambda s: s.split('"date"')[0] + s.split('"groups"', 1)[1]  # noqa: E731
    expect_eq(strip(again), strip(doc), "export after import is the same")


AGENT = {"type": 1, "useip": 1, "ip": "{#IP}", "dns": "", "port": "10050", "main": 1}
SNMP = {"type": 2, "useip": 0, "dns": "vm.{#DNS}", "port": "161", "main": 1,
        "details": {"version": 3, "securityname": "{$SNMP.USER}", "securitylevel": 1,
                    "authprotocol": 1, "authpassphrase": "{$SNMP.AUTH}"}}


def iface_proto(ruleid, host, interfaces, **extra):
    params = {"host": host, "ruleid": ruleid, "groupLinks": [{"groupid": group()}],
              "custom_interfaces": 1, "interfaces": interfaces}
    params.update(extra)
    return res("hostprototype.create", params)["hostids"][0]


def ifaces_of(hostid, select="extend"):
    [got] = res("hostprototype.get", {"output": ["custom_interfaces"], "hostids": hostid,
                                       "selectInterfaces": select})
    return got["custom_interfaces"], got["interfaces"]


@T.test
def interfaces_create_get_update():
    t = mk_template()
    r = mk_rule(t)
    p = iface_proto(r, "{#VM.ID}", [AGENT, SNMP])
    custom, got = ifaces_of(p)
    expect_eq(custom, "1", "custom_interfaces")
    expect_eq(got[0], {"main": "1", "type": "1", "useip": "1", "ip": "{#IP}", "dns": "",
                       "port": "10050", "available": "0", "error": "", "errors_from": "0",
                       "disable_until": "0", "details": []}, "agent interface, every column")
    expect_eq((got[1]["ip"], got[1]["dns"], got[1]["details"]),
              ("127.0.0.1", "vm.{#DNS}",
               {"version": "3", "bulk": "1", "securityname": "{$SNMP.USER}",
                "securitylevel": "1", "authpassphrase": "{$SNMP.AUTH}", "privpassphrase": "",
                "authprotocol": "1", "privprotocol": "0", "contextname": ""}),
              "SNMPv3 interface: ip's default, details as Zabbix shows them")
    expect_eq(ifaces_of(p, ["ip", "type"])[1], [{"type": "1", "ip": "{#IP}"},
                                                 {"type": "2", "ip": "127.0.0.1"}], "a column list")
    res("hostprototype.update", {"hostid": p, "interfaces": [dict(AGENT, ip="{#IP2}")]})
    expect_eq([i["ip"] for i in ifaces_of(p)[1]], ["{#IP2}"], "update replaces the list")
    res("hostprototype.update", {"hostid": p, "status": 1})
    expect_eq(len(ifaces_of(p)[1]), 1, "an update without interfaces keeps them")
    res("hostprototype.update", {"hostid": p, "custom_interfaces": 0})
    expect_eq(ifaces_of(p), ("0", []), "custom_interfaces 0 drops them")
    expect_error(call("hostprototype.update", {"hostid": p, "interfaces": [AGENT]}), -32602,
                 'Invalid parameter "/1": unexpected parameter "interfaces".')
    res("hostprototype.update", {"hostid": p, "custom_interfaces": 1})
    expect_eq(ifaces_of(p), ("1", []), "custom without interfaces")
    res("hostprototype.update", {"hostid": p, "interfaces": [AGENT]})
    expect_eq(len(ifaces_of(p)[1]), 1, "interfaces allowed once custom")


@T.test
def interfaces_refused_as_zabbix():
    r = mk_rule(mk_template())
    P = '/1/interfaces/1'
    cases = [
        ({"custom_interfaces": 0, "interfaces": [AGENT]},
         'Invalid parameter "/1": unexpected parameter "interfaces".'),
        ({"interfaces": [{"type": 1}]}, 'Invalid parameter "%s": the parameter "useip" is '
         'missing.' % P),
        ({"interfaces": [{"type": 1, "useip": 1}]},
         'Invalid parameter "%s": the parameter "ip" is missing.' % P),
        ({"interfaces": [dict(AGENT, ip="")]}, 'Invalid parameter "%s/ip": cannot be empty.' % P),
        ({"interfaces": [dict(AGENT, ip="x y")]},
         'Invalid parameter "%s/ip": an IP address is expected.' % P),
        ({"interfaces": [dict(AGENT, ip="256.1.1.1")]},
         'Invalid parameter "%s/ip": an IP address is expected.' % P),
        ({"interfaces": [dict(AGENT, useip=0, dns="a b")]},
         'Invalid parameter "%s/dns": a DNS name is expected.' % P),
        ({"interfaces": [dict(AGENT, useip=0)]},
         'Invalid parameter "%s/dns": cannot be empty.' % P),
        ({"interfaces": [dict(AGENT, port="99999")]},
         'Invalid parameter "%s/port": value must be one of 0-65535.' % P),
        ({"interfaces": [dict(AGENT, port="a")]},
         'Invalid parameter "%s/port": an integer is expected.' % P),
        ({"interfaces": [dict(AGENT, port=1.5)]},
         'Invalid parameter "%s/port": a number is expected.' % P),
        ({"interfaces": [dict(AGENT, type=5)]},
         'Invalid parameter "%s/type": value must be one of 1, 2, 3, 4.' % P),
        ({"interfaces": [dict(AGENT, foo=1)]},
         'Invalid parameter "%s": unexpected parameter "foo".' % P),
        ({"interfaces": [dict(AGENT, details={"version": 2})]},
         'Invalid parameter "%s": unexpected parameter "details".' % P),
        ({"interfaces": [AGENT, dict(AGENT, port="1")]}, 'Invalid parameter "/1/interfaces": '
         'cannot have more than one default interface of the same type.'),
        ({"interfaces": [dict(AGENT, main=0)]},
         'Invalid parameter "/1/interfaces": no default interface for "agent" type..'),
        ({"interfaces": [dict(SNMP, details=None)]},
         'Invalid parameter "%s/details": an array is expected.' % P),
        ({"interfaces": [{k: v for k, v in SNMP.items() if k != "details"}]},
         'Invalid parameter "%s": the parameter "details" is missing.' % P),
        ({"interfaces": [dict(SNMP, details={"version": 2})]},
         'Invalid parameter "%s/details": the parameter "community" is missing.' % P),
        ({"interfaces": [dict(SNMP, details={"version": 3, "community": "x"})]},
         'Invalid parameter "%s/details": unexpected parameter "community".' % P),
        ({"interfaces": [dict(SNMP, details={"version": 3, "securitylevel": 1,
                                             "privprotocol": 1})]},
         'Invalid parameter "%s/details": unexpected parameter "privprotocol".' % P),
        ({"interfaces": [dict(SNMP, details={"version": 3, "securitylevel": 2,
                                             "privprotocol": 6})]},
         'Invalid parameter "%s/details/privprotocol": value must be one of 0, 1, 2, 3, 4, 5.'
         % P),
    ]
    for i, (extra, text) in enumerate(cases):
        params = {"host": "{#R%d}" % i, "ruleid": r, "groupLinks": [{"groupid": group()}],
                  "custom_interfaces": 1}
        params.update(extra)
        expect_error(call("hostprototype.create", params), -32602, text, what=text)
    for i, ip in enumerate(("1.2.3.4", "::1", "{$IP}", "{#IP}", '{{#IP}.regsub("(.*)",\\1)}',
                            "{HOST.IP}")):
        iface_proto(r, "{#OK%d}" % i, [dict(AGENT, ip=ip)])
    expect_error(call("hostprototype.get", {"selectInterfaces": "count"}), -32602,
                 'Invalid parameter "/selectInterfaces": value must be "extend".')
    expect_error(call("hostprototype.get", {"selectMacros": "count"}), -32602,
                 'Invalid parameter "/selectMacros": value must be "extend".')
    expect_error(call("hostprototype.get", {"selectTags": ["tag", "x"]}), -32602,
                 'Invalid parameter "/selectTags/2": value must be one of "tag", "value".')
    expect_eq(res("hostprototype.get", {"hostids": [], "selectTemplates": "count"}), [],
              "selectTemplates takes count")
    expect_error(call("hostprototype.get", {"templated": True}), -32602,
                 'Invalid parameter "/": unexpected parameter "templated".')
    expect_error(call("hostprototype.get", {"inherited": "x"}), -32602,
                 'Invalid parameter "/inherited": a boolean is expected.')
    for opts, text in (
            ({"output": ["foo"]}, '/output/1": value must be one of "hostid", "host", "name", '
             '"status", "templateid", "inventory_mode", "discover", "custom_interfaces", '
             '"uuid".'),
            ({"output": "count"}, '/output": value must be "extend".'),
            ({"sortfield": ["host", "uuid"]}, '/sortfield/2": value must be one of "hostid", '
             '"host", "name", "status", "discover".'),
            ({"sortorder": "x"}, '/sortorder": value must be one of "ASC", "DESC".'),
            ({"filter": {"uuid": "x"}}, '/filter": unexpected parameter "uuid".'),
            ({"limit": 0}, '/limit": value must be one of 1-2147483647.'),
            ({"hostids": "x"}, '/hostids": an array is expected.'),
            ({"preservekeys": 1}, '/preservekeys": a boolean is expected.'),
            ({"limitSelects": 1}, '/": unexpected parameter "limitSelects".')):
        expect_error(call("hostprototype.get", opts), -32602, 'Invalid parameter "' + text,
                     what=text)
    expect_eq(res("hostprototype.get", {"hostids": "1", "countOutput": 1}), "0",
              "a bare id, a non-boolean flag")


@T.test
def inherited_copies_interfaces_and_refusals():
    t, h = mk_template(), mk_host()
    r = mk_rule(t)
    p = iface_proto(r, "{#VM.ID}", [AGENT])
    res("host.update", {"hostid": h, "templates": [{"templateid": t}]})
    rh = rule_of(h)
    [copy] = protos_of(rh)
    c = copy["hostid"]
    expect_eq(ifaces_of(c, ["ip"]), ("1", [{"ip": "{#IP}"}]), "the copy carries them")
    both = [p, c]
    ids = lambda **kw: [x["hostid"] for x in res("hostprototype.get", dict(  # noqa: E731
        output=["hostid"], hostids=both, **kw))]
    expect_eq((ids(inherited=True), ids(inherited=False), sorted(ids(inherited=None))),
              ([c], [p], sorted(both)), "inherited filter")
    res("hostprototype.update", {"hostid": p, "interfaces": [dict(AGENT, ip="{#IP2}")]})
    expect_eq(ifaces_of(c, ["ip"])[1], [{"ip": "{#IP2}"}], "an edit reaches the copy")
    res("hostprototype.update", {"hostid": p, "custom_interfaces": 0})
    expect_eq(ifaces_of(c), ("0", []), "and dropping them too")
    for member, value in (("host", "x y"), ("name", "x"), ("custom_interfaces", 1),
                          ("interfaces", [AGENT]), ("groupLinks", []),
                          ("groupPrototypes", []), ("templates", []), ("tags", []),
                          ("macros", []), ("inventory_mode", 1)):
        expect_error(call("hostprototype.update", {"hostid": c, member: value}), -32602,
                     'Invalid parameter "/1": cannot update readonly parameter "%s" of '
                     'inherited object.' % member, what=member)
    expect_eq(res("hostprototype.update", {"hostid": c, "status": 1, "discover": 1}),
              {"hostids": [c]}, "status and discover may change")
    [got] = res("hostprototype.get", {"output": ["status", "discover"], "hostids": c})
    expect_eq((got["status"], got["discover"]), ("1", "1"), "changed")
    expect_error(call("hostprototype.delete", [p, c]), -32602,
                 'Invalid parameter "/2": cannot delete templated host prototype.')
    expect_eq(len(ids()), 2, "nothing deleted")


@T.test
def interfaces_export_import():
    t = mk_template()
    r = mk_rule(t)
    iface_proto(r, "{#VM.ID}", [dict(AGENT, port="{$PORT}"), dict(AGENT, type=4, ip="10.0.0.1",
                                                                    port="12345")])
    doc = json.loads(res("configuration.export", {"format": "json",
                                                  "options": {"templates": [t]}}))
    [hp] = doc["zabbix_export"]["templates"][0]["discovery_rules"][0]["host_prototypes"]
    expect_eq(list(hp)[-2:], ["custom_interfaces", "interfaces"], "the schema's order")
    expect_eq(hp["interfaces"], [{"ip": "{#IP}", "port": "{$PORT}"},
                                 {"type": "JMX", "ip": "10.0.0.1", "port": "12345"}],
              "defaults left out, sorted by type")
    rules = {"discoveryRules": {"createMissing": True, "updateExisting": True,
                                "deleteMissing": True}}
    res("discoveryrule.delete", [r])
    expect_eq(res("configuration.import", {"format": "json", "source": json.dumps(doc),
                                           "rules": rules}), True, "import")
    [p] = protos_of(rule_of(t))
    expect_eq([(i["type"], i["ip"], i["port"]) for i in ifaces_of(p["hostid"])[1]],
              [("1", "{#IP}", "{$PORT}"), ("4", "10.0.0.1", "12345")], "imported")



@T.test
def host_rule_export_in_the_hosts_schema():
    h = res("host.create", {"host": uniq("e2e-hproto-HX"), "groups": [{"groupid": group()}]})
    r = mk_rule(h["hostids"][0])
    for i, inv in enumerate((-1, 0, 1)):
        iface_proto(r, "{#X%d}" % i, [AGENT], inventory_mode=inv, status=1)
    opts = {"format": "json", "options": {"hosts": h["hostids"]}}
    doc = res("configuration.export", opts)
    protos = json.loads(doc)["zabbix_export"]["hosts"][0]["discovery_rules"][0]["host_prototypes"]
    link = [{"group": {"name": "e2e hproto"}}]
    want = [{"host": "{#X%d}" % i, "name": "{#X%d}" % i, "status": "DISABLED"} for i in range(3)]
    want[0]["inventory_mode"], want[2]["inventory_mode"] = "DISABLED", "AUTOMATIC"
    for w in want:
        w.update(group_links=link, custom_interfaces="YES", interfaces=[{"ip": "{#IP}"}])
    expect_eq(protos, want, "no uuid, inventory_mode after discover, MANUAL by default "
              "(as Zabbix 6.0.14 exports a host's)")
    res("discoveryrule.delete", [r])
    rules = {"hosts": {"createMissing": True, "updateExisting": True},
             "discoveryRules": {"createMissing": True, "updateExisting": True}}
    expect_eq(res("configuration.import", {"format": "json", "source": doc, "rules": rules}),
              True, "import")
    again = res("configuration.export", opts)
    expect_eq(json.loads(again)["zabbix_export"]["hosts"][0]["discovery_rules"][0][
        "host_prototypes"], want, "the same after an import (inventory_mode MANUAL when absent)")


@T.test
def discoveryrule_copy_takes_host_prototypes():
    t, t2, h, tl = mk_template(), mk_template(), mk_host(), mk_template("e2e-hproto-TL")
    res("host.update", {"hostid": h, "templates": [{"templateid": t2}]})
    r = mk_rule(t)
    p = mk_proto(r, tl)
    res("hostprototype.update", {"hostid": p, "custom_interfaces": 1, "interfaces": [AGENT, SNMP]})
    expect_eq(res("discoveryrule.copy", {"discoveryids": [r], "hostids": [t2]}), True, "copy")
    [c] = protos_of(rule_of(t2), selectTags=["tag", "value"], selectInterfaces=["type", "details"])
    expect_eq((c["host"], c["templateid"], len(c["uuid"]), c["templates"][0]["templateid"]),
              ("{#VM.ID}", "0", 32, tl), "an own prototype of the target, a uuid of its own")
    expect_eq(c["macros"], [{"macro": "{$A}", "value": "a", "type": "0"},
                            {"macro": "{$S}", "value": "", "type": "0"}],
              "a secret macro copied as a text one without its value")
    expect_eq(c["interfaces"][1]["details"]["authpassphrase"], "{$SNMP.AUTH}", "interfaces")
    expect_eq(c["tags"], [{"tag": "vm", "value": "{#VM.NAME}"}], "tags")
    [hc] = protos_of(rule_of(h))
    expect_eq(hc["templateid"], c["hostid"], "inherited below the target")

OFFICIAL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "official")
LINKED = {"vmware-fqdn": ("VMware Guest", "VMware Hypervisor"),
          "aws-by-http": ("AWS EC2 by HTTP", "AWS RDS instance by HTTP",
                          "AWS S3 bucket by HTTP")}
ALL_RULES = dict({k: {"createMissing": True, "updateExisting": True} for k in (
    "groups", "templates", "items", "triggers", "graphs", "discoveryRules", "valueMaps",
    "templateDashboards", "httptests")}, templateLinkage={"createMissing": True})
DATE = re.compile(r'(<date>|"date":"|date: \')\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ')


@T.test
def official_templates_with_interfaces_round_trip():
    for name, linked in LINKED.items():
        for tpl in linked:   # the templates their host prototypes link, as plain templates
            if not res("template.get", {"output": [], "filter": {"host": tpl}}):
                res("template.create", {"host": tpl, "groups": [{"groupid": group()}]})
        for fmt in ("json", "yaml", "xml"):
            with open(os.path.join(OFFICIAL, fmt, name + "." + fmt), encoding="utf-8") as fh:
                source = fh.read()
            expect_eq(res("configuration.import", {"format": fmt, "source": source,
                                                   "rules": ALL_RULES}), True, name + " import")
            tech = json.loads(open(os.path.join(OFFICIAL, "json", name + ".json"),
                                   encoding="utf-8").read())["zabbix_export"]["templates"][0]
            [tid] = res("template.get", {"output": [], "filter": {"host": tech["template"]}})
            got = res("configuration.export", {"format": fmt, "options": {
                "templates": [tid["templateid"]]}})
            expect_eq(DATE.sub(r"\1D", got), DATE.sub(r"\1D", source), name + " " + fmt)


if __name__ == "__main__":
    T.main()
