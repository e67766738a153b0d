#!/usr/bin/env python3
# test_interfaces.py: host interfaces and host inventory against the real tmpld.
#
# Exercises:
#   - host.create with interfaces of every type; hostinterface.get and host.get selectInterfaces
#     give every field (details of SNMP v2c and v3 as Zabbix shows them, [] otherwise);
#   - hostinterface.create/update/delete rules: the main rule (one main per type, no main
#     deleted while others of its type stay), an interface used by an item cannot be deleted
#     nor change its type, SNMP details merged on update, ip/dns/port checks;
#   - host.update interfaces: one sent with its interfaceid keeps its id, one without is new,
#     the others are deleted; replacehostinterfaces likewise;
#   - item.create on an interface of another host, an unknown one, or one of the wrong type;
#   - inventory: modes, merge on update, disabling drops the fields; all of it after a restart;
#     in automatic mode a field an item fills (inventory_link) is not written;
#   - host.massadd / massupdate / massremove with interfaces;
#   - host.delete drops the host's interfaces and inventory.
# Usage: test_interfaces.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import os
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
NO_PERMISSIONS = "No permissions to referred object or it does not exist!"
IA = "Incorrect arguments passed to function."

S = e2e.Shared(T, ["--log-level", "warn"], login=True)
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq

AGENT = {"type": 1, "main": 1, "useip": 1, "ip": "127.0.0.1", "dns": "", "port": "10050"}
SNMP2 = {"type": 2, "main": 1, "useip": 1, "ip": "10.0.0.2", "dns": "", "port": "161",
         "details": {"version": 2, "community": "public"}}


def group():
    return S.once("group", lambda: res("hostgroup.create", {"name": uniq("if group")})["groupids"][0])


def mk_host(**extra):
    params = {"host": uniq("if-H").replace(" ", "-"), "groups": [{"groupid": group()}]}
    params.update(extra)
    return res("host.create", params)["hostids"][0]


def ifaces(hostid, output="extend"):
    return res("hostinterface.get", {"hostids": hostid, "output": output,
                                     "sortfield": "interfaceid"})


def host_name(hostid):
    return res("host.get", {"hostids": hostid, "output": ["host", "name"]})[0]


@T.test
def snmp_v3_details_and_defaults():
    v3 = {"type": 2, "main": 1, "useip": 1, "ip": "10.0.0.3", "dns": "", "port": "161",
          "details": {"version": 3, "bulk": 0, "securityname": "sec", "securitylevel": 2,
                      "authprotocol": 1, "privprotocol": 1, "authpassphrase": "a",
                      "privpassphrase": "p", "community": "ignored"}}
    h = mk_host(interfaces=[AGENT, v3])
    got = ifaces(h)
    expect_eq(got[0]["details"], [], "agent details")
    expect_eq(got[1]["details"], {"version": "3", "bulk": "0", "securityname": "sec",
                                  "securitylevel": "2", "authpassphrase": "a",
                                  "privpassphrase": "p", "authprotocol": "1",
                                  "privprotocol": "1", "contextname": ""}, "v3 details")
    expect_eq(set(got[0]), {"interfaceid", "hostid", "main", "type", "useip", "ip", "dns",
                            "port", "available", "error", "errors_from", "disable_until",
                            "details"}, "extend fields")
    # update merges the details sent over the stored ones; version 2 drops the v3 fields
    res("hostinterface.update", {"interfaceid": got[1]["interfaceid"],
                                 "details": {"version": 2, "community": "c2"}})
    expect_eq(ifaces(h, ["details"])[1]["details"],
              {"version": "2", "bulk": "0", "community": "c2"}, "details after update")
    expect_error(call("hostinterface.update", {"interfaceid": got[1]["interfaceid"],
                                               "details": {"community": ""}}), -32602, IA)
    expect_error(call("hostinterface.update", {"interfaceid": got[0]["interfaceid"],
                                               "type": 2}), -32602,
                 "Host cannot have more than one default interface of the same type.")
    expect_error(call("hostinterface.update", {"interfaceid": got[0]["interfaceid"],
                                               "type": 2, "main": 0}), -32602, IA)


