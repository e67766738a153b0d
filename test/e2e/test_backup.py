#!/usr/bin/env python3
# test_backup.py: `tmpld backup`, `tmpld restore` and `tmpld check` around a serving store.
#
# Exercises:
#   - a backup taken while a writer thread creates templates (each acknowledged id recorded):
#     it exits 0, passes `tmpld check`, and a second server opened on a copy of it finds every
#     template acknowledged before the backup began (template.get); the live store passes the
#     check too (read beside the server);
#   - restore: refused (exit 1, "in use") while the server runs, the store untouched; works
#     once it is stopped: the old data.mdb is kept as data.mdb.before-restore, the server comes
#     back with the backup's templates and without one created after it; a second restore is
#     refused while data.mdb.before-restore exists, and accepted with --force;
#   - a file that is not a tmpld store (text, an empty file, a missing file) is refused with
#     exit 1 and the store in place is left as it was;
#   - usage errors exit 2; check of a directory without a store, or whose data.mdb is not a
#     tmpld store, exits 2 and changes nothing.
# Usage: test_backup.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import hashlib
import os
import shutil
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq  # noqa: E402

T = e2e.Tests()


def tmpld(*args, timeout=300):
    """Runs the binary with args; returns (exit status, stdout + stderr)."""
    p = subprocess.run([e2e.bin_path()] + list(args), capture_output=True, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace") + p.stderr.decode("utf-8", "replace")


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def new_group(s, sid, name):
    return s.result("hostgroup.create", {"name": name}, auth=sid)["groupids"][0]


def template_ids_present(s, sid, ids):
    got = s.result("template.get", {"templateids": ids, "output": ["templateid"]}, auth=sid)
    return {t["templateid"] for t in got}


class TemplateWriter:
    """A thread creating templates one call at a time until stopped; records every
    acknowledged templateid with the time its answer arrived."""

    def __init__(self, s, sid, groupid, prefix):
        self.s, self.sid, self.groupid, self.prefix = s, sid, groupid, prefix
        self.acked = []            # (monotonic time of the answer, templateid)
        self.errors = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run)

    def _run(self):
        n = 0
        while not self.stop.is_set():
            n += 1
            try:
                r = self.s.call("template.create", {"host": "%s %d" % (self.prefix, n),
                                                    "groups": [{"groupid": self.groupid}]},
                                auth=self.sid, timeout=30)
                tid = r["result"]["templateids"][0]
            except Exception as e:   # noqa: BLE001 - reported by the test
                with self.lock:
                    self.errors.append(repr(e))
                return
            with self.lock:
                self.acked.append((time.monotonic(), tid))

    def acked_before(self, t):
        with self.lock:
            return [tid for at, tid in self.acked if at < t]

    def count(self):
        with self.lock:
            return len(self.acked)

    def start(self):
        self.thread.start()
        return self

    def finish(self):
        self.stop.set()
        self.thread.join(60)
        if self.errors:
            raise AssertionError("writer failed: %s" % self.errors[0])


def wait_count(w, n, timeout=30.0):
    deadline = time.monotonic() + timeout
    while w.count() < n:
        if time.monotonic() > deadline or w.errors:
            raise AssertionError("writer acknowledged %d of %d templates (%s)"
                                 % (w.count(), n, w.errors[:1]))
        time.sleep(0.02)


def open_copy(s, backup):
    """A second server on a fresh directory holding a copy of the backup."""
    other = e2e.Server(name="from-backup")
    os.makedirs(other.data_dir)
    shutil.copyfile(backup, os.path.join(other.data_dir, "data.mdb"))
    return other


@T.test
def backup_under_write_load():
    s = e2e.Server(name="live").start()
    sid = s.login()
    gid = new_group(s, sid, "backup group")
    for b in range(4):      # a store the copy takes a moment over
        s.result("template.create", [{"host": "fill %d %d" % (b, i), "groups": [{"groupid": gid}]}
                                     for i in range(500)], auth=sid)
    backup = os.path.join(s.tmp, "backup.mdb")
    w = TemplateWriter(s, sid, gid, "bk").start()
    try:
        wait_count(w, 30)
        began = time.monotonic()
        rc, out = tmpld("backup", "--data", s.data_dir, backup)
        ended = time.monotonic()
        expect_eq(rc, 0, "tmpld backup exit status (%s)" % out.strip())
        wait_count(w, len(w.acked_before(ended)) + 5)   # writes went on after the backup
    finally:
        w.finish()
    if os.path.exists(backup + ".tmp"):
        raise AssertionError("backup.mdb.tmp left behind")
    before = w.acked_before(began)
    if len(before) < 30:
        raise AssertionError("only %d templates acknowledged before the backup" % len(before))
    s.check_store()                     # the live store, beside the server
    other = open_copy(s, backup)
    other.check_store()                 # the backup itself, before anything opened it
    other.start()
    osid = other.login()
    got = template_ids_present(other, osid, before)
    missing = sorted(set(before) - got, key=int)
    if missing:
        raise AssertionError("%d of %d templates acknowledged before the backup are missing "
                             "from it, e.g. %s" % (len(missing), len(before), missing[:5]))
    after = [tid for at, tid in w.acked if at > ended]
    if not after:
        raise AssertionError("no write acknowledged after the backup ended")
    expect_eq(template_ids_present(other, osid, after[-1:]), set(),
              "a template created after the backup ended, in the backup")
    other.stop()
    s.stop()


