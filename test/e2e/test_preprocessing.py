#!/usr/bin/env python3
# test_preprocessing.py: item preprocessing steps end to end, against the real tmpld.
#
# Exercises:
#   - item.create with steps of many types, item.get selectPreprocessing (extend, a field
#     list, every value a string, the not-supported check moved first), item.update replacing
#     the steps and [] clearing them, an update without preprocessing keeping them;
#   - Zabbix 6.0's texts: missing members, unknown type, params per type, error handlers,
#     once-only steps, a non-array; a failing call stores nothing;
#   - inheritance: a host linked to the template gets the steps, an edit of the template
#     item's steps reaches the copy, steps sent for the copy are ignored; unlinking keeps them;
#   - the steps survive a restart, and go with their item (item.delete, host.delete);
#   - configuration.export: steps in order, type as name, parameters split on "\n" ([""] for
#     empty params), error_handler left out when ORIGINAL_ERROR, error_handler_params when set.
# Usage: test_preprocessing.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import json
import os
import sys

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, ["--log-level", "warn"], name="preprocessing", login=True, fmt="%s-%d")
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq


def group():
    return S.once("group", lambda: res("hostgroup.create", {"name": "e2e preproc"})["groupids"][0])


def mk_template():
    return res("template.create", {"host": uniq("e2e-pp-T"),
                                    "groups": [{"groupid": group()}]})["templateids"][0]


def mk_host(templateids=()):
    return res("host.create", {"host": uniq("e2e-pp-H"), "groups": [{"groupid": group()}],
                               "templates": [{"templateid": t} for t in templateids]}
               )["hostids"][0]


def step(type, params="", handler=0, handler_params=""):
    return {"type": type, "params": params, "error_handler": handler,
            "error_handler_params": handler_params}


def sstep(type, params="", handler=0, handler_params=""):
    return {"type": str(type), "params": params, "error_handler": str(handler),
            "error_handler_params": handler_params}


def mk_item(hostid, key, steps, **extra):
    params = {"hostid": hostid, "name": key, "key_": key, "type": 2, "value_type": 0,
              "preprocessing": steps}
    params.update(extra)
    return res("item.create", params)["itemids"][0]


def steps_of(itemid, select="extend"):
    return res("item.get", {"itemids": [itemid], "output": ["key_"],
                            "selectPreprocessing": select})[0]["preprocessing"]


@T.test
def create_get_update_clear():
    t = mk_template()
    sent = [step(1, "0.5"), step(2, " \t"), step(5, "(\\d+)\n\\1", 3, "no digits"),
            step(12, "$.x", 2, "0"), step(13, "-5\n5"), step(20, "1h"),
            step(24, ",\n\"\n1"), step(26, "", 1)]
    i = mk_item(t, "pp.a", sent)
    want = [sstep(**dict(zip(("type", "params", "handler", "handler_params"), v)))
            for v in [(26, "", 1, ""), (1, "0.5", 0, ""), (2, " \t", 0, ""),
                      (5, "(\\d+)\n\\1", 3, "no digits"), (12, "$.x", 2, "0"),
                      (13, "-5\n5", 0, ""), (20, "1h", 0, ""), (24, ",\n\"\n1", 0, "")]]
    expect_eq(steps_of(i), want, "extend, not-supported check first")
    expect_eq(steps_of(i, ["type"]), [{"type": w["type"]} for w in want], "a field list")
    res("item.update", {"itemid": i, "name": "renamed"})
    expect_eq(len(steps_of(i)), 8, "an update without preprocessing keeps them")
    res("item.update", {"itemid": i, "preprocessing": [step(6), step(9)]})
    expect_eq(steps_of(i), [sstep(6), sstep(9)], "replaced")
    res("item.update", {"itemid": i, "preprocessing": []})
    expect_eq(steps_of(i), [], "cleared")
    got = res("item.get", {"itemids": [i], "output": ["key_"]})[0]
    expect_eq("preprocessing" in got, False, "no select, no member")


