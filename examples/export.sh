#!/usr/bin/env bash
# shellcheck disable=SC2016  # {$MACRO} names in single quotes are Zabbix syntax, not shell
# examples/export.sh -- configuration.export with curl: a host group, a template with a macro, a tag
# and a trapper item, then the export in raw (a JSON object), json, yaml and xml (strings written
# byte for byte as Zabbix 6.0 writes them), and a refused format; then the cleanup.
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

echo "== user.login"
SESSION=$(call user.login '{"username":'"$(json_str "$USER_NAME")"',"password":'"$(json_str "$PASSWORD")"'}' |
    json_get result) || fail "user.login gave no result"

echo "== hostgroup.create, template.create, item.create"
GROUP=$(call hostgroup.create '{"name":"Example export '"$SUFFIX"'"}' | json_get result.groupids.0) ||
    fail "hostgroup.create gave no groupid"
TMPL=$(call template.create '{"host":"Example export '"$SUFFIX"'","groups":[{"groupid":"'"$GROUP"'"}],
    "macros":[{"macro":"{$TIMEOUT}","value":"30s"}],"tags":[{"tag":"class","value":"software"}]}' |
    json_get result.templateids.0) || fail "template.create gave no templateid"
call item.create '{"hostid":"'"$TMPL"'","name":"Trap","key_":"trap","type":2,"value_type":4}' |
    json_get result.itemids.0 >/dev/null || fail "item.create gave no itemid"

echo "== configuration.export raw: the document itself"
RAW=$(call configuration.export '{"format":"raw","options":{"templates":["'"$TMPL"'"]}}' | json_get result) ||
    fail "configuration.export raw gave no result"
expect "raw version" "$(printf '%s' "$RAW" | json_get zabbix_export.version)" "6.0"
expect "raw item" "$(printf '%s' "$RAW" | json_get zabbix_export.templates.0.items.0)" \
    '{"delay": "0", "key": "trap", "name": "Trap", "trends": "0", "type": "TRAP", "uuid": "'"$(
    printf '%s' "$RAW" | json_get zabbix_export.templates.0.items.0.uuid)"'", "value_type": "TEXT"}'

echo "== configuration.export json, yaml, xml: one string each"
for fmt in json yaml xml; do
    TEXT=$(call configuration.export '{"format":"'$fmt'","options":{"templates":["'"$TMPL"'"]},"prettyprint":true}' |
        json_get result) || fail "configuration.export $fmt gave no result"
    case $fmt in
    json) [[ $TEXT == '{'*'"zabbix_export": {'* ]] || fail "json: $TEXT" ;;
    yaml) [[ $TEXT == 'zabbix_export:'* ]] || fail "yaml: $TEXT" ;;
    xml) [[ $TEXT == '<?xml version="1.0" encoding="UTF-8"?>'* ]] || fail "xml: $TEXT" ;;
    esac
done

echo "== configuration.export with an unknown format: Zabbix's text"
got=$(call configuration.export '{"format":"csv","options":{}}' | json_get error.data) ||
    fail "format csv was not refused"
expect "format csv" "$got" 'Invalid parameter "/format": value must be one of "yaml", "xml", "json", "raw".'

echo "== cleanup"
call template.delete '["'"$TMPL"'"]' | json_get result >/dev/null || fail "template.delete failed"
call hostgroup.delete '["'"$GROUP"'"]' | json_get result >/dev/null || fail "hostgroup.delete failed"
call user.logout '[]' | json_get result >/dev/null || fail "user.logout failed"
echo "export.sh: OK"
