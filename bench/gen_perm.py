#!/usr/bin/env python3
# bench/gen_perm.py: fills a running tmpld for the permission rows of bench/run.sh, straight
# through the JSON-RPC API.
#
# Does: logs in as Admin; creates 60 host groups (P-g00..P-g59), COUNT templates "<P>-NNNNNN",
# template i in the two groups g(i % 50) and g((i + 1) % 50) (template.create arrays of 1000
# per call); three user groups with 50 rights each -- A: read-write on g00..g49, B: read on
# g00..g49, C: read on g10..g49 and deny on g50..g59 (groups without templates) --; an
# Admin-role user in the three groups (autologout 0, as Admin), logged in. Every template
# stays readable by that user.
# Writes the template ids (one a line) to OUT/templates.ids and prints one line:
#   PERM seconds=S session=SID
# Exit status 1 (with the failing answer on stderr) when a call fails.
# Usage: gen_perm.py URL OUT COUNT [--prefix P]

import argparse
import os
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_templates import Client, write_lines  # noqa: E402

PASSWORD = "Bench-Perm-4821"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("out")
    ap.add_argument("count", type=int)
    ap.add_argument("--prefix", default="bench-perm")
    a = ap.parse_args()
    c = Client(a.url)
    c.auth = c.call("user.login", {"username": "Admin", "password": "zabbix"})
    t0 = time.monotonic()
    gids = c.call("hostgroup.create", [{"name": "%s-g%02d" % (a.prefix, i)}
                                       for i in range(60)])["groupids"]
    tids = []
    for start in range(0, a.count, 1000):
        objs = [{"host": "%s-%06d" % (a.prefix, i),
                 "groups": [{"groupid": gids[i % 50]}, {"groupid": gids[(i + 1) % 50]}]}
                for i in range(start, min(a.count, start + 1000))]
        tids += c.call("template.create", objs)["templateids"]
    rights = (
        [{"id": g, "permission": 3} for g in gids[:50]],
        [{"id": g, "permission": 2} for g in gids[:50]],
        [{"id": g, "permission": 2} for g in gids[10:50]] +
        [{"id": g, "permission": 0} for g in gids[50:60]],
    )
    ugs = c.call("usergroup.create", [{"name": "%s-ug%d" % (a.prefix, i), "rights": r}
                                      for i, r in enumerate(rights)])["usrgrpids"]
    user = a.prefix + "-user"
    # autologout 0 as the Admin user has: no session sliding (a durable write) in either row
    c.call("user.create", {"username": user, "passwd": PASSWORD, "roleid": "2",
                           "autologout": "0", "usrgrps": [{"usrgrpid": u} for u in ugs]})
    secs = time.monotonic() - t0
    c.auth = None
    sid = c.call("user.login", {"username": user, "password": PASSWORD})
    write_lines(a.out + "/templates.ids", tids)
    print("PERM seconds=%.2f session=%s" % (secs, sid))
    return 0


if __name__ == "__main__":
    sys.exit(main())
