#!/usr/bin/env bash
# examples/lld.sh -- low-level discovery with curl: discoveryrule.create of a trapper rule with a
# filter, an LLD macro path and an override on a template, itemprototype.create of a prototype
# of that rule, discoveryrule.get with selectFilter (the generated formula ids and eval_formula)
# and selectItems, linking the template to a host (the host gets the rule and the prototype,
# the prototype's rule being the host's copy), the refused discoveryrule.delete of the copy,
# discoveryrule.copy to a second template (the rule and its prototypes become its own), and
# the cleanup (discoveryrule.delete of the template rule takes its prototypes and the copies).
# Each answer is checked; the script exits non-zero when one is not as expected.
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
example_group_template lld
H=$(call host.create '{"host":"lld-example-H-'"$SUFFIX"'","groups":[{"groupid":"'"$G"'"}]}' |
    json_get result.hostids.0) || fail "host.create"

echo "== discoveryrule.create on the template"
R=$(call discoveryrule.create '{"hostid":"'"$T"'","name":"Filesystems","key_":"fs.discovery","type":2,"lifetime":"7d","filter":{"evaltype":0,"conditions":[{"macro":"{#FSTYPE}","value":"^ext"},{"macro":"{#FSNAME}","value":"^/boot","operator":9}]},"lld_macro_paths":[{"lld_macro":"{#FSNAME}","path":"$.fsname"}],"overrides":[{"name":"no tmp","step":1,"filter":{"evaltype":0,"conditions":[{"macro":"{#FSNAME}","value":"^/tmp"}]},"operations":[{"operationobject":0,"operator":2,"value":"tmp","opdiscover":{"discover":1}}]}]}' |
    json_get result.itemids.0) || fail "discoveryrule.create"

echo "== itemprototype.create of the rule"
P=$(call itemprototype.create '{"hostid":"'"$T"'","ruleid":"'"$R"'","name":"Free on {#FSNAME}","key_":"vfs.fs.size[{#FSNAME},free]","type":2,"value_type":3,"units":"B"}' |
    json_get result.itemids.0) || fail "itemprototype.create"

echo "== discoveryrule.get: the filter's formula ids follow the macros' order"
got=$(call discoveryrule.get '{"itemids":["'"$R"'"],"output":["key_"],"selectFilter":"extend","selectItems":"count"}')
[ "$(echo "$got" | json_get result.0.filter.eval_formula)" = "A and B" ] || fail "eval_formula"
[ "$(echo "$got" | json_get result.0.filter.conditions.0.formulaid)" = B ] || fail "formulaid of {#FSTYPE}"
[ "$(echo "$got" | json_get result.0.items)" = 1 ] || fail "selectItems count"
[ "$(call item.get '{"hostids":["'"$T"'"],"countOutput":true}' | json_get result)" = 0 ] ||
    fail "item.get lists no rule and no prototype"

echo "== link the template to the host: the rule and its prototype are copied"
call host.update '{"hostid":"'"$H"'","templates":[{"templateid":"'"$T"'"}]}' | json_get result.hostids.0 >/dev/null ||
    fail "host.update templates"
got=$(call discoveryrule.get '{"hostids":["'"$H"'"],"output":["templateid"]}')
C=$(echo "$got" | json_get result.0.itemid) || fail "no rule on the host"
[ "$(echo "$got" | json_get result.0.templateid)" = "$R" ] || fail "the copy's templateid"
got=$(call itemprototype.get '{"hostids":["'"$H"'"],"output":["templateid"],"selectDiscoveryRule":["key_"]}')
[ "$(echo "$got" | json_get result.0.templateid)" = "$P" ] || fail "the prototype's copy"
[ "$(echo "$got" | json_get result.0.discoveryRule.itemid)" = "$C" ] || fail "the copy's rule"

echo "== discoveryrule.delete of the copy is refused"
got=$(call discoveryrule.delete '["'"$C"'"]')
[ "$(echo "$got" | json_get error.data)" = "Cannot delete templated items." ] || fail "copy deleted"

echo "== discoveryrule.copy of the template rule to a second template: its own rule and prototype"
T2=$(call template.create '{"host":"lld example T2 '"$SUFFIX"'","groups":[{"groupid":"'"$G"'"}]}' |
    json_get result.templateids.0) || fail "template.create T2"
[ "$(call discoveryrule.copy '{"discoveryids":["'"$R"'"],"hostids":["'"$T2"'"]}' | json_get result)" = true ] ||
    fail "discoveryrule.copy"
got=$(call discoveryrule.get '{"hostids":["'"$T2"'"],"output":["key_","templateid"],"selectItems":"count"}')
[ "$(echo "$got" | json_get result.0.templateid)" = 0 ] || fail "the copy is T2's own"
[ "$(echo "$got" | json_get result.0.items)" = 1 ] || fail "the prototype came along"
got=$(call discoveryrule.copy '{"discoveryids":["'"$R"'"],"hostids":["'"$T2"'"]}')
[ "$(echo "$got" | json_get error.data)" = 'Item with key "fs.discovery" already exists on "lld example T2 '"$SUFFIX"'".' ] ||
    fail "a second copy is refused"
call template.delete '["'"$T2"'"]' | json_get result >/dev/null || fail "template.delete T2"

echo "== discoveryrule.delete of the template rule: prototypes and copies go too"
[ "$(call discoveryrule.delete '["'"$R"'"]' | json_get result.ruleids.0)" = "$R" ] || fail "discoveryrule.delete"
[ "$(call itemprototype.get '{"hostids":["'"$T"'","'"$H"'"],"countOutput":true}' | json_get result)" = 0 ] ||
    fail "prototypes left"
[ "$(call discoveryrule.get '{"hostids":["'"$H"'"],"countOutput":true}' | json_get result)" = 0 ] || fail "copy left"

echo "== cleanup"
call host.delete '["'"$H"'"]' | json_get result >/dev/null || fail "host.delete"
call template.delete '["'"$T"'"]' | json_get result >/dev/null || fail "template.delete"
call hostgroup.delete '["'"$G"'"]' | json_get result >/dev/null || fail "hostgroup.delete"
echo "lld.sh: OK"
