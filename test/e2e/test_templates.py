#!/usr/bin/env python3
# test_templates.py: the legacy `hosts` parameter of template.create/template.update (a tmpld
# extension, issue 3) and the atomicity of template.update, against the real tmpld.
#
# Exercises (states checked with template.get/host.get: selectHosts, selectTemplates,
# selectParentTemplates, selectMacros, selectTags, selectGroups):
#   - link: template.update T hosts:[H1] links H1 below T (H1's parentTemplates = [T]);
#   - replace: hosts:[H2] unlinks H1 and links H2; hosts:[] unlinks every child; an update
#     without hosts keeps the children; links of a child to other templates are kept;
#   - a template as child: hosts:[T2] makes T2 a child of T (T2's parentTemplates = [T]);
#     hosts and templates mixed in one list;
#   - unlink vs clear: children not passed are unlinked; a child (template or host) not passed
#     and named in templates_clear is unlinked and cleared; a child passed stays linked; a real
#     parent in templates_clear together with hosts still works;
#   - circular linkage through hosts (T2 child of T1, then T2 hosts:[T1]; and T hosts:[T]) gives
#     Zabbix's circular-linkage error and changes nothing; a longer chain and a double linkage
#     through hosts give the very answer of the equivalent link through templates;
#   - link on create: template.create with hosts links them at once (also in a batch of two);
#   - unknown hostid, or a group id, in hosts: -32500 "No permissions to referred object or it
#     does not exist!" and nothing changes (neither in update nor in create);
#   - a multi-object template.update whose last object fails leaves every object unchanged
#     (description, macros, tags, groups, parents, children);
#   - 16 threads x 50 concurrent template.update calls of one template (description + macros +
#     tags + hosts), a share of them invalid (unknown group): the invalid ones fail and leave no
#     trace; every template.get read during the storm, and the final state, equals exactly the
#     full state of one valid update (or the initial state), never a mix.
# Usage: test_templates.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import http.client
import json
import os
import random
import sys
import threading
import time

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
NO_PERMISSIONS = "No permissions to referred object or it does not exist!"

S = e2e.Shared(T, ["--workers", "2", "--log-level", "warn"], login=True)
srv, sid, res, call, uniq = S.srv, S.session, S.res, S.call, S.uniq


def mk_group(name=None):
    r = res("hostgroup.create", {"name": name or uniq("e2e group")})
    return r["groupids"][0]


def group():
    return S.once("group", lambda: mk_group("e2e templates group"))


def mk_template(name=None, **extra):
    params = {"host": name or uniq("e2e T"), "groups": [{"groupid": group()}]}
    params.update(extra)
    ids = res("template.create", params)["templateids"]
    expect_eq(len(ids), 1, "template.create ids")
    return ids[0]


def mk_host(name=None):
    params = {"host": name or uniq("e2e-H").replace(" ", "-"), "groups": [{"groupid": group()}]}
    return res("host.create", params)["hostids"][0]


def hosts_param(*ids):
    return [{"hostid": i} for i in ids]


def tpl(tid, **selects):
    """template.get of one template with the given selects; asserts it exists."""
    params = {"templateids": [tid], "output": "extend"}
    params.update(selects)
    got = res("template.get", params)
    expect_eq(len(got), 1, "template.get %s count" % tid)
    return got[0]


def children(tid):
    """(sorted host ids, sorted template ids) linked directly below tid."""
    t = tpl(tid, selectHosts=["hostid"], selectTemplates=["templateid"])
    return (sorted(h["hostid"] for h in t["hosts"]),
            sorted(c["templateid"] for c in t["templates"]))


def parents(oid):
    """Sorted parent template ids of a host or template."""
    got = res("host.get", {"hostids": [oid], "output": ["hostid"],
                           "selectParentTemplates": ["templateid"]})
    if not got:
        got = res("template.get", {"templateids": [oid], "output": ["templateid"],
                                   "selectParentTemplates": ["templateid"]})
    expect_eq(len(got), 1, "object %s found by host.get/template.get" % oid)
    return sorted(p["templateid"] for p in got[0]["parentTemplates"])


