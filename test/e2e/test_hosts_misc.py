#!/usr/bin/env python3
# test_hosts_misc.py: a host's IPMI, TLS and proxy members, bare template ids and the host
# export of them, against the real tmpld. Every expected answer was asked of the reference
# Zabbix 6.0.14 (its API at 127.0.0.1:8080) with the same requests.
#
# Exercises:
#   - TLS checks on host.create and host.update, in Zabbix's order and texts (PSK identity and
#     PSK required and checked for PSK, "should be empty" otherwise, certificate fields only
#     with certificates, unexpected modes, "2.0" as the database's int error); a change of
#     mode on update clears the PSK or certificate fields not sent; host.get never returns the
#     PSK identity nor the PSK, even when asked (extend neither);
#   - IPMI: any integer kept (authtype 7, privilege 9), null username and password as "",
#     a non-integer the database's -32500 text;
#   - proxy_hostid: tmpld keeps no proxies, so any proxy is refused with the text of the
#     database's failed INSERT / UPDATE (columns as sent, the visible name, cleared TLS fields
#     and the stored TLS fields as Zabbix adds them; quotes doubled; a PSK masked), a
#     non-digit proxy id the database's unsigned int text, "0" and null no proxy;
#   - host.update templates as bare ids (mixed with objects; templates_clear too);
#   - host.massupdate: IPMI and TLS on several hosts (both modes required, unused fields
#     emptied, no fallback on stored PSKs), a proxy refused with the UPDATE of all of them;
#   - the host export: IPMI constants by name, SNMP details, and a constant without a name
#     (ipmi_authtype 7) refusing the export;
#   - a host stored before the IPMI/TLS members existed reads with their defaults (a restart
#     over the same data keeps what was set).
# Usage: test_hosts_misc.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import os
import re
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, ["--log-level", "warn"], name="hosts-misc", login=True, fmt="%s-%d")
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq

PSK = "ab" * 16
TLS_OUT = ["tls_connect", "tls_accept", "tls_issuer", "tls_subject", "tls_psk_identity",
           "tls_psk"]
IPMI_OUT = ["ipmi_authtype", "ipmi_privilege", "ipmi_username", "ipmi_password"]


def group():
    return S.once("group", lambda: res("hostgroup.create", {"name": "e2e hosts misc"})
                  ["groupids"][0])


def host_params(**extra):
    params = {"host": uniq("e2e-hm-H"), "groups": [{"groupid": group()}]}
    params.update(extra)
    return params


def mk_host(**extra):
    return res("host.create", host_params(**extra))["hostids"][0]


def get_host(hostid, output):
    got = res("host.get", {"hostids": [hostid], "output": output})
    expect_eq(len(got), 1, "host %s found" % hostid)
    return got[0]


def tls_error(field, why):
    return 'Incorrect value for field "%s": %s.' % (field, why)


