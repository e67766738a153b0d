#!/usr/bin/env python3
# test_export.py: configuration.export end to end: Zabbix 6.0's parameter texts, the answer for
# ids that match nothing, and the exact bytes of exports recorded from Zabbix 6.0.14.
#
# Exercises: the validation texts of format, options and prettyprint (corpus x02); unknown ids,
# a host id under templates, a template id under hosts, repeated ids and groups alone; the
# x01 template (description with a newline, quotes and markup, tags, macros) in raw, json,
# json pretty, yaml (pretty the same) and xml compact and pretty, byte for byte as recorded
# with the date, the uuids and the run token substituted; x04's macros (sorted by name, type
# only when not text, a secret without value, a vault path); x03's items of nine types (the
# recording minus its value map and preprocessing, which tmpld does not store yet); x45's
# natural order of templates, groups, items, tags and macros (minus its value maps) and a
# host's interfaces sorted by type, ip, dns, port with refs numbered by creation; items
# inherited by a host are not exported; a large export is moved off the event loop and is
# bounded by --max-answer.
# Usage: test_export.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import os
import re
import sys
import time

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, ["--log-level", "warn"], name="export", login=True)
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq
P = "e2e%d" % (os.getpid() % 100000)     # the run token of the recorded names
DATE_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def export(fmt, options, pretty=None):
    params = {"format": fmt, "options": options}
    if pretty is not None:
        params["prettyprint"] = pretty
    return res("configuration.export", params)


