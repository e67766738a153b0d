#!/usr/bin/env bash
# bench/run.sh BIN -- load benchmark of a tmpld binary with wrk (run by `make bench`).
#
# What it does:
#   1. makes sure wrk is installed (apt-get install -y wrk when root, else explains and exits 1);
#   2. for each worker count (default "1 2"): starts BIN on a free 127.0.0.1 port with a fresh temporary
#      store, logs in once as Admin to get a session, and runs every row of bench_rows() with
#      `wrk -t2 -c64 -d5s --latency` (POST bodies from bench/lua/*.lua), printing req/s, p50, p99 and the
#      error count per row; the server is restarted for each worker count;
#   3. login contention: on a fresh server (--workers 1) measures the p99 of apiinfo.version alone, then again
#      while a second wrk (-t1 -c8) runs 8 clients that alternate user.login / user.logout, and prints both
#      p99s, their ratio and PASS/FAIL against the target "p99 under load < 5 ms and <= 2x the p99 without
#      logins";
#   3b. read path (issue 15; runs before the official and template sections): a fresh durable server
#      (--workers 1) filled by bench/gen_read.py (1000 templates with macros, tags and a parent; 100
#      parent templates with 10 items and 5 triggers each; 1000 hosts linked to them; the official
#      "Linux by Zabbix agent" imported), then on that one server, wrk -t1 -c32 -dBENCH_READ_SECONDS
#      (bench/lua/read_row.lua): apiinfo.version, template.get by id (output extend, selectGroups/
#      Macros/Tags/ParentTemplates), host.get by id (with selectInterfaces etc.), item.get by host,
#      trigger.get by parent template, configuration.export (json) of the official template, and at
#      -c64 durable template.update (a new description; 10 macros replaced); each of these rows runs
#      in BENCH_READ_ROUNDS slices, each right after a slice of the row its target compares it with
#      (apiinfo.version; template.get for the updates), so both figures of a ratio are taken side by
#      side even when the machine's speed drifts; the same store reopened
#      with --workers nproc and --workers 1 in turns, a slice of template.get each time; on the
#      latter the RSS run (template.get
#      in chunks until BENCH_RSS_REQUESTS requests, VmRSS sampled after each chunk); the issue-15
#      targets as PASS/FAIL lines (reads >= 75% of apiinfo.version, export >= 25%, updates >= 50% of
#      template.get and p99 < 10 ms, workers nproc >= workers 1, RSS growth within 5% or 4 MB).
#   4. templates (issue 3): for each store size (default 1k and 100k templates) a fresh durable server
#      (--workers BENCH_TEMPLATE_WORKERS, default 1; --unsafe-nosync is dropped from BENCH_SERVER_ARGS)
#      is filled through the API by bench/gen_templates.py (template.create arrays of 1000 per call,
#      plus 1000 hosts; the generation time is printed), then rows: apiinfo.version (1k store only,
#      the reference), template.get by id with selectGroups/selectParentTemplates/selectMacros/
#      selectTags, template.get by name filter, template.update description, template.update replacing
#      10 macros, and one timed template.update linking one template to the 1000 hosts via "hosts";
#      then durable template.update (description) on a 1k store started with --no-group-commit; and
#      the issue-3 targets as PASS/FAIL lines.
#   6. permissions (issue 11): a fresh durable server with BENCH_PERM_COUNT templates, each in 2 of 50
#      host groups (bench/gen_perm.py), template.get by id as the Super admin and as an Admin-role
#      user of 3 user groups with rights on 50 host groups, and the target "restricted within 20%".
#   5. official templates (it runs before the templates of step 4): for each format (json, yaml,
#      xml) a fresh durable server imports every file of test/data/official/<format>/ (65
#      templates, one configuration.import per file) and exports them all again in one
#      configuration.export; prints both times, the counts, the export size, the server's peak
#      memory (VmHWM) after the import and after the export, and the store's size on disk
#      (bench/import_export.py).
#   6. template content (issue 12): a fresh durable server gets a template with 100 items, 50
#      triggers (2-4 items each, some dependencies) and 10 graphs (5 items each) and BENCH_LINK_HOSTS
#      hosts; the template is linked to all of them in one host.massadd, unlinked, linked again
#      (adoption) and cleared (templates_clear); each step's time and the objects it wrote
#      (bench/link_content.py); then the same four steps with the official "Linux by Zabbix agent"
#      template and the templates it links, imported from bench/data/linux-by-zabbix-agent/
#      (bench/link_official.py); each link's verdict against "< 2 s" and ">= 100x Zabbix 6.0.14"
#      (Zabbix's times are constants: ZABBIX_CONTENT_LINK_S, ZABBIX_OFFICIAL_LINK_S).
#   7. backup (issue 14): a fresh durable server filled with BENCH_BACKUP_COUNT (100k) templates by
#      bench/gen_templates.py; template.update (description) alone, then the same row while
#      `tmpld backup` runs back to back beside the server for the whole row; prints the first
#      backup's seconds and size, how many backups ran, and the two p99s.
#   8. BlueKing sync (issue 16): a fresh durable server with BENCH_BK_COUNT hosts, one service
#      template of 3 process templates and an instance on every host; one process template change,
#      then the one serviceinstance.sync call that syncs them all, timed, against "under 1 s"
#      (bench/bk_sync.py).
#   9. metrics (issue 14): a fresh durable server with BENCH_METRICS_COUNT templates; template.get by
#      id, BENCH_METRICS_ROUNDS rounds of one row without and one row with a scraper GETting /metrics
#      once a second (every other round in the other order, against drift); prints both sides'
#      mean req/s and p99, their difference, the noise (the largest spread between the rows of one
#      side), the size and time of one scrape (median of 101 GETs), and PASS when req/s with the
#      scraper is within BENCH_METRICS_LIMIT_PCT % (default 3) of req/s without, or within the noise.
# The PASS/FAIL verdicts are informational: the exit status is 0 unless the tooling fails (wrk missing and not
# installable, the server does not start or dies during the run, wrk gives no result).
#
# Knobs (environment): BENCH_SECONDS (5) BENCH_THREADS (2) BENCH_CONNECTIONS (64) BENCH_WORKERS ("1 2")
#   BENCH_CONTENTION_WORKERS (1) BENCH_LOGIN_CLIENTS (8) BENCH_SERVER_ARGS (extra tmpld options)
#   BENCH_P99_LIMIT_MS (5) BENCH_RATIO_LIMIT (2) BENCH_RESULTS (write every row as TSV to this file)
#   BENCH_KEEP=1 (keep the temporary directory with wrk outputs and server logs)
#   BENCH_TEMPLATES (1; 0 skips the template section) BENCH_TEMPLATE_COUNTS ("1000 100000")
#   BENCH_TEMPLATE_WORKERS (1) BENCH_LINK_HOSTS (1000)
#   BENCH_IMPORT (1; 0 skips the official templates) BENCH_IMPORT_FORMATS ("json yaml xml")
#   BENCH_CONTENT (1; 0 skips the template content and official link sections) BENCH_LINK_HOSTS (1000)
#   BENCH_PERM (1; 0 skips the permission rows) BENCH_PERM_COUNT (1000)
#   BENCH_BACKUP (1; 0 skips the backup section) BENCH_BACKUP_COUNT (100000)
#   BENCH_BK (1; 0 skips the BlueKing sync row) BENCH_BK_COUNT (1000)
#   BENCH_METRICS (1; 0 skips the scrape cost rows) BENCH_METRICS_COUNT (1000) BENCH_METRICS_ROUNDS (2)
#   BENCH_METRICS_LIMIT_PCT (3)
#   BENCH_READ (1; 0 skips the read-path section) BENCH_READ_SECONDS (8) BENCH_READ_ROUNDS (4)
#   BENCH_RSS_REQUESTS (10000000)
#   BENCH_RSS_CHUNK_SECONDS (30) BENCH_READ_OFFICIAL (bench/data/linux-by-zabbix-agent/linux-by-zabbix-agent.json)
#
# Adding a row: write bench/lua/NAME.lua (see bench/lua/common.lua), then add one line to bench_rows():
#   bench_row template.get template_get.lua "$SESSION"

set -u -o pipefail