@T.test
def errors():
    t = mk_template()
    cases = [
        ([step(99)], 'Incorrect value for field "type": unexpected value "99".'),
        ([step(0)], 'Incorrect value for field "type": unexpected value "0".'),
        ([{"type": 1, "params": "2"}],
         "Item pre-processing is missing parameters: error_handler, error_handler_params"),
        ([step(1, "")], 'Incorrect value for field "params": cannot be empty.'),
        ([step(1, "abc")], 'Incorrect value for field "params": a numeric value is expected.'),
        ([step(5, "only")], 'Incorrect value for field "params": second parameter is expected.'),
        ([step(6, "x")], 'Incorrect value for field "params": should be empty.'),
        ([step(13, "10\n1")], 'Incorrect value for field "params": "min" value must be less '
                              'than or equal to "max" value.'),
        ([step(1, "2", 4)], 'Incorrect value for field "error_handler": unexpected value "4".'),
        ([step(1, "2", 1, "x")], 'Incorrect value for field "error_handler_params": should be '
                                 'empty.'),
        ([step(4, "x", 1)], 'Incorrect value for field "error_handler": unexpected value "1".'),
        ([step(19), step(20, "1h")], "Only one throttling step is allowed."),
        ([step(9), step(10)], "Only one change step is allowed."),
        ([step(26, "", 1), step(26, "", 1)], "Only one not supported value check is allowed."),
        ("x", "Incorrect arguments passed to function."),
    ]
    for n, (steps, text) in enumerate(cases):
        r = call("item.create", {"hostid": t, "name": "x", "key_": "bad[%d]" % n, "type": 2,
                                 "value_type": 0, "preprocessing": steps})
        expect_error(r, -32602, text, what=repr(steps))
    expect_eq(res("item.get", {"hostids": [t], "output": ["key_"]}), [], "nothing stored")
    i = mk_item(t, "good", [step(1, "2")])
    r = call("item.update", {"itemid": i, "preprocessing": [step(1, "x")]})
    expect_error(r, -32602, 'Incorrect value for field "params": a numeric value is expected.')
    expect_eq(steps_of(i), [sstep(1, "2")], "a failed update changes nothing")


@T.test
def inheritance():
    t = mk_template()
    i = mk_item(t, "pp.inh", [step(1, "2"), step(2, " ")])
    h = mk_host([t])
    copy = res("item.get", {"hostids": [h], "output": ["key_"],
                            "selectPreprocessing": "extend"})[0]
    expect_eq(copy["preprocessing"], [sstep(1, "2"), sstep(2, " ")], "the copy's steps")
    res("item.update", {"itemid": i, "preprocessing": [step(12, "$.a", 1)]})
    expect_eq(steps_of(copy["itemid"]), [sstep(12, "$.a", 1)], "an edit reaches the copy")
    res("item.update", {"itemid": copy["itemid"], "preprocessing": [step(6)]})
    expect_eq(steps_of(copy["itemid"]), [sstep(12, "$.a", 1)], "ignored on the copy")
    # linked after the item exists: a template linked to a second template
    t2 = res("template.create", {"host": uniq("e2e-pp-T2"), "groups": [{"groupid": group()}],
                                 "templates": [{"templateid": t}]})["templateids"][0]
    c2 = res("item.get", {"hostids": [t2], "output": ["key_"], "selectPreprocessing": "extend"})
    expect_eq(c2[0]["preprocessing"], [sstep(12, "$.a", 1)], "a linked template's copy")
    res("host.update", {"hostid": h, "templates": []})
    expect_eq(steps_of(copy["itemid"]), [sstep(12, "$.a", 1)], "unlinking keeps the steps")


@T.test
def restart_and_delete():
    t = mk_template()
    i = mk_item(t, "pp.keep", [step(14, "^\\d"), step(21, "return value;")])
    h = mk_host([t])
    copy = res("item.get", {"hostids": [h], "output": ["key_"]})[0]["itemid"]
    srv().restart()
    expect_eq(steps_of(i), [sstep(14, "^\\d"), sstep(21, "return value;")], "after a restart")
    res("item.delete", [i])
    expect_eq(res("item.get", {"itemids": [i, copy], "output": ["key_"]}), [],
              "item.delete removes the item and its copy")
    i2 = mk_item(h, "pp.own", [step(1, "3")])
    res("host.delete", [h])
    expect_eq(res("item.get", {"itemids": [i2], "output": ["key_"]}), [], "host.delete")


@T.test
def export_steps():
    t = mk_template()
    mk_item(t, "pp.exp", [step(1, "0.5"), step(5, "(\\d+)\n\\1", 3, "no digits"),
                          step(6), step(12, "$.x", 2, "0"), step(26, "", 1)])
    out = json.loads(res("configuration.export", {"format": "json",
                                                  "options": {"templates": [t]}}))
    item = out["zabbix_export"]["templates"][0]["items"][0]
    expect_eq(item["preprocessing"], [
        {"type": "CHECK_NOT_SUPPORTED", "parameters": [""]},
        {"type": "MULTIPLIER", "parameters": ["0.5"]},
        {"type": "REGEX", "parameters": ["(\\d+)", "\\1"], "error_handler": "CUSTOM_ERROR",
         "error_handler_params": "no digits"},
        {"type": "BOOL_TO_DECIMAL", "parameters": [""]},
        {"type": "JSONPATH", "parameters": ["$.x"], "error_handler": "CUSTOM_VALUE",
         "error_handler_params": "0"},
    ], "exported steps")
    keys = list(item.keys())
    expect_eq(keys.index("preprocessing") > keys.index("value_type"), True, "key order")


if __name__ == "__main__":
    T.main()