def check_date(date):
    """A UTC date of the call: the format, and within two minutes of now."""
    if not DATE_RE.match(date):
        raise AssertionError("date %r is not YYYY-MM-DDThh:mm:ssZ" % date)
    t = time.mktime(time.strptime(date, "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
    if abs(t - time.time()) > 120:
        raise AssertionError("date %r is not now" % date)


def date_of(text):
    m = re.search(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)", text)
    if m is None:
        raise AssertionError("no date in %r" % text[:200])
    check_date(m.group(1))
    return m.group(1)


def expect_text(got, want, subs, what):
    """got equals the recorded text want with its {NAME} placeholders (and {DATE}, {P})
    replaced; the date is taken from got and checked to be now."""
    subs = dict(subs, P=P, DATE=date_of(got))
    for k, v in subs.items():
        want = want.replace("{%s}" % k, v)
    if got != want:
        i = next((n for n in range(min(len(got), len(want))) if got[n] != want[n]),
                 min(len(got), len(want)))
        raise AssertionError("%s differs at %d: expected %r, got %r" % (
            what, i, want[max(0, i - 60):i + 60], got[max(0, i - 60):i + 60]))


def group(name):
    return res("hostgroup.create", {"name": name})["groupids"][0]


def uuid_of_group(gid):
    return res("hostgroup.get", {"output": ["uuid"], "groupids": gid})[0]["uuid"]


def uuid_of_template(tid):
    return res("template.get", {"output": ["uuid"], "templateids": tid})[0]["uuid"]


def item_uuids(hostid):
    return {i["key_"]: i["uuid"] for i in res("item.get", {"output": ["key_", "uuid"],
                                                            "hostids": hostid})}


# ---- parameters (x02) ----

@T.test
def params_should_be_checked_with_zabbix_texts():
    t = res("template.create", {"host": uniq("xp T"), "groups": [{"groupid": group(uniq("xp G"))}]})
    tid = t["templateids"][0]
    cases = [
        ({"format": "csv", "options": {"templates": [tid]}},
         'Invalid parameter "/format": value must be one of "yaml", "xml", "json", "raw".'),
        ({"format": "JSON", "options": {"templates": [tid]}},
         'Invalid parameter "/format": value must be one of "yaml", "xml", "json", "raw".'),
        ({"options": {"templates": [tid]}},
         'Invalid parameter "/": the parameter "format" is missing.'),
        ({"format": "json"}, 'Invalid parameter "/": the parameter "options" is missing.'),
        ({"format": "raw", "options": {"templateids": [tid]}},
         'Invalid parameter "/options": unexpected parameter "templateids".'),
        ({"format": "raw", "options": {"host_groups": [tid]}},
         'Invalid parameter "/options": unexpected parameter "host_groups".'),
        ({"format": "raw", "options": {"template_groups": [tid]}},
         'Invalid parameter "/options": unexpected parameter "template_groups".'),
        ({"format": "raw", "options": {"templates": tid}},
         'Invalid parameter "/options/templates": an array is expected.'),
        ({"format": "raw", "options": {"templates": ["abc"]}},
         'Invalid parameter "/options/templates/1": a number is expected.'),
        ({"format": "raw", "options": {"templates": [tid]}, "prettyprint": "yes"},
         'Invalid parameter "/prettyprint": a boolean is expected.'),
        ({"format": "raw", "options": {"templates": [tid]}, "extra": 1},
         'Invalid parameter "/": unexpected parameter "extra".'),
    ]
    for params, data in cases:
        expect_error(call("configuration.export", params), -32602, data, what=repr(params))


@T.test
def ids_that_match_nothing_should_give_an_empty_export():
    g = group(uniq("xe G"))
    tid = res("template.create", {"host": uniq("xe T"), "groups": [{"groupid": g}]})["templateids"][0]
    hid = res("host.create", {"host": uniq("xe H"), "groups": [{"groupid": g}]})["hostids"][0]
    for options in ([], {}, {"templates": ["999999999"]}, {"templates": [hid]}, {"hosts": [tid]},
                    {"images": ["1"], "maps": ["1"], "mediaTypes": ["1"]}):
        doc = export("raw", options)
        check_date(doc["zabbix_export"]["date"])
        expect_eq(doc, {"zabbix_export": {"version": "6.0", "date": doc["zabbix_export"]["date"]}},
                  repr(options))
    doc = export("raw", {"templates": [tid, tid]})["zabbix_export"]
    expect_eq(len(doc["templates"]), 1, "a repeated id")
    expect_eq(doc["groups"], [{"uuid": uuid_of_group(g), "name": res("hostgroup.get", {
        "output": ["name"], "groupids": g})[0]["name"]}], "groups")
    doc = export("raw", {"groups": [g, g]})["zabbix_export"]
    expect_eq(sorted(doc.keys()), ["date", "groups", "version"], "groups alone")


# ---- recorded exports ----

@T.test
def x01_template_should_match_the_recording_in_every_format():
    g = group("%s x01-export-formats G1" % P)
    tid = res("template.create", {
        "host": "%s x01-export-formats T1" % P, "groups": [{"groupid": g}],
        "name": "%s x01-export-formats T1 visible" % P,
        "description": "line one\nline <two> & \"three\" 'four'",
        "tags": [{"tag": "env", "value": "prod"}, {"tag": "empty"}],
        "macros": [{"macro": "{$B}", "value": "b"},
                   {"macro": "{$A}", "value": "a", "description": "first"}]})["templateids"][0]
    subs = {"GU": uuid_of_group(g), "TU": uuid_of_template(tid)}
    opts = {"templates": [tid]}
    raw = export("raw", opts)
    check_date(raw["zabbix_export"]["date"])
    expect_eq(raw, {"zabbix_export": {
        "version": "6.0", "date": raw["zabbix_export"]["date"],
        "groups": [{"uuid": subs["GU"], "name": "%s x01-export-formats G1" % P}],
        "templates": [{
            "uuid": subs["TU"], "template": "%s x01-export-formats T1" % P,
            "name": "%s x01-export-formats T1 visible" % P,
            "description": "line one\nline <two> & \"three\" 'four'",
            "groups": [{"name": "%s x01-export-formats G1" % P}],
            "tags": [{"tag": "empty"}, {"tag": "env", "value": "prod"}],
            "macros": [{"macro": "{$A}", "value": "a", "description": "first"},
                       {"macro": "{$B}", "value": "b"}]}]}}, "raw")
    expect_text(export("json", opts), X01_JSON, subs, "json")
    expect_text(export("json", opts, False), X01_JSON, subs, "json, prettyprint false")
    expect_text(export("json", opts, True), X01_JSON_PRETTY, subs, "json pretty")
    expect_text(export("yaml", opts), X01_YAML, subs, "yaml")
    expect_text(export("yaml", opts, True), X01_YAML, subs, "yaml pretty")
    expect_text(export("xml", opts), X01_XML, subs, "xml")
    expect_text(export("xml", opts, True), X01_XML_PRETTY, subs, "xml pretty")


@T.test
def x04_macros_should_match_the_recording():
    g = group("%s x04-export-macros-secret-vault G1" % P)
    tid = res("template.create", {
        "host": "%s x04-export-macros-secret-vault T1" % P, "groups": [{"groupid": g}],
        "macros": [{"macro": "{$TXT}", "value": "plain", "description": "text one"},
                   {"macro": "{$SEC}", "value": "hidden", "type": 1, "description": "secret one"},
                   {"macro": "{$VLT}", "value": "secret/path:key", "type": 2},
                   {"macro": "{$EMPTY}", "value": ""},
                   {"macro": "{$CTX:\"ctx\"}", "value": "c"}]})["templateids"][0]
    subs = {"GU": uuid_of_group(g), "TU": uuid_of_template(tid)}
    xml = export("xml", {"templates": [tid]}, True)
    expect_text(xml, X04_XML_PRETTY, subs, "xml pretty")
    expect_text(export("json", {"templates": [tid]}), X04_JSON, subs, "json")
    if "hidden" in xml:
        raise AssertionError("the secret value was exported")


@T.test
def x03_items_should_match_the_recording():
    g = group("%s x03-export-template-items G1" % P)
    t = res("template.create", {"host": "%s x03-export-template-items T1" % P,
                                "groups": [{"groupid": g}]})["templateids"][0]
    i1 = res("item.create", {"hostid": t, "name": "Agent ping", "key_": "agent.ping", "type": 0,
                             "value_type": 3, "delay": "30s",
                             "tags": [{"tag": "component", "value": "health"},
                                      {"tag": "alpha"}]})["itemids"][0]
    items = [
        {"name": "Trap text", "key_": "trap.text", "type": 2, "value_type": 4,
         "trapper_hosts": "127.0.0.1", "history": "7d", "description": "A trapper"},
        {"name": "Dependent char", "key_": "dep.char", "type": 18, "value_type": 1,
         "master_itemid": i1},
        {"name": "Calculated", "key_": "calc.float", "type": 15, "value_type": 0,
         "params": "last(//agent.ping)*2", "delay": "5m", "units": "B", "trends": "30d",
         "status": 1},
        {"name": "HTTP agent", "key_": "http.get", "type": 19, "value_type": 4,
         "url": "http://example.com/api", "delay": "1m",
         "query_fields": [{"a": "1"}, {"b": "two"}], "headers": {"X-Token": "t"},
         "status_codes": "200,201", "timeout": "5s", "follow_redirects": 0,
         "request_method": 1, "retrieve_mode": 2},
        {"name": "SNMP", "key_": "snmp.oid", "type": 20, "value_type": 3,
         "snmp_oid": "1.3.6.1.2.1.1.3.0", "delay": "2m"},
        {"name": "Log", "key_": "log[/var/log/app.log]", "type": 7, "value_type": 2,
         "delay": "1m", "logtimefmt": "yyyy"},
        {"name": "Script", "key_": "script.run", "type": 21, "value_type": 4, "delay": "1h",
         "params": "return 1;", "parameters": [{"name": "p1", "value": "v1"}],
         "timeout": "10s"},
        {"name": "Simple", "key_": "simple[x]", "type": 3, "value_type": 3, "delay": "1m",
         "username": "u", "password": "p"},
    ]
    for it in items:
        res("item.create", dict(it, hostid=t))
    subs = {"GU": uuid_of_group(g), "TU": uuid_of_template(t)}
    for key, u in item_uuids(t).items():
        subs["U_" + re.sub(r"\W", "_", key)] = u
    expect_text(export("yaml", {"templates": [t]}), X03_YAML_NO_VM, subs, "yaml")


@T.test
def x45_lists_should_be_in_natural_order():
    g10 = group("%s x45-export-natural-sort g10" % P)
    g9 = group("%s x45-export-natural-sort G9" % P)
    g1 = group("%s x45-export-natural-sort g1" % P)
    gs = [{"groupid": g10}, {"groupid": g9}, {"groupid": g1}]
    t10 = res("template.create", {"host": "%s x45-export-natural-sort T10" % P,
                                  "groups": gs})["templateids"][0]
    t9 = res("template.create", {"host": "%s x45-export-natural-sort t9" % P,
                                 "groups": gs})["templateids"][0]
    t1 = res("template.create", {"host": "%s x45-export-natural-sort T1" % P,
                                 "groups": gs})["templateids"][0]
    res("template.update", {"templateid": t1, "tags": [
        {"tag": "t10"}, {"tag": "T9", "value": "v10"}, {"tag": "T9", "value": "v9"},
        {"tag": "t1", "value": "B"}, {"tag": "t1", "value": "a"}], "macros": [
        {"macro": "{$M10}", "value": "1"}, {"macro": "{$M9}", "value": "2"},
        {"macro": "{$M1:\"ctx\"}", "value": "3"}, {"macro": "{$M1}", "value": "4"},
        {"macro": "{$M1:\"a\"}", "value": "5"}, {"macro": "{$A_B}", "value": "6"}]})
    for key in ("item10", "Item9", "item1", "a.b", "B.a"):
        res("item.create", {"hostid": t1, "name": key, "key_": key, "type": 2, "value_type": 3})
    subs = {"G1U": uuid_of_group(g1), "G9U": uuid_of_group(g9), "G10U": uuid_of_group(g10),
            "U_T10": uuid_of_template(t10), "U_t9": uuid_of_template(t9),
            "U_T1": uuid_of_template(t1)}
    for key, u in item_uuids(t1).items():
        subs["U_" + key.replace(".", "_")] = u
    expect_text(export("json", {"templates": [t10, t9, t1]}), X45_JSON_NO_VM, subs, "json")
    hid = res("host.create", {"host": "%s x45-export-natural-sort H1" % P,
                              "groups": [{"groupid": g9}], "interfaces": [
        {"type": 1, "main": 1, "useip": 1, "ip": "10.0.0.10", "dns": "", "port": "10050"},
        {"type": 1, "main": 0, "useip": 1, "ip": "10.0.0.9", "dns": "", "port": "10050"},
        {"type": 4, "main": 1, "useip": 1, "ip": "10.0.0.4", "dns": "", "port": "12345"},
        {"type": 1, "main": 0, "useip": 0, "ip": "", "dns": "b.example", "port": "10050"},
        {"type": 1, "main": 0, "useip": 0, "ip": "", "dns": "A.example", "port": "10050"}]}
    )["hostids"][0]
    expect_text(export("yaml", {"hosts": [hid]}), X45_HOST_YAML, {"GU": subs["G9U"]}, "host yaml")


# ---- hosts ----

@T.test
def a_host_should_export_only_its_own_items():
    g = group(uniq("xh G"))
    tname = uniq("xh T")
    t = res("template.create", {"host": tname, "groups": [{"groupid": g}]})["templateids"][0]
    res("item.create", {"hostid": t, "name": "inherited", "key_": "from.template", "type": 0,
                        "value_type": 3, "delay": "1m"})
    hname = uniq("xh H")
    h = res("host.create", {"host": hname, "groups": [{"groupid": g}],
                            "templates": [{"templateid": t}], "status": 1,
                            "macros": [{"macro": "{$S}", "value": "s3cret", "type": 1}],
                            "tags": [{"tag": "site", "value": "b"}, {"tag": "site", "value": "a"}],
                            "interfaces": [{"type": 1, "main": 1, "useip": 1, "ip": "127.0.0.1",
                                            "dns": "", "port": "10050"}]})["hostids"][0]
    # the host's copy of the template's agent item took the host's agent interface
    ifid = res("item.get", {"output": ["interfaceid"], "hostids": h,
                            "filter": {"key_": "from.template"}})[0]["interfaceid"]
    res("item.create", {"hostid": h, "name": "Agent version", "key_": "agent.version", "type": 0,
                        "value_type": 1, "delay": "1h", "interfaceid": ifid})
    res("item.create", {"hostid": h, "name": "Trap", "key_": "trap.h", "type": 2, "value_type": 3})
    doc = export("raw", {"hosts": [h]})["zabbix_export"]
    expect_eq(doc["hosts"], [{
        "host": hname, "name": hname, "status": "DISABLED", "templates": [{"name": tname}],
        "groups": [{"name": res("hostgroup.get", {"output": ["name"], "groupids": g})[0]["name"]}],
        "interfaces": [{"interface_ref": "if1"}],
        "items": [{"name": "Agent version", "key": "agent.version", "delay": "1h", "trends": "0",
                   "value_type": "CHAR", "interface_ref": "if1"},
                  {"name": "Trap", "type": "TRAP", "key": "trap.h", "delay": "0"}],
        "tags": [{"tag": "site", "value": "a"}, {"tag": "site", "value": "b"}],
        "macros": [{"macro": "{$S}", "type": "SECRET_TEXT"}],
        "inventory_mode": "DISABLED"}], "host")
    for fmt in ("json", "yaml", "xml"):
        text = export(fmt, {"hosts": [h], "templates": [t]}, True)
        if "s3cret" in text or "from.template" not in text:
            raise AssertionError("%s: inherited items or secrets wrong: %r" % (fmt, text[:300]))


# ---- heavy exports ----

@T.test
def a_large_export_should_run_and_be_bounded():
    g = group(uniq("xl G"))
    ids = []
    for i in range(20):     # more than the loop takes: read on a pool thread
        ids.append(res("template.create", {"host": uniq("xl T"), "groups": [{"groupid": g}],
                                           "description": "d" * 2000})["templateids"][0])
    doc = export("raw", {"templates": ids})["zabbix_export"]
    expect_eq(len(doc["templates"]), 20, "templates")
    text = export("xml", {"templates": ids}, True)
    expect_eq(text.count("<template>"), 40, "xml templates (each with its <template> name)")
    small = e2e.Server(["--max-answer", "8000", "--log-level", "warn"], name="small").start()
    T.shared.append(small)
    sid = small.login()
    g2 = small.result("hostgroup.create", {"name": "big"}, auth=sid)["groupids"][0]
    big = [small.result("template.create", {"host": "big %d" % i, "groups": [{"groupid": g2}],
                                            "description": "d" * 2000}, auth=sid)["templateids"][0]
           for i in range(6)]
    r = small.call("configuration.export", {"format": "json", "options": {"templates": big}},
                   auth=sid)
    if "error" not in r or "exceed" not in r["error"].get("data", ""):
        raise AssertionError("expected the answer to be refused as too large, got %s"
                             % e2e.short(r))
    small.stop()


# ---- texts recorded from Zabbix 6.0.14 (corpus-config-public.json), with {DATE}, {P} (the
# run token) and {..U..} (uuids) as placeholders. X03 and X45 leave out the recording's value
# maps and preprocessing steps, which tmpld does not store yet. ----

X01_JSON = (
    '{"zabbix_export":{"version":"6.0","date":"{DATE}","groups":[{"uuid":"{GU}","name":"{P} x01'
    '-export-formats G1"}],"templates":[{"uuid":"{TU}","template":"{P} x01-export-formats T1","'
    'name":"{P} x01-export-formats T1 visible","description":"line one\\nline <two> & \\"three\\" '
    '\'four\'","groups":[{"name":"{P} x01-export-formats G1"}],"tags":[{"tag":"empty"},{"tag":"en'
    'v","value":"prod"}],"macros":[{"macro":"{$A}","value":"a","description":"first"},{"macro":'
    '"{$B}","value":"b"}]}]}}')

X01_JSON_PRETTY = (
    '{\n'
    '    "zabbix_export": {\n'
    '        "version": "6.0",\n'
    '        "date": "{DATE}",\n'
    '        "groups": [\n'
    '            {\n'
    '                "uuid": "{GU}",\n'
    '                "name": "{P} x01-export-formats G1"\n'
    '            }\n'
    '        ],\n'
    '        "templates": [\n'
    '            {\n'
    '                "uuid": "{TU}",\n'
    '                "template": "{P} x01-export-formats T1",\n'
    '                "name": "{P} x01-export-formats T1 visible",\n'
    '                "description": "line one\\nline <two> & \\"three\\" \'four\'",\n'
    '                "groups": [\n'
    '                    {\n'
    '                        "name": "{P} x01-export-formats G1"\n'
    '                    }\n'
    '                ],\n'
    '                "tags": [\n'
    '                    {\n'
    '                        "tag": "empty"\n'
    '                    },\n'
    '                    {\n'
    '                        "tag": "env",\n'
    '                        "value": "prod"\n'
    '                    }\n'
    '                ],\n'
    '                "macros": [\n'
    '                    {\n'
    '                        "macro": "{$A}",\n'
    '                        "value": "a",\n'
    '                        "description": "first"\n'
    '                    },\n'
    '                    {\n'
    '                        "macro": "{$B}",\n'
    '                        "value": "b"\n'
    '                    }\n'
    '                ]\n'
    '            }\n'
    '        ]\n'
    '    }\n'
    '}')

X01_YAML = (
    'zabbix_export:\n'
    "  version: '6.0'\n"
    "  date: '{DATE}'\n"
    '  groups:\n'
    '    -\n'
    '      uuid: {GU}\n'
    "      name: '{P} x01-export-formats G1'\n"
    '  templates:\n'
    '    -\n'
    '      uuid: {TU}\n'
    "      template: '{P} x01-export-formats T1'\n"
    "      name: '{P} x01-export-formats T1 visible'\n"
    '      description: |\n'
    '        line one\n'
    '        line <two> & "three" \'four\'\n'
    '      groups:\n'
    '        -\n'
    "          name: '{P} x01-export-formats G1'\n"
    '      tags:\n'
    '        -\n'
    '          tag: empty\n'
    '        -\n'
    '          tag: env\n'
    '          value: prod\n'
    '      macros:\n'
    '        -\n'
    "          macro: '{$A}'\n"
    '          value: a\n'
    '          description: first\n'
    '        -\n'
    "          macro: '{$B}'\n"
    '          value: b\n')

X01_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<zabbix_export><version>6.0</version><date>{DATE}</date><groups><group><uuid>{GU}</uuid><name>{P} x01-export-formats G1</name></group></groups><templates><template><uuid>{TU}</uuid><template>{P} x01-export-formats T1</template><name>{P} x01-export-formats T1 visible</name><description>line one\n'
    "line &lt;two&gt; &amp; &quot;three&quot; 'four'</description><groups><group><name>{P} x01-export-formats G1</name></group></groups><tags><tag><tag>empty</tag></tag><tag><tag>env</tag><value>prod</value></tag></tags><macros><macro><macro>{$A}</macro><value>a</value><description>first</description></macro><macro><macro>{$B}</macro><value>b</value></macro></macros></template></templates></zabbix_export>\n")

X01_XML_PRETTY = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<zabbix_export>\n'
    '    <version>6.0</version>\n'
    '    <date>{DATE}</date>\n'
    '    <groups>\n'
    '        <group>\n'
    '            <uuid>{GU}</uuid>\n'
    '            <name>{P} x01-export-formats G1</name>\n'
    '        </group>\n'
    '    </groups>\n'
    '    <templates>\n'
    '        <template>\n'
    '            <uuid>{TU}</uuid>\n'
    '            <template>{P} x01-export-formats T1</template>\n'
    '            <name>{P} x01-export-formats T1 visible</name>\n'
    '            <description>line one\n'
    "line &lt;two&gt; &amp; &quot;three&quot; 'four'</description>\n"
    '            <groups>\n'
    '                <group>\n'
    '                    <name>{P} x01-export-formats G1</name>\n'
    '                </group>\n'
    '            </groups>\n'
    '            <tags>\n'
    '                <tag>\n'
    '                    <tag>empty</tag>\n'
    '                </tag>\n'
    '                <tag>\n'
    '                    <tag>env</tag>\n'
    '                    <value>prod</value>\n'
    '                </tag>\n'
    '            </tags>\n'
    '            <macros>\n'
    '                <macro>\n'
    '                    <macro>{$A}</macro>\n'
    '                    <value>a</value>\n'
    '                    <description>first</description>\n'
    '                </macro>\n'
    '                <macro>\n'
    '                    <macro>{$B}</macro>\n'
    '                    <value>b</value>\n'
    '                </macro>\n'
    '            </macros>\n'
    '        </template>\n'
    '    </templates>\n'
    '</zabbix_export>\n')

