#!/usr/bin/env bash
# examples/access.sh -- a read-only user and an API token for a script, with curl. As a super
# admin: a host group, a user group with read rights on it, a user of the "User role" in that
# group (role.get finds the default role by name), and an API token for that user
# (token.create, then token.generate, which shows the token once; only its hash is kept).
# The script then works with the token alone: it reads (template.get, user.checkAuthentication
# with the token), is refused a write ("No permissions to call"), and, once the token is
# disabled, is refused altogether ("Not authorized."). Enabled again with an expiry date, it
# works until then (token.get lists it as valid). The cleanup deletes the user, and with it its
# token, which stops working at once; then the groups. Each answer is checked; the script exits
# non-zero when one is not as expected.
#
#   TMPLD_URL       endpoint (default http://127.0.0.1:8080/api_jsonrpc.php)
#   TMPLD_USER      user name of a super admin (default Admin)
#   TMPLD_PASSWORD  password (default zabbix)
# Needs curl and python3 (which reads the JSON; jq is not needed).

set -euo pipefail

. "$(dirname "$0")/lib.sh"
SUFFIX=$$-$RANDOM

echo "== user.login as the super admin"
SESSION=$(post '{"jsonrpc":"2.0","method":"user.login","params":{"username":"'"$USER_NAME"'","password":"'"$PASSWORD"'"},"id":1}' |
    json_get result) || fail "user.login"

echo "== the default role \"User role\", a host group, a user group with read rights on it"
ROLE=$(call role.get '{"output":["roleid"],"filter":{"name":"User role"}}' | json_get result.0.roleid) ||
    fail "role.get"
G=$(call hostgroup.create '{"name":"access example '"$SUFFIX"'"}' | json_get result.groupids.0) ||
    fail "hostgroup.create"
UG=$(call usergroup.create '{"name":"access example readers '"$SUFFIX"'","rights":[{"id":"'"$G"'","permission":2}]}' |
    json_get result.usrgrpids.0) || fail "usergroup.create"

echo "== a read-only user and a token for its script"
U=$(call user.create '{"username":"reporter-'"$SUFFIX"'","passwd":"Rep-0rt-Pass-8813","roleid":"'"$ROLE"'","usrgrps":[{"usrgrpid":"'"$UG"'"}]}' |
    json_get result.userids.0) || fail "user.create"
TK=$(call token.create '{"name":"nightly report","userid":"'"$U"'","description":"used by report.sh"}' |
    json_get result.tokenids.0) || fail "token.create"
TOKEN=$(call token.generate '["'"$TK"'"]' | json_get result.0.token) || fail "token.generate"
[[ $TOKEN =~ ^[0-9a-f]{64}$ ]] || fail "a token is 64 hex digits"
ADMIN_SESSION=$SESSION

echo "== the script: reads with the token as \"auth\""
SESSION=$TOKEN
call template.get '{"output":["host"],"limit":5}' | json_get result >/dev/null || fail "template.get with the token"
SESSION=
got=$(call user.checkAuthentication '{"token":"'"$TOKEN"'"}')
expect "the token's user" "$(echo "$got" | json_get result.username)" "reporter-$SUFFIX"
expect "its role type" "$(echo "$got" | json_get result.type)" 1

echo "== the script may not write"
SESSION=$TOKEN
got=$(call hostgroup.update '{"groupid":"'"$G"'","name":"renamed"}')
expect "a write with a User role" "$(echo "$got" | json_get error.data)" 'No permissions to call "hostgroup.update".'

echo "== a disabled token is refused"
SESSION=$ADMIN_SESSION
call token.update '{"tokenid":"'"$TK"'","status":1}' | json_get result.tokenids.0 >/dev/null || fail "token.update"
SESSION=$TOKEN
got=$(call template.get '{"output":["host"]}')
expect "a disabled token" "$(echo "$got" | json_get error.data)" "Not authorized."

echo "== enabled again, valid for a day"
SESSION=$ADMIN_SESSION
UNTIL=$(( $(date +%s) + 86400 ))
call token.update '{"tokenid":"'"$TK"'","status":0,"expires_at":'"$UNTIL"'}' | json_get result.tokenids.0 >/dev/null ||
    fail "token.update"
got=$(call token.get '{"output":["name","expires_at"],"userids":"'"$U"'","valid_at":'"$(date +%s)"'}')
expect "the token's expiry" "$(echo "$got" | json_get result.0.expires_at)" "$UNTIL"
SESSION=$TOKEN
call template.get '{"output":["host"],"limit":1}' | json_get result >/dev/null || fail "the token works again"

echo "== cleanup: the user (its token stops at once), the groups"
SESSION=$ADMIN_SESSION
call user.delete '["'"$U"'"]' | json_get result.userids.0 >/dev/null || fail "user.delete"
SESSION=$TOKEN
got=$(call template.get '{"output":["host"]}')
expect "the token of a deleted user" "$(echo "$got" | json_get error.data)" "Not authorized."
SESSION=$ADMIN_SESSION
call usergroup.delete '["'"$UG"'"]' | json_get result.usrgrpids.0 >/dev/null || fail "usergroup.delete"
call hostgroup.delete '["'"$G"'"]' | json_get result.groupids.0 >/dev/null || fail "hostgroup.delete"
call user.logout '[]' >/dev/null
echo "access.sh: OK"
