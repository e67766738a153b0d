#!/usr/bin/env bash
# examples/interfaces.sh -- host interfaces and inventory with curl: a host created with an agent
# and an SNMP v2c interface and a manual inventory, hostinterface.get (every field, SNMP details),
# hostinterface.create of a second agent interface, switching the main agent interface in one
# hostinterface.update call, the refused delete of an interface an item uses, host.update of the
# inventory (merged), and hostinterface.replacehostinterfaces. Each answer is checked, and the
# script exits non-zero when one is not as expected. Everything it creates is deleted at the end.
#
#   TMPLD_URL       endpoint (default http://127.0.0.1:8080/api_jsonrpc.php)
#   TMPLD_USER      user name (default Admin)
#   TMPLD_PASSWORD  password (default zabbix)
# Needs curl and python3 (which reads the JSON; jq is not needed).

set -euo pipefail

. "$(dirname "$0")/lib.sh"
TAG="if-example-$$"

# ifaces HOSTID: "type:main:ip:port" of each interface, by id
ifaces() {
    call hostinterface.get '{"hostids":["'"$1"'"],"output":["type","main","ip","port"],"sortfield":"interfaceid"}' |
    py '",".join("%s:%s:%s:%s" % (i["type"], i["main"], i["ip"], i["port"]) for i in r["result"])'
}

echo "== user.login"
SESSION=$(call user.login '{"username":'"$(json_str "$USER_NAME")"',"password":'"$(json_str "$PASSWORD")"'}' |
    py 'r["result"]') || fail "user.login gave no result"

echo "== a host with an agent and an SNMP interface, and a manual inventory"
G1=$(call hostgroup.create '{"name":"'"$TAG"' G1"}' | py 'r["result"]["groupids"][0]') || fail "hostgroup.create"
H1=$(call host.create '{"host":"'"$TAG"'-H1","groups":[{"groupid":"'"$G1"'"}],
    "interfaces":[{"type":1,"main":1,"useip":1,"ip":"127.0.0.1","dns":"","port":"10050"},
                  {"type":2,"main":1,"useip":1,"ip":"10.0.0.2","dns":"","port":"161",
                   "details":{"version":2,"community":"{$SNMP_COMMUNITY}"}}],
    "inventory_mode":0,"inventory":{"os":"Linux","contact":"ops"}}' |
    py 'r["result"]["hostids"][0]') || fail "host.create"
[ "$(ifaces "$H1")" = "1:1:127.0.0.1:10050,2:1:10.0.0.2:161" ] || fail "interfaces: $(ifaces "$H1")"
details=$(call hostinterface.get '{"hostids":["'"$H1"'"],"output":["details"],"filter":{"type":2}}' |
    py 'r["result"][0]["details"]') || fail "hostinterface.get"
[ "$details" = '{"version": "2", "bulk": "1", "community": "{$SNMP_COMMUNITY}"}' ] || fail "details: $details"
IF1=$(call hostinterface.get '{"hostids":["'"$H1"'"],"output":["interfaceid"],"filter":{"type":1}}' |
    py 'r["result"][0]["interfaceid"]') || fail "hostinterface.get"

echo "== a second agent interface, then it becomes the main one (both changes in one call)"
IF2=$(call hostinterface.create '{"hostid":"'"$H1"'","type":1,"main":0,"useip":1,"ip":"127.0.0.2","dns":"","port":"10050"}' |
    py 'r["result"]["interfaceids"][0]') || fail "hostinterface.create"
err=$(call hostinterface.update '{"interfaceid":"'"$IF2"'","main":1}' | py 'r["error"]["data"]') ||
    fail "a second main agent interface was accepted"
[ "$err" = "Host cannot have more than one default interface of the same type." ] || fail "unexpected error: $err"
call hostinterface.update '[{"interfaceid":"'"$IF2"'","main":1},{"interfaceid":"'"$IF1"'","main":0}]' |
    py 'r["result"]["interfaceids"]' >/dev/null || fail "hostinterface.update"
[ "$(ifaces "$H1")" = "1:0:127.0.0.1:10050,2:1:10.0.0.2:161,1:1:127.0.0.2:10050" ] || fail "after update: $(ifaces "$H1")"

echo "== an item on IF2: IF2 cannot be deleted"
call item.create '{"hostid":"'"$H1"'","name":"ping","key_":"agent.ping","type":0,"value_type":3,
    "delay":"1m","interfaceid":"'"$IF2"'"}' | py 'r["result"]["itemids"][0]' >/dev/null || fail "item.create"
err=$(call hostinterface.delete '["'"$IF2"'"]' | py 'r["error"]["data"]') || fail "the delete was accepted"
[ "$err" = "Interface is linked to item \"ping\" on \"$TAG-H1\"." ] || fail "unexpected error: $err"

echo "== inventory: host.update merges the fields sent"
call host.update '{"hostid":"'"$H1"'","inventory":{"os":"BSD"}}' | py 'r["result"]' >/dev/null || fail "host.update"
inv=$(call host.get '{"hostids":["'"$H1"'"],"output":["inventory_mode"],"selectInventory":["os","contact"]}' |
    py '"%s|%s|%s" % (r["result"][0]["inventory_mode"], r["result"][0]["inventory"]["os"], r["result"][0]["inventory"]["contact"])') ||
    fail "host.get"
[ "$inv" = "0|BSD|ops" ] || fail "inventory: $inv"

echo "== replacehostinterfaces: keep IF2 (the item's), drop the others"
ids=$(call hostinterface.replacehostinterfaces '{"hostid":"'"$H1"'","interfaces":[{"interfaceid":"'"$IF2"'"}]}' |
    py '",".join(r["result"]["interfaceids"])') || fail "replacehostinterfaces"
[ "$ids" = "$IF2" ] || fail "replacehostinterfaces returned $ids"
[ "$(ifaces "$H1")" = "1:1:127.0.0.2:10050" ] || fail "after replace: $(ifaces "$H1")"

echo "== cleanup"
call host.delete '["'"$H1"'"]' | py 'r["result"]' >/dev/null || fail "host.delete"
call hostgroup.delete '["'"$G1"'"]' | py 'r["result"]' >/dev/null || fail "hostgroup.delete"
echo "interfaces.sh: OK"