X04_XML_PRETTY = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<zabbix_export>\n'
    '    <version>6.0</version>\n'
    '    <date>{DATE}</date>\n'
    '    <groups>\n'
    '        <group>\n'
    '            <uuid>{GU}</uuid>\n'
    '            <name>{P} x04-export-macros-secret-vault G1</name>\n'
    '        </group>\n'
    '    </groups>\n'
    '    <templates>\n'
    '        <template>\n'
    '            <uuid>{TU}</uuid>\n'
    '            <template>{P} x04-export-macros-secret-vault T1</template>\n'
    '            <name>{P} x04-export-macros-secret-vault T1</name>\n'
    '            <groups>\n'
    '                <group>\n'
    '                    <name>{P} x04-export-macros-secret-vault G1</name>\n'
    '                </group>\n'
    '            </groups>\n'
    '            <macros>\n'
    '                <macro>\n'
    '                    <macro>{$CTX:&quot;ctx&quot;}</macro>\n'
    '                    <value>c</value>\n'
    '                </macro>\n'
    '                <macro>\n'
    '                    <macro>{$EMPTY}</macro>\n'
    '                </macro>\n'
    '                <macro>\n'
    '                    <macro>{$SEC}</macro>\n'
    '                    <type>SECRET_TEXT</type>\n'
    '                    <description>secret one</description>\n'
    '                </macro>\n'
    '                <macro>\n'
    '                    <macro>{$TXT}</macro>\n'
    '                    <value>plain</value>\n'
    '                    <description>text one</description>\n'
    '                </macro>\n'
    '                <macro>\n'
    '                    <macro>{$VLT}</macro>\n'
    '                    <type>VAULT</type>\n'
    '                    <value>secret/path:key</value>\n'
    '                </macro>\n'
    '            </macros>\n'
    '        </template>\n'
    '    </templates>\n'
    '</zabbix_export>\n')