@T.test
def tls_checks_on_create_in_zabbix_order():
    cases = [
        ({"tls_connect": 2}, tls_error("tls_psk_identity", "cannot be empty")),
        ({"tls_connect": 2, "tls_psk_identity": "i"}, tls_error("tls_psk", "cannot be empty")),
        ({"tls_connect": 2, "tls_psk_identity": "i", "tls_psk": "abc"},
         tls_error("tls_psk", "an even number of hexadecimal characters is expected")),
        ({"tls_connect": 2, "tls_psk_identity": "i", "tls_psk": "abcd"},
         tls_error("tls_psk", "minimum length is 32 characters")),
        ({"tls_accept": 2, "tls_psk_identity": "i", "tls_psk": "zz" * 16},
         tls_error("tls_psk", "an even number of hexadecimal characters is expected")),
        ({"tls_accept": 0}, tls_error("tls_accept", 'unexpected value "0"')),
        ({"tls_accept": 8}, tls_error("tls_accept", 'unexpected value "8"')),
        ({"tls_accept": "x"}, tls_error("tls_accept", 'unexpected value "x"')),
        ({"tls_connect": "x"}, tls_error("tls_connect", 'unexpected value "x"')),
        ({"tls_connect": 3}, tls_error("tls_connect", 'unexpected value "3"')),
        ({"tls_accept": "0x2"}, tls_error("tls_accept", 'unexpected value "0x2"')),
        ({"tls_accept": "nan"}, tls_error("tls_accept", 'unexpected value "nan"')),
        ({"tls_psk": PSK}, tls_error("tls_psk", "should be empty")),
        ({"tls_psk_identity": "x"}, tls_error("tls_psk_identity", "should be empty")),
        ({"tls_issuer": "x"}, tls_error("tls_issuer", "should be empty")),
        ({"tls_subject": "x"}, tls_error("tls_subject", "should be empty")),
    ]
    for extra, text in cases:
        expect_error(call("host.create", host_params(**extra)), -32602, text, what=str(extra))
    # the database layer's int checks come after those
    expect_error(call("host.create", host_params(tls_connect="2.0", tls_psk_identity="i",
                                                 tls_psk=PSK)),
                 -32500, 'Incorrect value "2.0" for int field "tls_connect".', what="2.0")
    expect_error(call("host.create", host_params(ipmi_authtype="x")), -32500,
                 'Incorrect value "x" for int field "ipmi_authtype".', what="ipmi x")
    expect_error(call("host.create", host_params(ipmi_privilege=1.5)), -32500,
                 'Incorrect value "1.5" for int field "ipmi_privilege".', what="ipmi 1.5")
    for text in ("+5", " 5"):
        expect_error(call("host.create", host_params(ipmi_authtype=text)), -32500,
                     'Incorrect value "%s" for int field "ipmi_authtype".' % text, what=text)
    expect_eq(res("host.get", {"groupids": [group()], "output": ["hostid"],
                               "search": {"host": "e2e-hm-H"}}), [], "nothing created")


@T.test
def settings_stored_and_psk_never_shown():
    h = mk_host(ipmi_authtype=6, ipmi_privilege=9, ipmi_username=None, ipmi_password=5,
                tls_connect=4, tls_accept=7, tls_issuer="CN=i", tls_subject="CN=s",
                tls_psk_identity="pi", tls_psk=PSK.upper())
    got = get_host(h, IPMI_OUT + TLS_OUT)
    expect_eq(got, {"hostid": h, "ipmi_authtype": "6", "ipmi_privilege": "9",
                    "ipmi_username": "", "ipmi_password": "5", "tls_connect": "4",
                    "tls_accept": "7", "tls_issuer": "CN=i", "tls_subject": "CN=s"},
              "asked for")
    full = get_host(h, "extend")
    for key in ("tls_psk", "tls_psk_identity"):
        expect_eq(key in full, False, "%s in extend" % key)
    expect_eq(full["proxy_hostid"], "0", "no proxy")
    # accept PSK too: the stored identity and PSK satisfy it, the certificate stays
    res("host.update", {"hostid": h, "tls_accept": 2})
    expect_eq(get_host(h, TLS_OUT), {"hostid": h, "tls_connect": "4", "tls_accept": "2",
                                     "tls_issuer": "CN=i", "tls_subject": "CN=s"}, "accept 2")
    # no encryption: both kinds of fields are cleared, so PSK needs them sent again
    res("host.update", {"hostid": h, "tls_connect": 1, "tls_accept": 1})
    expect_eq(get_host(h, TLS_OUT), {"hostid": h, "tls_connect": "1", "tls_accept": "1",
                                     "tls_issuer": "", "tls_subject": ""}, "no encryption")
    expect_error(call("host.update", {"hostid": h, "tls_accept": 3}), -32602,
                 tls_error("tls_psk_identity", "cannot be empty"), what="PSK cleared")
    expect_error(call("host.update", {"hostid": h, "tls_psk_identity": "x"}), -32602,
                 tls_error("tls_psk_identity", "should be empty"), what="identity alone")
    res("host.update", {"hostid": h, "tls_connect": 2, "tls_psk_identity": "x", "tls_psk": PSK})
    res("host.update", {"hostid": h, "ipmi_authtype": "-1", "ipmi_privilege": "3",
                        "ipmi_username": "", "ipmi_password": None})
    expect_eq(get_host(h, IPMI_OUT), {"hostid": h, "ipmi_authtype": "-1",
                                      "ipmi_privilege": "3", "ipmi_username": "",
                                      "ipmi_password": ""}, "IPMI back to defaults")


def sql_error(text):
    return "SQL statement execution has failed \"%s\"." % text


