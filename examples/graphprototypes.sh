#!/usr/bin/env bash
# examples/graphprototypes.sh -- graph prototypes with curl: a template with an item, an LLD rule
# and an item prototype, graphprototype.create on the prototype and the item, the refusals
# ("must have at least one item prototype", graph.create with an item prototype),
# graphprototype.get with selectDiscoveryRule, discoveryrule.get selectGraphs "count", linking
# the template to a host (the host gets a copy on its item prototype), graphprototype.update of
# the template's (the copy follows), graphprototype.delete and the cleanup.
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

echo "== a group, a template with an item, a rule and an item prototype, and a host"
example_group_template gproto
H=$(call host.create '{"host":"gproto-example-H-'"$SUFFIX"'","groups":[{"groupid":"'"$G"'"}]}' |
    json_get result.hostids.0) || fail "host.create"
I=$(call item.create '{"hostid":"'"$T"'","name":"Total","key_":"net.total","type":2,"value_type":3}' |
    json_get result.itemids.0) || fail "item.create"
R=$(call discoveryrule.create '{"hostid":"'"$T"'","name":"Interfaces","key_":"net.if.discovery","type":2}' |
    json_get result.itemids.0) || fail "discoveryrule.create"
P=$(call itemprototype.create '{"hostid":"'"$T"'","ruleid":"'"$R"'","name":"In on {#IFNAME}","key_":"net.if.in[{#IFNAME}]","type":2,"value_type":3}' |
    json_get result.itemids.0) || fail "itemprototype.create"

echo "== graphprototype.create needs an item prototype; graph.create refuses one"
got=$(call graphprototype.create '{"name":"Only items","gitems":[{"itemid":"'"$I"'","color":"00AA00"}]}')
[ "$(echo "$got" | json_get error.data)" = 'Graph prototype "Only items" must have at least one item prototype.' ] ||
    fail "a graph prototype without item prototypes"
got=$(call graph.create '{"name":"Graph","gitems":[{"itemid":"'"$P"'","color":"00AA00"}]}')
[ "$(echo "$got" | json_get error.data)" = "No permissions to referred object or it does not exist!" ] ||
    fail "graph.create with an item prototype"
GP=$(call graphprototype.create '{"name":"Traffic on {#IFNAME}","gitems":[{"itemid":"'"$P"'","color":"00AA00"},{"itemid":"'"$I"'","color":"AA0000"}]}' |
    json_get result.graphids.0) || fail "graphprototype.create"

echo "== graphprototype.get and discoveryrule.get selectGraphs"
got=$(call graphprototype.get '{"graphids":["'"$GP"'"],"output":["name","discover"],"selectDiscoveryRule":["key_"]}')
[ "$(echo "$got" | json_get result.0.discoveryRule.key_)" = "net.if.discovery" ] || fail "selectDiscoveryRule"
[ "$(call discoveryrule.get '{"itemids":["'"$R"'"],"output":["key_"],"selectGraphs":"count"}' | json_get result.0.graphs)" = 1 ] ||
    fail "selectGraphs count"
[ "$(call graph.get '{"hostids":["'"$T"'"],"countOutput":true}' | json_get result)" = 0 ] ||
    fail "graph.get lists no prototype"

echo "== link the template to the host: the prototype is copied on the host's item prototype"
call host.update '{"hostid":"'"$H"'","templates":[{"templateid":"'"$T"'"}]}' | json_get result.hostids.0 >/dev/null ||
    fail "host.update templates"
got=$(call graphprototype.get '{"hostids":["'"$H"'"],"output":["templateid"]}')
C=$(echo "$got" | json_get result.0.graphid) || fail "no copy on the host"
[ "$(echo "$got" | json_get result.0.templateid)" = "$GP" ] || fail "the copy's templateid"

echo "== graphprototype.update on the template: the copy follows"
call graphprototype.update '{"graphid":"'"$GP"'","name":"Traffic {#IFNAME}","discover":1}' | json_get result.graphids.0 >/dev/null ||
    fail "graphprototype.update"
[ "$(call graphprototype.get '{"graphids":["'"$C"'"],"output":["name"]}' | json_get result.0.name)" = "Traffic {#IFNAME}" ] ||
    fail "the copy's name"

echo "== graphprototype.delete of the copy is refused; of the template's takes the copy"
got=$(call graphprototype.delete '["'"$C"'"]')
[ "$(echo "$got" | json_get error.data)" = "Cannot delete templated graph prototype." ] || fail "copy deleted"
[ "$(call graphprototype.delete '["'"$GP"'"]' | json_get result.graphids.0)" = "$GP" ] || fail "graphprototype.delete"
[ "$(call graphprototype.get '{"hostids":["'"$T"'","'"$H"'"],"countOutput":true}' | json_get result)" = 0 ] ||
    fail "graph prototypes left"

echo "== cleanup"
call host.delete '["'"$H"'"]' | json_get result >/dev/null || fail "host.delete"
call template.delete '["'"$T"'"]' | json_get result >/dev/null || fail "template.delete"
call hostgroup.delete '["'"$G"'"]' | json_get result >/dev/null || fail "hostgroup.delete"
echo "graphprototypes.sh: OK"
