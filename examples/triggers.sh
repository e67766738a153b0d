#!/usr/bin/env bash
# examples/triggers.sh -- triggers with curl: trigger.create on a template (6.0 expression
# syntax, tags, a dependency), trigger.get (expandExpression, selectFunctions, selectItems),
# an expression error, linking the template to a host (the host gets copies with the
# expression rewritten to its name and the dependency on its own copy), trigger.update of the
# template trigger (the copy follows), the refused update and delete of the copy, and the
# cleanup. Each answer is checked; the script exits non-zero when one is not as expected.
#
#   TMPLD_URL       endpoint (default http://127.0.0.1:8080/api_jsonrpc.php)
#   TMPLD_USER      user name (default Admin)
#   TMPLD_PASSWORD  password (default zabbix)
# Needs curl and python3 (which reads the JSON; jq is not needed).

set -euo pipefail

. "$(dirname "$0")/lib.sh"
SUFFIX=$$-$RANDOM

example_login

echo "== a group, a template with two items, a host"
G=$(call hostgroup.create '{"name":"triggers example '"$SUFFIX"'"}' | json_get result.groupids.0) || fail "hostgroup.create"
TN="triggers-example-T-$SUFFIX"
HN="triggers-example-H-$SUFFIX"
T=$(call template.create '{"host":"'"$TN"'","groups":[{"groupid":"'"$G"'"}]}' |
    json_get result.templateids.0) || fail "template.create"
H=$(call host.create '{"host":"'"$HN"'","groups":[{"groupid":"'"$G"'"}]}' |
    json_get result.hostids.0) || fail "host.create"
call item.create '{"hostid":"'"$T"'","name":"Load","key_":"system.cpu.load","type":2,"value_type":0}' |
    json_get result.itemids.0 >/dev/null || fail "item.create"
call item.create '{"hostid":"'"$T"'","name":"Ping","key_":"agent.ping","type":2,"value_type":3}' |
    json_get result.itemids.0 >/dev/null || fail "item.create"

echo "== trigger.create: one the other depends on"
UP=$(call trigger.create '{"description":"Agent down","expression":"nodata(/'"$TN"'/agent.ping,5m)=1","priority":4}' |
    json_get result.triggerids.0) || fail "trigger.create"
TR=$(call trigger.create '{"description":"High load","expression":"avg(/'"$TN"'/system.cpu.load,5m)>{$LOAD.MAX}","priority":3,"tags":[{"tag":"scope","value":"performance"}],"dependencies":[{"triggerid":"'"$UP"'"}]}' |
    json_get result.triggerids.0) || fail "trigger.create"
got=$(call trigger.get '{"triggerids":["'"$TR"'"],"output":["description","expression"],"expandExpression":true,"selectFunctions":"extend","selectItems":["key_"]}')
expect "expanded expression" "$(echo "$got" | json_get result.0.expression)" "avg(/$TN/system.cpu.load,5m)>{\$LOAD.MAX}"
expect "function parameter" "$(echo "$got" | json_get result.0.functions.0.parameter)" '$,5m'
expect "item" "$(echo "$got" | json_get result.0.items.0.key_)" "system.cpu.load"

echo "== an unknown key is refused"
got=$(call trigger.create '{"description":"x","expression":"last(/'"$TN"'/no.such.key)>1"}')
expect "error" "$(echo "$got" | json_get error.data)" "Incorrect item key \"no.such.key\" provided for trigger expression on \"$TN\"."

echo "== link the template to the host: copies with the host's name and dependencies"
call host.update '{"hostid":"'"$H"'","templates":[{"templateid":"'"$T"'"}]}' | json_get result.hostids.0 >/dev/null ||
    fail "host.update templates"
got=$(call trigger.get '{"hostids":["'"$H"'"],"filter":{"description":"High load"},"output":["expression","templateid"],"expandExpression":true,"selectDependencies":["description","templateid"]}')
C=$(echo "$got" | json_get result.0.triggerid) || fail "no copy on the host"
expect "copy templateid" "$(echo "$got" | json_get result.0.templateid)" "$TR"
expect "copy expression" "$(echo "$got" | json_get result.0.expression)" "avg(/$HN/system.cpu.load,5m)>{\$LOAD.MAX}"
expect "copy dependency" "$(echo "$got" | json_get result.0.dependencies.0.templateid)" "$UP"

echo "== trigger.update of the template trigger goes to the copy; the copy refuses its own"
call trigger.update '{"triggerid":"'"$TR"'","priority":5}' | json_get result.triggerids.0 >/dev/null || fail "trigger.update"
expect "copy priority" "$(call trigger.get '{"triggerids":["'"$C"'"],"output":["priority"]}' | json_get result.0.priority)" 5
got=$(call trigger.update '{"triggerid":"'"$C"'","description":"mine"}')
expect "copy update" "$(echo "$got" | json_get error.data)" 'Cannot update "description" for templated trigger "mine".'
got=$(call trigger.delete '["'"$C"'"]')
expect "copy delete" "$(echo "$got" | json_get error.code)" -32602

echo "== cleanup"
call host.delete '["'"$H"'"]' | json_get result >/dev/null || fail "host.delete"
call template.delete '["'"$T"'"]' | json_get result >/dev/null || fail "template.delete"
call hostgroup.delete '["'"$G"'"]' | json_get result >/dev/null || fail "hostgroup.delete"
echo "triggers.sh: OK"
