#!/usr/bin/env python3
# replay_rules_test.py - the normalisation rules of replay.py on small hand-made answers.
#
# Exercises: each case is a short scenario (requests, recorded answers, recorded run token and
# captures) replayed by replay.replay_scenario against a fake endpoint that sends other answers
# (other ids, uuids, dates, run token, list orders...); the case states which steps must match
# and which must differ. The self-check (replay.self_check) only shows that equal answers match;
# these cases show that each rule also tells a real difference apart. No server, well under 1 s.
#
#   replay_rules_test.py            prints "FAIL <case>: ..." per wrong verdict, then
#                                   "replay rules: N passed, M failed"; exit 0 when all passed
#
# conformance_test.py runs it (run_rule_cases) before the self-check.

import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import replay  # noqa: E402

REC_RUN, LIVE_RUN = "rec001", "liv002"


def call(method, params=None, **extra):
    req = {"jsonrpc": "2.0", "method": method, "params": params or {}, "id": 1}
    req.update(extra)
    return req


def answer(result):
    return {"jsonrpc": "2.0", "result": result, "id": 1}


def error(data, code=-32602, message="Invalid params."):
    return {"jsonrpc": "2.0", "error": {"code": code, "message": message, "data": data}, "id": 1}


def verdicts(steps, live_bodies):
    """Replay `steps` (dicts with request, capture, recorded body) against the live bodies;
    returns one True (match) / False (differs) per step, and the FAIL lines."""
    scenario = {"name": "case", "recorded": {"run": REC_RUN}, "steps": []}
    for st in steps:
        scenario["steps"].append({
            "name": st.get("name", ""), "request": st["request"], "capture": st.get("capture"),
            "expect": {"status": 200, "content_type": "application/json", "body": st["body"]}})
    bodies = iter(live_bodies)

    def send(_step, _env):
        return replay.Reply(200, "application/json", json.dumps(next(bodies)))

    lines = []
    tally = replay.Tally()
    replay.replay_scenario(scenario, send, LIVE_RUN, replay.Options(), tally, lines.append)
    failed = {int(line.split(" #")[1].split(" ")[0]) for line in lines if line.startswith("FAIL")}
    return [n not in failed for n in range(1, len(steps) + 1)], lines


# ------------------------------------------------------------------------------------------------
# Cases: (name, steps, live bodies, expected verdicts)

def export_json(date, uuids, run, name="T1"):
    return ('{"zabbix_export":{"version":"6.0","date":"%s","groups":[{"uuid":"%s","name":"%s G1"}],'
            '"templates":[{"uuid":"%s","template":"%s %s"}]}}' % (date, uuids[0], run, uuids[1], run, name))


def export_yaml(date, uuids, run):
    return ("zabbix_export:\n  version: '6.0'\n  date: '%s'\n  groups:\n    -\n      uuid: %s\n"
            "      name: '%s G1'\n  templates:\n    - uuid: '%s'\n      template: T1\n"
            % (date, uuids[0], run, uuids[1]))


def export_xml(date, uuids, run):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<zabbix_export><version>6.0</version><date>%s</date>'
            '<groups><group><uuid>%s</uuid><name>%s G1</name></group></groups>'
            '<templates><template><uuid>%s</uuid></template></templates></zabbix_export>\n'
            % (date, uuids[0], run, uuids[1]))


U = ["%032x" % n for n in range(1, 9)]
D1, D2 = "2026-11-30T20:58:39Z", "2027-01-02T03:04:05Z"
EXPORT = call("configuration.export", {"format": "json", "options": {"templates": ["1"]}})


