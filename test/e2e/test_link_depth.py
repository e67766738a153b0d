#!/usr/bin/env python3
# test_link_depth.py: template links at depths no request should be able to break (issue 9),
# against the real tmpld.
#
# Exercises:
#   - a chain of 1,000 templates (T1 <- T2 <- ... <- T1000, built in one template.update
#     call), then closing it into a cycle (T1 linked to T1000): Zabbix's circular linkage error
#     naming the whole path ("T1000" -> "T1" -> "T2" -> ... -> "T999" -> "T1000"), nothing linked, the
#     server stays up; item.create on the top and on the bottom of the chain still works and
#     reaches every level; the same after a restart (the old search gave up at depth 64 and
#     accepted the cycle, which then overflowed the stack of every walk);
#   - a 1,000-deep chain linked under a template with items: the link copies every item down
#     all 1,000 levels (each copy pointing one level up), an item created on the root reaches
#     the bottom, item.update on the root reaches the bottom, clearing the root from the top
#     of the chain deletes every copy on every level.
# Usage: test_link_depth.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import os
import sys
import time

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, ["--log-level", "warn"], name="depth", login=True)
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq
DEPTH = 1000


def group():
    return S.once("group", lambda: res("hostgroup.create", {"name": "e2e depth"})["groupids"][0])


def mk_chain(prefix, n=DEPTH):
    """n templates, each linked below the one before it; returns (ids, names), top first."""
    names = ["%s %04d" % (prefix, i + 1) for i in range(n)]
    ids = res("template.create", [{"host": nm, "groups": [{"groupid": group()}]}
                                  for nm in names])["templateids"]
    t0 = time.monotonic()
    res("template.update", [{"templateid": ids[i], "templates": [{"templateid": ids[i - 1]}]}
                            for i in range(1, n)])
    print("  linked a chain of %d templates in %.2fs" % (n, time.monotonic() - t0))
    return ids, names


def mk_item(hostid, key):
    return res("item.create", {"hostid": hostid, "name": key, "key_": key, "type": 2,
                               "value_type": 3})["itemids"][0]


def items_of(hostid):
    got = res("item.get", {"hostids": [hostid], "output": ["key_", "templateid"]})
    return {i["key_"]: (i["itemid"], i["templateid"]) for i in got}


def count_items(key):
    return int(res("item.get", {"filter": {"key_": key}, "countOutput": True}))


def parents(t):
    got = res("template.get", {"templateids": [t], "selectParentTemplates": ["templateid"],
                               "output": ["templateid"]})
    return [p["templateid"] for p in got[0]["parentTemplates"]]


@T.test
def chain_closed_into_a_cycle_is_refused():
    ids, names = mk_chain(uniq("e2e cyc"))
    r = call("template.update", {"templateid": ids[0], "templates": [{"templateid": ids[-1]}]})
    # Zabbix's order: the new parent, then the child and down the chain, then the parent
    path = " -> ".join('"%s"' % nm for nm in [names[-1]] + names)
    expect_error(r, -32602, 'Cannot link template "%s" to template "%s", because a circular '
                 'linkage (%s) would occur.' % (names[-1], names[0], path), what="closing the cycle")
    expect_eq(parents(ids[0]), [], "the top of the chain has no parent")
    srv().alive()
    # every walk down the chain still ends: items go from the top to the bottom
    mk_item(ids[0], "cyc.top")
    expect_eq(count_items("cyc.top"), DEPTH, "an item on the top reaches every level")
    mk_item(ids[-1], "cyc.bottom")
    expect_eq(count_items("cyc.bottom"), 1, "an item on the bottom stays there")
    srv().restart()
    S.sid = srv().login()
    r = call("template.update", {"templateid": ids[0], "templates": [{"templateid": ids[500]}]})
    expect_eq(r.get("error", {}).get("code"), -32602, "a shorter cycle after a restart")
    mk_item(ids[0], "cyc.after")
    expect_eq(count_items("cyc.after"), DEPTH, "after a restart too")
    srv().alive()


@T.test
def deep_chain_links_and_copies_items():
    root = res("template.create", {"host": uniq("e2e deep root"),
                                   "groups": [{"groupid": group()}]})["templateids"][0]
    for k in ("deep.a", "deep.b", "deep.c"):
        mk_item(root, k)
    ids, _ = mk_chain(uniq("e2e deep"))
    t0 = time.monotonic()
    res("template.update", {"templateid": ids[0], "templates": [{"templateid": root}]})
    print("  linked a root with 3 items above %d levels in %.2fs" % (DEPTH, time.monotonic() - t0))
    for k in ("deep.a", "deep.b", "deep.c"):
        expect_eq(count_items(k), DEPTH + 1, "copies of %s" % k)
    bottom, above = items_of(ids[-1]), items_of(ids[-2])
    expect_eq(bottom["deep.a"][1], above["deep.a"][0], "the bottom copy points one level up")
    # create and edit on the root reach the bottom
    root_d = mk_item(root, "deep.d")
    expect_eq(count_items("deep.d"), DEPTH + 1, "an item created on the root")
    res("item.update", {"itemid": root_d, "name": "renamed on the root"})
    got = res("item.get", {"hostids": [ids[-1]], "filter": {"key_": "deep.d"},
                           "output": ["name"]})
    expect_eq([i["name"] for i in got], ["renamed on the root"], "an edit reaches the bottom")
    # clearing the root from the top deletes every copy on every level
    res("template.update", {"templateid": ids[0], "templates_clear": [{"templateid": root}]})
    for k in ("deep.a", "deep.d"):
        expect_eq(count_items(k), 1, "after the clear only the root has %s" % k)
    srv().alive()


if __name__ == "__main__":
    sys.exit(T.main())
