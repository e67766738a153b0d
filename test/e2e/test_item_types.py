#!/usr/bin/env python3
# test_item_types.py: every item type of Zabbix 6.0, against the real tmpld.
#
# The expected answers were recorded from a Zabbix 6.0.14 frontend API with the same calls.
#   - one case per type and check (CASES): item.create / item.update of agent, trapper, simple,
#     internal, active, external, database monitor, IPMI, SSH, TELNET, calculated, JMX, SNMP
#     trap, dependent, HTTP agent, SNMP agent and script items, valid or with each required
#     field missing or wrong: the error (code and text), or the fields item.get gives that
#     differ from an internal item's (defaults, JMX endpoint, retrieve_mode of HEAD, trends of
#     text items, the HTTP agent's query_fields/headers shapes, script parameters, ...);
#   - inheritance: a template with an item of every type linked (through a second template) to
#     a host with agent, SNMP, IPMI and JMX interfaces: every copy has the template item's
#     fields, the interface its type needs, and a dependent copy's master is the host's copy of
#     the master; edits of HTTP agent fields, script parameters and master_itemid reach the
#     copies; deleting a master deletes its dependent items on every level; unlinking keeps them;
#   - export: configuration.export of that template writes every type's fields as Zabbix does.
# Usage: test_item_types.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import os
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, ["--log-level", "warn"], name="item-types", login=True, fmt="%s-%d")
res, call, uniq = S.res, S.call, S.uniq

IFACES = [
    {"type": 1, "main": 1, "useip": 1, "ip": "127.0.0.1", "dns": "", "port": "10050"},
    {"type": 2, "main": 1, "useip": 1, "ip": "127.0.0.1", "dns": "", "port": "161",
     "details": {"version": 2, "community": "public"}},
    {"type": 3, "main": 1, "useip": 1, "ip": "127.0.0.1", "dns": "", "port": "623"},
    {"type": 4, "main": 1, "useip": 1, "ip": "127.0.0.1", "dns": "", "port": "12345"},
]
IGNORED = {"itemid", "hostid", "interfaceid", "templateid", "uuid", "master_itemid", "lastclock",
           "lastns", "lastvalue", "prevvalue", "state", "error", "name", "key_"}


def group():
    return S.once("group", lambda: res("hostgroup.create", {"name": "e2e item types"})["groupids"][0])


def host_with_interfaces():
    h = res("host.create", {"host": uniq("e2e-types-H"), "groups": [{"groupid": group()}],
                            "interfaces": IFACES})["hostids"][0]
    got = res("hostinterface.get", {"hostids": [h], "output": ["interfaceid", "type"]})
    return h, {"IF" + i["type"]: i["interfaceid"] for i in got}


def context():
    def make():
        h, ifs = host_with_interfaces()
        t = res("template.create", {"host": uniq("e2e-types-T"),
                                    "groups": [{"groupid": group()}]})["templateids"][0]
        return dict(ifs, H=h, T=t)
    return S.once("ctx", make)


def subst(v, c):
    """"$NAME" stands for c[NAME] (ids made earlier)."""
    if isinstance(v, str) and v.startswith("$") and v[1:] in c:
        return c[v[1:]]
    if isinstance(v, dict):
        return {k: subst(x, c) for k, x in v.items()}
    if isinstance(v, list):
        return [subst(x, c) for x in v]
    return v


