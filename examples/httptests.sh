#!/usr/bin/env bash
# examples/httptests.sh -- web scenarios with curl: httptest.create on a template (two steps,
# a variable, a header, a tag), httptest.get (selectSteps), the web items it creates (item.get
# webitems), linking the template to a host (the host gets a copy with templateid), what a copy
# refuses (its name) and accepts (its delay), httptest.update on the template (rename: the
# copy and the web items follow), unlinking (the copy stays as the host's own),
# httptest.delete and the cleanup. Each answer is checked; the script exits non-zero when one
# is not as expected.
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
example_group_template httptests
H=$(call host.create '{"host":"httptests-example-H-'"$SUFFIX"'","groups":[{"groupid":"'"$G"'"}]}' |
    json_get result.hostids.0) || fail "host.create"

echo "== httptest.create on the template"
W=$(call httptest.create '{"hostid":"'"$T"'","name":"Shop","delay":"2m","variables":[{"name":"{user}","value":"guest"}],"headers":[{"name":"X-Probe","value":"1"}],"tags":[{"tag":"service","value":"shop"}],"steps":[{"name":"Home","url":"http://shop.example/","no":1,"status_codes":"200"},{"name":"Login","url":"http://shop.example/login","no":2,"posts":"user={user}","status_codes":"200,302"}]}' |
    json_get result.httptestids.0) || fail "httptest.create"
got=$(call httptest.get '{"httptestids":["'"$W"'"],"output":"extend","selectSteps":["name","no","timeout"]}')
[ "$(echo "$got" | json_get result.0.steps.1.name)" = Login ] || fail "the steps"
got=$(call item.get '{"hostids":["'"$T"'"],"webitems":true,"output":["key_"],"sortfield":"key_"}')
[ "$(echo "$got" | json_get result.0.key_)" = "web.test.error[Shop]" ] || fail "the web items"
got=$(call httptest.create '{"hostid":"'"$T"'","name":"Shop","steps":[{"name":"a","url":"http://a/","no":1}]}')
[ "$(echo "$got" | json_get error.data)" = 'Web scenario "Shop" already exists.' ] || fail "duplicate name"

echo "== link the template to the host: a copy with templateid"
call host.update '{"hostid":"'"$H"'","templates":[{"templateid":"'"$T"'"}]}' | json_get result.hostids.0 >/dev/null ||
    fail "host.update templates"
got=$(call httptest.get '{"hostids":["'"$H"'"],"output":["name","templateid"]}')
C=$(echo "$got" | json_get result.0.httptestid) || fail "no copy on the host"
[ "$(echo "$got" | json_get result.0.templateid)" = "$W" ] || fail "the copy's templateid"

echo "== the copy refuses a name, takes a delay"
got=$(call httptest.update '{"httptestid":"'"$C"'","name":"Mine"}')
[ "$(echo "$got" | json_get error.data)" = 'Cannot update a templated web scenario "Mine": unexpected parameter "name".' ] ||
    fail "a copy's name"
call httptest.update '{"httptestid":"'"$C"'","delay":"10m"}' | json_get result.httptestids.0 >/dev/null || fail "a copy's delay"

echo "== rename on the template: the copy and its web items follow"
call httptest.update '{"httptestid":"'"$W"'","name":"Store"}' | json_get result.httptestids.0 >/dev/null || fail "rename"
[ "$(call httptest.get '{"httptestids":["'"$C"'"],"output":["name"]}' | json_get result.0.name)" = Store ] ||
    fail "the copy's name"
[ "$(call item.get '{"hostids":["'"$H"'"],"webitems":true,"output":["key_"],"search":{"key_":"web.test.fail"}}' |
    json_get result.0.key_)" = "web.test.fail[Store]" ] || fail "the copy's web items"

echo "== unlink: the copy stays as the host's own"
call host.update '{"hostid":"'"$H"'","templates":[]}' | json_get result >/dev/null || fail "unlink"
[ "$(call httptest.get '{"httptestids":["'"$C"'"],"output":["templateid"]}' | json_get result.0.templateid)" = 0 ] ||
    fail "templateid not reset"

echo "== httptest.delete: the scenario goes with its web items"
call httptest.delete '["'"$W"'"]' | json_get result.httptestids.0 >/dev/null || fail "httptest.delete"
[ "$(call item.get '{"hostids":["'"$T"'"],"webitems":true,"countOutput":true}' | json_get result)" = 0 ] ||
    fail "web items left"

echo "== cleanup"
call host.delete '["'"$H"'"]' | json_get result >/dev/null || fail "host.delete"
call template.delete '["'"$T"'"]' | json_get result >/dev/null || fail "template.delete"
call hostgroup.delete '["'"$G"'"]' | json_get result >/dev/null || fail "hostgroup.delete"
echo "httptests.sh: OK"
