#!/usr/bin/env bash
# examples/items.sh -- items and their inheritance with curl: item.create on a template,
# item.get (extend, selectTags), linking the template to a host with host.update (the host gets
# a copy whose templateid is the template's item), item.update on the template item (the copy
# follows), the refused item.delete of the copy, host.update templates_clear (the copy is
# deleted), and the cleanup (template.delete deletes the template's items). Each answer is checked; the script exits non-zero when one is not as expected.
#
#   TMPLD_URL       endpoint (default http://127.0.0.1:8080/api_jsonrpc.php)
#   TMPLD_USER      user name (default Admin)
#   TMPLD_PASSWORD  password (default zabbix)
# Needs curl and python3 (which reads the JSON; jq is not needed).

set -euo pipefail

. "$(dirname "$0")/lib.sh"
SUFFIX=$$-$RANDOM

example_login

echo "== a group, a template and a host"
example_group_template items
H=$(call host.create '{"host":"items-example-H-'"$SUFFIX"'","groups":[{"groupid":"'"$G"'"}]}' |
    json_get result.hostids.0) || fail "host.create"

echo "== item.create on the template (a trapper item with tags)"
I=$(call item.create '{"hostid":"'"$T"'","name":"Bytes in","key_":"net.bytes[in]","type":2,"value_type":3,"units":"B","history":"7d","tags":[{"tag":"scope","value":"net"}]}' |
    json_get result.itemids.0) || fail "item.create"
got=$(call item.get '{"itemids":["'"$I"'"],"output":"extend","selectTags":"extend"}')
[ "$(echo "$got" | json_get result.0.delay)" = 0 ] || fail "a trapper item stores delay 0"
[ "$(echo "$got" | json_get result.0.tags.0.tag)" = scope ] || fail "tags"
[[ $(echo "$got" | json_get result.0.uuid) =~ ^[0-9a-f]{32}$ ]] || fail "a template item has a uuid"

echo "== link the template to the host: the host gets a copy"
call host.update '{"hostid":"'"$H"'","templates":[{"templateid":"'"$T"'"}]}' | json_get result.hostids.0 >/dev/null ||
    fail "host.update templates"
got=$(call item.get '{"hostids":["'"$H"'"],"output":["key_","templateid","uuid"]}')
C=$(echo "$got" | json_get result.0.itemid) || fail "no copy on the host"
[ "$(echo "$got" | json_get result.0.templateid)" = "$I" ] || fail "the copy's templateid"
[ "$(echo "$got" | json_get result.0.uuid)" = "" ] || fail "a copy has uuid \"\""

echo "== item.update of the template item: the copy follows the sent fields"
call item.update '{"itemid":"'"$I"'","name":"Bytes received","units":"bps"}' | json_get result.itemids.0 >/dev/null ||
    fail "item.update"
got=$(call item.get '{"itemids":["'"$C"'"],"output":["name","units","history"]}')
[ "$(echo "$got" | json_get result.0.name)" = "Bytes received" ] || fail "name not propagated"
[ "$(echo "$got" | json_get result.0.history)" = 7d ] || fail "history changed"

echo "== item.delete of the copy is refused"
got=$(call item.delete '["'"$C"'"]')
[ "$(echo "$got" | json_get error.data)" = "Cannot delete templated item." ] || fail "copy deleted"

echo "== templates_clear: unlink and delete the copy"
call host.update '{"hostid":"'"$H"'","templates_clear":[{"templateid":"'"$T"'"}]}' | json_get result >/dev/null ||
    fail "host.update templates_clear"
[ "$(call item.get '{"hostids":["'"$H"'"],"countOutput":true}' | json_get result)" = 0 ] || fail "copy still there"

echo "== cleanup"
call host.delete '["'"$H"'"]' | json_get result >/dev/null || fail "host.delete"
call template.delete '["'"$T"'"]' | json_get result >/dev/null || fail "template.delete"
[ "$(call item.get '{"itemids":["'"$I"'"],"countOutput":true}' | json_get result)" = 0 ] || fail "item left"
call hostgroup.delete '["'"$G"'"]' | json_get result >/dev/null || fail "hostgroup.delete"
echo "items.sh: OK"
