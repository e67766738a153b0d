#!/usr/bin/env bash
# shellcheck disable=SC2016  # {$MACRO} names in single quotes are Zabbix syntax, not shell
# examples/export_import.sh -- moves a template from one tmpld to another in YAML: on the first
# server (TMPLD_URL) a host group and a template with a macro, a tag, a value map and an item
# using it; configuration.export in YAML; on the second server (TMPLD_URL2)
# configuration.importcompare (what the import would add), configuration.import, template.get
# of the result, and an export there that equals the first one but for its date; then a change
# on the first server carried over by a second importcompare / import; then the cleanup of both.
# Each answer is checked, and the script exits non-zero when one is not as expected. The names
# carry a random suffix, so the script can run again against the same stores.
#
#   TMPLD_URL       the first server (default http://127.0.0.1:8080/api_jsonrpc.php)
#   TMPLD_URL2      the second server (default http://127.0.0.1:8081/api_jsonrpc.php)
#   TMPLD_USER      user name on both (default Admin)
#   TMPLD_PASSWORD  password on both (default zabbix)
# Needs curl and python3 (which reads the JSON; jq is not needed).

set -euo pipefail

. "$(dirname "$0")/lib.sh"
# shellcheck disable=SC2153  # URL is lib.sh's endpoint (TMPLD_URL)
URL1=$URL
URL2=${TMPLD_URL2:-http://127.0.0.1:8081/api_jsonrpc.php}
SUFFIX=$RANDOM$RANDOM
NAME="Example move $SUFFIX"

# on 1|2 COMMAND...: runs COMMAND (call, ...) against the first or the second server
on() {
    local which=$1
    shift
    if [ "$which" = 1 ]; then URL=$URL1 SESSION=$SESSION1 "$@"; else URL=$URL2 SESSION=$SESSION2 "$@"; fi
}

login() {
    call user.login '{"username":'"$(json_str "$USER_NAME")"',"password":'"$(json_str "$PASSWORD")"'}' |
        json_get result
}

echo "== user.login on both servers"
SESSION1=$(URL=$URL1 SESSION='' login) || fail "user.login on $URL1 gave no result"
SESSION2=$(URL=$URL2 SESSION='' login) || fail "user.login on $URL2 gave no result"

echo "== server 1: hostgroup.create, template.create, valuemap.create, item.create"
GROUP=$(on 1 call hostgroup.create '{"name":'"$(json_str "$NAME")"'}' | json_get result.groupids.0) ||
    fail "hostgroup.create gave no groupid"
TMPL=$(on 1 call template.create '{"host":'"$(json_str "$NAME")"',"groups":[{"groupid":"'"$GROUP"'"}],
    "description":"moved between servers","macros":[{"macro":"{$TIMEOUT}","value":"30s"}],
    "tags":[{"tag":"class","value":"software"}]}' | json_get result.templateids.0) ||
    fail "template.create gave no templateid"
VMAP=$(on 1 call valuemap.create '{"hostid":"'"$TMPL"'","name":"State","mappings":[{"value":"0","newvalue":"down"},
    {"value":"1","newvalue":"up"}]}' | json_get result.valuemapids.0) || fail "valuemap.create gave no valuemapid"
on 1 call item.create '{"hostid":"'"$TMPL"'","name":"State","key_":"state","type":2,"value_type":3,
    "valuemapid":"'"$VMAP"'"}' | json_get result.itemids.0 >/dev/null || fail "item.create gave no itemid"

echo "== server 1: configuration.export in YAML"
EXPORT=$(on 1 call configuration.export '{"format":"yaml","options":{"templates":["'"$TMPL"'"]}}' |
    json_get result) || fail "configuration.export gave no result"
[[ $EXPORT == 'zabbix_export:'* ]] || fail "not YAML: $EXPORT"
printf '%s\n' "$EXPORT" | sed 's/^/    /' >&2

RULES='{"groups":{"createMissing":true},"templates":{"createMissing":true,"updateExisting":true},
    "items":{"createMissing":true,"updateExisting":true,"deleteMissing":true},
    "valueMaps":{"createMissing":true,"updateExisting":true}}'
SOURCE=$(json_str "$EXPORT")

echo "== server 2: configuration.importcompare lists the template as added"
CMP=$(on 2 call configuration.importcompare '{"format":"yaml","source":'"$SOURCE"',"rules":'"$RULES"'}' |
    json_get result) || fail "configuration.importcompare gave no result"
expect "importcompare added" "$(printf '%s' "$CMP" | py '[t["after"]["template"] for t in r["templates"]["added"]]')" \
    "[\"$NAME\"]"