@T.test
def unknown_proxy_refused_with_the_database_text():
    name = uniq("e2e-hm-P")
    r = call("host.create", {"host": name, "groups": [{"groupid": group()}],
                             "proxy_hostid": "999999999"})
    expect_eq(r["error"]["code"], -32500, "create code")
    m = re.match(r"^SQL statement execution has failed \"INSERT INTO hosts "
                 r"\(hostid,host,proxy_hostid,name\) VALUES \('(\d+)','%s','999999999','%s'\)"
                 r"\"\.$" % (name, name), r["error"]["data"])
    expect_eq(bool(m), True, "INSERT text: %s" % r["error"]["data"])
    # two hosts: the columns of both in the order first sent, defaults where one has none
    a, b = uniq("e2e-hm-P"), uniq("e2e-hm-P")
    r = call("host.create", [
        {"host": a, "groups": [{"groupid": group()}], "description": "it's", "status": 1,
         "proxy_hostid": 0},
        {"host": b, "groups": [{"groupid": group()}], "name": "vis " + b,
         "proxy_hostid": 999999999, "tls_connect": 1, "ipmi_password": "x"}])
    data = re.sub(r"\('\d+'", "('ID'", r["error"]["data"])
    expect_eq(data, sql_error(
        "INSERT INTO hosts (hostid,host,description,status,proxy_hostid,name,tls_connect,"
        "ipmi_password) VALUES ('ID','%s','it''s','1',NULL,'%s','1',''),"
        "('ID','%s','','0','999999999','vis %s','1','x')" % (a, a, b, b)), "two hosts")
    expect_error(call("host.create", host_params(proxy_hostid="abc")), -32500,
                 'Incorrect value "abc" for unsigned int field "proxy_hostid".', what="abc")
    for none in ("0", None, 0):
        mk_host(proxy_hostid=none)
    # update: the members as sent, then what Zabbix adds (stored TLS fields, a PSK masked)
    h = mk_host(tls_connect=4, tls_accept=7, tls_issuer="CN=i", tls_subject="CN=s",
                tls_psk_identity="pi", tls_psk=PSK)
    tail = ("tls_connect='4',tls_accept='7',tls_issuer='CN=i',tls_subject='CN=s',"
            "tls_psk_identity='pi',tls_psk='******' WHERE hostid='%s'" % h)
    cases = [
        ({"description": "x'y", "hostid": h, "proxy_hostid": "5", "status": 1},
         "description='x''y',hostid='%s',proxy_hostid='5',status='1'," % h + tail),
        ({"hostid": h, "proxy_hostid": "5", "host": "e2e-hm-new"},
         "hostid='%s',proxy_hostid='5',host='e2e-hm-new',name='e2e-hm-new'," % h + tail),
        ({"hostid": h, "name": " ", "host": "e2e-hm-new", "proxy_hostid": "5"},
         "hostid='%s',name='e2e-hm-new',host='e2e-hm-new',proxy_hostid='5'," % h + tail),
        ({"hostid": h, "proxy_hostid": "5", "groups": [{"groupid": group()}], "tags": [],
          "macros": [], "inventory_mode": 0, "ipmi_username": "u", "flags": 0, "nosuch": 1},
         "hostid='%s',proxy_hostid='5',ipmi_username='u',flags='0'," % h + tail),
        ({"hostid": h, "tls_connect": 1, "tls_accept": 1, "proxy_hostid": "5"},
         "hostid='%s',tls_connect='1',tls_accept='1',proxy_hostid='5',tls_psk_identity='',"
         "tls_psk='',tls_issuer='',tls_subject='' WHERE hostid='%s'" % (h, h)),
        ({"hostid": h, "tls_accept": 2, "proxy_hostid": "5", "tls_connect": 2},
         "hostid='%s',tls_accept='2',proxy_hostid='5',tls_connect='2',tls_issuer='',"
         "tls_subject='',tls_psk_identity='pi',tls_psk='******' WHERE hostid='%s'" % (h, h)),
    ]
    for params, sql in cases:
        expect_error(call("host.update", params), -32500, sql_error("UPDATE hosts SET " + sql),
                     what=str(params))
    expect_eq(get_host(h, ["proxy_hostid", "status", "description", "tls_connect"]),
              {"hostid": h, "proxy_hostid": "0", "status": "0", "description": "",
               "tls_connect": "4"}, "host unchanged")