def export_cases():
    out = []
    for fmt, make in (("json", export_json), ("yaml", export_yaml), ("xml", export_xml)):
        rec = answer(make(D1, U[0:2], REC_RUN))
        out.append(("export %s: other date, uuids, run token" % fmt,
                    [{"request": EXPORT, "body": rec}], [answer(make(D2, U[2:4], LIVE_RUN))], [True]))
        out.append(("export %s: the same uuid for two objects" % fmt,
                    [{"request": EXPORT, "body": rec}], [answer(make(D2, [U[2], U[2]], LIVE_RUN))],
                    [False]))
    rec = answer(export_json(D1, U[0:2], REC_RUN))
    out.append(("export json: one other byte",
                [{"request": EXPORT, "body": rec}],
                [answer(export_json(D2, U[2:4], LIVE_RUN, name="T2"))], [False]))
    out.append(("export json: prettyprint is other bytes",
                [{"request": EXPORT, "body": rec}],
                [answer(json.dumps(json.loads(export_json(D1, U[0:2], LIVE_RUN)), indent=4))], [False]))
    out.append(("export: a uuid keeps its number in a later export",
                [{"request": EXPORT, "body": rec}, {"request": EXPORT, "body": rec}],
                [answer(export_json(D2, U[2:4], LIVE_RUN)), answer(export_json(D2, U[3:5], LIVE_RUN))],
                [True, False]))
    # a captured uuid names the uuid inside the export
    create = call("template.create", {"host": "${RUN} T1"})
    out.append(("export: a captured uuid is named",
                [{"request": create, "capture": {"TU": "result.uuid"}, "body": answer({"uuid": U[1]})},
                 {"request": EXPORT, "body": rec}],
                [answer({"uuid": U[5]}), answer(export_json(D2, [U[2], U[5]], LIVE_RUN))], [True, True]))
    out.append(("export: a captured uuid is not any uuid",
                [{"request": create, "capture": {"TU": "result.uuid"}, "body": answer({"uuid": U[1]})},
                 {"request": EXPORT, "body": rec}],
                [answer({"uuid": U[5]}), answer(export_json(D2, [U[5], U[2]], LIVE_RUN))], [True, False]))
    return out


def number_cases():
    req = call("hostinterface.massremove", {"hostids": ["1"]})
    return [
        ("ids as numbers: renumbered",
         [{"request": req, "body": answer({"interfaceids": [68, 69]})}],
         [answer({"interfaceids": [101, 100]})], [True]),
        ("ids as numbers: a string is not a number",
         [{"request": req, "body": answer({"interfaceids": [68]})}],
         [answer({"interfaceids": ["68"]})], [False]),
        ("ids as numbers: a number is not a string",
         [{"request": req, "body": answer({"interfaceid": "68"})}],
         [answer({"interfaceid": 68})], [False]),
    ]


def list_cases():
    get = call("usergroup.get", {"output": "extend", "selectRights": "extend"})
    rights = [{"id": "7", "permission": "2"}, {"id": "8", "permission": "3"}]
    role = [{"roleid": "3", "rules": {"api": ["user.get", "host.get"], "api.access": "1"}}]
    steps_ = [{"no": "1", "name": "a"}, {"no": "2", "name": "b"}]
    capg = call("hostgroup.create", {"name": "${RUN} G"})
    return [
        ("row order: usergroup rights are a set",
         [{"request": get, "body": answer([{"usrgrpid": "9", "rights": rights}])}],
         [answer([{"usrgrpid": "19", "rights": rights[::-1]}])], [True]),
        ("row order: rights ids are host group ids (captured group named)",
         [{"request": capg, "capture": {"G": "result.groupids[0]"}, "body": answer({"groupids": ["7"]})},
          {"request": get, "body": answer([{"usrgrpid": "9", "rights": rights}])}],
         [answer({"groupids": ["70"]}),
          answer([{"usrgrpid": "19", "rights": [{"id": "8", "permission": "2"},
                                                {"id": "70", "permission": "3"}]}])],
         [True, False]),
        ("row order: role api method list (strings) is a set",
         [{"request": call("role.get", {"selectRules": "extend"}), "body": answer(role)}],
         [answer([{"roleid": "4", "rules": {"api": ["host.get", "user.get"], "api.access": "1"}}])],
         [True]),
        ("row order: web scenario steps are a set in httptest.get",
         [{"request": call("httptest.get", {"selectSteps": "extend"}),
           "body": answer([{"httptestid": "5", "steps": steps_}])}],
         [answer([{"httptestid": "6", "steps": steps_[::-1]}])], [True]),
        ("row order: ... but ordered in a configuration.* answer",
         [{"request": call("configuration.export", {"format": "raw"}),
           "body": answer({"zabbix_export": {"steps": steps_}})}],
         [answer({"zabbix_export": {"steps": steps_[::-1]}})], [False]),
        ("ordered: preprocessing keeps its order",
         [{"request": call("item.get", {"selectPreprocessing": "extend"}),
           "body": answer([{"itemid": "5", "preprocessing": steps_}])}],
         [answer([{"itemid": "6", "preprocessing": steps_[::-1]}])], [False]),
    ]


