#!/usr/bin/env python3
# test_big_lists.py: calls whose own lists are huge stay fast (issue 9: every check over a
# request's list is O(n log n)), against the real tmpld.
#
# Exercises, each timed and held to a limit far below the quadratic checks' (100k macros
# took 47 s): template.update with 100,000 new macros, then the same 100,000 changed in place
# by hostmacroid, then a duplicate at the very end refused with Zabbix's text; hostgroup.create
# and hostgroup.delete of 100,000 groups; template.create and template.delete of 100,000
# templates; template.delete with 100,000 ids of which the last is unknown (-32500, nothing
# deleted); host.create of 100,001 hosts whose last repeats a name ("Duplicate host").
# The server answers other calls at once afterwards.
# The limit is LIMIT seconds per call: 10, or 40 for a sanitizer build (ASan makes these calls
# 4-9 times slower); $TMPLD_BIG_LIMIT overrides it.
# Usage: test_big_lists.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import os
import sys
import time

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
S = e2e.Shared(T, ["--log-level", "warn", "--map-size", str(4 << 30)], name="big", login=True)
srv, res, call, uniq = S.srv, S.res, S.call, S.uniq
N = 100000


def sanitized(path):
    """True for a binary built with AddressSanitizer (make asan)."""
    try:
        with open(path, "rb") as f:
            return b"__asan_init" in f.read()
    except OSError:
        return False


LIMIT = float(os.environ.get("TMPLD_BIG_LIMIT") or (40 if sanitized(e2e.bin_path()) else 10))
NO_PERMISSIONS = "No permissions to referred object or it does not exist!"


def timed(what, method, params, ok=True):
    t0 = time.monotonic()
    r = srv().call(method, params, auth=S.session(), timeout=LIMIT * 3)
    dt = time.monotonic() - t0
    print("  %s: %.2fs" % (what, dt), flush=True)
    if ok and "result" not in r:
        raise AssertionError("%s failed: %s" % (what, e2e.short(r)))
    if dt > LIMIT:
        raise AssertionError("%s took %.1fs (limit %.0fs)" % (what, dt, LIMIT))
    return r


def group():
    return S.once("group", lambda: res("hostgroup.create", {"name": "e2e big"})["groupids"][0])


@T.test
def template_update_with_100k_macros():
    t = res("template.create", {"host": uniq("e2e big macros"),
                                "groups": [{"groupid": group()}]})["templateids"][0]
    macros = [{"macro": "{$M%d}" % i, "value": "v%d" % i} for i in range(N)]
    timed("template.update with %d new macros" % N, "template.update",
          {"templateid": t, "macros": macros})
    got = res("usermacro.get", {"hostids": [t], "output": ["hostmacroid", "macro"]})
    expect_eq(len(got), N, "macros stored")
    ids = {m["macro"]: m["hostmacroid"] for m in got}
    changed = [{"hostmacroid": ids["{$M%d}" % i], "value": "w%d" % i} for i in range(N)]
    timed("template.update changing %d macros in place" % N, "template.update",
          {"templateid": t, "macros": changed})
    macros.append({"macro": "{$M7}", "value": "again"})
    r = timed("template.update with a duplicate at the end", "template.update",
              {"templateid": t, "macros": macros}, ok=False)
    expect_error(r, -32602, 'Invalid parameter "/1/macros/%d": value (macro)=({$M7}) already '
                 'exists.' % (N + 1))
    srv().alive()


@T.test
def hostgroup_create_and_delete_100k():
    names = ["%s %d" % (uniq("e2e big g"), i) for i in range(N)]
    ids = timed("hostgroup.create of %d groups" % N, "hostgroup.create",
                [{"name": nm} for nm in names])["result"]["groupids"]
    expect_eq(len(ids), N, "groups created")
    timed("hostgroup.delete of %d groups" % N, "hostgroup.delete", ids)
    expect_eq(res("hostgroup.get", {"groupids": ids[:10], "output": ["groupid"]}), [],
              "the groups are gone")
    srv().alive()


@T.test
def template_create_and_delete_100k():
    prefix = uniq("e2e big t")
    ids = timed("template.create of %d templates" % N, "template.create",
                [{"host": "%s %d" % (prefix, i), "groups": [{"groupid": group()}]}
                 for i in range(N)])["result"]["templateids"]
    r = timed("template.delete of %d ids, the last unknown" % N, "template.delete",
              ids[1:] + ["999999999"], ok=False)
    expect_error(r, -32500, NO_PERMISSIONS)
    expect_eq(len(res("template.get", {"templateids": ids[:10], "output": ["templateid"]})), 10,
              "nothing deleted")
    timed("template.delete of %d templates" % N, "template.delete", ids)
    expect_eq(res("template.get", {"templateids": ids[:10], "output": ["templateid"]}), [],
              "the templates are gone")
    srv().alive()


@T.test
def host_create_100k_with_a_repeat_at_the_end():
    prefix = uniq("e2e-big-h").replace(" ", "-")
    hosts = [{"host": "%s-%d" % (prefix, i), "groups": [{"groupid": group()}]} for i in range(N)]
    hosts.append({"host": "%s-%d" % (prefix, 7), "groups": [{"groupid": group()}]})
    r = timed("host.create of %d hosts, the last repeating one" % (N + 1), "host.create", hosts,
              ok=False)
    expect_error(r, -32602, 'Duplicate host. Host with the same host name "%s-7" already '
                 'exists in data.' % prefix)
    srv().alive()


if __name__ == "__main__":
    sys.exit(T.main())
