#!/usr/bin/env python3
# conformance_test.py - replay the recorded Zabbix 6.0.14 corpora against a freshly started tmpld.
#
# Exercises:
#   (0) the runner itself, without a server: its rule cases (replay_rules_test.py: hand-made
#       answers that must match or differ) and every corpus replayed against its own recorded
#       answers, which must match step for step (replay.self_check); a failure fails the test;
# then starts BIN (--listen 127.0.0.1:<free port> --data <temp dir> --log-level warn), waits
# until apiinfo.version answers, and
#   (a) replays the REQUIRED scenarios strictly: of corpus-public.json every scenario but the
#       --pending ones (or the --required prefixes), of each newer corpus the scenarios that
#       REQUIRED_NEW names for it; every differing step is printed as a FAIL line and makes the
#       test fail;
#   (b) replays each whole corpus strictly on the same store and prints how much of it matches
#       ("<corpus> corpus: N/M steps match ...") and, for the newer corpora, which scenarios match
#       fully: informational lines only (they never fail the test);
# then stops the server with SIGTERM (exit status must be 0), removes the temp dir and prints
# "conformance: N passed, M failed" for the required steps of all corpora as its last line. The
# server's stderr goes to a log file whose tail is shown on failure.
#
#   conformance_test.py BIN [--required k05,k06,...] [--all-required] [--verbose]
#
# Exit status: 0 the self-check and all required steps matched and the server stopped cleanly;
# 1 otherwise; 2 usage errors (e.g. a --required prefix that names no scenario).

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, HERE)
import replay  # noqa: E402  (the runner next to this file)
import replay_rules_test  # noqa: E402  (its normalisation rules on hand-made answers)

CORPUS = os.path.join(HERE, "corpus-public.json")
# Every scenario must match, but the ones named here (prefixes): scenarios whose methods a
# later issue brings; they still run in the informational whole-corpus pass. None today.
DEFAULT_PENDING = ""
# The newer corpora (label, file), replayed after the first one, and per corpus the scenarios
# (name prefixes) that must match strictly. A scenario is promoted here once tmpld matches it:
# the informational pass lists the candidates ("fully matching: ...").
NEW_CORPORA = (
    ("config", "corpus-config-public.json"),      # export/import, value maps, interfaces
    ("access", "corpus-access-public.json"),      # users, user groups, roles, tokens
    ("content", "corpus-content-public.json"),    # triggers, graphs, discovery, dashboards, web
)
REQUIRED_NEW = {
    "config": ("x02", "x09", "x25", "x26", "x27", "x30", "x31", "x32", "x34", "x40", "x41", "x42",
               "x45", "x04", "x13", "x14", "x15", "x18", "x35", "x01", "x03", "x20",
               "x06", "x10", "x11", "x16", "x23"),
    "access": ("p01", "p02", "p03", "p05", "p06", "p07", "p08", "p09", "p14", "p16", "p17", "p18",
               "p21", "p22", "p23", "p24", "p25", "p28", "p30", "p31", "p33",
               "p04", "p15", "p29", "p35", "p36", "p37", "p38", "p39", "p40", "p42"),
    "content": ("t01", "t02", "t03", "t04", "t05", "t06", "t08", "t09", "t10", "t11",
                "t15", "t16", "t17", "t18", "t34", "t35",
                "t21", "t22", "t24", "t25", "t26",
                "t37", "t38", "t33", "t42", "t43",
                "t28", "t27", "t29", "t30", "t40"),
}
READY_SECONDS = 10.0
STOP_SECONDS = 10.0
REQUEST_TIMEOUT = 5.0
# upper bounds for the replays (each corpus's), so that a hanging server cannot stall CI
REQUIRED_BUDGET = 60.0
WHOLE_BUDGET = 60.0
LOG_TAIL = 40


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers_version(port):
    """True when POST /api_jsonrpc.php apiinfo.version gets a JSON-RPC answer."""
    body = json.dumps({"jsonrpc": "2.0", "method": "apiinfo.version", "params": {}, "id": 1})
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1.0)
    try:
        conn.request("POST", "/api_jsonrpc.php", body=body,
                     headers={"Content-Type": "application/json-rpc"})
        resp = conn.getresponse()
        data = resp.read()
        return resp.status == 200 and "result" in json.loads(data.decode("utf-8", "replace"))
    except (OSError, ValueError, http.client.HTTPException):
        return False
    finally:
        conn.close()