def state(tid):
    """Everything template.update can change on a template, in comparable form."""
    t = tpl(tid, selectGroups=["groupid"], selectParentTemplates=["templateid"],
            selectHosts=["hostid"], selectTemplates=["templateid"],
            selectMacros=["macro", "value", "description", "type"],
            selectTags=["tag", "value"])
    return {
        "host": t["host"], "name": t["name"], "description": t["description"],
        "groups": sorted(g["groupid"] for g in t["groups"]),
        "parents": sorted(p["templateid"] for p in t["parentTemplates"]),
        "hosts": sorted(h["hostid"] for h in t["hosts"]),
        "templates": sorted(c["templateid"] for c in t["templates"]),
        "macros": sorted((m["macro"], m.get("value"), m["description"], m["type"])
                         for m in t["macros"]),
        "tags": sorted((g["tag"], g["value"]) for g in t["tags"]),
    }


def update(tid, **fields):
    params = {"templateid": tid}
    params.update(fields)
    r = res("template.update", params)
    expect_eq(r, {"templateids": [tid]}, "template.update result")


# ---------------------------------------------------------------- the hosts parameter

@T.test
def hosts_link():
    t = mk_template()
    h1 = mk_host()
    update(t, hosts=hosts_param(h1))
    expect_eq(children(t), ([h1], []), "children of T after hosts:[H1]")
    expect_eq(parents(h1), [t], "parentTemplates of H1")
    got = res("host.get", {"hostids": [h1], "output": ["host"],
                           "selectParentTemplates": ["host"]})
    expect_eq(got[0]["parentTemplates"], [{"templateid": t, "host": tpl(t)["host"]}],
              "H1's parentTemplates with output [host] (templateid added)")
    update(t, hosts=hosts_param(h1))   # the same set again: a no-op success
    expect_eq(children(t), ([h1], []), "children of T after the same hosts again")


@T.test
def hosts_replace():
    t = mk_template()
    h1, h2, h3 = mk_host(), mk_host(), mk_host()
    update(t, hosts=hosts_param(h1))
    update(t, hosts=hosts_param(h2))
    expect_eq(children(t), ([h2], []), "children of T after hosts:[H2]")
    expect_eq(parents(h1), [], "H1 unlinked")
    expect_eq(parents(h2), [t], "H2 linked")
    update(t, hosts=hosts_param(h3, h2))
    expect_eq(children(t), (sorted([h2, h3]), []), "children after hosts:[H3,H2]")
    update(t, description="no hosts member")   # hosts absent: children untouched
    expect_eq(children(t), (sorted([h2, h3]), []), "children after an update without hosts")
    update(t, hosts=[])
    expect_eq(children(t), ([], []), "children after hosts:[]")
    expect_eq((parents(h2), parents(h3)), ([], []), "H2 and H3 unlinked")


@T.test
def hosts_replace_keeps_other_parents():
    t, other = mk_template(), mk_template()
    h1, h2 = mk_host(), mk_host()
    update(other, hosts=hosts_param(h1))
    update(t, hosts=hosts_param(h1))
    expect_eq(parents(h1), sorted([t, other]), "H1 below both templates")
    update(t, hosts=hosts_param(h2))
    expect_eq(parents(h1), [other], "H1 keeps the link to the other template")
    expect_eq(children(other), ([h1], []), "the other template's children untouched")


@T.test
def hosts_template_as_child():
    t = mk_template()
    t2 = mk_template()
    h1 = mk_host()
    update(t, hosts=hosts_param(t2, h1))
    expect_eq(children(t), ([h1], [t2]), "children of T: host H1 and template T2")
    expect_eq(parents(t2), [t], "T2's parentTemplates")
    got = tpl(t2, selectParentTemplates=["host"])
    expect_eq(got["parentTemplates"][0]["templateid"], t, "T2's parent has its templateid")
    update(t, hosts=hosts_param(h1))
    expect_eq(children(t), ([h1], []), "T2 unlinked, H1 kept")
    expect_eq(parents(t2), [], "T2 has no parent any more")


