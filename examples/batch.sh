#!/usr/bin/env bash
# examples/batch.sh -- JSON-RPC batches with curl. One batch mixes calls that have an id with a
# notification (no id): the reply is an array holding only the answers of the calls with ids, in
# request order, and a failing entry does not stop the others. A batch made only of notifications
# gets an empty body, yet runs: its user.logout ends the session the first batch opened, and the
# script checks that.
# The script checks each reply, and exits non-zero when one is not as expected.
#
#   TMPLD_URL       endpoint (default http://127.0.0.1:8080/api_jsonrpc.php)
#   TMPLD_USER      user name (default Admin)
#   TMPLD_PASSWORD  password (default zabbix)
# Needs curl and python3.

set -euo pipefail

. "$(dirname "$0")/lib.sh"

creds=$(python3 -c 'import json, sys; print(json.dumps({"username": sys.argv[1], "password": sys.argv[2]}))' \
    "$USER_NAME" "$PASSWORD")

echo "== a batch: three calls with ids, and one notification"
reply=$(post '[
  {"jsonrpc":"2.0","method":"apiinfo.version","params":{},"id":1},
  {"jsonrpc":"2.0","method":"user.login","params":'"$creds"',"id":"login"},
  {"jsonrpc":"2.0","method":"apiinfo.version","params":{}},
  {"jsonrpc":"2.0","method":"user.checkAuthentication","params":{"sessionid":"0424bd59b807674191e7d77572075f33"},"id":3}
]') || fail "the batch request failed"

# Check the reply, and print the session id from it.
session=$(printf '%s' "$reply" | python3 -c '
import json, re, sys
reply = json.load(sys.stdin)
def need(cond, what):
    if not cond:
        sys.exit("batch.sh: FAILED: " + what + ": " + json.dumps(reply))
need(isinstance(reply, list), "the reply is not an array")
need([a.get("id") for a in reply] == [1, "login", 3], "expected answers for ids 1, \"login\", 3 only")
need(reply[0].get("result") == "6.0.14", "apiinfo.version answer")
need(isinstance(reply[1].get("result"), str) and re.fullmatch("[0-9a-f]{32}", reply[1]["result"]),
     "user.login answer")
err = reply[2].get("error") or {}
need(err.get("code") == -32602 and err.get("data") == "Session terminated, re-login, please.",
     "user.checkAuthentication of an unknown session")
print(reply[1]["result"])') || exit 1
echo "batch reply OK: 3 answers, the notification got none; session $session"

echo "== a batch made only of notifications"
code_and_body=$(curl -sS --max-time 10 -o /dev/stdout -w '\n%{http_code}' -H 'Content-Type: application/json-rpc' \
    --data-binary '[{"jsonrpc":"2.0","method":"apiinfo.version","params":{}},
                    {"jsonrpc":"2.0","method":"user.logout","params":[],"auth":"'"$session"'"}]' "$URL") ||
    fail "the notification batch failed"
status=${code_and_body##*$'\n'}
body=${code_and_body%$'\n'*}
echo "<<< HTTP $status, body '${body}'"
[ "$status" = 200 ] || fail "expected HTTP 200, got $status"
[ -z "$body" ] || fail "expected an empty body, got: $body"

echo "== the notification user.logout ran: the batch's session is gone"
data=$(post '{"jsonrpc":"2.0","method":"user.checkAuthentication","params":{"sessionid":"'"$session"'"},"id":9}' |
    python3 -c 'import json, sys; print(json.load(sys.stdin).get("error", {}).get("data", "still valid"))') ||
    fail "user.checkAuthentication failed"
[ "$data" = "Session terminated, re-login, please." ] || fail "the session is still valid ($data)"
echo "session after the notification logout: $data"
echo "batch.sh: OK"