usage() { echo "usage: $0 PATH/TO/tmpld" >&2; exit 1; }
[ $# -ge 1 ] || usage
BIN=$1
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
if [ ! -x "$BIN" ]; then
    echo "bench: $BIN is not an executable (build it first: make)" >&2
    exit 1
fi

HERE=$(cd "$(dirname "$0")" && pwd)
export BENCH_LUA_DIR=$HERE/lua

SECONDS_PER_ROW=${BENCH_SECONDS:-5}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
WORKERS_LIST=${BENCH_WORKERS:-"1 2"}
CONTENTION_WORKERS=${BENCH_CONTENTION_WORKERS:-1}
LOGIN_CLIENTS=${BENCH_LOGIN_CLIENTS:-8}
SERVER_ARGS=${BENCH_SERVER_ARGS:-}
P99_LIMIT_MS=${BENCH_P99_LIMIT_MS:-5}
TEMPLATES=${BENCH_TEMPLATES:-1}
TEMPLATE_COUNTS=${BENCH_TEMPLATE_COUNTS:-"1000 100000"}
TEMPLATE_WORKERS=${BENCH_TEMPLATE_WORKERS:-1}
LINK_HOSTS=${BENCH_LINK_HOSTS:-1000}
RATIO_LIMIT=${BENCH_RATIO_LIMIT:-2}
IMPORT=${BENCH_IMPORT:-1}
CONTENT=${BENCH_CONTENT:-1}
BK=${BENCH_BK:-1}
BK_COUNT=${BENCH_BK_COUNT:-1000}
IMPORT_FORMATS=${BENCH_IMPORT_FORMATS:-"json yaml xml"}
PERM=${BENCH_PERM:-1}
PERM_COUNT=${BENCH_PERM_COUNT:-1000}
BACKUP=${BENCH_BACKUP:-1}
BACKUP_COUNT=${BENCH_BACKUP_COUNT:-100000}
METRICS=${BENCH_METRICS:-1}
METRICS_COUNT=${BENCH_METRICS_COUNT:-1000}
METRICS_ROUNDS=${BENCH_METRICS_ROUNDS:-2}
METRICS_LIMIT_PCT=${BENCH_METRICS_LIMIT_PCT:-3}
READ=${BENCH_READ:-1}
READ_SECONDS=${BENCH_READ_SECONDS:-8}
READ_ROUNDS=${BENCH_READ_ROUNDS:-4}
RSS_REQUESTS=${BENCH_RSS_REQUESTS:-10000000}
RSS_CHUNK_SECONDS=${BENCH_RSS_CHUNK_SECONDS:-30}
READ_OFFICIAL=${BENCH_READ_OFFICIAL:-$HERE/data/linux-by-zabbix-agent/linux-by-zabbix-agent.json}

die() { echo "bench: $*" >&2; exit 1; }

# ---------------------------------------------------------------- tooling
ensure_wrk() {
    command -v wrk >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "bench: wrk not found, installing it with apt-get" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >/dev/null 2>&1 ||
            { apt-get update >/dev/null 2>&1 &&
              DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >/dev/null 2>&1; } ||
            die "apt-get install -y wrk failed"
        command -v wrk >/dev/null 2>&1 || die "wrk still not found after apt-get install"
        return 0
    fi
    echo "bench: wrk is not installed. Install it (e.g. 'sudo apt-get install -y wrk' on Debian/Ubuntu," >&2
    echo "       'brew install wrk' on macOS) and run again." >&2
    exit 1
}
ensure_wrk
command -v curl >/dev/null 2>&1 || die "curl is required"
command -v python3 >/dev/null 2>&1 || die "python3 is required"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tmpld-bench.XXXXXX") || die "mktemp failed"
SERVER_PID=
SERVER_LOG=
STORE_DIR=
URL=
CURRENT_WORKERS=
SESSION=
ROW_SEQ=0
LOGIN_WRK_PID=

# shellcheck disable=SC2317  # called from the EXIT trap
cleanup() {
    [ -z "$LOGIN_WRK_PID" ] || kill "$LOGIN_WRK_PID" 2>/dev/null
    stop_server
    if [ "${BENCH_KEEP:-0}" = 1 ]; then
        echo "bench: outputs kept in $WORK" >&2
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# rpc JSON -> prints the response body (empty on transport failure)
rpc() {
    curl -s --max-time 5 -H 'Content-Type: application/json-rpc' --data-binary "$1" "$URL" 2>/dev/null || true
}

# start_server WORKERS [EXTRA ARGS...]: fresh store (or $START_STORE when set, see reopen_server),
# free port, waits until apiinfo.version answers (max 10 s); the server gets $SERVER_ARGS and the
# extra args
start_server() {
    local workers=$1 port store
    shift
    port=$(free_port) || die "no free port"
    store=${START_STORE:-$WORK/store-w$workers-$RANDOM}
    SERVER_LOG=$WORK/server-w$workers-$port.log
    STORE_DIR=$store
    URL=http://127.0.0.1:$port/api_jsonrpc.php
    # shellcheck disable=SC2086
    "$BIN" --listen "127.0.0.1:$port" --data "$store" --workers "$workers" --log-level error \
        $SERVER_ARGS "$@" 2>"$SERVER_LOG" >/dev/null &
    SERVER_PID=$!
    CURRENT_WORKERS=$workers
    for _ in $(seq 1 100); do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            tail -n 20 "$SERVER_LOG" >&2
            SERVER_PID=
            die "tmpld exited at startup (workers $workers)"
        fi
        case $(rpc '{"jsonrpc":"2.0","method":"apiinfo.version","params":{},"id":1}') in
            *'"result"'*) return 0 ;;
        esac
        sleep 0.1
    done
    tail -n 20 "$SERVER_LOG" >&2
    die "tmpld did not answer apiinfo.version within 10 s (workers $workers)"
}

# stop_server: SIGTERM, wait up to 10 s, then SIGKILL
stop_server() {
    [ -n "$SERVER_PID" ] || return 0
    kill -TERM "$SERVER_PID" 2>/dev/null
    for _ in $(seq 1 100); do
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "bench: tmpld did not stop within 10 s after SIGTERM, killing it" >&2
        kill -KILL "$SERVER_PID" 2>/dev/null
    fi
    wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=
}

server_alive() {
    [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null
}

# reopen_server WORKERS [EXTRA ARGS...]: stops the running server and starts it again on the same
# store directory (a new port), e.g. with another --workers, so a filled store is reused
reopen_server() {
    local START_STORE=$STORE_DIR
    [ -n "$START_STORE" ] || die "reopen_server: no store to reopen"
    stop_server
    start_server "$@"
}

# login_session: user.login as Admin/zabbix, prints the session id (empty on failure)
login_session() {
    rpc '{"jsonrpc":"2.0","method":"user.login","params":{"username":"Admin","password":"zabbix"},"id":1}' |
        python3 -c 'import json,sys
try:
    r = json.load(sys.stdin).get("result")
except Exception:
    r = None
print(r if isinstance(r, str) else "")'
}

# session_or_die WHAT: sets SESSION to a fresh Admin session on the running server, or dies
# naming WHAT.
session_or_die() {
    SESSION=$(login_session)
    [ -n "$SESSION" ] || die "user.login as Admin failed ($1)"
}

# start_one WHAT: a fresh --workers 1 server (SERVER_ARGS as the caller set them) and SESSION.
start_one() {
    CURRENT_WORKERS=1
    start_server 1
    session_or_die "$1"
}

# run_wrk OUT THREADS CONNECTIONS SECONDS LUA [script args...]: runs wrk, leaves its output in OUT,
# and sets R_* from the BENCH_RESULT line. Dies when wrk fails or prints no result.
run_wrk() {
    local out=$1 threads=$2 conns=$3 secs=$4 lua=$5 line
    shift 5
    case $lua in /*) ;; *) lua=$BENCH_LUA_DIR/$lua ;; esac
    [ -f "$lua" ] || die "lua script $lua not found"
    local args=(-t"$threads" -c"$conns" -d"${secs}s" --timeout 5s --latency -s "$lua" "$URL")
    [ $# -gt 0 ] && args+=(-- "$@")
    if ! wrk "${args[@]}" >"$out" 2>&1; then
        cat "$out" >&2
        die "wrk failed (script $lua)"
    fi
    parse_result "$out" || { cat "$out" >&2; die "wrk printed no BENCH_RESULT line (script $lua)"; }
}

# parse_result FILE: sets R_RPS R_P50 R_P99 (microseconds) R_ERRORS R_REQUESTS and R_<counter> values
parse_result() {
    local line kv k v
    line=$(grep '^BENCH_RESULT ' "$1" | tail -n 1)
    [ -n "$line" ] || return 1
    R_RPS=0 R_P50=0 R_P99=0 R_ERRORS=0 R_logins=0 R_logouts=0
    for kv in ${line#BENCH_RESULT }; do
        k=${kv%%=*} v=${kv#*=}
        case $k in
            rps) R_RPS=$v ;; p50_us) R_P50=$v ;; p99_us) R_P99=$v ;;
            errors_socket | errors_status | errors_timeout | rpc_errors) R_ERRORS=$((R_ERRORS + v)) ;;
            *) printf -v "R_$k" '%s' "$v" ;;
        esac
    done
    return 0
}

ms() { awk -v us="$1" 'BEGIN { printf "%.2f ms", us / 1000 }'; }

ROW_FMT='%-7s  %-32s  %10s  %10s  %10s  %8s\n'

# columns_header: the column titles of a table of rows
columns_header() {
    # shellcheck disable=SC2059
    printf "$ROW_FMT" workers row "req/s" p50 p99 errors
    # shellcheck disable=SC2059
    printf "$ROW_FMT" ------- -------------------------------- ---------- ---------- ---------- --------
}

table_header() {
    echo
    echo "wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_PER_ROW}s --latency, fresh store per worker count"
    columns_header
}

# bench_row NAME LUA_SCRIPT [script args...]: one table row against the running server
bench_row() {
    local name=$1 lua=$2 note=
    shift 2
    ROW_SEQ=$((ROW_SEQ + 1))
    run_wrk "$WORK/row$ROW_SEQ-w$CURRENT_WORKERS-$name.out" "$THREADS" "$CONNECTIONS" "$SECONDS_PER_ROW" "$lua" "$@"
    server_alive || note="  <- server died (log: $SERVER_LOG)"
    # shellcheck disable=SC2059
    printf "$ROW_FMT" "$CURRENT_WORKERS" "$name" "$R_RPS" "$(ms "$R_P50")" "$(ms "$R_P99")" "$R_ERRORS"
    [ -z "$note" ] || { echo "$note"; tail -n 20 "$SERVER_LOG" >&2; die "tmpld died during row $name"; }
    if [ -n "${BENCH_RESULTS:-}" ]; then
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$CURRENT_WORKERS" "$name" "$R_RPS" "$R_P50" "$R_P99" "$R_ERRORS" \
            >>"$BENCH_RESULTS"
    fi
}

# skip_row NAME REASON: keeps the table shape when a row cannot run
skip_row() {
    # shellcheck disable=SC2059
    printf "$ROW_FMT" "$CURRENT_WORKERS" "$1" - - - "skipped: $2"
}

# The rows measured for every worker count. Add new rows here.
bench_rows() {
    bench_row apiinfo.version apiinfo_version.lua
    if [ -n "$SESSION" ]; then
        bench_row user.checkAuthentication check_authentication.lua "$SESSION"
    else
        skip_row user.checkAuthentication "login failed"
    fi
}

# ---------------------------------------------------------------- templates (issue 3)
declare -A TR_RPS=() TR_P99=()
TEMPLATE_P99_ROWS=()   # the rows held to the "p99 < 10 ms" target

# durable_args: $SERVER_ARGS without --unsafe-nosync (the template rows are always durable)
durable_args() {
    local a out=
    for a in $SERVER_ARGS; do
        [ "$a" = --unsafe-nosync ] || out="$out $a"
    done
    echo "$out"
}

# store_label COUNT: 1000 -> 1k, 100000 -> 100k, 1500 -> 1500
store_label() {
    if [ $(($1 % 1000)) -eq 0 ]; then echo "$(($1 / 1000))k"; else echo "$1"; fi
}

# template_row NAME LUA [args...]: bench_row, and keeps req/s and p99 under NAME for the targets
template_row() {
    bench_row "$@"
    TR_RPS[$1]=$R_RPS
    TR_P99[$1]=$R_P99
}

# gen_store COUNT DIR: fills the running server with COUNT templates and $LINK_HOSTS hosts
gen_store() {
    local count=$1 dir=$2 line
    mkdir -p "$dir"
    line=$(python3 "$HERE/gen_templates.py" "$URL" "$dir" "$count" --hosts "$LINK_HOSTS" \
        --prefix bench-tpl) || die "generating $count templates failed"
    line=$(echo "$line" | grep '^GEN ')
    [ -n "$line" ] || die "gen_templates.py printed no GEN line"
    # shellcheck disable=SC2086
    set -- ${line#GEN }
    printf '  store: %s %s %s in %s s (%s)\n' "${1#templates=}" "templates and" \
        "${2#hosts=} hosts" "${3#seconds=}" "${4/templates_per_s=/templates/s: }"
}

# timed_post JSON_FILE OUT_FILE MAX_SECONDS: POSTs the request in JSON_FILE, leaves the answer in
# OUT_FILE, prints curl's total time in seconds (nothing when curl fails)
timed_post() {
    local secs
    secs=$(curl -s --max-time "$3" -o "$2" -w '%{time_total}' \
        -H 'Content-Type: application/json-rpc' --data-binary @"$1" "$URL") || secs=
    printf '%s' "$secs"
}

# result_figure EXPR: EXPR over the JSON-RPC answer on stdin (its result bound to r), or "?"
result_figure() {
    python3 -c 'import json,sys
try:
    r = json.load(sys.stdin)["result"]
    print(eval(sys.argv[1]))
except Exception:
    print("?")' "$1"
}

# one_call_row NAME SECS OUT_FILE DETAIL TSV_NAME: the row of one timed call whose answer (in
# OUT_FILE) must hold "templateids": "one call: N ms, DETAIL", or "failed: <answer>"; with
# BENCH_RESULTS, a TSV line named TSV_NAME (1 req/s, p50 = p99 = the call's time)
one_call_row() {
    local name=$1 secs=$2 out=$3 detail=$4 tsv_name=$5 us
    if [ -z "$secs" ] || ! grep -q '"templateids"' "$out"; then
        printf '%-7s  %-32s  failed: %s\n' "$CURRENT_WORKERS" "$name" "$(head -c 300 "$out" 2>/dev/null)"
        return 0
    fi
    printf '%-7s  %-32s  one call: %s ms, %s\n' "$CURRENT_WORKERS" "$name" \
        "$(awk -v s="$secs" 'BEGIN { printf "%.1f", s * 1000 }')" "$detail"
    us=$(awk -v s="$secs" 'BEGIN { printf "%d", s * 1e6 }')
    [ -z "${BENCH_RESULTS:-}" ] ||
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$CURRENT_WORKERS" "$tsv_name" 1 "$us" "$us" 0 >>"$BENCH_RESULTS"
}

# link_hosts_row LABEL DIR: one timed template.update linking the first generated template to every
# generated host through the legacy "hosts" parameter, checked with template.get selectHosts "count"
link_hosts_row() {
    local label=$1 dir=$2 secs linked
    python3 - "$dir" "$SESSION" >"$dir/link.json" <<'PY' || die "cannot build the link request"
import json, sys
d, sid = sys.argv[1], sys.argv[2]
tid = open(d + "/templates.ids").readline().strip()
hosts = [{"hostid": h.strip()} for h in open(d + "/hosts.ids") if h.strip()]
open(d + "/link.tid", "w").write(tid)
print(json.dumps({"jsonrpc": "2.0", "method": "template.update", "auth": sid, "id": 1,
                  "params": {"templateid": tid, "hosts": hosts}}))
PY
    secs=$(timed_post "$dir/link.json" "$dir/link.out" 60)
    linked=$(rpc '{"jsonrpc":"2.0","method":"template.get","params":{"templateids":["'"$(cat "$dir/link.tid")"'"],"output":["templateid"],"selectHosts":"count"},"auth":"'"$SESSION"'","id":1}' |
        result_figure 'r[0]["hosts"]')
    one_call_row "template.update hosts [$label]" "$secs" "$dir/link.out" \
        "$LINK_HOSTS hosts linked (template.get selectHosts count: $linked)" \
        "template.update hosts=$LINK_HOSTS [$label]"
}

# link_items_row LABEL DIR: a new template with 50 items, linked to every generated host in ONE
# template.massadd call (timed): 50 x $LINK_HOSTS inherited items, counted with item.get countOutput
link_items_row() {
    local label=$1 dir=$2 secs copies
    python3 - "$dir" "$SESSION" "$URL" >"$dir/items-link.json" <<'PY' || die "cannot prepare the item link"
import json, sys, urllib.request
d, sid, url = sys.argv[1], sys.argv[2], sys.argv[3]
def rpc(method, params):
    req = urllib.request.Request(url, json.dumps({"jsonrpc": "2.0", "method": method,
        "params": params, "auth": sid, "id": 1}).encode(), {"Content-Type": "application/json-rpc"})
    return json.load(urllib.request.urlopen(req, timeout=60))["result"]
gid = rpc("hostgroup.create", {"name": "bench items group"})["groupids"][0]
tid = rpc("template.create", {"host": "bench items template",
                              "groups": [{"groupid": gid}]})["templateids"][0]
rpc("item.create", [{"hostid": tid, "name": "bench item %d" % i, "key_": "bench.item[%d]" % i,
                     "type": 2, "value_type": 3} for i in range(50)])
hosts = [{"hostid": h.strip()} for h in open(d + "/hosts.ids") if h.strip()]
open(d + "/items-link.hosts", "w").write(json.dumps([h["hostid"] for h in hosts]))
print(json.dumps({"jsonrpc": "2.0", "method": "template.massadd", "auth": sid, "id": 1,
                  "params": {"templates": [{"templateid": tid}], "hosts": hosts}}))
PY
    secs=$(timed_post "$dir/items-link.json" "$dir/items-link.out" 120)
    copies=$(rpc '{"jsonrpc":"2.0","method":"item.get","params":{"hostids":'"$(cat "$dir/items-link.hosts")"',"countOutput":true},"auth":"'"$SESSION"'","id":1}' |
        result_figure r)
    one_call_row "template.massadd items [$label]" "$secs" "$dir/items-link.out" \
        "50 items x $LINK_HOSTS hosts (item.get countOutput: $copies)" \
        "template.massadd 50 items x $LINK_HOSTS hosts [$label]"
}

# link_graphs_row LABEL DIR: a new template with 100 items and 10 graphs (10 items each), linked to
# every generated host in ONE template.massadd call (timed): the item copies first, then 10 x
# $LINK_HOSTS graph copies on them, counted with graph.get countOutput
link_graphs_row() {
    local label=$1 dir=$2 secs copies
    python3 - "$dir" "$SESSION" "$URL" >"$dir/graphs-link.json" <<'PY' || die "cannot prepare the graph link"
import json, sys, urllib.request
d, sid, url = sys.argv[1], sys.argv[2], sys.argv[3]
def rpc(method, params):
    req = urllib.request.Request(url, json.dumps({"jsonrpc": "2.0", "method": method,
        "params": params, "auth": sid, "id": 1}).encode(), {"Content-Type": "application/json-rpc"})
    return json.load(urllib.request.urlopen(req, timeout=60))["result"]
gid = rpc("hostgroup.create", {"name": "bench graphs group"})["groupids"][0]
tid = rpc("template.create", {"host": "bench graphs template",
                              "groups": [{"groupid": gid}]})["templateids"][0]
items = rpc("item.create", [{"hostid": tid, "name": "bench graph item %d" % i,
                             "key_": "bench.graph.item[%d]" % i, "type": 2, "value_type": 0}
                            for i in range(100)])["itemids"]
rpc("graph.create", [{"name": "bench graph %d" % g, "gitems": [
    {"itemid": items[g * 10 + i], "color": "%06X" % (g * 10 + i)} for i in range(10)]}
    for g in range(10)])
hosts = [{"hostid": h.strip()} for h in open(d + "/hosts.ids") if h.strip()]
open(d + "/graphs-link.hosts", "w").write(json.dumps([h["hostid"] for h in hosts]))
print(json.dumps({"jsonrpc": "2.0", "method": "template.massadd", "auth": sid, "id": 1,
                  "params": {"templates": [{"templateid": tid}], "hosts": hosts}}))
PY
    secs=$(timed_post "$dir/graphs-link.json" "$dir/graphs-link.out" 120)
    copies=$(rpc '{"jsonrpc":"2.0","method":"graph.get","params":{"hostids":'"$(cat "$dir/graphs-link.hosts")"',"countOutput":true},"auth":"'"$SESSION"'","id":1}' |
        result_figure r)
    one_call_row "template.massadd graphs [$label]" "$secs" "$dir/graphs-link.out" \
        "100 items + 10 graphs x $LINK_HOSTS hosts (graph.get countOutput: $copies)" \
        "template.massadd 100 items, 10 graphs x $LINK_HOSTS hosts [$label]"
}

# heavy_client_rows LABEL DIR: the same by-id get and apiinfo.version while a heavy client on
# 127.0.0.2 sends, again and again, a batch of 200 template.get with every select over the
# whole store, and 8 clients send bad logins; prints each row's p99 against the unloaded one
heavy_client_rows() {
    local label=$1 dir=$2 pids=() i
    python3 - "$dir" "$SESSION" >"$dir/heavy.json" <<'PY' || die "cannot build the heavy batch"
import json, sys
sid = sys.argv[2]
sel = {k: "extend" for k in ("selectGroups", "selectMacros", "selectTags",
                             "selectParentTemplates", "selectHosts", "selectItems")}
print(json.dumps([{"jsonrpc": "2.0", "method": "template.get", "id": i, "auth": sid,
                   "params": dict(output="extend", **sel)} for i in range(200)]))
PY
    printf '%s' '{"jsonrpc":"2.0","method":"user.login","params":{"username":"Admin","password":"bad"},"id":1}'         >"$dir/badlogin.json"
    ( while :; do curl -s -o /dev/null --interface 127.0.0.2 --max-time 300         -H 'Content-Type: application/json-rpc' --data-binary @"$dir/heavy.json" "$URL"; done ) &
    pids+=($!)
    for i in 1 2 3 4 5 6 7 8; do
        ( while :; do curl -s -o /dev/null --interface 127.0.0.2 --max-time 60             -H 'Content-Type: application/json-rpc' --data-binary @"$dir/badlogin.json" "$URL"; done ) &
        pids+=($!)
    done
    sleep 1
    template_row "apiinfo.version [heavy client]" apiinfo_version.lua
    template_row "template.get by id [$label, heavy client]" template_get_byid.lua "$SESSION" \
        "$dir/templates.ids" bench-tpl
    for i in "${pids[@]}"; do pkill -P "$i" 2>/dev/null; kill "$i" 2>/dev/null; done
    wait "${pids[@]}" 2>/dev/null
    pkill -f -- "--interface 127.0.0.2" 2>/dev/null    # the curls of the loops just ended
    server_alive || { tail -n 20 "$SERVER_LOG" >&2; die "tmpld died beside the heavy client"; }
    HEAVY_ROWS=1
}

heavy_targets() {
    local label=$1 base load
    [ -n "${HEAVY_ROWS:-}" ] || return 0
    echo
    echo "issue 9: another client's p99 beside a heavy client (informational)"
    for pair in "apiinfo.version|apiinfo.version [heavy client]" \
        "template.get by id [$label]|template.get by id [$label, heavy client]"; do
        base=${TR_P99[${pair%%|*}]:-} load=${TR_P99[${pair#*|}]:-}
        read -r v r <<<"$(ratio_check "${base:-}" "${load:-}" 0.10)"
        target_line "$v" "${pair#*|}: p99 $(ms "${load:-0}") vs $(ms "${base:-0}") unloaded (within 10x: unloaded/loaded $r >= 0.10)"
    done
}

# template_store_rows COUNT WITH_BASELINE: a fresh server filled with COUNT templates, and its rows
template_store_rows() {
    local count=$1 label dir
    label=$(store_label "$count")
    dir=$WORK/templates-$count
    start_server "$TEMPLATE_WORKERS"
    session_or_die "template store $label"
    gen_store "$count" "$dir"
    [ "$2" = 0 ] || template_row apiinfo.version apiinfo_version.lua
    local ids=$dir/templates.ids row
    for row in "template.get by id [$label]|template_get_byid.lua" \
        "template.get by name [$label]|template_get_byname.lua" \
        "template.update descr [$label]|template_update_description.lua" \
        "template.update 10 macros [$label]|template_update_macros.lua"; do
        template_row "${row%%|*}" "${row#*|}" "$SESSION" "$ids" bench-tpl
        TEMPLATE_P99_ROWS+=("${row%%|*}")
    done
    [ "$2" = 0 ] || heavy_client_rows "$label" "$dir"
    link_hosts_row "$label" "$dir"
    link_items_row "$label" "$dir"
    link_graphs_row "$label" "$dir"
    stop_server
}

# template_nogc_row COUNT: durable template.update (description) on a server with --no-group-commit
template_nogc_row() {
    local label dir=$WORK/templates-nogc
    label=$(store_label "$1")
    start_server "$TEMPLATE_WORKERS" --no-group-commit
    session_or_die "--no-group-commit"
    gen_store "$1" "$dir"
    template_row "template.update descr [$label noGC]" template_update_description.lua \
        "$SESSION" "$dir/templates.ids"
    stop_server
}

# target_line OK|FAIL|n/a TEXT
target_line() { printf '  %-4s %s\n' "$1" "$2"; }

# ratio_check A B MIN: "PASS|FAIL ratio" for A / B >= MIN (n/a when a figure is missing)
ratio_check() {
    awk -v a="${1:-}" -v b="${2:-}" -v min="$3" 'BEGIN {
        if (a == "" || b == "" || b + 0 <= 0) { print "n/a -"; exit }
        # two decimals cut, not rounded: 0.746 reads 0.74, not a failing "0.75 (limit 0.75)"
        r = a / b; printf "%s %.2f\n", (r >= min) ? "PASS" : "FAIL", int(r * 100 + 1e-9) / 100 }'
}

template_targets() {
    local small=$1 large=$2 byid_s byid_l upd nogc v r slow='' name
    byid_s="template.get by id [$(store_label "$small")]"
    byid_l="template.get by id [$(store_label "$large")]"
    upd="template.update descr [$(store_label "$small")]"
    nogc="template.update descr [$(store_label "$small") noGC]"
    echo
    echo "issue 3 targets (informational)"
    read -r v r <<<"$(ratio_check "${TR_RPS[$byid_s]:-}" "${TR_RPS[apiinfo.version]:-}" 0.70)"
    target_line "$v" "$byid_s req/s >= 70% of apiinfo.version req/s (ratio $r)"
    read -r v r <<<"$(ratio_check "${TR_RPS[$upd]:-}" "${TR_RPS[$nogc]:-}" 5)"
    target_line "$v" "durable template.update with group commit >= 5x without it (ratio $r)"
    read -r v r <<<"$(ratio_check "${TR_RPS[$upd]:-}" "${TR_RPS[$byid_s]:-}" 0.50)"
    target_line "$v" "durable template.update with group commit >= 50% of template.get by id req/s (ratio $r)"
    for name in "${TEMPLATE_P99_ROWS[@]}"; do
        [ "${TR_P99[$name]:-0}" -lt 10000 ] || slow="$slow, $name $(ms "${TR_P99[$name]}")"
    done
    if [ -n "$slow" ]; then
        target_line FAIL "p99 of every template row < 10 ms: over it${slow#,}"
    else
        target_line PASS "p99 of every template row < 10 ms (${#TEMPLATE_P99_ROWS[@]} rows; not the noGC baseline)"
    fi
    if [ "$small" = "$large" ]; then
        target_line n/a "by id at the large store within 20% of the small one (one store size only)"
    else
        read -r v r <<<"$(ratio_check "${TR_RPS[$byid_l]:-}" "${TR_RPS[$byid_s]:-}" 0.80)"
        target_line "$v" "$byid_l req/s within 20% of $byid_s (ratio $r)"
    fi
}

bench_templates() {
    local durable count small='' large='' first=1
    durable=$(durable_args)
    local SERVER_ARGS=$durable
    for count in $TEMPLATE_COUNTS; do
        [ -n "$small" ] || small=$count
        large=$count
    done
    [ -n "$small" ] || return 0
    echo
    echo "templates (issue 3): durable stores filled through the API, workers $TEMPLATE_WORKERS," \
        "wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_PER_ROW}s"
    columns_header
    CURRENT_WORKERS=$TEMPLATE_WORKERS
    for count in $TEMPLATE_COUNTS; do
        template_store_rows "$count" "$first"
        first=0
    done
    template_nogc_row "$small"
    template_targets "$small" "$large"
    heavy_targets "$(store_label "$small")"
}

# ---------------------------------------------------------------- template content: link, unlink, clear
# Zabbix 6.0.14's time for the same links, measured on the development machine (2 cores) against the
# reference server of shared/reference-server: 100 hosts linked in one host.massadd; at 1,000 hosts
# its PHP runs out of memory, so the 1,000-host figure is taken as 10x (see bench/README.md).
ZABBIX_CONTENT_LINK_S=254     # content template (100 items, 50 triggers, 10 graphs): 25.4 s at 100 hosts
ZABBIX_OFFICIAL_LINK_S=209    # "Linux by Zabbix agent": 20.9 s at 100 hosts
LINK_LIMIT_S=2.0              # issue 12/13 target: one link of 1,000 hosts under 2 s
LINK_RATIO_MIN=100            # and at least 100x faster than Zabbix

# link_verdict LABEL SECONDS ZABBIX_SECONDS: the two target lines of one link step
link_verdict() {
    local v
    v=$(awk -v s="$2" -v lim="$LINK_LIMIT_S" 'BEGIN { print (s != "" && s + 0 < lim) ? "PASS" : "FAIL" }')
    target_line "$v" "$1 link of $LINK_HOSTS_N hosts in ${2:-?} s (< $LINK_LIMIT_S s)"
    v=$(awk -v s="$2" -v z="$3" -v min="$LINK_RATIO_MIN" 'BEGIN {
        if (s == "" || s + 0 <= 0) { print "n/a -"; exit }
        r = z / s; printf "%s %.0f\n", (r >= min) ? "PASS" : "FAIL", r }')
    target_line "${v%% *}" "$1 link ${v#* }x faster than Zabbix 6.0.14 (${3} s; >= ${LINK_RATIO_MIN}x)"
}

# link_rows OUT: the LINK lines of link_content.py / link_official.py as a table; sets LINK_S to
# the link step's seconds
link_rows() {
    local line step secs rest
    LINK_S=
    while read -r line; do
        case $line in LINK\ *) ;; *) continue ;; esac
        step=$(echo "$line" | sed -n 's/.* step=\([a-z]*\) .*/\1/p')
        secs=$(echo "$line" | sed -n 's/.* seconds=\([0-9.]*\) .*/\1/p')
        rest=$(echo "$line" | sed 's/^LINK step=[a-z]* hosts=[0-9]* seconds=[0-9.]* //')
        [ "$step" = link ] && LINK_S=$secs
        printf '  %-8s %8s s   %s\n' "$step" "$secs" "$rest"
    done <<<"$1"
}

# bench_content_link: a template with items, triggers and graphs linked to BENCH_LINK_HOSTS hosts in
# one call, unlinked, relinked and cleared, on a fresh durable server (bench/link_content.py)
bench_content_link() {
    local out durable
    LINK_HOSTS_N=$LINK_HOSTS
    durable=$(durable_args)
    local SERVER_ARGS=$durable
    echo
    echo "template content (100 items, 50 triggers, 10 graphs) linked to $LINK_HOSTS_N hosts in one call," \
        "durable store (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    start_server 1
    out=$(python3 "$HERE/link_content.py" "$URL" "$LINK_HOSTS_N") || die "content link failed: $out"
    server_alive || { tail -n 20 "$SERVER_LOG" >&2; die "tmpld died during the content link"; }
    stop_server
    link_rows "$out"
    link_verdict "content template" "$LINK_S" "$ZABBIX_CONTENT_LINK_S"
}

# bench_official_link: the official "Linux by Zabbix agent" template (bench/data/linux-by-zabbix-agent,
# with the templates it links) imported, then linked to BENCH_LINK_HOSTS hosts in one call, unlinked,
# relinked and cleared, on a fresh durable server (bench/link_official.py)
bench_official_link() {
    local out durable
    LINK_HOSTS_N=$LINK_HOSTS
    durable=$(durable_args)
    local SERVER_ARGS=$durable
    echo
    echo "official \"Linux by Zabbix agent\" linked to $LINK_HOSTS_N hosts in one call, durable store" \
        "(load average $(cut -d' ' -f1-3 /proc/loadavg))"
    start_server 1
    out=$(python3 "$HERE/link_official.py" "$URL" "$HERE/data/linux-by-zabbix-agent" "$LINK_HOSTS_N") ||
        die "official link failed: $out"
    server_alive || { tail -n 20 "$SERVER_LOG" >&2; die "tmpld died during the official link"; }
    stop_server
    echo "$out" | sed -n 's/^OFFICIAL /  per host: /p'
    link_rows "$out"
    link_verdict "Linux by Zabbix agent" "$LINK_S" "$ZABBIX_OFFICIAL_LINK_S"
}

# ---------------------------------------------------------------- permissions (issue 11)
# bench_perm: a fresh durable server filled by bench/gen_perm.py ($PERM_COUNT templates, each in 2
# of 50 host groups; an Admin-role user in 3 user groups with 50 rights each), then template.get by
# id (template_get_byid.lua) as the Super admin and as that restricted user, and the target: the
# restricted user's req/s within 20% of the Super admin's
bench_perm() {
    local durable dir=$WORK/perm line sid label v r
    durable=$(durable_args)
    local SERVER_ARGS=$durable
    label=$(store_label "$PERM_COUNT")
    echo
    echo "permissions (issue 11): template.get by id on $label templates, as the Super admin and as" \
        "an Admin-role user of 3 user groups with rights on 50 host groups"
    columns_header
    start_one "permissions"
    mkdir -p "$dir"
    line=$(python3 "$HERE/gen_perm.py" "$URL" "$dir" "$PERM_COUNT" | grep '^PERM ') ||
        die "gen_perm.py failed"
    sid=${line##*session=}
    template_row "template.get by id [perm $label, Super admin]" template_get_byid.lua \
        "$SESSION" "$dir/templates.ids" bench-perm
    template_row "template.get by id [perm $label, restricted]" template_get_byid.lua \
        "$sid" "$dir/templates.ids" bench-perm
    stop_server
    echo
    echo "issue 11 target (informational)"
    read -r v r <<<"$(ratio_check "${TR_RPS[template.get by id [perm $label, restricted]]:-}" \
        "${TR_RPS[template.get by id [perm $label, Super admin]]:-}" 0.80)"
    target_line "$v" "restricted user's template.get by id req/s within 20% of the Super admin's (ratio $r)"
}

# kb_to_mb KB: kilobytes as megabytes with one decimal ("-" stays "-")
kb_to_mb() {
    case $1 in
        '' | *[!0-9]*) echo "${1:--}" ;;
        *) awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }' ;;
    esac
}

