#!/usr/bin/env bash
# examples/bkcmdb_service_instances.sh -- BlueKing service instances that follow their service
# template, on tmpld's ESB routes with curl: a tmpld host (host.create over JSON-RPC), a service
# template with a process template (create_service_template, batch_create_proc_template),
# create_service_instance on the host (its process instance takes the locked fields from the
# template and the unlocked ones from the request), list_service_instance_detail, a template
# change (update_proc_template), list_service_template_difference, the one
# sync_service_template_to_service_instance call, update_process_instance refused on a locked
# field (1108035) and accepted on an unlocked one, add_label_for_service_instance with a label
# selector in list_service_instance, a process bound to no template (create_process_instance,
# list_process_instance, list_process_detail_by_ids, delete_process_instance), two of the same
# calls as JSON-RPC methods (servicetemplate.difference, processinstance.listbyids), and the cleanup
# with delete_service_instance, delete_service_template and host.delete. Exits non-zero when an
# answer is not as expected.
#
#   TMPLD_URL        JSON-RPC endpoint; the ESB routes are beside it
#                    (default http://127.0.0.1:8080/api_jsonrpc.php)
#   TMPLD_USER, TMPLD_PASSWORD  the JSON-RPC login for the host (default Admin / zabbix)
#   BK_APP_CODE      app code (default esb_test)      the server needs
#   BK_APP_SECRET    app secret (default xxx)         --bk-app esb_test:xxx:trusted
#   BK_USERNAME      the caller, a tmpld user (default Admin)
#   BK_BIZ_ID        business id (default 1)
# Needs curl and python3.

set -euo pipefail

. "$(dirname "$0")/lib.sh"
BASE=${URL%/api_jsonrpc.php}/api/c/compapi/v2/cc
APP_CODE=${BK_APP_CODE:-esb_test}
APP_SECRET=${BK_APP_SECRET:-xxx}
USERNAME=${BK_USERNAME:-Admin}
BIZ=${BK_BIZ_ID:-1}
auth='"bk_app_code":"'$APP_CODE'","bk_app_secret":"'$APP_SECRET'","bk_username":"'$USERNAME'","bk_biz_id":'$BIZ

# esb NAME JSON_MEMBERS: POSTs {auth, JSON_MEMBERS} to /api/c/compapi/v2/cc/NAME/
esb() { send "$BASE/$1/" application/json "{$auth${2:+,$2}}"; }
code() { json_get code; }

echo "== a tmpld host (JSON-RPC)"
SESSION=$(call user.login '{"username":"'"$USER_NAME"'","password":"'"$PASSWORD"'"}' | json_get result) ||
    fail "user.login"
G=$(call hostgroup.create '{"name":"bk example '$$'"}' | json_get result.groupids.0) || fail "hostgroup.create"
H=$(call host.create '{"host":"bk-example-'$$'","groups":[{"groupid":"'"$G"'"}],"interfaces":[{"type":1,
  "main":1,"useip":1,"ip":"192.0.2.10","dns":"","port":"10050"}]}' | json_get result.hostids.0) ||
    fail "host.create"

echo "== a service template with a process template"
svc=$(esb create_service_template '"name":"example-instances-'$$'"' | json_get data.id) ||
    fail "create_service_template"
proc=$(esb batch_create_proc_template '"service_template_id":'"$svc"',"processes":[{"spec":{
  "bk_process_name":{"value":"nginx"},"bk_func_name":{"value":"nginx"},
  "work_path":{"value":"/srv/nginx","as_default_value":true},
  "user":{"value":"www","as_default_value":false},
  "bind_info":{"value":[{"ip":{"value":"3","as_default_value":true},
    "port":{"value":"80","as_default_value":true},"protocol":{"value":"1","as_default_value":true},
    "enable":{"value":true,"as_default_value":false}}],"as_default_value":true}}}]' | json_get data.0) ||
    fail "batch_create_proc_template"

echo "== create_service_instance: bk_module_id is the service template, bk_host_id a tmpld host"
si=$(esb create_service_instance '"bk_module_id":'"$svc"',"instances":[{"bk_host_id":'"$H"',
  "processes":[{"process_template_id":'"$proc"',"process_info":{"user":"nginx","work_path":"/ignored"}}]}]' |
    json_get data.0) || fail "create_service_instance"
