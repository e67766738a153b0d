#!/usr/bin/env python3
# test_items.py: items and their inheritance through template links, against the real tmpld.
#
# Exercises, on a three-level chain (template A -> template B -> host H, items on A and B):
#   - link: B gets a copy of A's item (templateid = A's item), H gets copies of both, each
#     pointing one level up (H's copy of A's item points at B's copy);
#   - unlink (template.update B templates: []): B's copy stays as B's own item (templateid "0",
#     same itemid) and H's copies are untouched;
#   - re-link with adoption: linking A again makes B's own item with A's key a copy again
#     (same itemid, templateid = A's item, A's name/units written over B's);
#   - clear (templates_clear): the copies of A's item are gone on B and on H, B's own item and
#     its copy on H stay;
#   - template.delete of A: its copies are deleted on every level below;
#   - a clash: linking a second template that brings a key H already inherits gives
#     'Item "k" already exists on "H", inherited from another template.' and rolls the whole
#     call back (no link, no copies of the other items);
#   - agent items: a copy on a host gets the host's agent interface; a host without one
#     refuses the link; item.create needs an interface of the item's own host;
#   - item.update on a template item sends only the sent fields to the copies; item.delete of
#     a copy is refused; host.delete removes the host's items;
#   - scale: 1,000 hosts linked to a template with 50 items in ONE template.massadd call get
#     their 50,000 copies (checked with item.get countOutput); the time is printed; then
#     template.update hosts [] unlinks them all (50,000 own items) and template.update hosts
#     links them again, adopting every one of them.
# Usage: test_items.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import os
import sys
import time

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, ["--log-level", "warn"], name="items", login=True, fmt="%s-%d")
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq


def group():
    return S.once("group", lambda: res("hostgroup.create", {"name": "e2e items"})["groupids"][0])


def mk_template(**extra):
    params = {"host": uniq("e2e-items-T"), "groups": [{"groupid": group()}]}
    params.update(extra)
    return res("template.create", params)["templateids"][0]


def mk_host(**extra):
    params = {"host": uniq("e2e-items-H"), "groups": [{"groupid": group()}]}
    params.update(extra)
    return res("host.create", params)["hostids"][0]


def mk_item(hostid, key, **extra):
    params = {"hostid": hostid, "name": key, "key_": key, "type": 2, "value_type": 3}
    params.update(extra)
    return res("item.create", params)["itemids"][0]


def items_of(hostid):
    """{key_: (itemid, templateid)} of a host or template."""
    got = res("item.get", {"hostids": [hostid], "output": ["key_", "templateid"]})
    return {i["key_"]: (i["itemid"], i["templateid"]) for i in got}


def chain():
    """A -> B -> H with a.item on A and b.item on B."""
    a, b = mk_template(), mk_template()
    h = mk_host()
    ia, ib = mk_item(a, "a.item"), mk_item(b, "b.item")
    res("template.update", {"templateid": b, "templates": [{"templateid": a}]})
    res("host.update", {"hostid": h, "templates": [{"templateid": b}]})
    return a, b, h, ia, ib


@T.test
def link_copies_point_one_level_up():
    a, b, h, ia, ib = chain()
    on_b, on_h = items_of(b), items_of(h)
    expect_eq(sorted(on_b), ["a.item", "b.item"], "B's keys")
    expect_eq(on_b["a.item"][1], ia, "B's copy points at A's item")
    expect_eq(on_b["b.item"], (ib, "0"), "B's own item")
    expect_eq(on_h["a.item"][1], on_b["a.item"][0], "H's copy points at B's copy")
    expect_eq(on_h["b.item"][1], ib, "H's copy of B's item")


@T.test
def unlink_keeps_copies_as_own_then_relink_adopts():
    a, b, h, ia, ib = chain()
    before_b, before_h = items_of(b), items_of(h)
    res("template.update", {"templateid": b, "templates": []})
    after_b = items_of(b)
    expect_eq(after_b["a.item"], (before_b["a.item"][0], "0"), "B's copy kept as own")
    expect_eq(items_of(h), before_h, "H untouched by unlinking A from B")
    res("item.update", {"itemid": after_b["a.item"][0], "name": "local", "units": "x"})
    res("template.update", {"templateid": b, "templates": [{"templateid": a}]})
    expect_eq(items_of(b)["a.item"], (before_b["a.item"][0], ia), "adopted: same itemid")
    got = res("item.get", {"itemids": [before_b["a.item"][0]], "output": ["name", "units"]})
    expect_eq((got[0]["name"], got[0]["units"]), ("a.item", ""), "A's values written over")


@T.test
def clear_deletes_copies_on_every_level():
    a, b, h, ia, ib = chain()
    res("template.update", {"templateid": b, "templates_clear": [{"templateid": a}]})
    expect_eq(items_of(b), {"b.item": (ib, "0")}, "B after clear")
    on_h = items_of(h)
    expect_eq(sorted(on_h), ["b.item"], "H after clear")
    expect_eq(on_h["b.item"][1], ib, "H keeps the copy of B's item")


@T.test
def template_delete_clears_children():
    a, b, h, ia, ib = chain()
    res("template.delete", [a])
    expect_eq(items_of(b), {"b.item": (ib, "0")}, "B after deleting A")
    expect_eq(sorted(items_of(h)), ["b.item"], "H after deleting A")
    expect_eq(res("item.get", {"itemids": [ia], "output": ["itemid"]}), [], "A's item gone")