# ---------------------------------------------------------------- BlueKing sync (issue 16)
# bench_bk: a fresh durable server filled by bench/bk_sync.py ($BK_COUNT instances of one service
# template with 3 process templates); one template change and the one sync call, its time, and the
# target: under 1 s
bench_bk() {
    local durable line secs v
    durable=$(durable_args)
    local SERVER_ARGS=$durable
    echo
    echo "BlueKing sync (issue 16): $BK_COUNT service instances, one process template change, one" \
        "serviceinstance.sync (sync_service_template_to_service_instance)"
    start_server 1
    line=$(python3 "$HERE/bk_sync.py" "$URL" "$BK_COUNT" | grep '^BKSYNC ') ||
        die "bk_sync.py failed"
    server_alive || { tail -n 20 "$SERVER_LOG" >&2; die "tmpld died during the BlueKing sync run"; }
    stop_server
    secs=${line#*seconds=}
    secs=${secs%% *}
    v=$(awk -v s="$secs" 'BEGIN { print (s < 1.0) ? "PASS" : "FAIL" }')
    printf '  %-40s %s s  (%s)\n' "sync of $BK_COUNT instances" "$secs" "${line#BKSYNC }"
    target_line "$v" "one sync call of $BK_COUNT instances after one template change under 1 s"
    [ -z "${BENCH_RESULTS:-}" ] ||
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' 1 "serviceinstance.sync($BK_COUNT)" "-" \
            "$(awk -v s="$secs" 'BEGIN { printf "%d", s * 1000000 }')" "-" 0 >>"$BENCH_RESULTS"
}

# ---------------------------------------------------------------- official templates: import, export
# bench_import_export: for each format of BENCH_IMPORT_FORMATS, a fresh durable server imports every
# official template of test/data/official/<format>/ (one configuration.import call per file), and
# exports all of them again in one configuration.export call (bench/import_export.py)
bench_import_export() {
    local fmt line dir=$HERE/../test/data/official durable
    durable=$(durable_args)
    local SERVER_ARGS=$durable
    echo
    echo "official templates ($(find "$dir/json" -name '*.json' | wc -l) files): configuration.import of each" \
        "file into an empty durable store, then one configuration.export of them all"
    printf '  %-6s %8s %9s %7s %10s %10s %12s %10s %10s %12s\n' format imported templates items \
        "import s" "export s" "export bytes" "import MB" "peak MB" "store bytes"
    for fmt in $IMPORT_FORMATS; do
        start_server 1
        line=$(python3 "$HERE/import_export.py" "$URL" "$dir/$fmt" "$fmt" "$SERVER_PID" "$STORE_DIR") ||
            die "import/export of the official templates ($fmt) failed: $line"
        server_alive || { tail -n 20 "$SERVER_LOG" >&2; die "tmpld died during the $fmt import"; }
        stop_server
        # shellcheck disable=SC2046  # the line's values, split into the positional parameters
        set -- $(echo "$line" | grep '^IMPEXP ' | sed 's/^IMPEXP //; s/[a-z_]*=//g')
        printf '  %-6s %8s %9s %7s %10s %10s %12s %10s %10s %12s\n' "$1" "$3/$2" "$5" "$6" "$7" "$8" "$9" \
            "$(kb_to_mb "${10}")" "$(kb_to_mb "${11}")" "${12}"
        echo "$line" | grep '^  not imported' || true
        # TSV: the import as files/s with p50 = p99 = its whole time, the export as one call
        [ -z "${BENCH_RESULTS:-}" ] || awk -v f="$1" -v n="$3" -v bad="$4" -v i="$7" -v e="$8" 'BEGIN {
            printf "1\timport official [%s]\t%.1f\t%d\t%d\t%d\n", f, n / i, i * 1e6, i * 1e6, bad
            printf "1\texport official [%s]\t1\t%d\t%d\t0\n", f, e * 1e6, e * 1e6 }' >>"$BENCH_RESULTS"
    done
}