X04_JSON = (
    '{"zabbix_export":{"version":"6.0","date":"{DATE}","groups":[{"uuid":"{GU}","name":"{P} x04'
    '-export-macros-secret-vault G1"}],"templates":[{"uuid":"{TU}","template":"{P} x04-export-m'
    'acros-secret-vault T1","name":"{P} x04-export-macros-secret-vault T1","groups":[{"name":"{'
    'P} x04-export-macros-secret-vault G1"}],"macros":[{"macro":"{$CTX:\\"ctx\\"}","value":"c"},{'
    '"macro":"{$EMPTY}"},{"macro":"{$SEC}","type":"SECRET_TEXT","description":"secret one"},{"m'
    'acro":"{$TXT}","value":"plain","description":"text one"},{"macro":"{$VLT}","type":"VAULT",'
    '"value":"secret/path:key"}]}]}}')

X03_YAML_NO_VM = (
    'zabbix_export:\n'
    "  version: '6.0'\n"
    "  date: '{DATE}'\n"
    '  groups:\n'
    '    -\n'
    '      uuid: {GU}\n'
    "      name: '{P} x03-export-template-items G1'\n"
    '  templates:\n'
    '    -\n'
    '      uuid: {TU}\n'
    "      template: '{P} x03-export-template-items T1'\n"
    "      name: '{P} x03-export-template-items T1'\n"
    '      groups:\n'
    '        -\n'
    "          name: '{P} x03-export-template-items G1'\n"
    '      items:\n'
    '        -\n'
    '          uuid: {U_agent_ping}\n'
    "          name: 'Agent ping'\n"
    '          key: agent.ping\n'
    '          delay: 30s\n'
    '          tags:\n'
    '            -\n'
    '              tag: alpha\n'
    '            -\n'
    '              tag: component\n'
    '              value: health\n'
    '        -\n'
    '          uuid: {U_calc_float}\n'
    '          name: Calculated\n'
    '          type: CALCULATED\n'
    '          key: calc.float\n'
    '          delay: 5m\n'
    '          trends: 30d\n'
    '          status: DISABLED\n'
    '          value_type: FLOAT\n'
    '          units: B\n'
    "          params: 'last(//agent.ping)*2'\n"
    '        -\n'
    '          uuid: {U_dep_char}\n'
    "          name: 'Dependent char'\n"
    '          type: DEPENDENT\n'
    '          key: dep.char\n'
    "          delay: '0'\n"
    "          trends: '0'\n"
    '          value_type: CHAR\n'
    '          master_item:\n'
    '            key: agent.ping\n'
    '        -\n'
    '          uuid: {U_http_get}\n'
    "          name: 'HTTP agent'\n"
    '          type: HTTP_AGENT\n'
    '          key: http.get\n'
    "          trends: '0'\n"
    '          value_type: TEXT\n'
    '          timeout: 5s\n'
    "          url: 'http://example.com/api'\n"
    '          query_fields:\n'
    '            -\n'
    '              name: a\n'
    "              value: '1'\n"
    '            -\n'
    '              name: b\n'
    '              value: two\n'
    "          status_codes: '200,201'\n"
    "          follow_redirects: 'NO'\n"
    '          headers:\n'
    '            -\n'
    '              name: X-Token\n'
    '              value: t\n'
    '          retrieve_mode: BOTH\n'
    '          request_method: POST\n'
    '        -\n'
    '          uuid: {U_log__var_log_app_log_}\n'
    '          name: Log\n'
    '          type: ZABBIX_ACTIVE\n'
    "          key: 'log[/var/log/app.log]'\n"
    "          trends: '0'\n"
    '          value_type: LOG\n'
    '          logtimefmt: yyyy\n'
    '        -\n'
    '          uuid: {U_script_run}\n'
    '          name: Script\n'
    '          type: SCRIPT\n'
    '          key: script.run\n'
    '          delay: 1h\n'
    "          trends: '0'\n"
    '          value_type: TEXT\n'
    "          params: 'return 1;'\n"
    '          timeout: 10s\n'
    '          parameters:\n'
    '            -\n'
    '              name: p1\n'
    '              value: v1\n'
    '        -\n'
    '          uuid: {U_simple_x_}\n'
    '          name: Simple\n'
    '          type: SIMPLE\n'
    "          key: 'simple[x]'\n"
    '          username: u\n'
    '          password: p\n'
    '        -\n'
    '          uuid: {U_snmp_oid}\n'
    '          name: SNMP\n'
    '          type: SNMP_AGENT\n'
    '          snmp_oid: 1.3.6.1.2.1.1.3.0\n'
    '          key: snmp.oid\n'
    '          delay: 2m\n'
    '        -\n'
    '          uuid: {U_trap_text}\n'
    "          name: 'Trap text'\n"
    '          type: TRAP\n'
    '          key: trap.text\n'
    "          delay: '0'\n"
    '          history: 7d\n'
    "          trends: '0'\n"
    '          value_type: TEXT\n'
    '          allowed_hosts: 127.0.0.1\n'
    "          description: 'A trapper'\n")

