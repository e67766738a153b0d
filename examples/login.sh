#!/usr/bin/env bash
# examples/login.sh -- a session's life with curl: apiinfo.version, user.login,
# user.checkAuthentication, a call authenticated with the "Authorization: Bearer" header
# (user.logout of a second session), and user.logout with the "auth" member.
# Each answer is checked, and the script exits non-zero when one is not as expected.
#
#   TMPLD_URL       endpoint (default http://127.0.0.1:8080/api_jsonrpc.php)
#   TMPLD_USER      user name (default Admin)
#   TMPLD_PASSWORD  password (default zabbix)
# Needs curl and python3 (which reads the JSON; jq is not needed).

set -euo pipefail

. "$(dirname "$0")/lib.sh"

echo "== apiinfo.version (no auth)"
version=$(post '{"jsonrpc":"2.0","method":"apiinfo.version","params":{},"id":1}' | json_get result) ||
    fail "apiinfo.version gave no result"
echo "API version: $version"

echo "== user.login"
login_body='{"jsonrpc":"2.0","method":"user.login","params":{"username":'$(json_str "$USER_NAME")',"password":'$(json_str "$PASSWORD")'},"id":2}'
session=$(post "$login_body" | json_get result) || fail "user.login gave no result"
[[ $session =~ ^[0-9a-f]{32}$ ]] || fail "session id is not 32 hex characters: $session"
echo "session: $session"

echo "== user.checkAuthentication"
who=$(post '{"jsonrpc":"2.0","method":"user.checkAuthentication","params":{"sessionid":"'"$session"'"},"id":3}' |
    json_get result.username) || fail "user.checkAuthentication gave no user"
[ "$who" = "$USER_NAME" ] || fail "checkAuthentication says $who, expected $USER_NAME"
echo "the session belongs to: $who"

echo "== a call with the Authorization: Bearer header (user.logout of a second session)"
second=$(post "${login_body/\"id\":2/\"id\":4}" | json_get result) || fail "second user.login gave no result"
ok=$(post '{"jsonrpc":"2.0","method":"user.logout","params":[],"id":5}' -H "Authorization: Bearer $second" |
    json_get result) || fail "user.logout with Bearer gave no result"
[ "$ok" = true ] || fail "user.logout with Bearer returned $ok"
gone=$(post '{"jsonrpc":"2.0","method":"user.checkAuthentication","params":{"sessionid":"'"$second"'"},"id":6}' |
    json_get error.data) || fail "the session logged out with Bearer is still valid"
echo "second session after the Bearer logout: $gone"

echo "== user.logout (auth member)"
ok=$(post '{"jsonrpc":"2.0","method":"user.logout","params":[],"auth":"'"$session"'","id":7}' | json_get result) ||
    fail "user.logout gave no result"
[ "$ok" = true ] || fail "user.logout returned $ok"
again=$(post '{"jsonrpc":"2.0","method":"user.logout","params":[],"auth":"'"$session"'","id":8}' |
    json_get error.data) || fail "a second logout of the same session succeeded"
echo "logging out again: $again"
echo "login.sh: OK"