@T.test
def hosts_unlink_not_passed():
    t = mk_template()
    keep, h2, c = mk_host(), mk_host(), mk_template()
    update(t, hosts=hosts_param(keep, h2, c))
    expect_eq(children(t), (sorted([keep, h2]), [c]), "three children linked")
    update(t, hosts=hosts_param(keep))
    expect_eq(children(t), ([keep], []), "only the passed child stays")
    expect_eq((parents(h2), parents(c), parents(keep)), ([], [], [t]), "links of the children")


def clear_children(kind):
    """T with children keep (host), u (unlinked) and c (cleared), both of the given kind;
    hosts:[keep] with templates_clear:[c] must unlink u and c, and keep keep."""
    mk = mk_host if kind == "host" else mk_template
    t = mk_template()
    keep, u, c = mk_host(), mk(), mk()
    update(t, hosts=hosts_param(keep, u, c))
    r = call("template.update", {"templateid": t, "hosts": hosts_param(keep),
                                 "templates_clear": [{"templateid": c}]})
    expect_eq(r.get("result") if isinstance(r, dict) else r, {"templateids": [t]},
              "hosts:[keep] + templates_clear:[%s child not passed] (answer %s)"
              % (kind, e2e.short(r)))
    expect_eq(children(t), ([keep], []), "only the passed child stays")
    expect_eq((parents(u), parents(c), parents(keep)), ([], [], [t]),
              "unlinked and cleared children have no parent; the kept one has T")


@T.test
def hosts_clear_template_child():
    clear_children("template")


@T.test
def hosts_clear_host_child():
    clear_children("host")


@T.test
def hosts_clear_of_a_real_parent_still_works():
    p = mk_template()
    t = mk_template(templates=[{"templateid": p}])
    h = mk_host()
    update(t, hosts=hosts_param(h), templates_clear=[{"templateid": p}])
    expect_eq(parents(t), [], "the cleared parent is unlinked")
    expect_eq(children(t), ([h], []), "the child is linked")


@T.test
def hosts_circular():
    t1 = mk_template(uniq("e2e circ T1"))
    t2 = mk_template(uniq("e2e circ T2"), templates=[{"templateid": t1}])
    n1, n2 = tpl(t1)["host"], tpl(t2)["host"]
    before = (state(t1), state(t2))
    r = call("template.update", {"templateid": t2, "hosts": hosts_param(t1)})
    expect_error(r, -32602, 'Cannot link template "%s" to template "%s", because a circular '
                 'linkage ("%s" -> "%s" -> "%s") would occur.' % (n2, n1, n2, n1, n2),
                 what="T2 hosts:[T1] while T2 is a child of T1")
    expect_eq((state(t1), state(t2)), before, "nothing changed after the circular refusal")
    r = call("template.update", {"templateid": t1, "hosts": hosts_param(t1)})
    expect_error(r, -32602, 'Cannot link template "%s" to template "%s", because a circular '
                 'linkage ("%s" -> "%s") would occur.' % (n1, n1, n1, n1),
                 what="T1 hosts:[T1] (itself)")
    expect_eq((state(t1), state(t2)), before, "nothing changed after the self link")


@T.test
def hosts_circular_deeper_chain():
    a = mk_template(uniq("e2e chain A"))
    b = mk_template(uniq("e2e chain B"), templates=[{"templateid": a}])
    c = mk_template(uniq("e2e chain C"), templates=[{"templateid": b}])
    before = (state(a), state(b), state(c))
    r = call("template.update", {"templateid": c, "hosts": hosts_param(a)})
    na, nc = tpl(a)["host"], tpl(c)["host"]
    prefix = ('Cannot link template "%s" to template "%s", because a circular linkage ('
              % (nc, na))
    err = r.get("error") if isinstance(r, dict) else None
    if not err or err.get("code") != -32602 or not str(err.get("data", "")).startswith(prefix) \
            or not err["data"].endswith(") would occur."):
        raise AssertionError("C hosts:[A] with A <- B <- C: expected -32602 %r..., got %s"
                             % (prefix, e2e.short(r)))
    same = call("template.update", {"templateid": a, "templates": [{"templateid": c}]})
    expect_eq(r, same, "C hosts:[A] answers as A templates:[C] does")
    expect_eq((state(a), state(b), state(c)), before, "nothing changed")


