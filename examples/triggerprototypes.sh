#!/usr/bin/env bash
# examples/triggerprototypes.sh -- trigger prototypes with curl: an LLD rule and an item
# prototype on a template, triggerprototype.create (an expression on the item prototype, with
# discover), the refusal of an expression without any item prototype, triggerprototype.get
# (expandExpression, selectDiscoveryRule), discoveryrule.get selectTriggers "count", linking
# the template to a host (the prototype is copied, its expression rewritten to the host), and
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

echo "== a group, a template with a rule and an item prototype, and a host"
example_group_template tproto
TN="tproto example T $SUFFIX"
HN="tproto-example-H-$SUFFIX"
H=$(call host.create '{"host":"'"$HN"'","groups":[{"groupid":"'"$G"'"}]}' |
    json_get result.hostids.0) || fail "host.create"
R=$(call discoveryrule.create '{"hostid":"'"$T"'","name":"Interfaces","key_":"net.if.discovery","type":2}' |
    json_get result.itemids.0) || fail "discoveryrule.create"
call itemprototype.create '{"hostid":"'"$T"'","ruleid":"'"$R"'","name":"In on {#IFNAME}","key_":"net.if.in[{#IFNAME}]","type":2,"value_type":3}' |
    json_get result.itemids.0 >/dev/null || fail "itemprototype.create"

echo "== triggerprototype.create"
TP=$(call triggerprototype.create '{"description":"High input on {#IFNAME}","expression":"last(/'"$TN"'/net.if.in[{#IFNAME}])>1000","priority":3,"discover":1}' |
    json_get result.triggerids.0) || fail "triggerprototype.create"

echo "== an expression without an item prototype is refused"
got=$(call triggerprototype.create '{"description":"x","expression":"last(/'"$TN"'/net.if.discovery)>1"}' | json_get error.data)
[ "$got" = "Incorrect item key \"net.if.discovery\" provided for trigger expression on \"$TN\"." ] ||
    fail "unexpected error: $got"

echo "== triggerprototype.get and discoveryrule.get selectTriggers"
got=$(call triggerprototype.get '{"triggerids":["'"$TP"'"],"output":["discover"],"selectDiscoveryRule":["key_"]}' |
    json_get result.0.discoveryRule.key_)
[ "$got" = net.if.discovery ] || fail "selectDiscoveryRule: $got"
[ "$(call discoveryrule.get '{"itemids":["'"$R"'"],"output":["key_"],"selectTriggers":"count"}' |
    json_get result.0.triggers)" = 1 ] || fail "selectTriggers count"

echo "== linking copies the prototype to the host"
call host.update '{"hostid":"'"$H"'","templates":[{"templateid":"'"$T"'"}]}' | json_get result >/dev/null || fail "host.update"
got=$(call triggerprototype.get '{"hostids":["'"$H"'"],"output":["expression","templateid"],"expandExpression":true}' |
    json_get result.0.expression)
[ "$got" = "last(/$HN/net.if.in[{#IFNAME}])>1000" ] || fail "copy: $got"

echo "== cleanup"
call host.delete '["'"$H"'"]' | json_get result >/dev/null || fail "host.delete"
call template.delete '["'"$T"'"]' | json_get result >/dev/null || fail "template.delete"
call hostgroup.delete '["'"$G"'"]' | json_get result >/dev/null || fail "hostgroup.delete"
echo "triggerprototypes.sh: OK"