@T.test
def massupdate_ipmi_tls_and_proxy():
    h1, h2 = mk_host(), mk_host()
    hosts = [{"hostid": h1}, {"hostid": h2}]

    def both(output):
        return [get_host(h, output) for h in (h1, h2)]
    res("host.massupdate", {"hosts": hosts, "ipmi_authtype": 2, "ipmi_privilege": 4,
                            "ipmi_username": "u", "ipmi_password": "p"})
    expect_eq(both(IPMI_OUT), [{"hostid": h, "ipmi_authtype": "2", "ipmi_privilege": "4",
                                "ipmi_username": "u", "ipmi_password": "p"}
                               for h in (h1, h2)], "IPMI on both")
    both_ways = ("Cannot update host encryption settings. Connection settings for both "
                 "directions should be specified.")
    expect_error(call("host.massupdate", {"hosts": hosts, "tls_connect": 2}), -32500,
                 both_ways, what="one mode")
    expect_error(call("host.massupdate", {"hosts": hosts, "tls_psk": "ab"}), -32500,
                 both_ways, what="a PSK alone")
    # massupdate does not fall back on the stored PSK: it must be sent
    expect_error(call("host.massupdate", {"hosts": hosts, "tls_connect": 2, "tls_accept": 1}),
                 -32602, tls_error("tls_psk_identity", "cannot be empty"), what="no identity")
    res("host.massupdate", {"hosts": hosts, "tls_connect": 4, "tls_accept": 4,
                            "tls_issuer": "I", "tls_subject": "S"})
    expect_eq(both(["tls_connect", "tls_issuer"]),
              [{"hostid": h, "tls_connect": "4", "tls_issuer": "I"} for h in (h1, h2)],
              "certificates")
    # fields a mode does not use are emptied, not refused
    res("host.massupdate", {"hosts": hosts, "tls_connect": 1, "tls_accept": 1,
                            "tls_issuer": "I"})
    expect_eq(both(["tls_connect", "tls_issuer"]),
              [{"hostid": h, "tls_connect": "1", "tls_issuer": ""} for h in (h1, h2)],
              "no encryption")
    expect_error(call("host.massupdate", {"hosts": hosts, "ipmi_authtype": "x"}), -32500,
                 'Incorrect value "x" for int field "ipmi_authtype".', what="ipmi x")
    lo, hi = sorted([h1, h2], key=int)
    expect_error(call("host.massupdate", {"hosts": hosts, "proxy_hostid": "999999999"}),
                 -32500, sql_error("UPDATE hosts SET proxy_hostid='999999999' WHERE (hostid "
                                   "IN ('%s','%s'))" % (lo, hi)), what="proxy")
    expect_error(call("host.massupdate", {
        "hosts": hosts, "status": 1, "tls_psk": "ab", "tls_connect": 4, "proxy_hostid": "7",
        "tls_accept": 1, "tls_subject": "s", "description": "d"}), -32500,
        sql_error("UPDATE hosts SET status='1',tls_psk='',tls_connect='4',proxy_hostid='7',"
                  "tls_accept='1',tls_subject='s',description='d',tls_psk_identity='' WHERE "
                  "(hostid IN ('%s','%s'))" % (lo, hi)), what="proxy and TLS")
    expect_error(call("host.massupdate", {"hosts": [{"hostid": h2}], "proxy_hostid": 7,
                                          "ipmi_username": None, "name": "n'"}), -32500,
                 sql_error("UPDATE hosts SET proxy_hostid='7',ipmi_username='',name='n''' "
                           "WHERE hostid='%s'" % h2), what="one host")
    res("host.massupdate", {"hosts": hosts, "proxy_hostid": "0"})
    expect_eq(both(["status", "proxy_hostid", "ipmi_username"]),
              [{"hostid": h, "status": "0", "proxy_hostid": "0", "ipmi_username": "u"}
               for h in (h1, h2)], "nothing of the refused calls")