@T.test
def hosts_double_linkage():
    p1 = mk_template(uniq("e2e dbl P1"))
    p2 = mk_template(uniq("e2e dbl P2"), templates=[{"templateid": p1}])
    c = mk_template(uniq("e2e dbl C"), templates=[{"templateid": p1}])
    before = (state(p1), state(p2), state(c))
    r = call("template.update", {"templateid": p2, "hosts": hosts_param(c)})
    err = r.get("error") if isinstance(r, dict) else None
    if not err or err.get("code") != -32602 or \
            not str(err.get("data", "")).endswith("would be linked twice."):
        raise AssertionError("P2 hosts:[C] where C already has P2's parent P1: expected -32602 "
                             "'... would be linked twice.', got %s" % e2e.short(r))
    same = call("template.update", {"templateid": c,
                                    "templates": [{"templateid": p1}, {"templateid": p2}]})
    expect_eq(r, same, "P2 hosts:[C] answers as C templates:[P1,P2] does")
    expect_eq((state(p1), state(p2), state(c)), before, "nothing changed")


@T.test
def hosts_link_on_create():
    h1, h2 = mk_host(), mk_host()
    c = mk_template()
    t = mk_template(hosts=hosts_param(h1, c))
    expect_eq(children(t), ([h1], [c]), "children of the created template")
    expect_eq(parents(h1), [t], "H1 linked on create")
    r = res("template.create", [
        {"host": uniq("e2e batch A"), "groups": [{"groupid": group()}], "hosts": hosts_param(h2)},
        {"host": uniq("e2e batch B"), "groups": [{"groupid": group()}], "hosts": []}])
    ta, tb = r["templateids"]
    expect_eq(children(ta), ([h2], []), "first template of the batch has H2")
    expect_eq(children(tb), ([], []), "second template of the batch has no child")
    expect_eq(parents(h2), [ta], "H2 linked")


@T.test
def hosts_unknown_id():
    t = mk_template()
    h1 = mk_host()
    update(t, hosts=hosts_param(h1))
    before = state(t)
    g = mk_group()
    for bad in ("999999999", "0", g):
        r = call("template.update", {"templateid": t, "description": "changed",
                                     "hosts": hosts_param(h1, bad)})
        expect_error(r, -32500, NO_PERMISSIONS, what="hosts with hostid %s" % bad)
        expect_eq(state(t), before, "state unchanged after hostid %s" % bad)
    name = uniq("e2e create-bad")
    r = call("template.create", {"host": name, "groups": [{"groupid": group()}],
                                 "hosts": hosts_param("999999999")})
    expect_error(r, -32500, NO_PERMISSIONS, what="template.create with an unknown hostid")
    expect_eq(res("template.get", {"filter": {"host": name}}), [],
              "no template created by the failed create")


# ---------------------------------------------------------------- atomicity

@T.test
def multi_object_update_last_fails():
    h1, h2 = mk_host(), mk_host()
    p = mk_template()
    g2 = mk_group()
    t1 = mk_template(description="one", macros=[{"macro": "{$A}", "value": "1"}],
                     tags=[{"tag": "t", "value": "1"}], hosts=hosts_param(h1))
    t2 = mk_template(description="two")
    t3 = mk_template(description="three")
    before = [state(x) for x in (t1, t2, t3)]
    r = call("template.update", [
        {"templateid": t1, "description": "one!", "groups": [{"groupid": g2}],
         "macros": [{"macro": "{$B}", "value": "2"}], "tags": [], "hosts": hosts_param(h2),
         "templates": [{"templateid": p}]},
        {"templateid": t2, "name": uniq("e2e renamed"), "hosts": hosts_param(h1)},
        {"templateid": t3, "description": "three!", "groups": [{"groupid": "999999999"}]}])
    expect_error(r, -32500, NO_PERMISSIONS, what="last object with an unknown group")
    expect_eq([state(x) for x in (t1, t2, t3)], before, "all three unchanged")
    expect_eq((parents(h1), parents(h2)), ([t1], []), "host links unchanged")