class Server:
    """One tmpld process on a private port and data dir, its stderr in a log file."""

    def __init__(self, binary, workdir):
        self.binary = binary
        self.data = os.path.join(workdir, "data")
        self.log_path = os.path.join(workdir, "tmpld.log")
        self.proc = None
        self.port = None

    def start(self):
        """Start and wait for readiness; returns an error text or None."""
        for _attempt in range(3):   # a port taken between probe and bind: try another one
            self.port = free_port()
            log = open(self.log_path, "ab")
            try:
                self.proc = subprocess.Popen(
                    [self.binary, "--listen", "127.0.0.1:%d" % self.port, "--data", self.data,
                     "--log-level", "warn"],
                    stdin=subprocess.DEVNULL, stdout=log, stderr=log)
            except OSError as exc:
                return "cannot start %s: %s" % (self.binary, exc)
            finally:
                log.close()
            deadline = time.monotonic() + READY_SECONDS
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    break
                if answers_version(self.port):
                    return None
                time.sleep(0.1)
            if self.proc.poll() is None:
                self.kill()
                return "server not ready after %.0f s" % READY_SECONDS
        return "server exited during start-up (status %s)" % self.proc.returncode

    def url(self):
        return "http://127.0.0.1:%d/api_jsonrpc.php" % self.port

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        """SIGTERM and wait; returns an error text or None when it exited with status 0."""
        if self.proc is None:
            return None
        if self.proc.poll() is not None:
            return "server had already exited with status %s" % self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            status = self.proc.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.kill()
            return "server did not exit within %.0f s of SIGTERM" % STOP_SECONDS
        return None if status == 0 else "server exited with status %s after SIGTERM" % status

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def log_tail(self, n=LOG_TAIL):
        try:
            with open(self.log_path, "rb") as f:
                lines = f.read().decode("utf-8", "replace").splitlines()
        except OSError:
            return ["(no server log)"]
        return lines[-n:] if lines else ["(server log is empty)"]


def pick_required(corpus, prefixes):
    """Scenarios whose name starts with one of the prefixes (corpus order), and unknown prefixes."""
    chosen = [sc for sc in corpus["scenarios"] if any(sc["name"].startswith(p) for p in prefixes)]
    unknown = [p for p in prefixes if not any(sc["name"].startswith(p) for sc in corpus["scenarios"])]
    return chosen, unknown


def parse_args(argv):
    ap = argparse.ArgumentParser(description="Conformance test of a tmpld binary.")
    ap.add_argument("binary", help="path of the tmpld binary")
    ap.add_argument("--required", default=None,
                    help="comma-separated scenario name prefixes of corpus-public.json that must "
                    "match (default: all but --pending)")
    ap.add_argument("--pending", default=DEFAULT_PENDING,
                    help="comma-separated scenario name prefixes left to later issues "
                    "(default %s)" % DEFAULT_PENDING)
    ap.add_argument("--all-required", action="store_true",
                    help="the whole of corpus-public.json must match")
    ap.add_argument("--verbose", "-v", action="store_true",
                    help="also list the differing steps of the informational whole-corpus runs")
    return ap.parse_args(argv)


def self_check(corpora):
    """The runner's rule cases, then each corpus against its own recorded answers, no server;
    returns the number of failures."""
    passed, failed = replay_rules_test.run_rule_cases(out=lambda line: print(line, flush=True))
    print("self-check replay rules: %d/%d cases right" % (passed, passed + failed), flush=True)
    for label, corpus in corpora:
        tally = replay.self_check(corpus["scenarios"], out=lambda line: print(line, flush=True))
        print("self-check %s corpus: %d/%d steps match, %d divergence"
              % (label, tally.passed, tally.steps(), tally.skipped), flush=True)
        failed += tally.failed
    return failed


