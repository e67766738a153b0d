#!/usr/bin/env python3
# test_snapshots.py: the event loop's reads share one store snapshot while nothing is committed
# (issue 15); they must never show less than a client has been told is written. Readers on
# many connections read one template in a loop while a writer updates it and then reads it
# back: the writer always reads its own write, and no reader ever sees the description go
# back. The same while the map grows under the reads (a tiny --map-size), and with two worker
# processes, where the write and the reads may land on different processes.
#
# Usage: test_snapshots.py [BIN]

import os
import sys
import threading

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq  # noqa: E402

T = e2e.Tests()
MIB = 1 << 20
READERS = 6
WRITES = 120


def description_of(s, sid, tid):
    got = s.result("template.get", {"templateids": tid, "output": ["description"],
                                    "selectMacros": "extend"}, auth=sid)
    return int(got[0]["description"].split()[0])


def readers_and_a_writer(s, filler=False):
    """READERS threads read the template until the writer is done; the writer sets its
    description to 1..WRITES (with filler: a page of text, and a new template each time, so
    the map grows) and reads each back. Returns the failures seen."""
    sid = s.login()
    group = s.result("hostgroup.create", {"name": "Snapshots"}, auth=sid)["groupids"][0]
    tid = s.result("template.create", {"host": "snapshot target", "groups": [{"groupid": group}],
                                       "description": "0"}, auth=sid)["templateids"][0]
    done = threading.Event()
    failures = []
    reads = [0] * READERS

    def reader(i):
        last = 0
        try:
            while not done.is_set():
                now = description_of(s, sid, tid)
                if now < last:
                    failures.append("reader %d saw %d after %d" % (i, now, last))
                    return
                last = now
                reads[i] += 1
        except Exception as ex:  # noqa: BLE001 - reported as a failure
            failures.append("reader %d: %s" % (i, ex))

    def writer(_):
        try:
            for n in range(1, WRITES + 1):
                text = "%d %s" % (n, "x" * 3000 if filler else "")
                s.result("template.update", {"templateid": tid, "description": text}, auth=sid)
                if filler:
                    s.result("template.create", {"host": "snapshot filler %04d" % n,
                                                 "groups": [{"groupid": group}],
                                                 "description": "y" * 3000}, auth=sid)
                got = description_of(s, sid, tid)
                if got != n:
                    failures.append("the writer read %d after writing %d" % (got, n))
        except Exception as ex:  # noqa: BLE001
            failures.append("writer: %s" % ex)
        finally:
            done.set()

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(READERS)]
    threads.append(threading.Thread(target=writer, args=(0,)))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    expect_eq(failures, [], "failures")
    expect_eq(all(r > 0 for r in reads), True, "every reader read (%s)" % reads)
    expect_eq(description_of(s, sid, tid), WRITES, "the last write")
    return reads


@T.test
def reads_should_never_lag_a_reported_write():
    s = e2e.Server(["--workers", "1"], name="snap1").start()
    try:
        readers_and_a_writer(s)
        s.stop()
        s.check_store()
    finally:
        s.cleanup()


@T.test
def reads_should_never_lag_a_write_while_the_map_grows():
    s = e2e.Server(["--workers", "1", "--map-size", str(MIB)], name="snapgrow").start()
    try:
        before = os.path.getsize(os.path.join(s.data_dir, "data.mdb"))
        readers_and_a_writer(s, filler=True)
        after = os.path.getsize(os.path.join(s.data_dir, "data.mdb"))
        expect_eq(after > before, True, "the map grew (%d -> %d bytes)" % (before, after))
        s.stop()
        s.check_store()
    finally:
        s.cleanup()


@T.test
def reads_should_never_lag_a_write_of_another_worker():
    s = e2e.Server(["--workers", "2"], name="snap2").start()
    try:
        readers_and_a_writer(s)
    finally:
        s.stop()
        s.cleanup()


if __name__ == "__main__":
    if len(sys.argv) > 1:
        os.environ["TMPLD_BIN"] = os.path.abspath(sys.argv[1])
    sys.exit(T.main())