def storm_payload(tid, k, hosts, bad_group):
    """Update number k: a full state that names k everywhere (sizes vary with k)."""
    macros = [{"macro": "{$M%d}" % i, "value": "v%d" % k, "description": "d%d" % k}
              for i in range(1 + k % 4)]
    tags = [{"tag": "tag%d" % i, "value": "v%d" % k} for i in range(1 + k % 3)]
    params = {"templateid": tid, "description": "update %d" % k, "macros": macros,
              "tags": tags, "hosts": hosts_param(hosts[k % len(hosts)])}
    if bad_group:
        params["groups"] = [{"groupid": "999999999"}]
    return params


def storm_expected(k, base, hosts):
    s = dict(base)
    s["description"] = "update %d" % k
    s["macros"] = sorted(("{$M%d}" % i, "v%d" % k, "d%d" % k, "0") for i in range(1 + k % 4))
    s["tags"] = sorted(("tag%d" % i, "v%d" % k) for i in range(1 + k % 3))
    s["hosts"] = [hosts[k % len(hosts)]]
    return s


class Storm:
    """Threads that each send their share of concurrent updates over one keep-alive
    connection, plus a reader that snapshots the template during the storm."""

    def __init__(self, s, tid, hosts, nthreads, per_thread):
        self.s, self.tid, self.hosts = s, tid, hosts
        self.nthreads, self.per_thread = nthreads, per_thread
        self.ok, self.failed, self.problems, self.snapshots = set(), set(), [], []
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.start = threading.Barrier(nthreads + 1)   # writers and reader begin together

    def post(self, conn, method, params):
        body = json.dumps(e2e.envelope(method, params, auth=sid()))
        conn.request("POST", e2e.API_PATH, body=body,
                     headers={"Content-Type": e2e.JSONRPC_CT})
        resp = conn.getresponse()
        return e2e.check_rpc_http(resp.status, resp.getheader("Content-Type"), resp.read())

    def writer(self, w):
        conn = self.s.connection(timeout=30)
        try:
            self.start.wait(timeout=30)
            for i in range(self.per_thread):
                k = w * self.per_thread + i
                bad = k % 5 == 3
                r = self.post(conn, "template.update", storm_payload(self.tid, k, self.hosts, bad))
                self.record(k, bad, r)
        except (OSError, http.client.HTTPException, AssertionError,
                threading.BrokenBarrierError) as e:
            with self.lock:
                self.problems.append("writer %d: %r" % (w, e))
        finally:
            conn.close()

    def record(self, k, bad, r):
        with self.lock:
            if bad:
                if not (isinstance(r, dict) and r.get("error", {}).get("data") == NO_PERMISSIONS
                        and r["error"].get("code") == -32500):
                    self.problems.append("invalid update %d: expected -32500, got %s"
                                         % (k, e2e.short(r)))
                self.failed.add(k)
            elif isinstance(r, dict) and r.get("result") == {"templateids": [self.tid]}:
                self.ok.add(k)
            else:
                self.problems.append("valid update %d failed: %s" % (k, e2e.short(r)))

    def reader(self):
        try:
            self.start.wait(timeout=30)
        except threading.BrokenBarrierError:
            return
        deadline = time.monotonic() + 60
        while not self.done.is_set() and time.monotonic() < deadline \
                and len(self.snapshots) < 400:
            try:
                self.snapshots.append(state(self.tid))
            except (OSError, http.client.HTTPException, AssertionError) as e:
                with self.lock:
                    self.problems.append("reader: %r" % e)
                return

    def run(self):
        writers = [threading.Thread(target=self.writer, args=(w,))
                   for w in range(self.nthreads)]
        rd = threading.Thread(target=self.reader)
        rd.start()
        for t in writers:
            t.start()
        for t in writers:
            t.join(timeout=120)
        self.done.set()
        rd.join(timeout=60)
        if any(t.is_alive() for t in writers) or rd.is_alive():
            raise AssertionError("storm threads did not finish within their time limit")