# ---------------------------------------------------------------- backup (issue 14)
# bench_backup: a fresh durable server with $BACKUP_COUNT templates; template.update (description)
# alone, then again while `tmpld backup` runs back to back beside it for the whole row
bench_backup() {
    local durable dir=$WORK/backup label out=$WORK/backup.mdb t0 t1 first='' size n=0
    durable=$(durable_args)
    local SERVER_ARGS=$durable
    label=$(store_label "$BACKUP_COUNT")
    echo
    echo "backup (issue 14): tmpld backup of a durable store with $label templates while" \
        "template.update runs (wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_PER_ROW}s)"
    start_one "backup"
    gen_store "$BACKUP_COUNT" "$dir"
    run_wrk "$WORK/backup-base.out" "$THREADS" "$CONNECTIONS" "$SECONDS_PER_ROW" \
        template_update_description.lua "$SESSION" "$dir/templates.ids" bench-tpl
    local base_p99=$R_P99 base_rps=$R_RPS base_err=$R_ERRORS
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_ROW}s" --timeout 5s --latency \
        -s "$BENCH_LUA_DIR/template_update_description.lua" "$URL" -- "$SESSION" \
        "$dir/templates.ids" bench-tpl >"$WORK/backup-load.out" 2>&1 &
    local wrk_pid=$!
    while kill -0 "$wrk_pid" 2>/dev/null; do
        t0=$(date +%s.%N)
        "$BIN" backup --data "$STORE_DIR" "$out" 2>>"$WORK/backup.log" || die "tmpld backup failed"
        t1=$(date +%s.%N)
        n=$((n + 1))
        [ -n "$first" ] || { first=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }');
            size=$(stat -c %s "$out"); }
    done
    wait "$wrk_pid" || { cat "$WORK/backup-load.out" >&2; die "wrk failed during the backups"; }
    parse_result "$WORK/backup-load.out" || die "wrk printed no BENCH_RESULT line (backup)"
    server_alive || { tail -n 20 "$SERVER_LOG" >&2; die "tmpld died during the backups"; }
    "$BIN" check --data "$STORE_DIR" >"$WORK/backup-check.out" 2>&1 ||
        echo "  tmpld check of the live store found problems (see $WORK/backup-check.out)"
    stop_server
    printf '  backup: %s s, %s bytes (%s MiB), %d backups back to back during the row\n' "$first" \
        "$size" "$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1048576 }')" "$n"
    printf '  %-38s p99 %10s   req/s %10s   errors %s\n' "template.update descr, no backup" \
        "$(ms "$base_p99")" "$base_rps" "$base_err"
    printf '  %-38s p99 %10s   req/s %10s   errors %s\n' "template.update descr, during backups" \
        "$(ms "$R_P99")" "$R_RPS" "$R_ERRORS"
    if [ -n "${BENCH_RESULTS:-}" ]; then
        local us
        us=$(awk -v f="$first" 'BEGIN { printf "%d", f * 1e6 }')
        {
            printf '1\ttemplate.update descr [%s, no backup]\t%s\t0\t%s\t%s\n' "$label" \
                "$base_rps" "$base_p99" "$base_err"
            printf '1\ttemplate.update descr [%s, during backup]\t%s\t%s\t%s\t%s\n' "$label" \
                "$R_RPS" "$R_P50" "$R_P99" "$R_ERRORS"
            printf '1\tbackup [%s]\t1\t%s\t%s\t0\n' "$label" "$us" "$us"
        } >>"$BENCH_RESULTS"
    fi
}