X45_JSON_NO_VM = (
    '{"zabbix_export":{"version":"6.0","date":"{DATE}","groups":[{"uuid":"{G1U}","name":"{P} x4'
    '5-export-natural-sort g1"},{"uuid":"{G9U}","name":"{P} x45-export-natural-sort G9"},{"uuid'
    '":"{G10U}","name":"{P} x45-export-natural-sort g10"}],"templates":[{"uuid":"{U_T1}","templ'
    'ate":"{P} x45-export-natural-sort T1","name":"{P} x45-export-natural-sort T1","groups":[{"'
    'name":"{P} x45-export-natural-sort g1"},{"name":"{P} x45-export-natural-sort G9"},{"name":'
    '"{P} x45-export-natural-sort g10"}],"items":[{"uuid":"{U_a_b}","name":"a.b","type":"TRAP",'
    '"key":"a.b","delay":"0"},{"uuid":"{U_B_a}","name":"B.a","type":"TRAP","key":"B.a","delay":'
    '"0"},{"uuid":"{U_item1}","name":"item1","type":"TRAP","key":"item1","delay":"0"},{"uuid":"'
    '{U_Item9}","name":"Item9","type":"TRAP","key":"Item9","delay":"0"},{"uuid":"{U_item10}","n'
    'ame":"item10","type":"TRAP","key":"item10","delay":"0"}],"tags":[{"tag":"t1","value":"a"},'
    '{"tag":"t1","value":"B"},{"tag":"T9","value":"v9"},{"tag":"T9","value":"v10"},{"tag":"t10"'
    '}],"macros":[{"macro":"{$A_B}","value":"6"},{"macro":"{$M1}","value":"4"},{"macro":"{$M1:\\'
    '"a\\"}","value":"5"},{"macro":"{$M1:\\"ctx\\"}","value":"3"},{"macro":"{$M9}","value":"2"},{"'
    'macro":"{$M10}","value":"1"}]},{"uuid":"{U_t9}","template":"{P} x45-export-natural-sort t9'
    '","name":"{P} x45-export-natural-sort t9","groups":[{"name":"{P} x45-export-natural-sort g'
    '1"},{"name":"{P} x45-export-natural-sort G9"},{"name":"{P} x45-export-natural-sort g10"}]}'
    ',{"uuid":"{U_T10}","template":"{P} x45-export-natural-sort T10","name":"{P} x45-export-nat'
    'ural-sort T10","groups":[{"name":"{P} x45-export-natural-sort g1"},{"name":"{P} x45-export'
    '-natural-sort G9"},{"name":"{P} x45-export-natural-sort g10"}]}]}}')