def match_update(st, base, hosts, candidates):
    """The k whose full state st equals (None for the initial state), or raise."""
    if st == base:
        return None
    try:
        k = int(st["description"].split()[-1])
    except (ValueError, IndexError):
        raise AssertionError("state with a foreign description: %s" % e2e.short(st))
    if k not in candidates:
        raise AssertionError("state shows update %d, which is not a successful update: %s"
                             % (k, e2e.short(st)))
    want = storm_expected(k, base, hosts)
    if st != want:
        raise AssertionError("state is a mix: description of update %d, but\n  got  %s\n"
                             "  want %s" % (k, e2e.short(st, 600), e2e.short(want, 600)))
    return k


@T.test
def concurrent_updates_atomic():
    hosts = [mk_host() for _ in range(3)]
    tid = mk_template(description="initial", macros=[{"macro": "{$INIT}", "value": "x"}],
                      tags=[{"tag": "init"}])
    base = state(tid)
    storm = Storm(srv(), tid, hosts, nthreads=16, per_thread=50)
    t0 = time.monotonic()
    storm.run()
    dt = time.monotonic() - t0
    if storm.problems:
        raise AssertionError("%d problems, e.g. %s" % (len(storm.problems),
                                                       "; ".join(storm.problems[:3])))
    expect_eq(len(storm.ok) + len(storm.failed), 16 * 50, "answers received")
    expect_eq(len(storm.failed), 160, "invalid updates refused")
    for snap in storm.snapshots:
        match_update(snap, base, hosts, storm.ok)
    final = state(tid)
    k = match_update(final, base, hosts, storm.ok)
    if k is None:
        raise AssertionError("final state is the initial state after %d successful updates"
                             % len(storm.ok))
    for h in hosts:
        expect_eq(parents(h), [tid] if h == hosts[k % 3] else [],
                  "host %s links after the storm (final update %d)" % (h, k))
    print("  storm: 800 updates in %.1fs, %d snapshots read, final state = update %d"
          % (dt, len(storm.snapshots), k), flush=True)


@T.test
def concurrent_updates_random_order_one_batch():
    """Two templates updated by concurrent multi-object calls: each call's two objects are
    applied together or not at all (a failing second object rolls back the first)."""
    ta, tb = mk_template(description="a"), mk_template(description="b")
    problems = []
    lock = threading.Lock()

    def worker(w):
        conn = srv().connection(timeout=30)
        rng = random.Random(w)
        try:
            for i in range(25):
                k = w * 100 + i
                bad = rng.random() < 0.3
                second = {"templateid": tb, "description": "pair %d" % k}
                if bad:
                    second["groups"] = [{"groupid": "999999999"}]
                body = json.dumps(e2e.envelope("template.update", [
                    {"templateid": ta, "description": "pair %d" % k}, second], auth=sid()))
                conn.request("POST", e2e.API_PATH, body=body,
                             headers={"Content-Type": e2e.JSONRPC_CT})
                resp = conn.getresponse()
                r = e2e.check_rpc_http(resp.status, resp.getheader("Content-Type"), resp.read())
                ok = isinstance(r, dict) and "result" in r
                if ok == bad:
                    with lock:
                        problems.append("pair %d (bad=%s): %s" % (k, bad, e2e.short(r)))
        except (OSError, http.client.HTTPException, AssertionError) as e:
            with lock:
                problems.append("worker %d: %r" % (w, e))
        finally:
            conn.close()

    e2e.run_threads(worker, 8, timeout=120)
    if problems:
        raise AssertionError("%d problems, e.g. %s" % (len(problems), "; ".join(problems[:3])))
    got = res("template.get", {"templateids": [ta, tb], "output": ["description"]})
    descs = {g["templateid"]: g["description"] for g in got}
    if descs[ta] != descs[tb] or not descs[ta].startswith("pair "):
        raise AssertionError("the two templates differ after the pair updates: %s" % descs)


if __name__ == "__main__":
    sys.exit(T.main())