@T.test
def restore_refused_in_use_then_installed():
    s = e2e.Server(name="restore").start()
    sid = s.login()
    gid = new_group(s, sid, "restore group")
    kept = s.result("template.create", {"host": "in the backup", "groups": [{"groupid": gid}]},
                    auth=sid)["templateids"][0]
    backup = os.path.join(s.tmp, "backup.mdb")
    rc, out = tmpld("backup", "--data", s.data_dir, backup)
    expect_eq(rc, 0, "tmpld backup exit status (%s)" % out.strip())
    later = s.result("template.create", {"host": "after the backup",
                                         "groups": [{"groupid": gid}]}, auth=sid)["templateids"][0]
    data = os.path.join(s.data_dir, "data.mdb")
    rc, out = tmpld("restore", backup, "--data", s.data_dir)
    expect_eq(rc, 1, "restore into a store in use: exit status (%s)" % out.strip())
    if "in use" not in out:
        raise AssertionError("restore into a store in use: no clear message: %r" % out)
    expect_eq(template_ids_present(s, sid, [later]), {later}, "store after a refused restore")
    s.stop()
    old = sha(data)
    rc, out = tmpld("restore", backup, "--data", s.data_dir)
    expect_eq(rc, 0, "restore into a stopped store: exit status (%s)" % out.strip())
    expect_eq(sha(data + ".before-restore"), old, "data.mdb.before-restore is the old store")
    expect_eq(sha(data), sha(backup), "data.mdb is the backup")
    s.check_store()
    s.start()
    sid = s.login()
    expect_eq(template_ids_present(s, sid, [kept, later]), {kept},
              "templates after the restore (the backup's only)")
    s.stop()
    rc, out = tmpld("restore", backup, "--data", s.data_dir)
    expect_eq(rc, 1, "second restore while data.mdb.before-restore exists (%s)" % out.strip())
    if "--force" not in out:
        raise AssertionError("second restore: the message does not mention --force: %r" % out)
    rc, out = tmpld("restore", backup, "--data", s.data_dir, "--force")
    expect_eq(rc, 0, "restore --force (%s)" % out.strip())
    # a fresh directory: created, nothing kept
    fresh = os.path.join(s.tmp, "fresh")
    rc, out = tmpld("restore", backup, "--data", fresh)
    expect_eq(rc, 0, "restore into a new directory (%s)" % out.strip())
    expect_eq(os.path.exists(os.path.join(fresh, "data.mdb.before-restore")), False,
              "before-restore in a new directory")
    rc, out = tmpld("check", "--data", fresh)
    expect_eq(rc, 0, "check of the restored store (%s)" % out[-300:])


@T.test
def bad_files_refused():
    s = e2e.Server(name="bad").start()
    s.stop()
    data = os.path.join(s.data_dir, "data.mdb")
    old = sha(data)
    text = os.path.join(s.tmp, "not-a-store.txt")
    with open(text, "w") as f:
        f.write("hello\n" * 1000)
    empty = os.path.join(s.tmp, "empty.mdb")
    open(empty, "w").close()
    for path, what in ((text, "a text file"), (empty, "an empty file"),
                       (os.path.join(s.tmp, "missing.mdb"), "a missing file")):
        rc, out = tmpld("restore", path, "--data", s.data_dir, "--force")
        expect_eq(rc, 1, "restore of %s: exit status (%s)" % (what, out.strip()))
        if "not a tmpld store" not in out:
            raise AssertionError("restore of %s: unclear message %r" % (what, out))
        expect_eq(sha(data), old, "the store after refusing %s" % what)
        expect_eq(os.path.exists(data + ".before-restore"), False,
                  "before-restore after refusing %s" % what)


@T.test
def usage_and_missing_store():
    d = e2e.Server(name="usage")   # only for its temp dir
    empty = os.path.join(d.tmp, "nothing")
    for args, want in ((["backup"], 2), (["restore"], 2), (["check", "extra"], 2),
                       (["backup", "--data", empty, os.path.join(d.tmp, "x.mdb")], 1),
                       (["check", "--data", empty], 2)):
        rc, out = tmpld(*args)
        expect_eq(rc, want, "tmpld %s: exit status (%s)" % (" ".join(args), out.strip()))
    expect_eq(os.path.exists(empty), False, "backup/check of a missing store created it")
    junk = os.path.join(d.tmp, "junk")
    os.makedirs(junk)
    with open(os.path.join(junk, "data.mdb"), "w") as f:
        f.write("not a store\n" * 100)
    before = sha(os.path.join(junk, "data.mdb"))
    rc, out = tmpld("check", "--data", junk)
    expect_eq(rc, 2, "check of a directory whose data.mdb is no store (%s)" % out.strip())
    expect_eq(sha(os.path.join(junk, "data.mdb")), before, "data.mdb after the refused check")
    rc, out = tmpld("--help")
    for sub in ("tmpld backup", "tmpld restore", "tmpld check"):
        if sub not in out:
            raise AssertionError("--help does not list %s" % sub)


if __name__ == "__main__":
    sys.exit(T.main())
