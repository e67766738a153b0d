#!/usr/bin/env bash
# shellcheck disable=SC2016  # {$MACRO} names in single quotes are Zabbix syntax, not shell
# examples/usermacros.sh -- user macros with curl: user.login, a template and a host to hold them,
# usermacro.create (one object, then an array with a secret and a vault macro), usermacro.get (the
# secret one has no value), usermacro.update (a rename with a context in place, then making a macro
# secret), the "already exists" error, usermacro.delete, then the global macros:
# usermacro.createglobal, usermacro.get with globalmacro: true, usermacro.updateglobal,
# usermacro.deleteglobal, and the cleanup (host.delete, template.delete, hostgroup.delete,
# user.logout).
# Each answer is checked, and the script exits non-zero when one is not as expected. The names carry a
# random suffix, so the script can run again against the same store.
#
#   TMPLD_URL       endpoint (default http://127.0.0.1:8080/api_jsonrpc.php)
#   TMPLD_USER      user name (default Admin)
#   TMPLD_PASSWORD  password (default zabbix)
# Needs curl and python3 (which reads the JSON; jq is not needed).

set -euo pipefail

. "$(dirname "$0")/lib.sh"
SUFFIX=$RANDOM$RANDOM

# expect_error ANSWER TEXT: the answer must be an error whose data is TEXT
expect_error() {
    local data
    data=$(printf '%s' "$1" | json_get error.data) || fail "expected an error, got $1"
    [ "$data" = "$2" ] || fail "expected error \"$2\", got \"$data\""
}

SESSION=$(call user.login '{"username":'"$(json_str "$USER_NAME")"',"password":'"$(json_str "$PASSWORD")"'}' |
    json_get result) || fail "user.login"

GROUP=$(call hostgroup.create '{"name":"macro examples '"$SUFFIX"'"}' | json_get result.groupids.0) ||
    fail "hostgroup.create"
TEMPLATE=$(call template.create '{"host":"Macro template '"$SUFFIX"'","groups":[{"groupid":"'"$GROUP"'"}]}' |
    json_get result.templateids.0) || fail "template.create"
HOST=$(call host.create '{"host":"macro-host-'"$SUFFIX"'","groups":[{"groupid":"'"$GROUP"'"}]}' |
    json_get result.hostids.0) || fail "host.create"

# host and template macros: one object, or an array of them
MA=$(call usermacro.create '{"hostid":"'"$TEMPLATE"'","macro":"{$DB.PORT}","value":"5432","description":"database port"}' |
    json_get result.hostmacroids.0) || fail "usermacro.create"
ANSWER=$(call usermacro.create '[{"hostid":"'"$TEMPLATE"'","macro":"{$DB.PASSWORD}","value":"s3cret","type":1},
    {"hostid":"'"$HOST"'","macro":"{$DB.TOKEN}","value":"secret/db:token","type":2}]')
MS=$(printf '%s' "$ANSWER" | json_get result.hostmacroids.0) || fail "usermacro.create array"

ANSWER=$(call usermacro.get '{"output":"extend","hostids":["'"$TEMPLATE"'"],"sortfield":"macro"}')
[ "$(printf '%s' "$ANSWER" | json_get result.1.macro)" = '{$DB.PORT}' ] || fail "usermacro.get order"
printf '%s' "$ANSWER" | json_get result.0.value >/dev/null 2>&1 &&
    fail "a secret macro must not show its value"
[ "$(call usermacro.get '{"output":["value"],"hostids":["'"$HOST"'"]}' | json_get result.0.value)" = \
    secret/db:token ] || fail "a vault macro shows its path:key"

# a rename keeps the id, also with a context; making a macro secret hides its value
[ "$(call usermacro.update '{"hostmacroid":"'"$MA"'","macro":"{$DB.PORT:\"replica\"}","value":"6432"}' |
    json_get result.hostmacroids.0)" = "$MA" ] || fail "usermacro.update rename"
call usermacro.update '{"hostmacroid":"'"$MA"'","type":1}' | json_get result >/dev/null ||
    fail "usermacro.update type"
call usermacro.get '{"output":"extend","hostmacroids":["'"$MA"'"]}' | json_get result.0.value \
    >/dev/null 2>&1 && fail "the macro is secret now"

# a name the template already has
expect_error "$(call usermacro.create '{"hostid":"'"$TEMPLATE"'","macro":"{$DB.PASSWORD}","value":"x"}')" \
    "Macro \"{\$DB.PASSWORD}\" already exists on \"Macro template $SUFFIX\"."

[ "$(call usermacro.delete '["'"$MA"'","'"$MS"'"]' | json_get result.hostmacroids.1)" = "$MS" ] ||
    fail "usermacro.delete"

# global macros
GM=$(call usermacro.createglobal '{"macro":"{$EXAMPLE.'"$SUFFIX"'}","value":"global","description":"example"}' |
    json_get result.globalmacroids.0) || fail "usermacro.createglobal"
[ "$(call usermacro.get '{"output":"extend","globalmacro":true,"globalmacroids":["'"$GM"'"]}' |
    json_get result.0.value)" = global ] || fail "usermacro.get globalmacro"
expect_error "$(call usermacro.createglobal '{"macro":"{$EXAMPLE.'"$SUFFIX"'}","value":"again"}')" \
    "Macro \"{\$EXAMPLE.$SUFFIX}\" already exists."
call usermacro.updateglobal '{"globalmacroid":"'"$GM"'","value":"changed"}' | json_get result >/dev/null ||
    fail "usermacro.updateglobal"
[ "$(call usermacro.deleteglobal '["'"$GM"'"]' | json_get result.globalmacroids.0)" = "$GM" ] ||
    fail "usermacro.deleteglobal"

call host.delete '["'"$HOST"'"]' | json_get result >/dev/null || fail "host.delete"
call template.delete '["'"$TEMPLATE"'"]' | json_get result >/dev/null || fail "template.delete"
call hostgroup.delete '["'"$GROUP"'"]' | json_get result >/dev/null || fail "hostgroup.delete"
call user.logout '[]' | json_get result >/dev/null || fail "user.logout"
echo "usermacros.sh: OK"