expect "importcompare items" "$(printf '%s' "$CMP" | py '[i["after"]["key"] for i in r["templates"]["added"][0]["items"]["added"]]')" \
    '["state"]'

echo "== server 2: configuration.import"
expect "import" "$(on 2 call configuration.import '{"format":"yaml","source":'"$SOURCE"',"rules":'"$RULES"'}' |
    json_get result)" true

echo "== server 2: template.get shows the template with its group, macro, tag, item and value map"
GOT=$(on 2 call template.get '{"filter":{"host":'"$(json_str "$NAME")"'},"output":["templateid","description"],
    "selectGroups":["name"],"selectMacros":["macro","value"],"selectTags":["tag","value"],
    "selectItems":["key_","value_type"],"selectValueMaps":["name"]}' | json_get result.0) ||
    fail "the template is not on server 2"
TMPL2=$(printf '%s' "$GOT" | json_get templateid)
expect "description" "$(printf '%s' "$GOT" | json_get description)" "moved between servers"
expect "groups" "$(printf '%s' "$GOT" | py '[g["name"] for g in r["groups"]]')" '["'"$NAME"'"]'
expect "macros" "$(printf '%s' "$GOT" | json_get macros)" '[{"macro": "{$TIMEOUT}", "value": "30s"}]'
expect "tags" "$(printf '%s' "$GOT" | json_get tags)" '[{"tag": "class", "value": "software"}]'
expect "items" "$(printf '%s' "$GOT" | py '[(i["key_"], i["value_type"]) for i in r["items"]]')" '[["state", "3"]]'
expect "value maps" "$(printf '%s' "$GOT" | py '[v["name"] for v in r["valuemaps"]]')" '["State"]'

echo "== server 2: its export equals server 1's (uuids kept), but for the date"
EXPORT2=$(on 2 call configuration.export '{"format":"yaml","options":{"templates":["'"$TMPL2"'"]}}' |
    json_get result) || fail "configuration.export on server 2 gave no result"
undated() { grep -v "^  date: "; }
[ "$(printf '%s\n' "$EXPORT" | undated)" = "$(printf '%s\n' "$EXPORT2" | undated)" ] ||
    fail "the exports differ: $(diff <(printf '%s\n' "$EXPORT" | undated) <(printf '%s\n' "$EXPORT2" | undated))"

echo "== server 1: a new macro value; server 2: importcompare shows the update, import applies it"
on 1 call template.update '{"templateid":"'"$TMPL"'","macros":[{"macro":"{$TIMEOUT}","value":"60s"}]}' |
    json_get result >/dev/null || fail "template.update failed"
SOURCE=$(json_str "$(on 1 call configuration.export '{"format":"yaml","options":{"templates":["'"$TMPL"'"]}}' |
    json_get result)") || fail "the second export gave no result"
CMP=$(on 2 call configuration.importcompare '{"format":"yaml","source":'"$SOURCE"',"rules":'"$RULES"'}' |
    json_get result) || fail "the second importcompare gave no result"
expect "importcompare updated" "$(printf '%s' "$CMP" | py '[(t["before"]["template"], "items" in t) for t in r["templates"]["updated"]]')" \
    "[[\"$NAME\", false]]"
expect "second import" "$(on 2 call configuration.import '{"format":"yaml","source":'"$SOURCE"',"rules":'"$RULES"'}' |
    json_get result)" true
expect "macro on server 2" "$(on 2 call usermacro.get '{"hostids":["'"$TMPL2"'"],"output":["value"]}' |
    json_get result.0.value)" 60s
expect "importcompare after the import" "$(on 2 call configuration.importcompare \
    '{"format":"yaml","source":'"$SOURCE"',"rules":'"$RULES"'}' | json_get result)" '[]'

echo "== cleanup on both servers"
for s in 1 2; do
    tid=$TMPL
    [ "$s" = 1 ] || tid=$TMPL2
    gid=$(on "$s" call hostgroup.get '{"filter":{"name":'"$(json_str "$NAME")"'},"output":["groupid"]}' |
        json_get result.0.groupid) || fail "no group on server $s"
    on "$s" call template.delete '["'"$tid"'"]' | json_get result >/dev/null || fail "template.delete on $s failed"
    on "$s" call hostgroup.delete '["'"$gid"'"]' | json_get result >/dev/null || fail "hostgroup.delete on $s failed"
    on "$s" call user.logout '[]' | json_get result >/dev/null || fail "user.logout on $s failed"
done
echo "export_import.sh: OK"