def id_kind_cases():
    item = call("item.create", {"hostid": "1", "key_": "k"})
    graph = call("graph.get", {"graphids": "${I}"})
    token = call("token.get", {"output": "extend"})
    user = call("user.create", {"username": "${RUN} u"})
    return [
        ("kinds: ymin_itemid is an item",
         [{"request": item, "capture": {"I": "result.itemids[0]"}, "body": answer({"itemids": ["40"]})},
          {"request": graph, "body": answer([{"graphid": "3", "ymin_itemid": "40", "ymax_itemid": "0"}])}],
         [answer({"itemids": ["41"]}),
          answer([{"graphid": "30", "ymin_itemid": "41", "ymax_itemid": "0"}])], [True, True]),
        ("kinds: ymax_itemid names the captured item, not another",
         [{"request": item, "capture": {"I": "result.itemids[0]"}, "body": answer({"itemids": ["40"]})},
          {"request": graph, "body": answer([{"graphid": "3", "ymax_itemid": "40"}])}],
         [answer({"itemids": ["41"]}), answer([{"graphid": "30", "ymax_itemid": "42"}])], [True, False]),
        ("kinds: creator_userid is a user",
         [{"request": user, "capture": {"U": "result.userids[0]"}, "body": answer({"userids": ["5"]})},
          {"request": token, "body": answer([{"tokenid": "2", "userid": "5", "creator_userid": "5"}])}],
         [answer({"userids": ["6"]}),
          answer([{"tokenid": "3", "userid": "6", "creator_userid": "6"}])], [True, True]),
        ("kinds: snmp_oid is not an id",
         [{"request": call("item.get"), "body": answer([{"itemid": "1", "snmp_oid": "123"}])}],
         [answer([{"itemid": "2", "snmp_oid": "124"}])], [False]),
    ]


def message_cases():
    cap = call("host.create", {"host": "${RUN} H"})
    upd = call("host.update", {"hostid": "${H}", "proxy_hostid": "99"})
    sql = "SQL statement execution has failed \"UPDATE hosts SET proxy_hostid='99' WHERE hostid='%s'\"."
    dup = call("token.create", [{"name": "a", "userid": "1"}, {"name": "a", "userid": "1"}])
    return [
        ("messages: field='id' of a referenced capture is named",
         [{"request": cap, "capture": {"H": "result.hostids[0]"}, "body": answer({"hostids": ["10"]})},
          {"request": upd, "body": error(sql % "10", -32500, "Application error.")}],
         [answer({"hostids": ["20"]}), error(sql % "20", -32500, "Application error.")], [True, True]),
        ("messages: field='id' of another id stays",
         [{"request": cap, "capture": {"H": "result.hostids[0]"}, "body": answer({"hostids": ["10"]})},
          {"request": upd, "body": error(sql % "10", -32500, "Application error.")}],
         [answer({"hostids": ["20"]}), error(sql % "21", -32500, "Application error.")], [True, False]),
        ("messages: (f1, f2)=(v1, v2) ids are numbered",
         [{"request": dup, "body": error('Invalid parameter "/2": value (userid, name)=(1, a) already exists.')}],
         [error('Invalid parameter "/2": value (userid, name)=(3, a) already exists.')], [True]),
        ("messages: (f1, f2)=(v1, v2) other values compared",
         [{"request": dup, "body": error('Invalid parameter "/2": value (userid, name)=(1, a) already exists.')}],
         [error('Invalid parameter "/2": value (userid, name)=(3, b) already exists.')], [False]),
    ]


def cases():
    return export_cases() + number_cases() + list_cases() + id_kind_cases() + message_cases()


def run_rule_cases(out=print):
    """Run every case; returns (passed, failed)."""
    passed = failed = 0
    for name, steps, live, want in cases():
        got, lines = verdicts(steps, live)
        if got == want:
            passed += 1
        else:
            failed += 1
            out("FAIL replay rule case %r: expected %s, got %s %s" % (name, want, got, lines))
    return passed, failed


def main():
    passed, failed = run_rule_cases()
    print("replay rules: %d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