def run_required(server, label, scenarios, whole):
    """The required scenarios of one corpus, strictly; returns the Tally."""
    names = "the whole corpus" if whole else ", ".join(sc["name"] for sc in scenarios) or "none"
    print("required scenarios (%s): %s" % (label, names), flush=True)
    opts = replay.Options(timeout=REQUEST_TIMEOUT, deadline=time.monotonic() + REQUIRED_BUDGET)
    return replay.replay(server.url(), scenarios, opts=opts,
                         out=lambda line: print(line, flush=True))


def run_whole(server, label, corpus, verbose, list_clean):
    """A whole corpus, informational: how many steps match (and which scenarios fully)."""
    lines = []
    start = time.monotonic()
    opts = replay.Options(timeout=REQUEST_TIMEOUT, deadline=start + WHOLE_BUDGET)
    tally = replay.replay(server.url(), corpus["scenarios"], opts=opts, out=lines.append)
    seconds = time.monotonic() - start
    if verbose:
        for line in lines:
            if line.startswith("FAIL "):
                print("  (info) " + line[len("FAIL "):])
    # deliberately not in the "N passed, M failed" form that CI parses
    print("%s corpus: %d/%d steps match, %d differ, %d divergence (informational, %.1f s)"
          % (label, tally.passed, tally.steps(), tally.failed, tally.skipped, seconds), flush=True)
    if list_clean:
        print("%s corpus: %d/%d scenarios match fully: %s"
              % (label, len(tally.clean), tally.scenarios, ", ".join(tally.clean) or "none"),
              flush=True)


class Totals:
    """Step counts of the required replays of all corpora."""

    def __init__(self):
        self.passed = self.failed = 0

    def add(self, tally):
        self.passed += tally.passed
        self.failed += tally.failed


def main(argv=None):
    args = parse_args(argv)
    corpus = replay.load_corpus(CORPUS)
    new = [(label, replay.load_corpus(os.path.join(HERE, name))) for label, name in NEW_CORPORA]
    if args.all_required:
        required = list(corpus["scenarios"])
    elif args.required is None:
        pending = tuple(p.strip() for p in args.pending.split(",") if p.strip())
        required = [sc for sc in corpus["scenarios"] if not sc["name"].startswith(pending)]
    else:
        prefixes = [p.strip() for p in args.required.split(",") if p.strip()]
        required, unknown = pick_required(corpus, prefixes)
        if unknown or not required:
            print("conformance_test: no scenario starts with: %s" % ", ".join(unknown or prefixes),
                  file=sys.stderr)
            return 2
    required_new = []
    for label, c in new:
        chosen, unknown = pick_required(c, REQUIRED_NEW[label])
        if unknown:
            print("conformance_test: no %s scenario starts with: %s" % (label, ", ".join(unknown)),
                  file=sys.stderr)
            return 2
        required_new.append((label, chosen))
    required_steps = sum(len(sc["steps"]) for sc in required) + sum(
        len(sc["steps"]) for _label, chosen in required_new for sc in chosen)

    problems = []
    if self_check([("public", corpus)] + new):
        problems.append("the runner does not match the recorded answers with themselves")
    workdir = tempfile.mkdtemp(prefix="tmpld-conformance-")
    server = Server(os.path.abspath(args.binary), workdir)
    totals = None
    try:
        err = server.start()
        if err:
            problems.append(err)
        else:
            totals = Totals()
            totals.add(run_required(server, "public", required, args.all_required))
            for label, chosen in required_new:
                if chosen and server.alive():
                    totals.add(run_required(server, label, chosen, False))
            if not args.all_required and server.alive():
                run_whole(server, "public", corpus, args.verbose, False)
            for label, c in new:
                if server.alive():
                    run_whole(server, label, c, args.verbose, True)
            err = server.stop()
            if err:
                problems.append(err)
        failed = totals is None or totals.failed > 0
        if problems or failed:
            for p in problems:
                print("FAIL server: %s" % p)
            print("--- last lines of the server log (%s) ---" % os.path.basename(server.log_path))
            for line in server.log_tail():
                print("  " + line)
            print("--- end of server log ---")
        if totals is None:
            print("conformance: 0 passed, %d failed" % required_steps)
        else:
            print("conformance: %d passed, %d failed" % (totals.passed, totals.failed))
        return 1 if problems or failed else 0
    finally:
        server.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