@T.test
def main_rules_on_create_update_delete():
    h = mk_host(interfaces=[AGENT])
    if1 = ifaces(h)[0]["interfaceid"]
    if2 = res("hostinterface.create", dict(AGENT, main=0, ip="127.0.0.2", hostid=h))["interfaceids"][0]
    name = host_name(h)["name"]
    expect_error(call("hostinterface.create", dict(AGENT, hostid=h)), -32602,
                 "Host cannot have more than one default interface of the same type.")
    expect_error(call("hostinterface.delete", [if1]), -32602,
                 'No default interface for "agent" type on "%s".' % name)
    expect_error(call("hostinterface.update", {"interfaceid": if1, "main": 0}), -32602,
                 'No default interface for "agent" type on "%s".' % name)
    expect_error(call("hostinterface.update", {"interfaceid": if2, "hostid": group()}), -32602,
                 "Cannot switch host for interface.")
    expect_error(call("hostinterface.update", {"interfaceid": "999999999"}), -32602,
                 NO_PERMISSIONS)
    expect_error(call("hostinterface.delete", ["999999999"]), -32602, NO_PERMISSIONS)
    expect_error(call("hostinterface.create", dict(AGENT, hostid="999999999")), -32602,
                 NO_PERMISSIONS)
    expect_error(call("hostinterface.create", {"hostid": h, "type": 1, "main": 0}), -32602, IA)
    expect_eq(res("hostinterface.delete", [if2, if1]), {"interfaceids": [if2, if1]},
              "both agent interfaces at once")
    expect_eq(ifaces(h), [], "no interfaces left")


@T.test
def values_checked():
    h = mk_host()
    hn = host_name(h)["host"]
    cases = [
        (dict(AGENT, ip="", dns="", useip=1), "IP and DNS cannot be empty for host interface."),
        (dict(AGENT, ip="", dns="x.example", useip=1),
         'Interface with DNS "x.example" cannot have empty IP address.'),
        (dict(AGENT, useip=0), 'Interface with IP "127.0.0.1" cannot have empty DNS name '
         'while having "Use DNS" property on "%s".' % hn),
        (dict(AGENT, ip="1.2.3"), 'Invalid IP address "1.2.3".'),
        (dict(AGENT, dns="a b", useip=1), 'Incorrect interface DNS parameter "a b" provided.'),
        (dict(AGENT, port="-1"), 'Incorrect interface port "-1" provided.'),
        (dict(AGENT, port=""), "Port cannot be empty for host interface."),
    ]
    for params, text in cases:
        expect_error(call("hostinterface.create", dict(params, hostid=h)), -32602, text,
                     what=str(params))
    ok = [dict(AGENT, ip="::1"), dict(AGENT, ip="{$IP}", main=0),
          dict(AGENT, ip="{HOST.IP}", main=0, port="{$P}"),
          dict(AGENT, dns="{HOST.DNS}", useip=0, ip="", main=0)]
    expect_eq(len(res("hostinterface.create", [dict(o, hostid=h) for o in ok])["interfaceids"]),
              4, "macros and IPv6 accepted")