# ---------------------------------------------------------------- metrics scrape cost (issue 14)
# metrics_scraper HOST PORT: one process that GETs /metrics once a second on one keep-alive
# connection until killed (as Prometheus does; no process start per scrape to weigh on the CPUs)
metrics_scraper() {
    exec python3 -c 'import http.client, sys, time
c = http.client.HTTPConnection(sys.argv[1], int(sys.argv[2]), timeout=5)
while True:
    try:
        c.request("GET", "/metrics")
        c.getresponse().read()
    except Exception:
        c.close()
    time.sleep(1)' "$1" "$2"
}

# bench_metrics: template.get by id on a durable store of BENCH_METRICS_COUNT templates, rounds of
# (no scraper, a scraper GETting /metrics once a second; every other round in the other order);
# each side's req/s and p99 averaged
# over the rounds, their difference, and PASS when req/s drops by less than BENCH_METRICS_LIMIT_PCT
bench_metrics() {
    local durable dir=$WORK/templates-metrics label round side murl hostport scraper offs= ons=
    local rps_off=0 rps_on=0 p99_off=0 p99_on=0
    durable=$(durable_args)
    local SERVER_ARGS=$durable
    label=$(store_label "$METRICS_COUNT")
    echo
    echo "metrics scrape cost (issue 14): template.get by id [$label], workers $TEMPLATE_WORKERS," \
        "$METRICS_ROUNDS rounds without / with a scraper GETting /metrics once a second"
    columns_header
    CURRENT_WORKERS=$TEMPLATE_WORKERS
    start_server "$TEMPLATE_WORKERS"
    session_or_die "metrics rows"
    gen_store "$METRICS_COUNT" "$dir"
    murl=${URL%/api_jsonrpc.php}/metrics
    curl -sf --max-time 5 -o "$WORK/metrics.txt" "$murl" || die "GET /metrics failed"
    hostport=${murl#http://}
    hostport=${hostport%%/*}
    # rounds alternate the order (off on, on off, ...) so that a drift of the machine's load
    # weighs on both sides alike
    for round in $(seq 1 "$METRICS_ROUNDS"); do
        for side in $( [ $((round % 2)) = 1 ] && echo "off on" || echo "on off"); do
            if [ "$side" = off ]; then
                bench_row "template.get [no scraper]" template_get_byid.lua "$SESSION" \
                    "$dir/templates.ids"
                rps_off=$((rps_off + ${R_RPS%.*})) p99_off=$((p99_off + R_P99))
                offs="$offs ${R_RPS%.*}"
                continue
            fi
            metrics_scraper "${hostport%:*}" "${hostport##*:}" &
            scraper=$!
            bench_row "template.get [with scraper]" template_get_byid.lua "$SESSION" \
                "$dir/templates.ids"
            kill "$scraper" 2>/dev/null
            wait "$scraper" 2>/dev/null
            rps_on=$((rps_on + ${R_RPS%.*})) p99_on=$((p99_on + R_P99))
            ons="$ons ${R_RPS%.*}"
        done
    done
    curl -sf --max-time 5 -o "$WORK/metrics.txt" "$murl" || die "GET /metrics failed"
    # the time of one scrape on the idle server: the median of 101 GETs on one keep-alive connection
    python3 -c 'import http.client, sys, time
c = http.client.HTTPConnection(sys.argv[1], int(sys.argv[2]), timeout=5)
ts = []
for _ in range(101):
    t = time.perf_counter()
    c.request("GET", "/metrics")
    c.getresponse().read()
    ts.append(time.perf_counter() - t)
print(sorted(ts)[50])' "${hostport%:*}" "${hostport##*:}" >"$WORK/metrics-time.txt" ||
        die "timing GET /metrics failed"
    stop_server
    awk -v ro="$rps_off" -v rn="$rps_on" -v po="$p99_off" -v pn="$p99_on" -v n="$METRICS_ROUNDS" \
        -v lim="$METRICS_LIMIT_PCT" -v bytes="$(wc -c <"$WORK/metrics.txt")" \
        -v st="$(cat "$WORK/metrics-time.txt")" -v offs="$offs" -v ons="$ons" 'BEGIN {
        ro /= n; rn /= n; po /= n; pn /= n
        d = ro > 0 ? (ro - rn) * 100 / ro : 0
        dp = po > 0 ? (pn - po) * 100 / po : 0
        # the noise: the largest spread between rows of one side, relative to its mean
        noise = 0
        split(offs, a, " "); split(ons, b, " ")
        for (side = 0; side < 2; side++) {
            lo = -1; hi = 0; mean = side ? rn : ro
            for (i in a) { v = side ? b[i] : a[i]; if (v == "") continue
                if (lo < 0 || v < lo) lo = v; if (v > hi) hi = v }
            if (mean > 0 && (hi - lo) * 100 / mean > noise) noise = (hi - lo) * 100 / mean
        }
        printf "  %-16s req/s %10.0f   p99 %8.2f ms\n", "without scraper", ro, po / 1000
        printf "  %-16s req/s %10.0f   p99 %8.2f ms\n", "with scraper", rn, pn / 1000
        printf "  %-16s req/s %+.1f%%   p99 %+.1f%%   noise (spread of one side) %.1f%%\n",
            "difference", -d, dp, noise
        printf "  %-16s %d bytes, %.3f ms (median of 101 on one connection)\n", "one scrape", bytes,
            st * 1000
        ok = d < lim || d < noise
        printf "  %-16s %s (req/s with the scraper within %s%% of without, or within the noise)\n",
            "target", ok ? "PASS" : "FAIL", lim }'
}

# ---------------------------------------------------------------- read path (issue 15)
declare -A RR_RPS=() RR_P99=() RR_BASE=()
READ_P99_LIMIT_MS=10    # issue 15: p99 of the durable update rows at -c64 under 10 ms
RSS_LIMIT_PCT=5         # the RSS run passes when its growth after the warm-up chunk is within
RSS_LIMIT_MB=4          # 5 % of the warm RSS or within 4 MB, whichever is larger

# read_row NAME CONNECTIONS LUA [script args...]: one table row of wrk -t1 -cCONNECTIONS
# -d$READ_SECONDS on the running server; keeps req/s and p99 under NAME for the targets
read_row() {
    local name=$1 conns=$2
    shift 2
    local THREADS=1 CONNECTIONS=$conns SECONDS_PER_ROW=$READ_SECONDS
    bench_row "$name" "$@"
    RR_RPS[$name]=$R_RPS
    RR_P99[$name]=$R_P99
}

# read_pair NAME CONNECTIONS LUA [script args...]: one table row of wrk -t1 -cCONNECTIONS made of
# $READ_ROUNDS slices of $READ_SECONDS / $READ_ROUNDS seconds (at least 1), each right after a slice
# of the row its target compares it with: PAIR_BASE, set by the caller to "CONNECTIONS LUA [script
# args...]". Keeps under NAME the row's req/s over its slices (RR_RPS), its worst slice's p99
# (RR_P99), and the base's req/s over the slices beside it (RR_BASE); errors count both.
read_pair() {
    local name=$1 conns=$2 i secs req=0 us=0 breq=0 bus=0 p50=0 p99=0 errors=0 rps base
    shift 2
    secs=$((READ_SECONDS / READ_ROUNDS))
    [ "$secs" -ge 1 ] || secs=1
    ROW_SEQ=$((ROW_SEQ + 1))
    for ((i = 1; i <= READ_ROUNDS; i++)); do
        run_wrk "$WORK/row$ROW_SEQ-base$i.out" 1 "${PAIR_BASE[0]}" "$secs" "${PAIR_BASE[@]:1}"
        # shellcheck disable=SC2154  # R_requests and R_duration_us are set by parse_result
        breq=$((breq + R_requests)) bus=$((bus + R_duration_us)) errors=$((errors + R_ERRORS))
        run_wrk "$WORK/row$ROW_SEQ-$i.out" 1 "$conns" "$secs" "$@"
        req=$((req + R_requests)) us=$((us + R_duration_us)) errors=$((errors + R_ERRORS))
        [ "$R_P50" -le "$p50" ] || p50=$R_P50
        [ "$R_P99" -le "$p99" ] || p99=$R_P99
    done
    server_alive || { tail -n 20 "$SERVER_LOG" >&2; die "tmpld died during row $name"; }
    rps=$(awk -v r="$req" -v u="$us" 'BEGIN { printf "%.1f", (u > 0) ? r * 1e6 / u : 0 }')
    base=$(awk -v r="$breq" -v u="$bus" 'BEGIN { printf "%.1f", (u > 0) ? r * 1e6 / u : 0 }')
    # shellcheck disable=SC2059
    printf "$ROW_FMT" "$CURRENT_WORKERS" "$name" "$rps" "$(ms "$p50")" "$(ms "$p99")" "$errors"
    [ -z "${BENCH_RESULTS:-}" ] ||
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$CURRENT_WORKERS" "$name" "$rps" "$p50" "$p99" "$errors" \
            >>"$BENCH_RESULTS"
    RR_RPS[$name]=$rps RR_P99[$name]=$p99 RR_BASE[$name]=$base
}

# workers_pair N LUA [script args after the session...]: template.get with --workers N and with
# --workers 1 on the same store, in $READ_ROUNDS turns: the store reopened with N workers, one
# slice, reopened with 1, one slice (wrk -t1 -c32). Prints the rows "template.get [workers N]" and
# "[workers 1]" (req/s over their slices, the worst slice's p99) and keeps them in RR_RPS; the
# server is left running with one worker.
workers_pair() {
    local n=$1 lua=$2 i w secs name
    local -A wreq=() wus=() wp50=() wp99=() werrs=()
    shift 2
    secs=$((READ_SECONDS / READ_ROUNDS))
    [ "$secs" -ge 1 ] || secs=1
    ROW_SEQ=$((ROW_SEQ + 1))
    for ((i = 1; i <= READ_ROUNDS; i++)); do
        for w in "$n" 1; do
            reopen_server "$w"
            session_or_die "read path, workers $w"
            run_wrk "$WORK/row$ROW_SEQ-w$w-$i.out" 1 32 "$secs" "$lua" "$SESSION" "$@"
            wreq[$w]=$((${wreq[$w]:-0} + R_requests)) wus[$w]=$((${wus[$w]:-0} + R_duration_us))
            werrs[$w]=$((${werrs[$w]:-0} + R_ERRORS))
            [ "$R_P50" -le "${wp50[$w]:-0}" ] || wp50[$w]=$R_P50
            [ "$R_P99" -le "${wp99[$w]:-0}" ] || wp99[$w]=$R_P99
        done
    done
    for w in "$n" 1; do
        name="template.get [workers $w]"
        CURRENT_WORKERS=$w
        RR_RPS[$name]=$(awk -v r="${wreq[$w]}" -v u="${wus[$w]}" \
            'BEGIN { printf "%.1f", (u > 0) ? r * 1e6 / u : 0 }')
        RR_P99[$name]=${wp99[$w]}
        # shellcheck disable=SC2059
        printf "$ROW_FMT" "$w" "$name" "${RR_RPS[$name]}" "$(ms "${wp50[$w]}")" "$(ms "${wp99[$w]}")" \
            "${werrs[$w]}"
        [ -z "${BENCH_RESULTS:-}" ] ||
            printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$w" "$name" "${RR_RPS[$name]}" "${wp50[$w]}" \
                "${wp99[$w]}" "${werrs[$w]}" >>"$BENCH_RESULTS"
    done
}

# rss_kb: VmRSS of the server process and of its worker processes (with --workers N), in kB
rss_kb() {
    local pid kb sum=0
    for pid in "$SERVER_PID" $(pgrep -P "$SERVER_PID" 2>/dev/null); do
        kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
        sum=$((sum + ${kb:-0}))
    done
    echo "$sum"
}

# chunk_seconds REQUESTS RPS: the seconds that REQUESTS take at RPS, rounded up, within
# 1..$RSS_CHUNK_SECONDS
chunk_seconds() {
    awk -v n="$1" -v r="$2" -v max="$RSS_CHUNK_SECONDS" 'BEGIN {
        s = (r > 0) ? int(n / r) + 1 : max
        if (s > max) s = max
        if (s < 1) s = 1
        print s }'
}

# rss_run IDFILE PARAMS: template.get (PARAMS) with wrk -t1 -c32 on the running server, in chunks of
# at most $RSS_CHUNK_SECONDS, until $RSS_REQUESTS requests completed (at least two chunks: the first,
# about a tenth of the requests, is the warm-up); samples the server's VmRSS after every chunk,
# prints the run and the RSS figures, and sets RSS_WARM_KB, RSS_END_KB, RSS_TOTAL
rss_run() {
    local ids=$1 params=$2 n=0 total=0 us=0 errors=0 chunk kb samples='' rps p50=0 p99=0
    rps=${RR_RPS[template.get by id]:-0}
    chunk=$(chunk_seconds $((RSS_REQUESTS / 10)) "$rps")
    while :; do
        n=$((n + 1))
        run_wrk "$WORK/rss-chunk$n.out" 1 32 "$chunk" read_row.lua "$SESSION" "$ids" template.get \
            "$params" '"templateid"'
        server_alive || { tail -n 20 "$SERVER_LOG" >&2; die "tmpld died during the RSS run"; }
        # shellcheck disable=SC2154  # R_requests and R_duration_us are set by parse_result
        total=$((total + R_requests)) us=$((us + R_duration_us)) errors=$((errors + R_ERRORS))
        [ "$R_P50" -le "$p50" ] || p50=$R_P50
        [ "$R_P99" -le "$p99" ] || p99=$R_P99
        kb=$(rss_kb)
        samples="$samples $kb"
        [ "$n" -gt 1 ] || { RSS_WARM_KB=$kb; RSS_WARM_REQ=$total; }
        [ "$n" -lt 2 ] || [ "$total" -lt "$RSS_REQUESTS" ] || break
        [ "$R_requests" -gt 0 ] || die "RSS run: wrk completed no request in a ${chunk}s chunk"
        rps=$(awk -v r="$R_requests" -v u="$R_duration_us" 'BEGIN { print r * 1e6 / u }')
        chunk=$(chunk_seconds $((RSS_REQUESTS - total)) "$rps")
    done
    RSS_END_KB=$kb RSS_TOTAL=$total
    rps=$(awk -v r="$total" -v u="$us" 'BEGIN { printf "%.1f", (u > 0) ? r * 1e6 / u : 0 }')
    # shellcheck disable=SC2059
    printf "$ROW_FMT" "$CURRENT_WORKERS" "template.get [RSS run]" "$rps" "$(ms "$p50")" "$(ms "$p99")" \
        "$errors"
    [ -z "${BENCH_RESULTS:-}" ] ||
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$CURRENT_WORKERS" "template.get [RSS run $total requests]" \
            "$rps" "$p50" "$p99" "$errors" >>"$BENCH_RESULTS"
    printf '  RSS run: %s requests in %d chunks (%s s; the p50/p99 above are the worst chunk'"'"'s)\n' \
        "$total" "$n" "$(awk -v u="$us" 'BEGIN { printf "%.1f", u / 1e6 }')"
    printf '  VmRSS: %s MB after the warm-up chunk (%s requests), %s MB at the end\n' \
        "$(kb_to_mb "$RSS_WARM_KB")" "$RSS_WARM_REQ" "$(kb_to_mb "$RSS_END_KB")"
    printf '  VmRSS after each chunk (MB):%s\n' "$(for kb in $samples; do printf ' %s' "$(kb_to_mb "$kb")"; done)"
}

# bench_read: a fresh durable server (--workers 1) filled by bench/gen_read.py, the read rows and
# apiinfo.version side by side (wrk -t1 -c32), two durable template.update rows (-c64), the RSS run,
# then the same store reopened with --workers nproc and --workers 1 for template.get; the issue-15
# targets
bench_read() {
    local durable dir=$WORK/read line ncpu m i v r name
    local tget hget iget trget xport upd_descr upd_macros lim
    local -a PAIR_BASE=()
    durable=$(durable_args)
    local SERVER_ARGS=$durable
    ncpu=$(nproc 2>/dev/null || echo 1)
    [ -f "$READ_OFFICIAL" ] || die "BENCH_READ_OFFICIAL: $READ_OFFICIAL not found"
    echo
    echo "read path (issue 15): one durable store from bench/gen_read.py, workers 1, wrk -t1 -c32" \
        "-d${READ_SECONDS}s (the template.update rows -c64), all rows on the same server; each row" \
        "but the first in $READ_ROUNDS slices, each after a slice of what its target compares it" \
        "with (the workers rows: the store reopened in turns)"
    start_one "read path"
    mkdir -p "$dir"
    line=$(python3 "$HERE/gen_read.py" "$URL" "$dir" --official "$READ_OFFICIAL") ||
        die "gen_read.py failed: $line"
    line=$(echo "$line" | grep '^GEN ') || die "gen_read.py printed no GEN line"
    [ -s "$dir/export.ids" ] || die "gen_read.py imported no template from $READ_OFFICIAL"
    printf '  store: %s, and %s imported, in %s s\n' \
        "$(echo "${line#GEN }" | sed 's/ seconds=.*//; s/\([a-z]*\)=\([0-9]*\)/\2 \1,/g; s/,$//')" \
        "$(basename "$READ_OFFICIAL")" "${line##*seconds=}"
    columns_header
    tget='{"templateids":["@ID@"],"output":"extend","selectGroups":"extend","selectMacros":"extend","selectTags":"extend","selectParentTemplates":"extend"}'
    hget='{"hostids":["@ID@"],"output":"extend","selectGroups":"extend","selectInterfaces":"extend","selectMacros":"extend","selectTags":"extend","selectParentTemplates":"extend"}'
    iget='{"hostids":["@ID@"],"output":"extend"}'
    trget='{"templateids":["@ID@"],"output":"extend"}'
    xport='{"format":"json","options":{"templates":["@ID@"]}}'
    upd_descr='{"templateid":"@ID@","description":"read bench description @SEQ@"}'
    m=
    for i in 0 1 2 3 4 5 6 7 8 9; do
        m="$m,{\"macro\":\"{\$READ_$i}\",\"value\":\"v@SEQ@-$i\",\"description\":\"read bench macro $i\"}"
    done
    upd_macros="{\"templateid\":\"@ID@\",\"macros\":[${m#,}]}"
    read_row apiinfo.version 32 apiinfo_version.lua
    PAIR_BASE=(32 apiinfo_version.lua)
    read_pair "template.get by id" 32 read_row.lua "$SESSION" "$dir/templates.ids" template.get "$tget" \
        '"templateid"'
    read_pair "host.get by id" 32 read_row.lua "$SESSION" "$dir/hosts.ids" host.get "$hget" '"hostid"'
    read_pair "item.get by host" 32 read_row.lua "$SESSION" "$dir/hosts.ids" item.get "$iget" '"itemid"'
    read_pair "trigger.get by template" 32 read_row.lua "$SESSION" "$dir/parents.ids" trigger.get "$trget" \
        '"triggerid"'
    read_pair "configuration.export json" 32 read_row.lua "$SESSION" "$dir/export.ids" \
        configuration.export "$xport" zabbix_export
    PAIR_BASE=(32 read_row.lua "$SESSION" "$dir/templates.ids" template.get "$tget" '"templateid"')
    read_pair "template.update descr c64" 64 read_row.lua "$SESSION" "$dir/templates.ids" template.update \
        "$upd_descr" '"templateids"'
    read_pair "template.update 10 macros c64" 64 read_row.lua "$SESSION" "$dir/templates.ids" \
        template.update "$upd_macros" '"templateids"'
    # the same store with every core and with one worker, in turns; the RSS run follows on the latter
    workers_pair "$ncpu" read_row.lua "$dir/templates.ids" template.get "$tget" '"templateid"'
    rss_run "$dir/templates.ids" "$tget"
    stop_server

    echo
    echo "issue 15 targets (informational; each ratio from the row's slices and the slices beside them)"
    for name in "template.get by id" "host.get by id" "item.get by host" "trigger.get by template" \
        "configuration.export json"; do
        lim=0.75
        [ "$name" != "configuration.export json" ] || lim=0.25
        read -r v r <<<"$(ratio_check "${RR_RPS[$name]:-}" "${RR_BASE[$name]:-}" "$lim")"
        target_line "$v" "$name req/s / apiinfo.version req/s beside it: ${RR_RPS[$name]:-?} / ${RR_BASE[$name]:-?} = $r (limit $lim)"
    done
    lim=0.50
    for name in "template.update descr c64" "template.update 10 macros c64"; do
        read -r v r <<<"$(ratio_check "${RR_RPS[$name]:-}" "${RR_BASE[$name]:-}" "$lim")"
        target_line "$v" "$name req/s / template.get by id req/s beside it: ${RR_RPS[$name]:-?} / ${RR_BASE[$name]:-?} = $r (limit $lim)"
        v=FAIL
        [ -z "${RR_P99[$name]:-}" ] || [ "${RR_P99[$name]}" -ge $((READ_P99_LIMIT_MS * 1000)) ] || v=PASS
        target_line "$v" "$name p99 $(ms "${RR_P99[$name]:-0}") (limit < $READ_P99_LIMIT_MS ms)"
    done
    # on 2 cores wrk takes one, so more workers have no core to grow onto: they must not fall
    lim=1.00
    [ "$ncpu" -le 2 ] || lim=1.20
    read -r v r <<<"$(ratio_check "${RR_RPS[template.get [workers $ncpu]]:-}" \
        "${RR_RPS[template.get [workers 1]]:-}" "$lim")"
    target_line "$v" "template.get req/s with --workers $ncpu / --workers 1: ${RR_RPS[template.get [workers $ncpu]]:-?} / ${RR_RPS[template.get [workers 1]]:-?} = $r (limit $lim; $ncpu CPUs)"
    awk -v w="$RSS_WARM_KB" -v e="$RSS_END_KB" -v pct="$RSS_LIMIT_PCT" -v mb="$RSS_LIMIT_MB" \
        -v n="$RSS_TOTAL" 'BEGIN {
        g = e - w; lim = w * pct / 100; if (lim < mb * 1024) lim = mb * 1024
        v = (g <= lim) ? "PASS" : "FAIL"; p = (w > 0) ? g * 100 / w : 0
        printf "  %-4s RSS across %d template.get: %.1f MB after the warm-up, %.1f MB at the end, %+.1f MB (%+.1f%%; limit +%s%% or +%s MB)\n",
            v, n, w / 1024, e / 1024, g / 1024, p, pct, mb }'
}

# ---------------------------------------------------------------- main
echo "tmpld bench: $BIN ($(nproc 2>/dev/null || echo '?') CPUs, $(wrk -v 2>&1 | head -n 1 | awk '{print $1, $2}'))"
[ -z "${BENCH_RESULTS:-}" ] || printf 'workers\trow\trps\tp50_us\tp99_us\terrors\n' >"$BENCH_RESULTS"

table_header
for w in $WORKERS_LIST; do
    start_server "$w"
    SESSION=$(login_session)
    [ -n "$SESSION" ] || echo "bench: user.login as Admin failed on workers $w" >&2
    bench_rows
    stop_server
done

# ---------------------------------------------------------------- login contention
echo
echo "apiinfo.version p99 while $LOGIN_CLIENTS clients log in and out (workers $CONTENTION_WORKERS, -c$CONNECTIONS)"
start_server "$CONTENTION_WORKERS"

run_wrk "$WORK/contention-base.out" "$THREADS" "$CONNECTIONS" "$SECONDS_PER_ROW" apiinfo_version.lua
BASE_P50=$R_P50 BASE_P99=$R_P99 BASE_RPS=$R_RPS BASE_ERR=$R_ERRORS

LOGIN_SECS=$((SECONDS_PER_ROW + 2))
wrk -t1 -c"$LOGIN_CLIENTS" -d"${LOGIN_SECS}s" --timeout 5s --latency -s "$BENCH_LUA_DIR/login_logout.lua" "$URL" \
    >"$WORK/contention-logins.out" 2>&1 &
LOGIN_WRK_PID=$!
sleep 1
run_wrk "$WORK/contention-load.out" "$THREADS" "$CONNECTIONS" "$SECONDS_PER_ROW" apiinfo_version.lua
LOAD_P50=$R_P50 LOAD_P99=$R_P99 LOAD_RPS=$R_RPS LOAD_ERR=$R_ERRORS
wait "$LOGIN_WRK_PID" || { LOGIN_WRK_PID=; cat "$WORK/contention-logins.out" >&2; die "login wrk failed"; }
LOGIN_WRK_PID=
parse_result "$WORK/contention-logins.out" ||
    { cat "$WORK/contention-logins.out" >&2; die "login wrk printed no BENCH_RESULT line"; }
server_alive || { tail -n 20 "$SERVER_LOG" >&2; die "tmpld died during the login contention run"; }
stop_server

printf '  %-16s p99 %10s   req/s %10s   errors %s\n' "without logins" "$(ms "$BASE_P99")" "$BASE_RPS" "$BASE_ERR"
printf '  %-16s p99 %10s   req/s %10s   errors %s\n' "with logins" "$(ms "$LOAD_P99")" "$LOAD_RPS" "$LOAD_ERR"
printf '  %-16s %s logins, %s logouts, %s errors in %ss (login/logout p50 %s, p99 %s)\n' "login clients" \
    "$R_logins" "$R_logouts" "$R_ERRORS" "$LOGIN_SECS" "$(ms "$R_P50")" "$(ms "$R_P99")"
VERDICT=$(awk -v b="$BASE_P99" -v l="$LOAD_P99" -v lim="$P99_LIMIT_MS" -v rl="$RATIO_LIMIT" 'BEGIN {
    ratio = (b > 0) ? l / b : 0
    ok = (l < lim * 1000) && (b > 0) && (ratio <= rl)
    printf "%.2fx|%s", ratio, ok ? "PASS" : "FAIL" }')
printf '  %-16s %s\n' "ratio" "${VERDICT%|*}"
printf '  %-16s %s (p99 with logins < %s ms and within %sx of the p99 without logins)\n' "target" \
    "${VERDICT#*|}" "$P99_LIMIT_MS" "$RATIO_LIMIT"
if [ "$R_logins" -eq 0 ]; then
    echo "  note: no login succeeded during the contention run; the comparison is not meaningful"
fi
if [ -n "${BENCH_RESULTS:-}" ]; then
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$CONTENTION_WORKERS" "apiinfo.version(no logins)" "$BASE_RPS" "$BASE_P50" "$BASE_P99" "$BASE_ERR" \
        >>"$BENCH_RESULTS"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$CONTENTION_WORKERS" "apiinfo.version($LOGIN_CLIENTS login clients)" "$LOAD_RPS" "$LOAD_P50" "$LOAD_P99" "$LOAD_ERR" \
        >>"$BENCH_RESULTS"
fi
[ "$READ" = 0 ] || bench_read
[ "$IMPORT" = 0 ] || bench_import_export
[ "$CONTENT" = 0 ] || bench_content_link
[ "$CONTENT" = 0 ] || bench_official_link
[ "$TEMPLATES" = 0 ] || bench_templates
[ "$PERM" = 0 ] || bench_perm
[ "$BACKUP" = 0 ] || bench_backup
[ "$BK" = 0 ] || bench_bk
[ "$METRICS" = 0 ] || bench_metrics
exit 0
