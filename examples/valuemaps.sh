#!/usr/bin/env bash
# examples/valuemaps.sh -- value maps with curl: valuemap.create on a template, valuemap.get
# (selectMappings), an item using the map, linking the template to a host (the host gets no
# value map; its copy of the item keeps the template's valuemapid, as item.get selectValueMap
# shows), unlinking (the copy's valuemapid goes to "0"), valuemap.update, valuemap.delete and
# the cleanup. Each answer is checked; the script exits non-zero when one is not as expected.
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
example_group_template valuemaps
H=$(call host.create '{"host":"valuemaps-example-H-'"$SUFFIX"'","groups":[{"groupid":"'"$G"'"}]}' |
    json_get result.hostids.0) || fail "host.create"

echo "== valuemap.create on the template"
V=$(call valuemap.create '{"hostid":"'"$T"'","name":"Service state","mappings":[{"value":"0","newvalue":"Down"},{"value":"1","newvalue":"Up"},{"type":5,"newvalue":"Unknown"}]}' |
    json_get result.valuemapids.0) || fail "valuemap.create"
got=$(call valuemap.get '{"valuemapids":["'"$V"'"],"output":"extend","selectMappings":"extend"}')
[ "$(echo "$got" | json_get result.0.mappings.2.type)" = 5 ] || fail "the default mapping"
[[ $(echo "$got" | json_get result.0.uuid) =~ ^[0-9a-f]{32}$ ]] || fail "a template's map has a uuid"

echo "== an item using the map; a name taken on the template is refused"
I=$(call item.create '{"hostid":"'"$T"'","name":"State","key_":"service.state","type":2,"value_type":3,"valuemapid":"'"$V"'"}' |
    json_get result.itemids.0) || fail "item.create"
got=$(call valuemap.create '{"hostid":"'"$T"'","name":"Service state","mappings":[{"value":"1","newvalue":"x"}]}')
[ "$(echo "$got" | json_get error.data)" = 'Value map "Service state" already exists.' ] || fail "duplicate name"

echo "== link the template to the host: the copy keeps the template's map"
call host.update '{"hostid":"'"$H"'","templates":[{"templateid":"'"$T"'"}]}' | json_get result.hostids.0 >/dev/null ||
    fail "host.update templates"
got=$(call item.get '{"hostids":["'"$H"'"],"output":["valuemapid"],"selectValueMap":"extend"}')
C=$(echo "$got" | json_get result.0.itemid) || fail "no copy on the host"
[ "$(echo "$got" | json_get result.0.valuemapid)" = "$V" ] || fail "the copy's valuemapid"
[ "$(echo "$got" | json_get result.0.valuemap.name)" = "Service state" ] || fail "selectValueMap"
[ "$(call valuemap.get '{"hostids":["'"$H"'"],"countOutput":true}' | json_get result)" = 0 ] ||
    fail "value maps are not inherited"

echo "== unlink: the copy stays, without a value map"
call host.update '{"hostid":"'"$H"'","templates":[]}' | json_get result >/dev/null || fail "unlink"
[ "$(call item.get '{"itemids":["'"$C"'"],"output":["valuemapid"]}' | json_get result.0.valuemapid)" = 0 ] ||
    fail "valuemapid not reset"

echo "== valuemap.update (rename, replace mappings), valuemap.delete (the item loses the map)"
call valuemap.update '{"valuemapid":"'"$V"'","name":"State","mappings":[{"value":"1","newvalue":"OK"}]}' |
    json_get result.valuemapids.0 >/dev/null || fail "valuemap.update"
call valuemap.delete '["'"$V"'"]' | json_get result.valuemapids.0 >/dev/null || fail "valuemap.delete"
[ "$(call item.get '{"itemids":["'"$I"'"],"output":["valuemapid"]}' | json_get result.0.valuemapid)" = 0 ] ||
    fail "the item still names the deleted map"

echo "== cleanup"
call host.delete '["'"$H"'"]' | json_get result >/dev/null || fail "host.delete"
call template.delete '["'"$T"'"]' | json_get result >/dev/null || fail "template.delete"
call hostgroup.delete '["'"$G"'"]' | json_get result >/dev/null || fail "hostgroup.delete"
echo "valuemaps.sh: OK"