X45_HOST_YAML = (
    'zabbix_export:\n'
    "  version: '6.0'\n"
    "  date: '{DATE}'\n"
    '  groups:\n'
    '    -\n'
    '      uuid: {GU}\n'
    "      name: '{P} x45-export-natural-sort G9'\n"
    '  hosts:\n'
    '    -\n'
    "      host: '{P} x45-export-natural-sort H1'\n"
    "      name: '{P} x45-export-natural-sort H1'\n"
    '      groups:\n'
    '        -\n'
    "          name: '{P} x45-export-natural-sort G9'\n"
    '      interfaces:\n'
    '        -\n'
    "          default: 'NO'\n"
    "          useip: 'NO'\n"
    "          ip: ''\n"
    '          dns: A.example\n'
    '          interface_ref: if5\n'
    '        -\n'
    "          default: 'NO'\n"
    "          useip: 'NO'\n"
    "          ip: ''\n"
    '          dns: b.example\n'
    '          interface_ref: if4\n'
    '        -\n'
    "          default: 'NO'\n"
    '          ip: 10.0.0.9\n'
    '          interface_ref: if2\n'
    '        -\n'
    '          ip: 10.0.0.10\n'
    '          interface_ref: if1\n'
    '        -\n'
    '          type: JMX\n'
    '          ip: 10.0.0.4\n'
    "          port: '12345'\n"
    '          interface_ref: if3\n'
    '      inventory_mode: DISABLED\n')


if __name__ == "__main__":
    sys.exit(T.main())
