#!/usr/bin/env bash
# examples/bkcmdb_service_templates.sh -- BlueKing service categories and service templates on
# tmpld's ESB routes with curl: list_service_category (the built-in tree every business has),
# create_service_category (a first-level and a second-level one), the refused third level,
# update_service_category, create_service_template in the new category and the refused duplicate
# name (1199014), update_service_template, list_service_template (search), the refused deletion of
# a category in use (1199056) and of one with children (1199055), the same reads as JSON-RPC
# methods (servicecategory.list, servicetemplate.list), and the cleanup with
# delete_service_template and delete_service_category. Exits non-zero when an answer is not as
# expected.
#
#   TMPLD_URL        JSON-RPC endpoint; the ESB routes are beside it
#                    (default http://127.0.0.1:8080/api_jsonrpc.php)
#   BK_APP_CODE      app code (default esb_test)      the server needs
#   BK_APP_SECRET    app secret (default xxx)         --bk-app esb_test:xxx:trusted
#   BK_USERNAME      the caller, a tmpld user (default Admin)
#   BK_BIZ_ID        business id (default 1)
#   TMPLD_USER, TMPLD_PASSWORD  the JSON-RPC login (default Admin / zabbix)
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
# code: the envelope's code
code() { json_get code; }

echo "== list_service_category: the built-in tree"
cats=$(esb list_service_category)
expect "built-in categories" "$(echo "$cats" | json_get data.count)" 20
expect "category 2" "$(echo "$cats" | json_get data.info.1.name)/$(echo "$cats" | json_get data.info.1.bk_parent_id)" "Default/1"

echo "== create_service_category: two levels"
top=$(esb create_service_category '"name":"example-'$$'"' | json_get data.id) || fail "create (first level)"
sub=$(esb create_service_category '"name":"web","bk_parent_id":'"$top" | json_get data.id) || fail "create (second level)"
expect "a third level" "$(esb create_service_category '"name":"deep","bk_parent_id":'"$sub" | code)" 1199006
esb update_service_category '"id":'"$sub"',"name":"web-servers"' | json_get data.name >/dev/null ||
    fail "update_service_category"

echo "== create_service_template in the second-level category"
name=example-svc-$$
svc=$(esb create_service_template '"name":"'$name'","service_category_id":'"$sub" | json_get data.id) ||
    fail "create_service_template"
expect "the same name again" "$(esb create_service_template '"name":"'$name'"' | code)" 1199014
expect "renamed" "$(esb update_service_template '"id":'"$svc"',"name":"'$name'-2"' | json_get data.name)" "$name-2"
expect "found by search" "$(esb list_service_template '"search":"'$name'","page":{"start":0,"limit":10}' |
    json_get data.info.0.id)" "$svc"

echo "== deletions refused while in use"
expect "category used by a template" "$(esb delete_service_category '"id":'"$sub" | code)" 1199056
expect "category with children" "$(esb delete_service_category '"id":'"$top" | code)" 1199055

echo "== the JSON-RPC twins: servicecategory.list, servicetemplate.list (same data, session auth)"
SESSION=$(call user.login '{"username":"'"$USER_NAME"'","password":"'"$PASSWORD"'"}' | json_get result) ||
    fail "user.login"
expect "servicecategory.list" "$(call servicecategory.list '{"bk_biz_id":'"$BIZ"'}' | json_get result.info.1.name)" Default
expect "servicetemplate.list" "$(call servicetemplate.list '{"bk_biz_id":'"$BIZ"',"service_template_ids":['"$svc"']}' |
    json_get result.count)" 1

echo "== cleanup"
expect "delete_service_template" "$(esb delete_service_template '"service_template_id":'"$svc" | code)" 0
expect "delete (second level)" "$(esb delete_service_category '"id":'"$sub" | code)" 0
expect "delete (first level)" "$(esb delete_service_category '"id":'"$top" | code)" 0
echo "OK"