@T.test
def items_on_interfaces():
    h1 = mk_host(interfaces=[AGENT, SNMP2])
    h2 = mk_host(interfaces=[AGENT])
    i1 = ifaces(h1)
    agent1, snmp1 = i1[0]["interfaceid"], i1[1]["interfaceid"]
    agent2 = ifaces(h2)[0]["interfaceid"]
    item = {"hostid": h1, "name": "i", "key_": "agent.ping", "type": 0, "value_type": 3,
            "delay": "1m"}
    expect_error(call("item.create", dict(item, interfaceid=agent2)), -32602,
                 "Item uses host interface from non-parent host.")
    expect_error(call("item.create", dict(item, interfaceid="999999999")), -32602,
                 "Item uses host interface from non-parent host.")
    expect_error(call("item.create", dict(item, interfaceid=snmp1)), -32602,
                 "Item uses incorrect interface type.")
    res("item.create", dict(item, interfaceid=agent1))
    name = host_name(h1)["name"]
    linked = 'Interface is linked to item "i" on "%s".' % name
    expect_error(call("hostinterface.delete", [agent1]), -32602, linked)
    expect_error(call("hostinterface.update", {"interfaceid": agent1, "type": 4}), -32602, linked)
    expect_error(call("host.update", {"hostid": h1, "interfaces": [SNMP2]}), -32602, linked)
    got = res("hostinterface.get", {"interfaceids": agent1, "output": ["type"],
                                    "selectItems": ["key_"], "selectHosts": ["host"]})
    expect_eq(got[0]["items"], [{"itemid": got[0]["items"][0]["itemid"], "key_": "agent.ping"}],
              "selectItems")
    expect_eq(res("hostinterface.get", {"itemids": got[0]["items"][0]["itemid"],
                                        "output": ["interfaceid"]}),
              [{"interfaceid": agent1}], "itemids")
    expect_eq([h["hostid"] for h in res("host.get", {"interfaceids": [agent1, agent2],
                                                     "output": ["hostid"],
                                                     "sortfield": "hostid"})],
              sorted([h1, h2], key=int), "host.get interfaceids")


@T.test
def host_update_replaces_interfaces():
    h = mk_host(interfaces=[AGENT, SNMP2])
    old = ifaces(h)
    r = res("host.update", {"hostid": h, "interfaces": [
        {"interfaceid": old[0]["interfaceid"], "port": "10051"},
        dict(AGENT, type=4, port="12345")]})
    expect_eq(r, {"hostids": [h]}, "host.update answer")
    new = ifaces(h, ["type", "port"])
    expect_eq(new[0], {"interfaceid": old[0]["interfaceid"], "type": "1", "port": "10051"},
              "kept by id")
    expect_eq([(i["type"], i["port"]) for i in new[1:]], [("4", "12345")], "JMX added, SNMP gone")
    r = res("hostinterface.replacehostinterfaces", {"hostid": h, "interfaces": [AGENT]})
    expect_eq(len(r["interfaceids"]), 1, "replace answer")
    expect_eq([i["interfaceid"] for i in ifaces(h)], r["interfaceids"], "replaced")
    expect_eq(res("host.get", {"hostids": h, "output": ["hostid"],
                               "selectInterfaces": "count"})[0]["interfaces"], "1",
              "selectInterfaces count")


@T.test
def inventory_modes_persist():
    h = mk_host(inventory_mode=1, inventory={"os": "Linux", "notes": 7})
    h2 = mk_host(interfaces=[AGENT], inventory_mode="0")
    hn = host_name(h)["host"]
    res("host.update", {"hostid": h, "inventory": {"os": "BSD"}})
    srv().restart()
    S.sid = srv().login()
    got = res("host.get", {"hostids": [h, h2], "output": ["inventory_mode"], "sortfield": "hostid",
                           "selectInventory": ["os", "notes"], "selectInterfaces": ["port"]})
    expect_eq(got[0]["inventory"], {"os": "BSD", "notes": "7"}, "inventory after restart")
    expect_eq(got[0]["inventory_mode"], "1", "mode after restart")
    expect_eq(got[1]["interfaces"], [{"port": "10050"}], "interfaces after restart")
    expect_eq(got[1]["inventory"], {"os": "", "notes": ""}, "empty manual inventory")
    res("host.update", {"hostid": h, "inventory_mode": -1})
    expect_error(call("host.update", {"hostid": h, "inventory": {"os": "x"}}), -32602,
                 'Inventory disabled for host "%s".' % hn)
    res("host.update", {"hostid": h, "inventory_mode": 0, "inventory": {"os": "again"}})
    expect_eq(res("host.get", {"hostids": h, "output": ["hostid"],
                               "selectInventory": ["os", "notes"]})[0]["inventory"],
              {"os": "again", "notes": ""}, "re-enabled with new fields only")
    expect_error(call("host.create", {"host": uniq("if-bad"), "groups": [{"groupid": group()}],
                                      "inventory_mode": 5}), -32500,
                 'Incorrect value for field "inventory_mode": value must be one of -1, 0, 1.')
    # host.delete takes the interfaces and the inventory with it
    iid = ifaces(h2)[0]["interfaceid"]
    res("host.delete", [h2])
    expect_eq(res("hostinterface.get", {"interfaceids": iid}), [], "interfaces of a deleted host")


