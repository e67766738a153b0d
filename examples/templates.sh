#!/usr/bin/env bash
# shellcheck disable=SC2016  # {$MACRO} names in single quotes are Zabbix syntax, not shell
# examples/templates.sh -- templates with curl: user.login, hostgroup.create, template.create (a base
# template with a macro, and an application template linked to it), host.create, linking the host below
# the application template with the legacy "hosts" parameter of template.update (a tmpld extension that
# Zabbix 6.0 rejects), template.update of macros, tags and description, template.get with selects
# (groups, parent templates, hosts, macros, tags), host.get of the host's templates, and the cleanup
# (host.delete, template.delete, hostgroup.delete, user.logout).
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
[[ $SESSION =~ ^[0-9a-f]{32}$ ]] || fail "session id is not 32 hex characters: $SESSION"

echo "== hostgroup.create"
GROUP=$(call hostgroup.create '{"name":"Example templates '"$SUFFIX"'"}' | json_get result.groupids.0) ||
    fail "hostgroup.create gave no groupid"

echo "== template.create: a base template with a macro, and an application template linked to it"
BASE=$(call template.create '{"host":"Example base '"$SUFFIX"'","groups":[{"groupid":"'"$GROUP"'"}],
    "macros":[{"macro":"{$TIMEOUT}","value":"30s"}]}' | json_get result.templateids.0) ||
    fail "template.create (base) gave no templateid"
APP=$(call template.create '{"host":"Example app '"$SUFFIX"'","name":"Example application '"$SUFFIX"'",
    "groups":[{"groupid":"'"$GROUP"'"}],"templates":[{"templateid":"'"$BASE"'"}],
    "tags":[{"tag":"class","value":"software"}]}' | json_get result.templateids.0) ||
    fail "template.create (app) gave no templateid"

echo "== host.create"
HOST=$(call host.create '{"host":"example-host-'"$SUFFIX"'","groups":[{"groupid":"'"$GROUP"'"}]}' |
    json_get result.hostids.0) || fail "host.create gave no hostid"

echo "== template.update with the legacy hosts parameter: link the host below the application template"
got=$(call template.update '{"templateid":"'"$APP"'","hosts":[{"hostid":"'"$HOST"'"}]}' | json_get result) ||
    fail "template.update (hosts) failed"
expect "template.update (hosts) result" "$got" '{"templateids": ["'"$APP"'"]}'
got=$(call host.get '{"hostids":["'"$HOST"'"],"output":["host"],"selectParentTemplates":["host"]}' |
    json_get result.0.parentTemplates) || fail "host.get gave no parentTemplates"
expect "the host's templates" "$got" '[{"host": "Example app '"$SUFFIX"'", "templateid": "'"$APP"'"}]'

echo "== template.update: replace the macros and tags, set the description"
got=$(call template.update '{"templateid":"'"$APP"'","description":"Managed by examples/templates.sh",
    "macros":[{"macro":"{$PORT}","value":"8080"},{"macro":"{$PASSWORD}","value":"s3cret","type":1},
              {"macro":"{$URL:\"health\"}","value":"/healthz","description":"with a context"}],
    "tags":[{"tag":"class","value":"software"},{"tag":"team","value":"web"}]}' | json_get result) ||
    fail "template.update (macros, tags, description) failed"
expect "template.update result" "$got" '{"templateids": ["'"$APP"'"]}'

echo "== template.get with selects"
answer=$(call template.get '{"templateids":["'"$APP"'"],"output":["host","name","description"],
    "selectGroups":["name"],"selectParentTemplates":["host"],"selectHosts":["host"],
    "selectMacros":["macro","value","type"],"selectTags":["tag","value"]}')
expect "description" "$(json_get result.0.description <<<"$answer")" "Managed by examples/templates.sh"
expect "group" "$(json_get result.0.groups.0.name <<<"$answer")" "Example templates $SUFFIX"
expect "parent template" "$(json_get result.0.parentTemplates.0.templateid <<<"$answer")" "$BASE"
expect "linked host" "$(json_get result.0.hosts.0.hostid <<<"$answer")" "$HOST"
expect "tags" "$(json_get result.0.tags <<<"$answer")" \
    '[{"tag": "class", "value": "software"}, {"tag": "team", "value": "web"}]'
macros=$(json_get result.0.macros <<<"$answer")
python3 -c '
import json, sys
macros = {m["macro"]: m for m in json.loads(sys.argv[1])}
assert set(macros) == {"{$PORT}", "{$PASSWORD}", "{$URL:\"health\"}"}, macros
assert macros["{$PORT}"]["value"] == "8080", macros
assert "value" not in macros["{$PASSWORD}"], "a secret macro must not show its value"
assert macros["{$PASSWORD}"]["type"] == "1", macros' "$macros" ||
    fail "unexpected macros: $macros"
echo "the application template: $(json_get result.0 <<<"$answer")"

echo "== template.update with hosts:[] unlinks the host again"
call template.update '{"templateid":"'"$APP"'","hosts":[]}' | json_get result >/dev/null ||
    fail "template.update (hosts:[]) failed"
got=$(call template.get '{"templateids":["'"$APP"'"],"output":["host"],"selectHosts":"count"}' |
    json_get result.0.hosts) || fail "template.get gave no host count"
expect "hosts linked after hosts:[]" "$got" 0

echo "== cleanup"
call host.delete '["'"$HOST"'"]' | json_get result.hostids.0 >/dev/null || fail "host.delete failed"
got=$(call template.delete '["'"$APP"'","'"$BASE"'"]' | json_get result.templateids) ||
    fail "template.delete failed"
expect "template.delete result" "$got" '["'"$APP"'", "'"$BASE"'"]'
call hostgroup.delete '["'"$GROUP"'"]' | json_get result.groupids.0 >/dev/null || fail "hostgroup.delete failed"
got=$(call template.get '{"templateids":["'"$APP"'","'"$BASE"'"],"countOutput":true}' | json_get result) ||
    fail "template.get (count) failed"
expect "templates left" "$got" 0
call user.logout '[]' | json_get result >/dev/null || fail "user.logout failed"
echo "templates.sh: OK"