# (name, method, params, [code, data] of the error or None, the fields item.get gives that
# differ from those of the internal item "internal.ok"). Later cases name the ids of earlier ones.
CASES = [
    ('agent.ok', 'item.create', {"hostid": "$H", "name": "agent.ok", "key_": "agent.ok", "value_type": 3, "delay": "1m", "type": 0, "interfaceid": "$IF1"}, None, {"type": "0"}),
    ('agent.noif', 'item.create', {"hostid": "$H", "name": "agent.noif", "key_": "agent.noif", "value_type": 3, "delay": "1m", "type": 0}, [-32602, 'No interface found.'], None),
    ('agent.badif', 'item.create', {"hostid": "$H", "name": "agent.badif", "key_": "agent.badif", "value_type": 3, "delay": "1m", "type": 0, "interfaceid": "$IF2"}, [-32602, 'Item uses incorrect interface type.'], None),
    ('trap.ok', 'item.create', {"hostid": "$H", "name": "trap.ok", "key_": "trap.ok", "value_type": 3, "delay": "1m", "type": 2, "trapper_hosts": "127.0.0.1,{HOST.HOST}"}, None, {"type": "2", "delay": "0", "trapper_hosts": "127.0.0.1,{HOST.HOST}"}),
    ('trap.badhosts', 'item.create', {"hostid": "$H", "name": "trap.badhosts", "key_": "trap.badhosts", "value_type": 3, "delay": "1m", "type": 2, "trapper_hosts": "not an ip"}, [-32602, 'Incorrect value for field "trapper_hosts": invalid address range "not an ip".'], None),
    ('simple.noif', 'item.create', {"hostid": "$H", "name": "simple.noif", "key_": "simple.noif", "value_type": 3, "delay": "1m", "type": 3}, [-32602, 'No interface found.'], None),
    ('simple.ok', 'item.create', {"hostid": "$H", "name": "simple.ok", "key_": "simple.ok", "value_type": 3, "delay": "1m", "type": 3, "interfaceid": "$IF2", "username": "u", "password": "p"}, None, {"type": "3", "username": "u", "password": "p"}),
    ('internal.ok', 'item.create', {"hostid": "$H", "name": "internal.ok", "key_": "internal.ok", "value_type": 3, "delay": "1m", "type": 5}, None, {}),
    ('active.ok', 'item.create', {"hostid": "$H", "name": "active.ok", "key_": "active.ok", "value_type": 3, "delay": "1m", "type": 7}, None, {"type": "7"}),
    ('active.delay0', 'item.create', {"hostid": "$H", "name": "active.delay0", "key_": "active.delay0", "value_type": 3, "delay": "0", "type": 7}, [-32602, 'Item will not be refreshed. Specified update interval requires having at least one either flexible or scheduling interval.'], None),
    ('mqtt.get[a]', 'item.create', {"hostid": "$H", "name": "mqtt.get[a]", "key_": "mqtt.get[a]", "value_type": 3, "delay": "0", "type": 7}, None, {"type": "7", "delay": "0"}),
    ('ext.ok', 'item.create', {"hostid": "$H", "name": "ext.ok", "key_": "ext.ok", "value_type": 3, "delay": "1m", "type": 10, "interfaceid": "$IF3"}, None, {"type": "10"}),
    ('db.ok', 'item.create', {"hostid": "$H", "name": "db.ok", "key_": "db.ok", "value_type": 3, "delay": "1m", "type": 11, "params": "select 1", "username": "u", "password": "p"}, None, {"type": "11", "params": "select 1", "username": "u", "password": "p"}),
    ('db.odbc.select[<unique short description>,<dsn>,<connection string>]', 'item.create', {"hostid": "$H", "name": "db.odbc.select[<unique short description>,<dsn>,<connection string>]", "key_": "db.odbc.select[<unique short description>,<dsn>,<connection string>]", "value_type": 3, "delay": "1m", "type": 11, "params": "x"}, [-32602, 'Check the key, please. Default example was passed.'], None),
    ('db.noparams', 'item.create', {"hostid": "$H", "name": "db.noparams", "key_": "db.noparams", "value_type": 3, "delay": "1m", "type": 11}, None, {"type": "11"}),
    ('ipmi.ok', 'item.create', {"hostid": "$H", "name": "ipmi.ok", "key_": "ipmi.ok", "value_type": 3, "delay": "1m", "type": 12, "interfaceid": "$IF3", "ipmi_sensor": "temp"}, None, {"type": "12", "ipmi_sensor": "temp"}),
    ('ipmi.nosensor', 'item.create', {"hostid": "$H", "name": "ipmi.nosensor", "key_": "ipmi.nosensor", "value_type": 3, "delay": "1m", "type": 12, "interfaceid": "$IF3"}, [-32602, 'Incorrect value for field "ipmi_sensor": cannot be empty.'], None),
    ('ipmi.get', 'item.create', {"hostid": "$H", "name": "ipmi.get", "key_": "ipmi.get", "value_type": 3, "delay": "1m", "type": 12, "interfaceid": "$IF3"}, None, {"type": "12"}),
    ('ssh.ok', 'item.create', {"hostid": "$H", "name": "ssh.ok", "key_": "ssh.ok", "value_type": 3, "delay": "1m", "type": 13, "interfaceid": "$IF1", "username": "u", "password": "p", "params": "ls"}, None, {"type": "13", "params": "ls", "username": "u", "password": "p"}),
    ('ssh.nouser', 'item.create', {"hostid": "$H", "name": "ssh.nouser", "key_": "ssh.nouser", "value_type": 3, "delay": "1m", "type": 13, "interfaceid": "$IF1", "params": "ls"}, None, {"type": "13", "params": "ls"}),
    ('ssh.key', 'item.create', {"hostid": "$H", "name": "ssh.key", "key_": "ssh.key", "value_type": 3, "delay": "1m", "type": 13, "interfaceid": "$IF1", "username": "u", "authtype": 1, "params": "ls"}, None, {"type": "13", "params": "ls", "authtype": "1", "username": "u"}),
    ('ssh.key2', 'item.create', {"hostid": "$H", "name": "ssh.key2", "key_": "ssh.key2", "value_type": 3, "delay": "1m", "type": 13, "interfaceid": "$IF1", "username": "u", "authtype": 1, "publickey": "pub", "params": "ls"}, None, {"type": "13", "params": "ls", "authtype": "1", "username": "u", "publickey": "pub"}),
    ('ssh.keyok', 'item.create', {"hostid": "$H", "name": "ssh.keyok", "key_": "ssh.keyok", "value_type": 3, "delay": "1m", "type": 13, "interfaceid": "$IF1", "username": "u", "authtype": 1, "publickey": "pub", "privatekey": "priv", "params": "ls"}, None, {"type": "13", "params": "ls", "authtype": "1", "username": "u", "publickey": "pub", "privatekey": "priv"}),
    ('ssh.noparams', 'item.create', {"hostid": "$H", "name": "ssh.noparams", "key_": "ssh.noparams", "value_type": 3, "delay": "1m", "type": 13, "interfaceid": "$IF1", "username": "u"}, None, {"type": "13", "username": "u"}),
    ('ssh.run[<unique short description>,<ip>,<port>,<encoding>]', 'item.create', {"hostid": "$H", "name": "ssh.run[<unique short description>,<ip>,<port>,<encoding>]", "key_": "ssh.run[<unique short description>,<ip>,<port>,<encoding>]", "value_type": 3, "delay": "1m", "type": 13, "interfaceid": "$IF1", "username": "u", "params": "ls"}, [-32602, 'Check the key, please. Default example was passed.'], None),
    ('telnet.ok', 'item.create', {"hostid": "$H", "name": "telnet.ok", "key_": "telnet.ok", "value_type": 3, "delay": "1m", "type": 14, "interfaceid": "$IF1", "username": "u", "params": "ls"}, None, {"type": "14", "params": "ls", "username": "u"}),
    ('telnet.nouser', 'item.create', {"hostid": "$H", "name": "telnet.nouser", "key_": "telnet.nouser", "value_type": 3, "delay": "1m", "type": 14, "interfaceid": "$IF1", "params": "ls"}, None, {"type": "14", "params": "ls"}),
    ('telnet.run[<unique short description>,<ip>,<port>,<encoding>]', 'item.create', {"hostid": "$H", "name": "telnet.run[<unique short description>,<ip>,<port>,<encoding>]", "key_": "telnet.run[<unique short description>,<ip>,<port>,<encoding>]", "value_type": 3, "delay": "1m", "type": 14, "interfaceid": "$IF1", "username": "u", "params": "x"}, [-32602, 'Check the key, please. Default example was passed.'], None),
    ('calc.ok', 'item.create', {"hostid": "$H", "name": "calc.ok", "key_": "calc.ok", "value_type": 3, "delay": "1m", "type": 15, "params": "last(//agent.ok)"}, None, {"type": "15", "params": "last(//agent.ok)"}),
    ('calc.noparams', 'item.create', {"hostid": "$H", "name": "calc.noparams", "key_": "calc.noparams", "value_type": 3, "delay": "1m", "type": 15}, None, {"type": "15"}),
    ('calc.badvt', 'item.create', {"hostid": "$H", "name": "calc.badvt", "key_": "calc.badvt", "value_type": 7, "delay": "1m", "type": 15, "params": "1"}, [-32602, 'Invalid parameter "/1/value_type": value must be one of 3, 0, 1, 2, 4.'], None),
    ('jmx.ok', 'item.create', {"hostid": "$H", "name": "jmx.ok", "key_": "jmx.ok", "value_type": 3, "delay": "1m", "type": 16, "interfaceid": "$IF4"}, None, {"type": "16", "jmx_endpoint": "service:jmx:rmi:///jndi/rmi://{HOST.CONN}:{HOST.PORT}/jmxrmi"}),
    ('jmx.empty', 'item.create', {"hostid": "$H", "name": "jmx.empty", "key_": "jmx.empty", "value_type": 3, "delay": "1m", "type": 16, "interfaceid": "$IF4", "jmx_endpoint": ""}, [-32602, 'Incorrect value for field "jmx_endpoint": cannot be empty.'], None),
    ('jmx.user', 'item.create', {"hostid": "$H", "name": "jmx.user", "key_": "jmx.user", "value_type": 3, "delay": "1m", "type": 16, "interfaceid": "$IF4", "username": "u"}, None, {"type": "16", "username": "u", "jmx_endpoint": "service:jmx:rmi:///jndi/rmi://{HOST.CONN}:{HOST.PORT}/jmxrmi"}),
    ('agent.jmxend', 'item.create', {"hostid": "$H", "name": "agent.jmxend", "key_": "agent.jmxend", "value_type": 3, "delay": "1m", "type": 0, "interfaceid": "$IF1", "jmx_endpoint": "x"}, [-32602, 'Incorrect value for field "jmx_endpoint": should be empty.'], None),
    ('snmptrap', 'item.create', {"hostid": "$H", "name": "snmptrap", "key_": "snmptrap", "value_type": 3, "delay": "1m", "type": 17, "interfaceid": "$IF2"}, None, {"type": "17"}),
    ('snmptrap.bad', 'item.create', {"hostid": "$H", "name": "snmptrap.bad", "key_": "snmptrap.bad", "value_type": 3, "delay": "1m", "type": 17, "interfaceid": "$IF2"}, [-32602, 'SNMP trap key is invalid.'], None),
    ('snmptrap[x]', 'item.create', {"hostid": "$H", "name": "snmptrap[x]", "key_": "snmptrap[x]", "value_type": 4, "delay": "1m", "type": 17, "interfaceid": "$IF2"}, None, {"type": "17", "trends": "0", "value_type": "4"}),
    ('dep.nomaster', 'item.create', {"hostid": "$H", "name": "dep.nomaster", "key_": "dep.nomaster", "value_type": 3, "delay": "1m", "type": 18}, [-32500, 'Incorrect value for field "master_itemid": cannot be empty.'], None),
    ('dep.master0', 'item.create', {"hostid": "$H", "name": "dep.master0", "key_": "dep.master0", "value_type": 3, "delay": "1m", "type": 18, "master_itemid": 0}, [-32500, 'Incorrect value for field "master_itemid": cannot be empty.'], None),
    ('dep.ok', 'item.create', {"hostid": "$H", "name": "dep.ok", "key_": "dep.ok", "value_type": 3, "delay": "1m", "type": 18, "master_itemid": "$agent.ok"}, None, {"type": "18", "delay": "0"}),
    ('dep.badmaster', 'item.create', {"hostid": "$H", "name": "dep.badmaster", "key_": "dep.badmaster", "value_type": 3, "delay": "1m", "type": 18, "master_itemid": "999999999"}, [-32500, 'Incorrect value for field "master_itemid": Item "999999999" does not exist or you have no access to this item.'], None),
    ('dep.strmaster', 'item.create', {"hostid": "$H", "name": "dep.strmaster", "key_": "dep.strmaster", "value_type": 3, "delay": "1m", "type": 18, "master_itemid": "abc"}, [-32602, 'Incorrect value "abc" for "master_itemid" field.'], None),
    ('agent.master', 'item.create', {"hostid": "$H", "name": "agent.master", "key_": "agent.master", "value_type": 3, "delay": "1m", "type": 0, "interfaceid": "$IF1", "master_itemid": "$agent.ok"}, [-32602, 'Incorrect value for field "master_itemid": should be empty.'], None),
    ('http.ok', 'item.create', {"hostid": "$H", "name": "http.ok", "key_": "http.ok", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x"}, None, {"type": "19", "url": "http://x"}),
    ('http.if', 'item.create', {"hostid": "$H", "name": "http.if", "key_": "http.if", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "interfaceid": "$IF3"}, None, {"type": "19", "url": "http://x"}),
    ('ssh.noif', 'item.create', {"hostid": "$H", "name": "ssh.noif", "key_": "ssh.noif", "value_type": 3, "delay": "1m", "type": 13, "username": "u", "params": "x"}, [-32602, 'No interface found.'], None),
    ('nodelay', 'item.create', {"hostid": "$H", "name": "nodelay", "key_": "nodelay", "value_type": 3, "type": 0, "interfaceid": "$IF1"}, [-32602, 'Incorrect arguments passed to function.'], None),
    ('delay.big', 'item.create', {"hostid": "$H", "name": "delay.big", "key_": "delay.big", "value_type": 3, "delay": "2d", "type": 5}, [-32602, 'Item will not be refreshed. Update interval should be between 1s and 1d. Also Scheduled/Flexible intervals can be used.'], None),
    ('calc.emptyparams', 'item.create', {"hostid": "$H", "name": "calc.emptyparams", "key_": "calc.emptyparams", "value_type": 3, "delay": "1m", "type": 15, "params": ""}, [-32602, 'Invalid parameter "/1/params": cannot be empty.'], None),
    ('script.timeoutmacro', 'item.create', {"hostid": "$H", "name": "script.timeoutmacro", "key_": "script.timeoutmacro", "value_type": 3, "delay": "1m", "type": 21, "params": "x", "timeout": "{$T}"}, None, {"type": "21", "params": "x", "timeout": "{$T}"}),
    ('http.sc.macro', 'item.create', {"hostid": "$H", "name": "http.sc.macro", "key_": "http.sc.macro", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "status_codes": "{$SC},200-300"}, None, {"type": "19", "url": "http://x", "status_codes": "{$SC},200-300"}),
    ('http.postjsonmacro', 'item.create', {"hostid": "$H", "name": "http.postjsonmacro", "key_": "http.postjsonmacro", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "post_type": 2, "posts": "{\"a\":{HOST.HOST},\"b\":\"{$X}\"}"}, None, {"type": "19", "url": "http://x", "posts": "{\"a\":{HOST.HOST},\"b\":\"{$X}\"}", "post_type": "2"}),
    ('trap.v6', 'item.create', {"hostid": "$H", "name": "trap.v6", "key_": "trap.v6", "value_type": 3, "delay": "1m", "type": 2, "trapper_hosts": "::1, 192.168.0.0/24, zabbix.example.com"}, None, {"type": "2", "delay": "0", "trapper_hosts": "::1, 192.168.0.0/24, zabbix.example.com"}),
    ('trap.badip', 'item.create', {"hostid": "$H", "name": "trap.badip", "key_": "trap.badip", "value_type": 3, "delay": "1m", "type": 2, "trapper_hosts": "300.1.1.1"}, None, {"type": "2", "delay": "0", "trapper_hosts": "300.1.1.1"}),
    ('http.nourl', 'item.create', {"hostid": "$H", "name": "http.nourl", "key_": "http.nourl", "value_type": 3, "delay": "1m", "type": 19}, [-32602, 'Invalid parameter "": the parameter "url" is missing.'], None),
    ('http.full', 'item.create', {"hostid": "$H", "name": "http.full", "key_": "http.full", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "query_fields": [{"a": "1"}, {"b": "2"}], "headers": {"H1": "v1", "H2": "v2"}, "posts": "{\"a\":1}", "post_type": 2, "status_codes": "200,201-299", "follow_redirects": 0, "http_proxy": "p", "retrieve_mode": 2, "request_method": 1, "output_format": 1, "allow_traps": 1, "trapper_hosts": "127.0.0.1", "ssl_cert_file": "c", "ssl_key_file": "k", "ssl_key_password": "kp", "verify_peer": 1, "verify_host": 1, "authtype": 1, "username": "u", "password": "p", "timeout": "10s"}, None, {"type": "19", "trapper_hosts": "127.0.0.1", "authtype": "1", "username": "u", "password": "p", "timeout": "10s", "url": "http://x", "query_fields": [{"a": "1"}, {"b": "2"}], "posts": "{\"a\":1}", "status_codes": "200,201-299", "follow_redirects": "0", "post_type": "2", "http_proxy": "p", "headers": {"H1": "v1", "H2": "v2"}, "retrieve_mode": "2", "request_method": "1", "output_format": "1", "ssl_cert_file": "c", "ssl_key_file": "k", "ssl_key_password": "kp", "verify_peer": "1", "verify_host": "1", "allow_traps": "1"}),
    ('http.head', 'item.create', {"hostid": "$H", "name": "http.head", "key_": "http.head", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "request_method": 3}, None, {"type": "19", "url": "http://x", "retrieve_mode": "1", "request_method": "3"}),
    ('http.headbad', 'item.create', {"hostid": "$H", "name": "http.headbad", "key_": "http.headbad", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "request_method": 3, "retrieve_mode": 0}, [-32602, 'Invalid parameter "/retrieve_mode": value must be 1.'], None),
    ('http.qfbad', 'item.create', {"hostid": "$H", "name": "http.qfbad", "key_": "http.qfbad", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "query_fields": {"a": "1"}}, [-32602, 'Invalid parameter "query_fields": nonempty key and value pair expected.'], None),
    ('http.qfbad2', 'item.create', {"hostid": "$H", "name": "http.qfbad2", "key_": "http.qfbad2", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "query_fields": [{"a": "1", "b": "2"}]}, [-32602, 'Invalid parameter "query_fields": nonempty key and value pair expected.'], None),
    ('http.hdrbad', 'item.create', {"hostid": "$H", "name": "http.hdrbad", "key_": "http.hdrbad", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "headers": ["x"]}, None, {"type": "19", "url": "http://x", "headers": ["x"]}),
    ('http.hdrbad2', 'item.create', {"hostid": "$H", "name": "http.hdrbad2", "key_": "http.hdrbad2", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "headers": {"a": ""}}, [-32602, 'Invalid parameter "headers": nonempty key and value pair expected.'], None),
    ('http.hdrstr', 'item.create', {"hostid": "$H", "name": "http.hdrstr", "key_": "http.hdrstr", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "headers": "x"}, [-32602, 'Invalid parameter "/headers": an array is expected.'], None),
    ('http.postjson', 'item.create', {"hostid": "$H", "name": "http.postjson", "key_": "http.postjson", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "post_type": 2, "posts": "{bad"}, [-32602, 'Invalid parameter "posts": JSON is expected.'], None),
    ('http.postjsonempty', 'item.create', {"hostid": "$H", "name": "http.postjsonempty", "key_": "http.postjsonempty", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "post_type": 2}, [-32602, 'Invalid parameter "posts": JSON is expected.'], None),
    ('http.postxmlok', 'item.create', {"hostid": "$H", "name": "http.postxmlok", "key_": "http.postxmlok", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "post_type": 3, "posts": "<a/>"}, None, {"type": "19", "url": "http://x", "posts": "<a/>", "post_type": "3"}),
    ('http.sc', 'item.create', {"hostid": "$H", "name": "http.sc", "key_": "http.sc", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "status_codes": "abc"}, [-32602, 'Incorrect value "abc" for "status_codes" field.'], None),
    ('http.timeout', 'item.create', {"hostid": "$H", "name": "http.timeout", "key_": "http.timeout", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "timeout": "100s"}, [-32602, 'Invalid parameter "/timeout": value must be one of 1-60.'], None),
    ('http.timeout0', 'item.create', {"hostid": "$H", "name": "http.timeout0", "key_": "http.timeout0", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "timeout": "0"}, [-32602, 'Invalid parameter "/timeout": value must be one of 1-60.'], None),
    ('http.traps', 'item.create', {"hostid": "$H", "name": "http.traps", "key_": "http.traps", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "trapper_hosts": "127.0.0.1"}, [-32602, 'Incorrect value for field "trapper_hosts": should be empty.'], None),
    ('http.fr', 'item.create', {"hostid": "$H", "name": "http.fr", "key_": "http.fr", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "follow_redirects": 5}, [-32602, 'Invalid parameter "/follow_redirects": value must be one of 0, 1.'], None),
    ('http.auth', 'item.create', {"hostid": "$H", "name": "http.auth", "key_": "http.auth", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "authtype": 9}, [-32602, 'Invalid parameter "/authtype": value must be one of 0, 1, 2, 3, 4.'], None),
    ('http.pt', 'item.create', {"hostid": "$H", "name": "http.pt", "key_": "http.pt", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "post_type": 1}, [-32602, 'Invalid parameter "/post_type": value must be one of 0, 2, 3.'], None),
    ('http.rm', 'item.create', {"hostid": "$H", "name": "http.rm", "key_": "http.rm", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "request_method": 7}, [-32602, 'Invalid parameter "/request_method": value must be one of 0, 1, 2, 3.'], None),
    ('http.of', 'item.create', {"hostid": "$H", "name": "http.of", "key_": "http.of", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "output_format": 3}, [-32602, 'Invalid parameter "/output_format": value must be one of 0, 1.'], None),
    ('http.vp', 'item.create', {"hostid": "$H", "name": "http.vp", "key_": "http.vp", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "verify_peer": 2}, [-32602, 'Invalid parameter "/verify_peer": value must be one of 0, 1.'], None),
    ('http.noauthuser', 'item.create', {"hostid": "$H", "name": "http.noauthuser", "key_": "http.noauthuser", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "username": "u", "password": "p"}, None, {"type": "19", "username": "u", "password": "p", "url": "http://x"}),
    ('snmp.ok', 'item.create', {"hostid": "$H", "name": "snmp.ok", "key_": "snmp.ok", "value_type": 3, "delay": "1m", "type": 20, "interfaceid": "$IF2", "snmp_oid": "1.2.3"}, None, {"type": "20", "snmp_oid": "1.2.3"}),
    ('snmp.nooid', 'item.create', {"hostid": "$H", "name": "snmp.nooid", "key_": "snmp.nooid", "value_type": 3, "delay": "1m", "type": 20, "interfaceid": "$IF2"}, [-32602, 'No SNMP OID specified.'], None),
    ('script.ok', 'item.create', {"hostid": "$H", "name": "script.ok", "key_": "script.ok", "value_type": 3, "delay": "1m", "type": 21, "params": "return 1", "parameters": [{"name": "b", "value": "2"}, {"name": "a", "value": ""}], "timeout": "5s"}, None, {"type": "21", "params": "return 1", "timeout": "5s", "parameters": [{"name": "b", "value": "2"}, {"name": "a", "value": ""}]}),
    ('script.noparams', 'item.create', {"hostid": "$H", "name": "script.noparams", "key_": "script.noparams", "value_type": 3, "delay": "1m", "type": 21}, [-32602, 'Invalid parameter "/1": the parameter "params" is missing.'], None),
    ('script.emptyparams', 'item.create', {"hostid": "$H", "name": "script.emptyparams", "key_": "script.emptyparams", "value_type": 3, "delay": "1m", "type": 21, "params": ""}, [-32602, 'Invalid parameter "/1/params": cannot be empty.'], None),
    ('script.notimeout', 'item.create', {"hostid": "$H", "name": "script.notimeout", "key_": "script.notimeout", "value_type": 3, "delay": "1m", "type": 21, "params": "x", "timeout": ""}, [-32602, 'Invalid parameter "/1/timeout": cannot be empty.'], None),
    ('script.bigtimeout', 'item.create', {"hostid": "$H", "name": "script.bigtimeout", "key_": "script.bigtimeout", "value_type": 3, "delay": "1m", "type": 21, "params": "x", "timeout": "61s"}, [-32602, 'Invalid parameter "/1/timeout": value must be one of 1-60.'], None),
    ('script.dupparam', 'item.create', {"hostid": "$H", "name": "script.dupparam", "key_": "script.dupparam", "value_type": 3, "delay": "1m", "type": 21, "params": "x", "parameters": [{"name": "a", "value": "1"}, {"name": "a", "value": "2"}]}, [-32602, 'Invalid parameter "/1": the parameter "timeout" is missing.'], None),
    ('script.noname', 'item.create', {"hostid": "$H", "name": "script.noname", "key_": "script.noname", "value_type": 3, "delay": "1m", "type": 21, "params": "x", "parameters": [{"name": "", "value": "1"}]}, [-32602, 'Invalid parameter "/1": the parameter "timeout" is missing.'], None),
    ('script.novalue', 'item.create', {"hostid": "$H", "name": "script.novalue", "key_": "script.novalue", "value_type": 3, "delay": "1m", "type": 21, "params": "x", "parameters": [{"name": "a"}]}, [-32602, 'Invalid parameter "/1": the parameter "timeout" is missing.'], None),
    ('script.paramobj', 'item.create', {"hostid": "$H", "name": "script.paramobj", "key_": "script.paramobj", "value_type": 3, "delay": "1m", "type": 21, "params": "x", "parameters": {"name": "a", "value": "1"}}, [-32602, 'Invalid parameter "/1": the parameter "timeout" is missing.'], None),
    ('badtype', 'item.create', {"hostid": "$H", "name": "badtype", "key_": "badtype", "value_type": 3, "delay": "1m", "type": 1}, [-32602, 'Invalid parameter "/1/type": value must be one of 0, 2, 3, 5, 7, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21.'], None),
    ('badtype4', 'item.create', {"hostid": "$H", "name": "badtype4", "key_": "badtype4", "value_type": 3, "delay": "1m", "type": 4}, [-32602, 'Invalid parameter "/1/type": value must be one of 0, 2, 3, 5, 7, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21.'], None),
    ('delay.bad', 'item.create', {"hostid": "$H", "name": "delay.bad", "key_": "delay.bad", "value_type": 3, "delay": "abc", "type": 5}, [-32602, 'Incorrect value for field "delay": invalid delay.'], None),
    ('delay.flex', 'item.create', {"hostid": "$H", "name": "delay.flex", "key_": "delay.flex", "value_type": 3, "delay": "1m;50s/1-7,00:00-24:00;wd1-5h9-18", "type": 5}, None, {"delay": "1m;50s/1-7,00:00-24:00;wd1-5h9-18"}),
    ('delay.zero', 'item.create', {"hostid": "$H", "name": "delay.zero", "key_": "delay.zero", "value_type": 3, "delay": "0", "type": 5}, [-32602, 'Item will not be refreshed. Specified update interval requires having at least one either flexible or scheduling interval.'], None),
    ('delay.flexbad', 'item.create', {"hostid": "$H", "name": "delay.flexbad", "key_": "delay.flexbad", "value_type": 3, "delay": "1m;abc", "type": 5}, [-32602, 'Incorrect value for field "delay": invalid delay.'], None),
    ('delay.macro', 'item.create', {"hostid": "$H", "name": "delay.macro", "key_": "delay.macro", "value_type": 3, "delay": "{$D}", "type": 5}, None, {"delay": "{$D}"}),
    ('history.bad', 'item.create', {"hostid": "$H", "name": "history.bad", "key_": "history.bad", "value_type": 3, "delay": "1m", "type": 5, "history": "1m"}, [-32602, 'Incorrect value for field "history": value must be one of 0, 3600-788400000.'], None),
    ('history.big', 'item.create', {"hostid": "$H", "name": "history.big", "key_": "history.big", "value_type": 3, "delay": "1m", "type": 5, "history": "30y"}, [-32602, 'Incorrect value for field "history": a time unit is expected.'], None),
    ('history.0', 'item.create', {"hostid": "$H", "name": "history.0", "key_": "history.0", "value_type": 3, "delay": "1m", "type": 5, "history": "0"}, None, {"history": "0"}),
    ('trends.bad', 'item.create', {"hostid": "$H", "name": "trends.bad", "key_": "trends.bad", "value_type": 3, "delay": "1m", "type": 5, "trends": "1h"}, [-32602, 'Incorrect value for field "trends": value must be one of 0, 86400-788400000.'], None),
    ('trends.char', 'item.create', {"hostid": "$H", "name": "trends.char", "key_": "trends.char", "value_type": 1, "delay": "1m", "type": 5, "trends": "1d"}, None, {"trends": "0", "value_type": "1"}),
    ('vt.bad', 'item.create', {"hostid": "$H", "name": "vt.bad", "key_": "vt.bad", "value_type": 9, "delay": "1m", "type": 5}, None, {"value_type": "9"}),
    ('status.bad', 'item.create', {"hostid": "$H", "name": "status.bad", "key_": "status.bad", "value_type": 3, "delay": "1m", "type": 5, "status": 5}, None, {"status": "5"}),
    ('inv.ok', 'item.create', {"hostid": "$H", "name": "inv.ok", "key_": "inv.ok", "value_type": 3, "delay": "1m", "type": 5, "inventory_link": 5}, None, {"inventory_link": "5"}),
    ('inv.bad', 'item.create', {"hostid": "$H", "name": "inv.bad", "key_": "inv.bad", "value_type": 3, "delay": "1m", "type": 5, "inventory_link": 500}, [-32602, 'Item "inv.bad" cannot populate a missing host inventory field number "500". Choices are: from 0 (do not populate) to 70.'], None),
    ('inv.dup', 'item.create', {"hostid": "$H", "name": "inv.dup", "key_": "inv.dup", "value_type": 3, "delay": "1m", "type": 2, "inventory_link": 5}, [-32602, 'Two items ("inv.dup" and "inv.ok") cannot populate one host inventory field "OS", this would lead to a conflict.'], None),
    ('tags.ok', 'item.create', {"hostid": "$H", "name": "tags.ok", "key_": "tags.ok", "value_type": 3, "delay": "1m", "type": 5, "tags": [{"tag": "a", "value": "b"}, {"tag": "c"}]}, None, {}),
    ('pp.ok', 'item.create', {"hostid": "$H", "name": "pp.ok", "key_": "pp.ok", "value_type": 3, "delay": "1m", "type": 5, "preprocessing": [{"type": 1, "params": "2", "error_handler": 0, "error_handler_params": ""}]}, None, {}),
    ('t.agent', 'item.create', {"hostid": "$T", "name": "t.agent", "key_": "t.agent", "value_type": 3, "delay": "1m", "type": 0}, None, {"type": "0"}),
    ('t.http', 'item.create', {"hostid": "$T", "name": "t.http", "key_": "t.http", "value_type": 3, "delay": "1m", "type": 19, "url": "http://x", "headers": {"A": "b"}}, None, {"type": "19", "url": "http://x", "headers": {"A": "b"}}),
    ('t.script', 'item.create', {"hostid": "$T", "name": "t.script", "key_": "t.script", "value_type": 3, "delay": "1m", "type": 21, "params": "x", "parameters": [{"name": "p", "value": "v"}]}, [-32602, 'Invalid parameter "/1": the parameter "timeout" is missing.'], None),
    ('t.dep', 'item.create', {"hostid": "$T", "name": "t.dep", "key_": "t.dep", "value_type": 3, "delay": "1m", "type": 18, "master_itemid": "$t.agent"}, None, {"type": "18", "delay": "0"}),
    ('t.dep.crosshost', 'item.create', {"hostid": "$T", "name": "t.dep.crosshost", "key_": "t.dep.crosshost", "value_type": 3, "delay": "1m", "type": 18, "master_itemid": "$agent.ok"}, [-32602, 'Incorrect value for field "master_itemid": "hostid" of dependent item and master item should match.'], None),
    ('upd.dep.self', 'item.update', {"itemid": "$dep.ok", "master_itemid": "$dep.ok"}, [-32602, 'Incorrect value for field "master_itemid": circular item dependency is not allowed.'], None),
    ('upd.agent.circ', 'item.update', {"itemid": "$agent.ok", "type": 18, "master_itemid": "$dep.ok"}, [-32602, 'Incorrect value for field "master_itemid": circular item dependency is not allowed.'], None),
    ('upd.dep2agent', 'item.update', {"itemid": "$dep.ok", "type": 0, "interfaceid": "$IF1"}, [-32602, 'Item will not be refreshed. Specified update interval requires having at least one either flexible or scheduling interval.'], None),
    ('upd.http2trap', 'item.update', {"itemid": "$http.full", "type": 2}, None, {"type": "2", "delay": "0", "trapper_hosts": "127.0.0.1"}),
    ('upd.script2agent', 'item.update', {"itemid": "$script.ok", "type": 0, "interfaceid": "$IF1"}, None, {"type": "0"}),
    ('upd.trap2dep.nomaster', 'item.update', {"itemid": "$trap.ok", "type": 18}, [-32500, 'Incorrect value for field "master_itemid": cannot be empty.'], None),
    ('upd.http.qf', 'item.update', {"itemid": "$http.ok", "query_fields": [{"x": "y"}], "headers": {"a": "b"}}, None, {"type": "19", "url": "http://x", "query_fields": [{"x": "y"}], "headers": {"a": "b"}}),
    ('upd.http.empty', 'item.update', {"itemid": "$http.ok", "query_fields": [], "headers": {}}, None, {"type": "19", "url": "http://x"}),
    ('upd.valtext', 'item.update', {"itemid": "$internal.ok", "value_type": 4}, None, {"trends": "0", "value_type": "4"}),
    ('upd.jmxempty', 'item.update', {"itemid": "$jmx.ok", "jmx_endpoint": ""}, [-32602, 'Incorrect value for field "jmx_endpoint": cannot be empty.'], None),
    ('upd.trapdelay', 'item.update', {"itemid": "$trap.ok", "delay": "5m"}, None, {"type": "2", "delay": "0", "trapper_hosts": "127.0.0.1,{HOST.HOST}"}),
]

BASE = {}


def run_case(name, method, params, err, want):
    c = context()
    r = call(method, subst(params, c))
    if err is not None:
        if "error" not in r:
            raise AssertionError("%s: expected error %r, got %r" % (name, err, r.get("result")))
        expect_eq([r["error"]["code"], r["error"]["data"]], err, name)
        return
    if "error" in r:
        raise AssertionError("%s: expected success, got %r" % (name, r["error"]))
    ids = r["result"]["itemids"]
    if method == "item.create":
        c[name] = ids[0]
    got = res("item.get", {"itemids": ids, "output": "extend"})[0]
    if name == "internal.ok":
        BASE.update(got)
    diff = {k: v for k, v in got.items() if k not in IGNORED and BASE.get(k) != v}
    expect_eq(diff, want, name + ": item.get")


def case_test(case):
    def fn():
        run_case(*case)
    fn.__name__ = "case_" + case[0]
    return fn


# internal.ok first: the others are compared with it
for case in sorted(CASES, key=lambda x: x[0] != "internal.ok"):
    T.test(case_test(case))


# ---- inheritance ----

TI = [
 dict(name="agent", key_="agent", type=0, value_type=3, delay="1m", units="B", description="d", history="7d", tags=[{"tag": "a", "value": "1"}],
      preprocessing=[{"type": 1, "params": "2", "error_handler": 0, "error_handler_params": ""}]),
 dict(name="trap", key_="trap", type=2, value_type=4, trapper_hosts="127.0.0.1"),
 dict(name="simple", key_="simple[x]", type=3, value_type=3, delay="1m", username="u", password="p"),
 dict(name="internal", key_="zabbix[items]", type=5, value_type=3, delay="1m"),
 dict(name="active", key_="log[/a]", type=7, value_type=2, delay="1m", logtimefmt="yyyy"),
 dict(name="ext", key_="ext.sh", type=10, value_type=3, delay="1m"),
 dict(name="db", key_="db.odbc.select[a,b]", type=11, value_type=4, delay="1m", params="select 1", username="u", password="p"),
 dict(name="ipmi", key_="ipmi.x", type=12, value_type=3, delay="1m", ipmi_sensor="s"),
 dict(name="ssh", key_="ssh.run[a]", type=13, value_type=4, delay="1m", params="ls", username="u", authtype=1, publickey="pub", privatekey="priv"),
 dict(name="telnet", key_="telnet.run[a]", type=14, value_type=4, delay="1m", params="ls", username="u", password="p"),
 dict(name="calc", key_="calc", type=15, value_type=0, delay="1m", params="last(//agent)*2"),
 dict(name="jmx", key_="jmx[a,b]", type=16, value_type=3, delay="1m"),
 dict(name="snmptrap", key_="snmptrap[x]", type=17, value_type=4, delay="1m"),
 dict(name="dep", key_="dep", type=18, value_type=3, master_itemid="$agent"),
 dict(name="dep2", key_="dep2", type=18, value_type=3, master_itemid="$dep"),
 dict(name="http", key_="http", type=19, value_type=4, delay="1m", url="http://x", query_fields=[{"a": "1"}], headers={"H": "v"}, posts='{"a":1}', post_type=2, status_codes="200,201", follow_redirects=0, retrieve_mode=2, request_method=1, output_format=1, allow_traps=1, trapper_hosts="127.0.0.1", verify_peer=1, authtype=2, username="u", password="p", timeout="10s"),
 dict(name="snmp", key_="snmp", type=20, value_type=3, delay="1m", snmp_oid="1.2.3"),
 dict(name="script", key_="script", type=21, value_type=4, delay="1m", params="return 1", timeout="5s", parameters=[{"name": "b", "value": "2"}, {"name": "a", "value": "1"}]),
]


def copies_of(hostid):
    """{key_: item} of a host, master_itemid as the master's key, interfaceid as its type."""
    got = res("item.get", {"hostids": [hostid], "output": "extend", "selectTags": "extend",
                           "selectPreprocessing": "extend"})
    keys = {i["itemid"]: i["key_"] for i in got}
    ifs = {i["interfaceid"]: i["type"]
           for i in res("hostinterface.get", {"hostids": [hostid], "output": "extend"})}
    out = {}
    for i in got:
        i = dict(i)
        i["master_itemid"] = keys.get(i["master_itemid"], i["master_itemid"])
        i["interfaceid"] = ifs.get(i["interfaceid"], i["interfaceid"])
        out[i["key_"]] = i
    return out


def same_fields(tpl, copy, what):
    for k, v in tpl.items():
        if k in ("itemid", "hostid", "templateid", "uuid", "interfaceid"):
            continue
        expect_eq(copy[k], v, "%s: %s" % (what, k))


INTERFACE_OF = {"0": "1", "3": "1", "10": "1", "13": "1", "14": "1", "12": "3", "16": "4",
                "17": "2", "20": "2"}


def linked_chain():
    """Template t with TI, template t2 linked to t, host h linked to t2."""
    c = {}
    t = res("template.create", {"host": uniq("e2e-types-TT"),
                                "groups": [{"groupid": group()}]})["templateids"][0]
    for it in TI:
        c[it["name"]] = res("item.create", subst(dict(it, hostid=t), c))["itemids"][0]
    t2 = res("template.create", {"host": uniq("e2e-types-T2"), "groups": [{"groupid": group()}],
                                 "templates": [{"templateid": t}]})["templateids"][0]
    h, _ = host_with_interfaces()
    res("host.update", {"hostid": h, "templates": [{"templateid": t2}]})
    return t, t2, h, c


@T.test
def link_copies_every_type_with_its_interface_and_master():
    t, t2, h, _ = linked_chain()
    tpl = copies_of(t)
    for where in (t2, h):
        got = copies_of(where)
        expect_eq(sorted(got), sorted(tpl), "every item is copied")
        for key, item in tpl.items():
            same_fields(item, got[key], key)
            want_if = INTERFACE_OF.get(item["type"], "0") if where == h else "0"
            expect_eq(got[key]["interfaceid"], want_if, key + ": interface")
    expect_eq(copies_of(h)["dep2"]["master_itemid"], "dep", "dep2's master is the host's dep")


@T.test
def template_edits_reach_the_copies():
    t, t2, h, c = linked_chain()
    res("item.update", {"itemid": c["http"], "headers": {"X": "y", "Z": "w"},
                        "query_fields": [{"q": "1"}, {"r": "2"}], "url": "http://y"})
    res("item.update", {"itemid": c["script"], "params": "return 2",
                        "parameters": [{"name": "c", "value": "3"}, {"name": "b", "value": "9"}]})
    res("item.update", {"itemid": c["dep2"], "master_itemid": c["trap"]})
    for where in (t2, h):
        got = copies_of(where)
        expect_eq(got["http"]["headers"], {"X": "y", "Z": "w"}, "headers")
        expect_eq(got["http"]["query_fields"], [{"q": "1"}, {"r": "2"}], "query_fields")
        expect_eq(got["http"]["url"], "http://y", "url")
        # the kept row (b) stays first, the new one (c) goes after it
        expect_eq(got["script"]["parameters"], [{"name": "b", "value": "9"},
                                                {"name": "c", "value": "3"}], "parameters")
        expect_eq(got["dep2"]["master_itemid"], "trap", "master_itemid follows to the copy")
    # a type change clears the HTTP agent's fields on every level
    res("item.update", {"itemid": c["http"], "type": 2})
    got = copies_of(h)["http"]
    expect_eq([got["type"], got["url"], got["headers"], got["query_fields"], got["timeout"]],
              ["2", "", [], [], "3s"], "http -> trapper")


@T.test
def deleting_a_master_takes_its_dependents():
    t, t2, h, c = linked_chain()
    res("item.delete", [c["agent"]])
    for where in (t, t2, h):
        got = copies_of(where)
        for key in ("agent", "dep", "dep2"):
            if key in got:
                raise AssertionError("%s still on %s" % (key, where))
        expect_eq(len(got), len(TI) - 3, "the other items stay")
    r = call("item.delete", [copies_of(h)["trap"]["itemid"]])
    expect_eq(r["error"]["data"], "Cannot delete templated item.", "a copy is not deleted alone")


@T.test
def unlinking_keeps_every_type_as_own_items():
    t, t2, h, _ = linked_chain()
    before = copies_of(h)
    res("host.update", {"hostid": h, "templates": []})
    after = copies_of(h)
    expect_eq(sorted(after), sorted(before), "the copies stay")
    for key, item in before.items():
        expect_eq(after[key]["templateid"], "0", key + ": own now")
        same_fields(dict(item, templateid="0"), after[key], key)


# ---- export ----

# configuration.export of TI on a template as Zabbix 6.0.14 wrote it (uuid left out).
EXPORTED = [
    {"name": "agent", "key": "agent", "history": "7d", "units": "B", "description": "d", "preprocessing": [{"type": "MULTIPLIER", "parameters": ["2"]}], "tags": [{"tag": "a", "value": "1"}]},
    {"name": "calc", "type": "CALCULATED", "key": "calc", "value_type": "FLOAT", "params": "last(//agent)*2"},
    {"name": "db", "type": "ODBC", "key": "db.odbc.select[a,b]", "trends": "0", "value_type": "TEXT", "params": "select 1", "username": "u", "password": "p"},
    {"name": "dep", "type": "DEPENDENT", "key": "dep", "delay": "0", "master_item": {"key": "agent"}},
    {"name": "dep2", "type": "DEPENDENT", "key": "dep2", "delay": "0", "master_item": {"key": "dep"}},
    {"name": "ext", "type": "EXTERNAL", "key": "ext.sh"},
    {"name": "http", "type": "HTTP_AGENT", "key": "http", "trends": "0", "value_type": "TEXT", "allowed_hosts": "127.0.0.1", "authtype": "NTLM", "username": "u", "password": "p", "timeout": "10s", "url": "http://x", "query_fields": [{"name": "a", "value": "1"}], "posts": "{\"a\":1}", "status_codes": "200,201", "follow_redirects": "NO", "post_type": "JSON", "headers": [{"name": "H", "value": "v"}], "retrieve_mode": "BOTH", "request_method": "POST", "output_format": "JSON", "allow_traps": "YES", "verify_peer": "YES"},
    {"name": "ipmi", "type": "IPMI", "key": "ipmi.x", "ipmi_sensor": "s"},
    {"name": "jmx", "type": "JMX", "key": "jmx[a,b]", "jmx_endpoint": "service:jmx:rmi:///jndi/rmi://{HOST.CONN}:{HOST.PORT}/jmxrmi"},
    {"name": "active", "type": "ZABBIX_ACTIVE", "key": "log[/a]", "trends": "0", "value_type": "LOG", "logtimefmt": "yyyy"},
    {"name": "script", "type": "SCRIPT", "key": "script", "trends": "0", "value_type": "TEXT", "params": "return 1", "timeout": "5s", "parameters": [{"name": "b", "value": "2"}, {"name": "a", "value": "1"}]},
    {"name": "simple", "type": "SIMPLE", "key": "simple[x]", "username": "u", "password": "p"},
    {"name": "snmp", "type": "SNMP_AGENT", "snmp_oid": "1.2.3", "key": "snmp"},
    {"name": "snmptrap", "type": "SNMP_TRAP", "key": "snmptrap[x]", "trends": "0", "value_type": "TEXT"},
    {"name": "ssh", "type": "SSH", "key": "ssh.run[a]", "trends": "0", "value_type": "TEXT", "params": "ls", "authtype": "PUBLIC_KEY", "username": "u", "publickey": "pub", "privatekey": "priv"},
    {"name": "telnet", "type": "TELNET", "key": "telnet.run[a]", "trends": "0", "value_type": "TEXT", "params": "ls", "username": "u", "password": "p"},
    {"name": "trap", "type": "TRAP", "key": "trap", "delay": "0", "trends": "0", "value_type": "TEXT", "allowed_hosts": "127.0.0.1"},
    {"name": "internal", "type": "INTERNAL", "key": "zabbix[items]"},
]


@T.test
def export_writes_every_type_as_zabbix():
    import json
    t, _, _, _ = linked_chain()
    doc = json.loads(res("configuration.export", {"format": "json",
                                                  "options": {"templates": [t]}}))
    items = doc["zabbix_export"]["templates"][0]["items"]
    for i in items:
        if len(i.pop("uuid", "")) != 32:
            raise AssertionError("a template item has a uuid")
    expect_eq(len(items), len(EXPORTED), "item count")
    for got, want in zip(items, EXPORTED):
        expect_eq(got, want, "item " + want["key"])


if __name__ == "__main__":
    T.main()