d=$(esb list_service_instance_detail '"bk_module_id":'"$svc"',"page":{"start":0,"limit":10}')
expect "default name" "$(echo "$d" | json_get data.info.0.name)" "192.0.2.10_nginx_80"
expect "unlocked from the request" "$(echo "$d" | json_get data.info.0.process_instances.0.process.user)" nginx
expect "locked from the template" "$(echo "$d" | json_get data.info.0.process_instances.0.process.work_path)" /srv/nginx
pid=$(echo "$d" | json_get data.info.0.process_instances.0.process.bk_process_id)

echo "== the template changes; the difference; one sync"
esb update_proc_template '"process_template_id":'"$proc"',"process_property":{
  "work_path":{"value":"/opt/nginx","as_default_value":true}}' | json_get data.id >/dev/null ||
    fail "update_proc_template"
diff=$(esb list_service_template_difference '"service_template_id":'"$svc")
expect "needs a sync" "$(echo "$diff" | json_get data.need_sync)" true
expect "changed attribute" "$(echo "$diff" | json_get data.changed.0.service_instances.0.changed_attributes.0.property_id)" work_path
expect "synced" "$(esb sync_service_template_to_service_instance '"service_template_id":'"$svc" |
    json_get data.synced_service_instance_ids)" "[$si]"
expect "in step" "$(esb list_service_template_difference '"service_template_id":'"$svc" | json_get data.need_sync)" false

echo "== the JSON-RPC twins: servicetemplate.difference, processinstance.listbyids"
expect "servicetemplate.difference" "$(call servicetemplate.difference '{"bk_biz_id":'"$BIZ"',"service_template_id":'"$svc"'}' |
    json_get result.unchanged.0.service_instance_count)" 1
expect "processinstance.listbyids" "$(call processinstance.listbyids '{"bk_biz_id":'"$BIZ"',"bk_process_ids":['"$pid"']}' |
    json_get result.0.work_path)" /opt/nginx

echo "== update_process_instance: a locked field is refused, an unlocked one accepted"
expect "locked work_path" "$(esb update_process_instance '"processes":[{"bk_process_id":'"$pid"',"work_path":"/tmp"}]' |
    code)" 1108035
expect "unlocked user" "$(esb update_process_instance '"processes":[{"bk_process_id":'"$pid"',"user":"root"}]' |
    json_get data)" "[$pid]"

echo "== labels"
esb add_label_for_service_instance '"instance_ids":['"$si"'],"labels":{"env":"prod"}' | json_get code >/dev/null
expect "selector" "$(esb list_service_instance '"selectors":[{"key":"env","operator":"in","values":["prod"]}]' |
    json_get data.count)" 1

echo "== a process bound to no template"
free=$(esb create_process_instance '"service_instance_id":'"$si"',"processes":[{"process_info":{
  "bk_process_name":"sidecar","bk_func_name":"sidecar","bind_info":[{"ip":"127.0.0.1","port":"9100","protocol":"1"}]}}]' |
    json_get data.0) || fail "create_process_instance"
expect "two processes" "$(esb list_process_instance '"service_instance_id":'"$si" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["data"]))')" 2
expect "by id" "$(esb list_process_detail_by_ids '"bk_process_ids":['"$free"'],"fields":["bk_process_name"]' |
    json_get data.0.bk_process_name)" sidecar
expect "delete_process_instance" "$(esb delete_process_instance '"process_instance_ids":['"$free"']' | code)" 0

echo "== cleanup"
expect "delete_service_instance" "$(esb delete_service_instance '"service_instance_ids":['"$si"']' | code)" 0
expect "delete_service_template" "$(esb delete_service_template '"service_template_id":'"$svc" | code)" 0
call host.delete '["'"$H"'"]' | json_get result.hostids.0 >/dev/null || fail "host.delete"
call hostgroup.delete '["'"$G"'"]' | json_get result.groupids.0 >/dev/null || fail "hostgroup.delete"
echo "OK"
