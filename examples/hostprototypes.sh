#!/usr/bin/env bash
# examples/hostprototypes.sh -- host prototypes with curl: a template with an LLD rule,
# hostprototype.create (group link, group prototype, linked template, macro, tag, inventory
# mode), hostprototype.get with its selects, the refused prototype without an LLD macro and the
# refused duplicate host name, discoveryrule.get selectHostPrototypes "count", host.get not
# listing prototypes, hostprototype.update replacing the groups and macros, custom
# interfaces (an agent interface by LLD macro and an SNMPv2 one by DNS name) with the refused
# second default interface of a type, and discoveryrule.delete taking the prototype with the
# rule.
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

echo "== groups, templates and an LLD rule"
G1=$(call hostgroup.create '{"name":"hproto example 1 '"$SUFFIX"'"}' | json_get result.groupids.0) || fail "hostgroup.create"
G2=$(call hostgroup.create '{"name":"hproto example 2 '"$SUFFIX"'"}' | json_get result.groupids.0) || fail "hostgroup.create"
T=$(call template.create '{"host":"hproto example T '"$SUFFIX"'","groups":[{"groupid":"'"$G1"'"}]}' |
    json_get result.templateids.0) || fail "template.create"
TL=$(call template.create '{"host":"hproto example TL '"$SUFFIX"'","groups":[{"groupid":"'"$G1"'"}]}' |
    json_get result.templateids.0) || fail "template.create"
R=$(call discoveryrule.create '{"hostid":"'"$T"'","name":"VMs","key_":"vm.discovery","type":2}' |
    json_get result.itemids.0) || fail "discoveryrule.create"

echo "== hostprototype.create"
P=$(call hostprototype.create '{"host":"{#VM.ID}","name":"VM {#VM.NAME}","ruleid":"'"$R"'","inventory_mode":1,"groupLinks":[{"groupid":"'"$G2"'"}],"groupPrototypes":[{"name":"VMs {#VM.CLUSTER}"}],"templates":[{"templateid":"'"$TL"'"}],"macros":[{"macro":"{$VM.ID}","value":"{#VM.ID}"}],"tags":[{"tag":"vm","value":"{#VM.NAME}"}]}' |
    json_get result.hostids.0) || fail "hostprototype.create"

echo "== hostprototype.get with selects"
got=$(call hostprototype.get '{"hostids":["'"$P"'"],"output":"extend","selectGroupLinks":["groupid"],"selectGroupPrototypes":["name"],"selectTemplates":["host"],"selectMacros":["macro","value"],"selectDiscoveryRule":["key_"],"selectParentHost":["host"]}')
[ "$(echo "$got" | json_get result.0.inventory_mode)" = 1 ] || fail "inventory_mode"
[ "$(echo "$got" | json_get result.0.groupLinks.0.groupid)" = "$G2" ] || fail "groupLinks"
[ "$(echo "$got" | json_get result.0.groupPrototypes.0.name)" = "VMs {#VM.CLUSTER}" ] || fail "groupPrototypes"
[ "$(echo "$got" | json_get result.0.templates.0.templateid)" = "$TL" ] || fail "templates"
[ "$(echo "$got" | json_get result.0.discoveryRule.itemid)" = "$R" ] || fail "discoveryRule"
[ "$(echo "$got" | json_get result.0.parentHost.hostid)" = "$T" ] || fail "parentHost"

echo "== refused: no LLD macro, a duplicate host name"
got=$(call hostprototype.create '{"host":"static","ruleid":"'"$R"'","groupLinks":[{"groupid":"'"$G2"'"}]}')
[ "$(echo "$got" | json_get error.data)" = 'Invalid parameter "/1/host": must contain at least one low-level discovery macro.' ] ||
    fail "host without an LLD macro"
got=$(call hostprototype.create '{"host":"{#VM.ID}","ruleid":"'"$R"'","groupLinks":[{"groupid":"'"$G2"'"}]}')
[ "$(echo "$got" | json_get error.data)" = 'Host prototype with host name "{#VM.ID}" already exists in discovery rule "VMs".' ] ||
    fail "duplicate host"

echo "== discoveryrule.get selectHostPrototypes count; host.get does not list prototypes"
[ "$(call discoveryrule.get '{"itemids":["'"$R"'"],"output":["key_"],"selectHostPrototypes":"count"}' | json_get result.0.hostPrototypes)" = 1 ] ||
    fail "selectHostPrototypes"
[ "$(call host.get '{"groupids":["'"$G2"'"],"countOutput":true}' | json_get result)" = 0 ] || fail "host.get lists a prototype"

echo "== hostprototype.update replaces groups and macros"
call hostprototype.update '{"hostid":"'"$P"'","groupLinks":[{"groupid":"'"$G1"'"}],"macros":[]}' | json_get result.hostids.0 >/dev/null ||
    fail "hostprototype.update"
got=$(call hostprototype.get '{"discoveryids":["'"$R"'"],"output":["host"],"selectGroupLinks":["groupid"],"selectMacros":["macro"]}')
[ "$(echo "$got" | json_get result.0.groupLinks.0.groupid)" = "$G1" ] || fail "groupLinks after update"
[ "$(echo "$got" | json_get result.0.macros)" = '[]' ] || fail "macros after update"

echo "== custom interfaces: an agent one by IP, an SNMPv2 one by DNS name"
call hostprototype.update '{"hostid":"'"$P"'","custom_interfaces":1,"interfaces":[{"type":1,"useip":1,"ip":"{#VM.IP}","dns":"","port":"10050","main":1},{"type":2,"useip":0,"dns":"{#VM.DNS}","port":"161","main":1,"details":{"version":2,"community":"{$SNMP_COMMUNITY}"}}]}' |
    json_get result.hostids.0 >/dev/null || fail "hostprototype.update interfaces"
got=$(call hostprototype.get '{"hostids":["'"$P"'"],"output":["custom_interfaces"],"selectInterfaces":["type","ip","dns","port","details"]}')
[ "$(echo "$got" | json_get result.0.custom_interfaces)" = 1 ] || fail "custom_interfaces"
[ "$(echo "$got" | json_get result.0.interfaces.0.ip)" = "{#VM.IP}" ] || fail "agent interface"
[ "$(echo "$got" | json_get result.0.interfaces.1.dns)" = "{#VM.DNS}" ] || fail "SNMP interface"
[ "$(echo "$got" | json_get result.0.interfaces.1.details.community)" = '{$SNMP_COMMUNITY}' ] || fail "SNMP details"
got=$(call hostprototype.update '{"hostid":"'"$P"'","interfaces":[{"type":1,"useip":1,"ip":"{#VM.IP}","port":"10050","main":1},{"type":1,"useip":1,"ip":"{#VM.IP2}","port":"10050","main":1}]}')
[ "$(echo "$got" | json_get error.data)" = 'Invalid parameter "/1/interfaces": cannot have more than one default interface of the same type.' ] ||
    fail "two default agent interfaces"

echo "== discoveryrule.delete takes the prototype"
call discoveryrule.delete '["'"$R"'"]' | json_get result >/dev/null || fail "discoveryrule.delete"
[ "$(call hostprototype.get '{"hostids":["'"$P"'"],"countOutput":true}' | json_get result)" = 0 ] || fail "prototype left"

echo "== cleanup"
call template.delete '["'"$T"'","'"$TL"'"]' | json_get result >/dev/null || fail "template.delete"
call hostgroup.delete '["'"$G1"'","'"$G2"'"]' | json_get result >/dev/null || fail "hostgroup.delete"
echo "hostprototypes.sh: OK"
