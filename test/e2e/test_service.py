#!/usr/bin/env python3
# test_service.py: tmpld as a service: `make install DESTDIR=...` puts the binary, the systemd
# unit and the default config in place; `systemd-analyze verify` accepts the unit; the server
# sends READY=1 to $NOTIFY_SOCKET once it listens (one process, and each of two workers); the
# default config names every option of --help and parses.
#
# Usage: test_service.py [BIN]

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq  # noqa: E402

T = e2e.Tests()
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
CONF = os.path.join(REPO, "contrib", "tmpld.conf")
UNIT = "usr/lib/systemd/system/tmpld.service"


def install(dest, prefix="/usr", sysconfdir="/etc"):
    """make install of the binary under test (not rebuilt: -o) into dest."""
    b = e2e.bin_path()
    r = subprocess.run(["make", "-s", "-C", REPO, "-o", b, "install", "BIN=" + b,
                        "DESTDIR=" + dest, "PREFIX=" + prefix, "SYSCONFDIR=" + sysconfdir],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, "make install failed: %s %s" % (r.stdout, r.stderr)


def unit_text(dest):
    with open(os.path.join(dest, UNIT)) as f:
        return f.read()


def unit_settings(text):
    out = {}
    for line in text.splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            k, v = line.split("=", 1)
            out.setdefault(k.strip(), []).append(v.strip())
    return out


@T.test
def make_install_should_put_every_file_in_place():
    dest = tempfile.mkdtemp(prefix="tmpld-inst-")
    try:
        install(dest)
        binp = os.path.join(dest, "usr/bin/tmpld")
        assert os.access(binp, os.X_OK), "no executable tmpld in %s" % binp
        r = subprocess.run([binp, "--version"], capture_output=True, text=True)
        assert r.returncode == 0 and r.stdout.startswith("tmpld "), r
        conf = os.path.join(dest, "etc/tmpld/tmpld.conf")
        with open(conf) as f, open(CONF) as g:
            expect_eq(f.read(), g.read(), "the installed config")
        expect_eq(oct(os.stat(conf).st_mode & 0o777), oct(0o640), "the config's mode")
        text = unit_text(dest)
        expect_eq(re.findall(r"@[a-z]+@", text), [], "placeholders left in the unit")
        u = unit_settings(text)
        expect_eq(u["ExecStart"], ["/usr/bin/tmpld --config /etc/tmpld/tmpld.conf --data "
                                   "/var/lib/tmpld"], "ExecStart")
        expect_eq(u["Type"], ["notify"], "Type")
        expect_eq(u["ExecReload"], ["/bin/kill -HUP $MAINPID"], "ExecReload")
        for key, want in [("DynamicUser", "yes"), ("StateDirectory", "tmpld"),
                          ("NoNewPrivileges", "yes"), ("ProtectSystem", "strict"),
                          ("ProtectHome", "yes"), ("PrivateTmp", "yes")]:
            expect_eq(u.get(key), [want], key)
        # a second install keeps the operator's config and puts the new one next to it
        with open(conf, "a") as f:
            f.write("log-level = debug\n")
        install(dest)
        with open(conf) as f:
            assert f.read().endswith("log-level = debug\n"), "the config was overwritten"
        assert os.path.exists(conf + ".new"), "no tmpld.conf.new next to the kept config"
    finally:
        shutil.rmtree(dest, ignore_errors=True)


@T.test
def systemd_analyze_verify_should_accept_the_unit():
    tool = shutil.which("systemd-analyze")
    if tool is None:
        print("  note: systemd-analyze is not installed; the unit is not verified here")
        return
    dest = tempfile.mkdtemp(prefix="tmpld-inst-")
    try:
        install(dest)
        # the unit as installed, but for ExecStart, which must name a binary that exists
        # here: the one DESTDIR holds
        text = unit_text(dest).replace("/usr/bin/tmpld", os.path.join(dest, "usr/bin/tmpld"))
        vdir = os.path.join(dest, "verify")
        os.makedirs(vdir)
        path = os.path.join(vdir, "tmpld.service")
        with open(path, "w") as f:
            f.write(text)
        r = subprocess.run([tool, "verify", path], capture_output=True, text=True, timeout=60)
        out = (r.stdout + r.stderr).strip()
        about_unit = [l for l in out.splitlines() if "tmpld.service" in l or "tmpld" in l]
        if r.returncode != 0 and not about_unit:
            print("  note: systemd-analyze cannot run here (%s); nothing it said is about "
                  "the unit" % out.replace("\n", " | ")[:300])
            return
        expect_eq(about_unit, [], "what systemd-analyze says about the unit")
        expect_eq(r.returncode, 0, "systemd-analyze verify's status")
    finally:
        shutil.rmtree(dest, ignore_errors=True)


def notify_socket(abstract):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    if abstract:
        name = "@tmpld-test-%d-%d" % (os.getpid(), id(sock))
        sock.bind("\0" + name[1:])
        path = None
    else:
        path = os.path.join(tempfile.mkdtemp(prefix="tmpld-notify-"), "notify")
        sock.bind(path)
        name = path
    sock.settimeout(10)
    return sock, name, path


def start_notified(name, args):
    os.environ["NOTIFY_SOCKET"] = name
    try:
        return e2e.Server(args, name="notify").start(wait=False)
    finally:
        del os.environ["NOTIFY_SOCKET"]


@T.test
def the_server_should_send_ready_once_it_listens():
    for abstract in (True, False):
        sock, name, path = notify_socket(abstract)
        try:
            s = start_notified(name, [])
            msg = sock.recv(4096).decode()
            expect_eq(msg, "READY=1", "the notification (%s)" % name)
            # READY means the listener is up: a call is answered at once
            expect_eq(s.result("apiinfo.version", {}), "6.0.14", "a call after READY=1")
            s.stop()
        finally:
            sock.close()
            if path:
                shutil.rmtree(os.path.dirname(path), ignore_errors=True)


@T.test
def each_worker_should_send_ready():
    sock, name, _ = notify_socket(True)
    try:
        s = start_notified(name, ["--workers", "2"])
        got = [sock.recv(4096).decode() for _ in range(2)]
        expect_eq(got, ["READY=1", "READY=1"], "a READY=1 per worker")
        s.wait_ready()
        s.stop()
    finally:
        sock.close()


@T.test
def without_notify_socket_nothing_should_be_sent():
    s = e2e.Server([], name="plain").start()
    log = open(s.log_path).read()
    assert "service manager" not in log, "a warning about the service manager: %s" % log
    s.stop()


def help_options():
    r = subprocess.run([e2e.bin_path(), "--help"], capture_output=True, text=True)
    assert r.returncode == 0, r
    opts = set(re.findall(r"(?m)^\s+--([a-z][a-z-]*)", r.stdout))
    opts |= set(re.findall(r",\s+--([a-z][a-z-]*)", r.stdout))
    return opts - {"help", "version", "config"}


@T.test
def the_default_config_should_name_every_option():
    opts = help_options()
    assert len(opts) >= 15, "too few options found in --help: %s" % sorted(opts)
    with open(CONF) as f:
        text = f.read()
    keys = set(re.findall(r"(?m)^#?([a-z][a-z-]*) = ", text))
    expect_eq(sorted(opts - keys), [], "options of --help missing from contrib/tmpld.conf")
    expect_eq(sorted(keys - opts), [], "keys of contrib/tmpld.conf that --help does not name")
    assert "config" in text, "the file does not say how it is read"


@T.test
def the_default_config_should_parse_as_it_is_and_uncommented():
    b = e2e.bin_path()
    r = subprocess.run([b, "--config", CONF, "--help"], capture_output=True, text=True)
    expect_eq((r.returncode, r.stderr), (0, ""), "the config as installed (all commented)")
    tmp = tempfile.mkdtemp(prefix="tmpld-conf-")
    try:
        with open(CONF) as f:
            lines = [re.sub(r"^#([a-z][a-z-]*) = ", r"\1 = ", l) for l in f]
        path = os.path.join(tmp, "all.conf")
        with open(path, "w") as f:
            f.writelines(lines)
        r = subprocess.run([b, "--config", path, "--help"], capture_output=True, text=True)
        expect_eq((r.returncode, r.stderr), (0, ""), "every option uncommented")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        os.environ["TMPLD_BIN"] = os.path.abspath(sys.argv[1])
    sys.exit(T.main())