@T.test
def update_takes_bare_template_ids():
    t1 = res("template.create", {"host": uniq("e2e-hm-T"),
                                 "groups": [{"groupid": group()}]})["templateids"][0]
    t2 = res("template.create", {"host": uniq("e2e-hm-T"),
                                 "groups": [{"groupid": group()}]})["templateids"][0]
    h = mk_host()

    def parents():
        got = res("host.get", {"hostids": [h], "output": ["hostid"],
                               "selectParentTemplates": ["templateid"]})[0]
        return sorted(p["templateid"] for p in got["parentTemplates"])
    res("host.update", {"hostid": h, "templates": [t1, {"templateid": t2}]})
    expect_eq(parents(), sorted([t1, t2]), "linked")
    expect_error(call("host.update", {"hostid": h, "templates": ["999999"]}), -32500,
                 "No permissions to referred object or it does not exist!", what="unknown")
    expect_eq(parents(), sorted([t1, t2]), "unchanged")
    res("host.update", {"hostid": h, "templates_clear": [t1]})
    expect_eq(parents(), [t2], "cleared")


@T.test
def export_of_ipmi_and_snmp_details():
    ifs = [{"type": 2, "main": 1, "useip": 1, "ip": "10.0.0.3", "dns": "", "port": "161",
            "details": {"version": 3, "bulk": 0, "securityname": "sn", "securitylevel": 2,
                        "authprotocol": 3, "authpassphrase": "ap", "privprotocol": 5,
                        "privpassphrase": "pp", "contextname": "cn"}},
           {"type": 2, "main": 0, "useip": 1, "ip": "10.0.0.4", "dns": "", "port": "161",
            "details": {"version": 1, "bulk": 1, "community": "c"}}]
    name = uniq("e2e-hm-X")
    h = mk_host(host=name, ipmi_authtype=0, ipmi_privilege=1, inventory_mode=-1,
                interfaces=ifs)
    got = res("configuration.export", {"format": "json", "options": {"hosts": [h]}})
    host = e2e.json.loads(got)["zabbix_export"]["hosts"][0]
    expect_eq(host, {
        "host": name, "name": name, "ipmi_authtype": "NONE", "ipmi_privilege": "CALLBACK",
        "groups": [{"name": "e2e hosts misc"}],
        "interfaces": [
            {"type": "SNMP", "ip": "10.0.0.3", "port": "161",
             "details": {"version": "SNMPV3", "contextname": "cn", "securityname": "sn",
                         "securitylevel": "AUTHPRIV", "authprotocol": "SHA256",
                         "authpassphrase": "ap", "privprotocol": "AES256C",
                         "privpassphrase": "pp", "bulk": "NO"},
             "interface_ref": "if1"},
            {"default": "NO", "type": "SNMP", "ip": "10.0.0.4", "port": "161",
             "details": {"version": "SNMPV1", "community": "c"}, "interface_ref": "if2"}],
        "inventory_mode": "DISABLED"}, "exported host")
    res("host.update", {"hostid": h, "ipmi_authtype": 7})
    expect_error(call("configuration.export", {"format": "yaml", "options": {"hosts": [h]}}),
                 -32500, 'Invalid tag "ipmi_authtype": unexpected constant value "7".',
                 what="authtype 7")
    res("host.update", {"hostid": h, "ipmi_authtype": 2, "ipmi_privilege": 9})
    expect_error(call("configuration.export", {"format": "yaml", "options": {"hosts": [h]}}),
                 -32500, 'Invalid tag "ipmi_privilege": unexpected constant value "9".',
                 what="privilege 9")


@T.test
def settings_survive_a_restart():
    s = e2e.Server(["--log-level", "warn"], name="hosts-misc-restart").start()
    try:
        sid = s.login()
        g = s.result("hostgroup.create", {"name": "e2e hm restart"}, auth=sid)["groupids"][0]
        plain = s.result("host.create", {"host": "e2e-hm-plain", "groups": [{"groupid": g}]},
                         auth=sid)["hostids"][0]
        set_ = s.result("host.create", {"host": "e2e-hm-set", "groups": [{"groupid": g}],
                                        "ipmi_authtype": 2, "tls_connect": 2,
                                        "tls_psk_identity": "i", "tls_psk": PSK},
                        auth=sid)["hostids"][0]
        s.restart()
        sid = s.login()
        got = s.result("host.get", {"hostids": [plain, set_], "sortfield": "hostid",
                                    "output": ["ipmi_authtype", "tls_connect"]}, auth=sid)
        expect_eq(got, [{"hostid": plain, "ipmi_authtype": "-1", "tls_connect": "1"},
                        {"hostid": set_, "ipmi_authtype": "2", "tls_connect": "2"}],
                  "after restart")
    finally:
        s.cleanup()


if __name__ == "__main__":
    sys.exit(T.main())