@T.test
def automatic_inventory_keeps_item_fields():
    h = mk_host(inventory_mode=1)
    res("item.create", {"hostid": h, "name": "os", "key_": "os.name", "type": 2,
                        "value_type": 1, "inventory_link": 5})
    res("host.update", {"hostid": h, "inventory": {"os": "sent", "contact": "c"}})
    expect_eq(res("host.get", {"hostids": h, "output": ["hostid"],
                               "selectInventory": ["os", "contact"]})[0]["inventory"],
              {"os": "", "contact": "c"}, "a field an item fills is not written")


@T.test
def massadd_massremove():
    h1, h2 = mk_host(interfaces=[AGENT]), mk_host()
    r = res("hostinterface.massadd", {"hosts": [{"hostid": h1}, {"hostid": h2}],
                                      "interfaces": [dict(AGENT, type=3, port="623")]})
    ids = r["interfaceids"]["interfaceids"]
    expect_eq(len(ids), 2, "massadd nested answer")
    expect_error(call("hostinterface.massremove", {"hostids": [h1, "999999999"],
                                                   "interfaces": [{"ip": "127.0.0.1",
                                                                   "dns": "", "port": "623"}]}),
                 -32500, NO_PERMISSIONS)
    expect_error(call("hostinterface.massremove", {"hostids": [h1], "interfaces": [{"ip": "x"}]}),
                 -32602, IA)
    r = res("hostinterface.massremove", {"hostids": [h1, h2], "interfaces": [
        {"ip": "127.0.0.1", "dns": "", "port": "623"}]})
    expect_eq(sorted(r["interfaceids"]), sorted(int(i) for i in ids), "massremove numbers")
    expect_eq(len(ifaces(h1)), 1, "agent interface stays")


@T.test
def host_mass_methods_with_interfaces():
    h1, h2 = mk_host(interfaces=[AGENT]), mk_host()
    res("host.massadd", {"hosts": [{"hostid": h1}, {"hostid": h2}],
                         "interfaces": dict(AGENT, type=4, port="12345")})
    expect_eq([i["type"] for i in ifaces(h1, ["type"])], ["1", "4"], "massadd H1")
    expect_eq([i["type"] for i in ifaces(h2, ["type"])], ["4"], "massadd H2")
    expect_error(call("host.massadd", {"hosts": [{"hostid": h2}], "interfaces": [AGENT, AGENT]}),
                 -32602, "Host cannot have more than one default interface of the same type.")
    res("host.massremove", {"hostids": [h1, h2], "interfaces": [{"ip": "127.0.0.1", "dns": "",
                                                                 "port": "12345"}]})
    expect_eq([i["type"] for i in ifaces(h1, ["type"])], ["1"], "massremove H1")
    expect_eq(ifaces(h2), [], "massremove H2")
    res("host.massupdate", {"hosts": [{"hostid": h1}, {"hostid": h2}],
                            "interfaces": [dict(AGENT, type=3, port="623")]})
    for h in (h1, h2):
        expect_eq([(i["type"], i["port"]) for i in ifaces(h, ["type", "port"])], [("3", "623")],
                  "massupdate %s" % h)


if __name__ == "__main__":
    sys.exit(T.main())
