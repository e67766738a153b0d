#!/usr/bin/env bash
# test/clients/run.sh ansible|pyzabbix BIN -- real Zabbix clients against a real tmpld.
#
#   ansible   Debian's ansible (community.zabbix over the httpapi connection) runs playbook.yml
#             three times: tmpld_state=present (must change something), present again (must
#             report changed=0: every module found the state it wants), then tmpld_state=absent
#             (deletes the host macro, the host, the templates and the groups, and proves with
#             zabbix_host_info / zabbix_template_info that they are gone). A run passes when its
#             PLAY RECAP says failed=0 unreachable=0 and the changed count is as stated.
#   pyzabbix  Debian's python3-pyzabbix runs pyzabbix_test.py (its own steps, PASS/FAIL each).
#
# Each starts BIN on a free 127.0.0.1 port with a fresh temporary store (the first user Admin /
# zabbix), waits until apiinfo.version answers (10 s at most), and stops it with SIGTERM at the
# end (the server must exit 0 within 10 s). The last line is "clients-NAME: N passed, M failed";
# the exit status is 0 only when M is 0 and N > 0. `make test` installs the packages when
# missing (scripts/install-deps.sh); here a missing client is a failure, never a skip.
set -u -o pipefail

[ $# -ge 2 ] || { echo "usage: $0 ansible|pyzabbix PATH/TO/tmpld" >&2; exit 2; }
WHAT=$1
BIN=$2
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
NAME=clients-$WHAT
PASSED=0
FAILED=0
SERVER_PID=
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tmpld-clients.XXXXXX") || exit 1

# shellcheck disable=SC2317  # called from the EXIT trap
cleanup() {
    if [ -n "$SERVER_PID" ]; then
        kill -KILL "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

pass() { PASSED=$((PASSED + 1)); echo "PASS $1"; }
failed() {
    FAILED=$((FAILED + 1))
    echo "FAIL $1${2:+: $2}"
    if [ -n "${3:-}" ] && [ -f "$3" ]; then sed 's/^/    | /' "$3" | tail -n "${4:-40}"; fi
}
finish() {
    echo "$NAME: $PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]
    exit $?
}

start_server() {
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    URL=http://127.0.0.1:$PORT/api_jsonrpc.php
    "$BIN" --listen "127.0.0.1:$PORT" --data "$WORK/store" 2>"$WORK/server.log" >/dev/null &
    SERVER_PID=$!
    for _ in $(seq 1 100); do
        kill -0 "$SERVER_PID" 2>/dev/null || break
        curl -s --max-time 2 -H 'Content-Type: application/json-rpc' \
            --data '{"jsonrpc":"2.0","method":"apiinfo.version","params":{},"id":1}' "$URL" 2>/dev/null |
            grep -q '"result"' && return 0
        sleep 0.1
    done
    failed "server start" "$BIN did not answer apiinfo.version" "$WORK/server.log"
    SERVER_PID=
    finish
}

stop_server() {
    kill -TERM "$SERVER_PID" 2>/dev/null
    for _ in $(seq 1 100); do
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
        failed "server stop" "tmpld still running 10 s after SIGTERM" "$WORK/server.log"
        return
    fi
    wait "$SERVER_PID"
    local rc=$?
    SERVER_PID=
    if [ "$rc" -eq 0 ]; then pass "server stop (SIGTERM, exit status 0)"
    else failed "server stop" "tmpld exited with status $rc" "$WORK/server.log"; fi
}

# ansible_run N STATE WANT: one ansible-playbook run; WANT is "zero" or "some" changes
ansible_run() {
    local n=$1 state=$2 want=$3 log=$WORK/ansible-$1.log recap changed
    (cd "$HERE" && ansible-playbook -i inventory.yml -e "ansible_httpapi_port=$PORT" \
        -e "tmpld_state=$state" playbook.yml) >"$log" 2>&1
    local rc=$?
    recap=$(grep -E '^tmpld +: ok=' "$log" | tail -n 1)
    changed=$(sed -nE 's/.* changed=([0-9]+) .*/\1/p' <<<"$recap")
    if [ "$rc" -ne 0 ] || [ -z "$recap" ] || ! grep -q ' unreachable=0 *failed=0 ' <<<"$recap"; then
        failed "ansible run $n ($state)" "exit status $rc, ${recap:-no PLAY RECAP}" "$log" 60
    elif [ "$want" = zero ] && [ "$changed" != 0 ]; then
        failed "ansible run $n ($state)" "changed=$changed, expected changed=0 (not idempotent)" "$log" 60
        grep -B1 '^changed:' "$log" | sed 's/^/    changed> /'
    elif [ "$want" = some ] && [ "${changed:-0}" -eq 0 ]; then
        failed "ansible run $n ($state)" "changed=0, expected changes" "$log" 60
    else
        pass "ansible run $n ($state): ${recap#tmpld*: }"
    fi
}

run_ansible() {
    command -v ansible-playbook >/dev/null 2>&1 || {
        failed "ansible" "ansible-playbook not found (apt-get install -y ansible)"; finish; }
    # everything Ansible writes stays in the temporary directory
    export ANSIBLE_HOME=$WORK/ansible ANSIBLE_LOCAL_TEMP=$WORK/ansible/tmp \
        ANSIBLE_PERSISTENT_CONTROL_PATH_DIR=$WORK/ansible/pc ANSIBLE_NOCOLOR=1 \
        ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_CONFIG=$HERE/ansible.cfg
    ansible-galaxy collection list community.zabbix 2>/dev/null | grep -E '^community\.zabbix ' |
        sed 's/^/using /'
    start_server
    ansible_run 1 present some
    ansible_run 2 present zero
    ansible_run 3 absent some
    stop_server
}

run_pyzabbix() {
    # Debian's module lives in Debian's python3
    local py=python3
    [ -x /usr/bin/python3 ] && py=/usr/bin/python3
    "$py" -c 'import pyzabbix' 2>/dev/null || {
        failed "pyzabbix" "$py cannot import pyzabbix (apt-get install -y python3-pyzabbix)"; finish; }
    start_server
    if "$py" "$HERE/pyzabbix_test.py" "$URL" >"$WORK/pyzabbix.log" 2>&1; then
        grep -E '^PASS ' "$WORK/pyzabbix.log" | sed 's/^/    /'
        pass "$(tail -n 1 "$WORK/pyzabbix.log")"
    else
        failed "pyzabbix_test.py" "$(tail -n 1 "$WORK/pyzabbix.log")" "$WORK/pyzabbix.log" 80
    fi
    stop_server
}

case $WHAT in
    ansible) run_ansible ;;
    pyzabbix) run_pyzabbix ;;
    *) echo "usage: $0 ansible|pyzabbix PATH/TO/tmpld" >&2; exit 2 ;;
esac
finish
