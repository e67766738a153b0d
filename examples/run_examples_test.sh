#!/usr/bin/env bash
# examples/run_examples_test.sh BIN -- runs every example against a real tmpld.
#
# What it does:
#   * starts BIN on a free 127.0.0.1 port with a fresh temporary store (and the BlueKing app
#     esb_test:xxx:trusted for the ESB example), and a second one (TMPLD_URL2, the target of
#     export_import.py), and waits until apiinfo.version answers on both (at most 10 s each);
#   * runs each example (examples/*.sh other than this script and lib.sh, e.g. login.sh, batch.sh and
#     templates.sh, host_mass.sh, items.sh, and examples/*.py through python3),
#     with TMPLD_URL pointing at that server (TMPLD_URL2 at the second), a 150 s limit, and its
#     output kept in a log; an example passes when it exits 0;
#   * harness check: login.sh must FAIL against a closed port, which shows that the examples
#     really check their answers; this counts as one more test;
#   * stops the server with SIGTERM, and fails the test if it does not exit 0 within 10 s.
# The last line is "examples: N passed, M failed". The exit status is 0 only when M is 0 and N > 0.
# Set EXAMPLES_VERBOSE=1 to print every example's output, even when it passes.

set -u -o pipefail

[ $# -ge 1 ] || { echo "usage: $0 PATH/TO/tmpld" >&2; exit 2; }
BIN=$1
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
SELF=$(basename "$0")

PASSED=0
FAILED=0
SERVER_PID=
SERVER2_PID=
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tmpld-examples.XXXXXX") || exit 1

# shellcheck disable=SC2317  # called from the EXIT trap
cleanup() {
    for pid in $SERVER_PID $SERVER2_PID; do
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

finish() {
    echo "examples: $PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]
    exit $?
}

pass() { PASSED=$((PASSED + 1)); echo "PASS $1"; }
failed() {
    FAILED=$((FAILED + 1))
    echo "FAIL $1${2:+: $2}"
    if [ -n "${3:-}" ] && [ -f "$3" ]; then sed 's/^/    | /' "$3" | tail -n 40; fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# the examples to run, in name order
EXAMPLES=()
for f in "$HERE"/*.sh "$HERE"/*.py; do
    [ -f "$f" ] || continue
    f=$(basename "$f")
    # lib.sh holds the helpers the examples source; it is not an example
    [ "$f" = "$SELF" ] || [ "$f" = lib.sh ] || EXAMPLES+=("$f")
done
if [ ${#EXAMPLES[@]} -eq 0 ]; then
    failed "no examples found in $HERE"
    finish
fi

if [ ! -x "$BIN" ]; then
    for ex in "${EXAMPLES[@]}"; do failed "$ex" "$BIN is not an executable"; done
    finish
fi

# wait_ready PID URL: waits (10 s at most) until the server PID answers apiinfo.version at URL
wait_ready() {
    for _ in $(seq 1 100); do
        kill -0 "$1" 2>/dev/null || return 1
        if curl -s --max-time 2 -H 'Content-Type: application/json-rpc' \
            --data '{"jsonrpc":"2.0","method":"apiinfo.version","params":{},"id":1}' "$2" 2>/dev/null |
            grep -q '"result"'; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

PORT=$(free_port)
URL=http://127.0.0.1:$PORT/api_jsonrpc.php
# --bk-app: the BlueKing ESB app that the bkcmdb_*.sh examples (update_proc_template, service
# templates, service instances) authenticate as
"$BIN" --listen "127.0.0.1:$PORT" --data "$WORK/store" --bk-app esb_test:xxx:trusted \
    2>"$WORK/server.log" >/dev/null &
SERVER_PID=$!
# the second server (TMPLD_URL2) that export_import.py imports into
PORT2=$(free_port)
URL2=http://127.0.0.1:$PORT2/api_jsonrpc.php
"$BIN" --listen "127.0.0.1:$PORT2" --data "$WORK/store2" 2>"$WORK/server2.log" >/dev/null &
SERVER2_PID=$!
if ! wait_ready "$SERVER_PID" "$URL" || ! wait_ready "$SERVER2_PID" "$URL2"; then
    for ex in "${EXAMPLES[@]}"; do failed "$ex" "the server did not start" "$WORK/server.log"; done
    finish
fi

for ex in "${EXAMPLES[@]}"; do
    log=$WORK/${ex}.log
    case $ex in
        *.py) cmd=(python3 "$HERE/$ex") ;;
        *) cmd=("$HERE/$ex") ;;
    esac
    if [ ! -x "$HERE/$ex" ] && [ "${ex##*.}" = sh ]; then
        failed "$ex" "not executable"
        continue
    fi
    TMPLD_URL=$URL TMPLD_URL2=$URL2 timeout 150 "${cmd[@]}" >"$log" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ]; then
        pass "$ex"
        [ "${EXAMPLES_VERBOSE:-0}" != 1 ] || sed 's/^/    | /' "$log"
    else
        failed "$ex" "exit status $rc" "$log"
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        failed "server" "tmpld died while running $ex" "$WORK/server.log"
        SERVER_PID=
        finish
    fi
done

# Harness check: an example must notice when nothing answers.
if [ -x "$HERE/login.sh" ]; then
    dead_port=$(free_port)
    if TMPLD_URL=http://127.0.0.1:$dead_port/api_jsonrpc.php timeout 30 "$HERE/login.sh" >"$WORK/dead.log" 2>&1; then
        failed "login.sh against a closed port" "it exited 0" "$WORK/dead.log"
    else
        pass "login.sh against a closed port fails"
    fi
fi

# Graceful stop: SIGTERM must end the server with status 0.
kill -TERM "$SERVER_PID" 2>/dev/null
for _ in $(seq 1 100); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "$SERVER_PID" 2>/dev/null; then
    failed "server stop" "tmpld still running 10 s after SIGTERM" "$WORK/server.log"
else
    wait "$SERVER_PID"
    rc=$?
    SERVER_PID=
    [ "$rc" -eq 0 ] || failed "server stop" "tmpld exited with status $rc after SIGTERM" "$WORK/server.log"
fi
finish