@T.test
def clash_rolls_back_the_whole_call():
    a, b, h, ia, ib = chain()
    a2 = mk_template()
    mk_item(a2, "other.item")
    mk_item(a2, "a.item")
    before = items_of(h)
    r = call("host.update", {"hostid": h, "templates": [{"templateid": b}, {"templateid": a2}]})
    host = res("host.get", {"hostids": [h], "output": ["host"]})[0]["host"]
    expect_error(r, -32602, 'Item "a.item" already exists on "%s", inherited from another '
                 'template.' % host)
    expect_eq(items_of(h), before, "H's items unchanged")
    got = res("host.get", {"hostids": [h], "output": ["hostid"],
                           "selectParentTemplates": ["templateid"]})
    expect_eq([p["templateid"] for p in got[0]["parentTemplates"]], [b], "H's parents")


@T.test
def template_item_update_sends_only_sent_fields():
    a, b, h, ia, ib = chain()
    copy = items_of(h)["b.item"][0]
    res("item.update", {"itemid": copy, "history": "1d", "name": "ignored"})
    res("item.update", {"itemid": ib, "name": "renamed", "units": "bps"})
    got = res("item.get", {"itemids": [copy], "output": ["name", "units", "history"]})[0]
    expect_eq((got["name"], got["units"], got["history"]), ("renamed", "bps", "1d"), "copy")
    expect_error(call("item.delete", [copy]), -32602, "Cannot delete templated item.")


@T.test
def host_delete_removes_its_items():
    a, b, h, ia, ib = chain()
    ids = [v[0] for v in items_of(h).values()]
    res("host.delete", [h])
    expect_eq(res("item.get", {"itemids": ids, "output": ["itemid"]}), [], "H's items")
    expect_eq(len(items_of(b)), 2, "B keeps its items")


@T.test
def agent_items_need_interfaces():
    t = mk_template()
    mk_item(t, "agent.version", type=0, delay="1m")
    iface = {"type": 1, "main": 1, "useip": 1, "ip": "127.0.0.1", "dns": "", "port": "10050"}
    h1 = mk_host(interfaces=[iface])
    h2 = mk_host()
    res("host.update", {"hostid": h1, "templates": [{"templateid": t}]})
    copy = res("item.get", {"hostids": [h1], "output": ["interfaceid"]})[0]
    if copy["interfaceid"] == "0":
        raise AssertionError("the copy has no interface")
    name2 = res("host.get", {"hostids": [h2], "output": ["host"]})[0]["host"]
    expect_error(call("host.update", {"hostid": h2, "templates": [{"templateid": t}]}),
                 -32602, 'Cannot find host interface on "%s" for item key "agent.version".'
                 % name2)
    r = call("item.create", {"hostid": h2, "name": "x", "key_": "agent.ping", "type": 0,
                             "value_type": 3, "delay": "1m"})
    expect_error(r, -32602, "No interface found.")
    r = call("item.create", {"hostid": h2, "name": "x", "key_": "agent.ping", "type": 0,
                             "value_type": 3, "delay": "1m",
                             "interfaceid": copy["interfaceid"]})
    expect_error(r, -32602, "Item uses host interface from non-parent host.")
    mk_item(h1, "agent.ping", type=0, delay="1m", interfaceid=copy["interfaceid"])


@T.test
def thousand_hosts_get_fifty_thousand_copies_in_one_call():
    t = mk_template()
    res("item.create", [{"hostid": t, "name": "k%d" % i, "key_": "scale.k[%d]" % i,
                         "type": 2, "value_type": 3} for i in range(50)])
    prefix = uniq("e2e-scale")
    hosts = res("host.create", [{"host": "%s-%d" % (prefix, i),
                                 "groups": [{"groupid": group()}]} for i in range(1000)])
    hostids = hosts["hostids"]
    expect_eq(len(hostids), 1000, "hosts created")
    t0 = time.monotonic()
    res("template.massadd", {"templates": [{"templateid": t}],
                             "hosts": [{"hostid": i} for i in hostids]})
    took = time.monotonic() - t0
    print("    linking 1,000 hosts to 50 items: 50,000 copies in %.2f s" % took)
    n = res("item.get", {"hostids": hostids, "countOutput": True})
    expect_eq(n, "50000", "copies counted with item.get countOutput")
    n = res("item.get", {"hostids": hostids, "inherited": True, "countOutput": True})
    expect_eq(n, "50000", "every copy is inherited")
    if took > 60:
        raise AssertionError("linking took %.1f s, expected seconds" % took)
    # the legacy hosts parameter: [] unlinks all 1,000 (the copies stay as own items) ...
    t0 = time.monotonic()
    res("template.update", {"templateid": t, "hosts": []})
    print("    unlinking them with template.update hosts []: %.2f s" % (time.monotonic() - t0))
    n = res("item.get", {"hostids": hostids, "inherited": False, "countOutput": True})
    expect_eq(n, "50000", "after unlinking every copy is an own item")
    # ... and linking them again adopts those items (same ids, templateid set again)
    t0 = time.monotonic()
    res("template.update", {"templateid": t, "hosts": [{"hostid": i} for i in hostids]})
    print("    re-linking (adopting 50,000 items) with template.update hosts: %.2f s"
          % (time.monotonic() - t0))
    n = res("item.get", {"hostids": hostids, "inherited": True, "countOutput": True})
    expect_eq(n, "50000", "after re-linking every item is inherited again")


if __name__ == "__main__":
    T.main()
