#!/usr/bin/env bash
# examples/mass.sh -- the mass methods of host groups, templates and host interfaces, and an item
# with preprocessing, with curl: hostgroup.massadd puts a template and a host into a second group,
# hostgroup.massupdate makes a group hold exactly the members it names (those left out keep
# another group), hostgroup.massremove takes them out again; template.massadd links a parent and
# adds a macro to two templates, template.massupdate replaces their parents, template.massremove
# unlinks; hostinterface.massadd gives two hosts an agent interface (its odd nested answer) and
# hostinterface.massremove takes it away by ip/dns/port; item.create with preprocessing steps
# (the "check for not supported value" step moves first) and item.get selectPreprocessing.
# Each answer is checked; the script exits non-zero when one is not as expected, and deletes
# everything it creates.
#
#   TMPLD_URL       endpoint (default http://127.0.0.1:8080/api_jsonrpc.php)
#   TMPLD_USER      user name (default Admin)
#   TMPLD_PASSWORD  password (default zabbix)
# Needs curl and python3 (which reads the JSON; jq is not needed).

set -euo pipefail

. "$(dirname "$0")/lib.sh"
TAG="mass-example-$$"

echo "== user.login"
SESSION=$(call user.login '{"username":'"$(json_str "$USER_NAME")"',"password":'"$(json_str "$PASSWORD")"'}' |
    json_get result) || fail "user.login gave no result"

echo "== two groups, three templates, two hosts"
G1=$(call hostgroup.create '{"name":"'"$TAG"' G1"}' | json_get result.groupids.0) || fail "hostgroup.create G1"
G2=$(call hostgroup.create '{"name":"'"$TAG"' G2"}' | json_get result.groupids.0) || fail "hostgroup.create G2"
P=$(call template.create '{"host":"'"$TAG"' parent","groups":[{"groupid":"'"$G1"'"}]}' |
    json_get result.templateids.0) || fail "template.create parent"
T1=$(call template.create '{"host":"'"$TAG"' T1","groups":[{"groupid":"'"$G1"'"}]}' |
    json_get result.templateids.0) || fail "template.create T1"
T2=$(call template.create '{"host":"'"$TAG"' T2","groups":[{"groupid":"'"$G1"'"}]}' |
    json_get result.templateids.0) || fail "template.create T2"
H1=$(call host.create '{"host":"'"$TAG"'-H1","groups":[{"groupid":"'"$G1"'"}]}' |
    json_get result.hostids.0) || fail "host.create H1"
H2=$(call host.create '{"host":"'"$TAG"'-H2","groups":[{"groupid":"'"$G1"'"}]}' |
    json_get result.hostids.0) || fail "host.create H2"

# members GROUPID: "hosts|templates" of a group, ids sorted
members() {
    call hostgroup.get '{"groupids":["'"$1"'"],"output":["groupid"],"selectHosts":["hostid"],
        "selectTemplates":["templateid"]}' |
    py '"%s|%s" % (",".join(sorted(h["hostid"] for h in r["result"][0]["hosts"])),
        ",".join(sorted(t["templateid"] for t in r["result"][0]["templates"])))'
}

echo "== hostgroup.massadd: T1 and H1 into G2"
expect "massadd answer" "$(call hostgroup.massadd '{"groups":[{"groupid":"'"$G2"'"}],
    "templates":[{"templateid":"'"$T1"'"}],"hosts":[{"hostid":"'"$H1"'"}]}' | json_get result.groupids.0)" "$G2"
expect "G2 after massadd" "$(members "$G2")" "$H1|$T1"

echo "== hostgroup.massupdate: G2 holds exactly H2 and T2 (H1 and T1 keep G1)"
call hostgroup.massupdate '{"groups":[{"groupid":"'"$G2"'"}],"hosts":[{"hostid":"'"$H2"'"}],
    "templates":[{"templateid":"'"$T2"'"}]}' | json_get result.groupids >/dev/null || fail "hostgroup.massupdate"
expect "G2 after massupdate" "$(members "$G2")" "$H2|$T2"

echo "== hostgroup.massremove: a host cannot be left without a group"
err=$(call hostgroup.massremove '{"groupids":["'"$G1"'","'"$G2"'"],"hostids":["'"$H2"'"]}' | json_get error.data) ||
    fail "removing the last groups of H2 was accepted"
expect "the refusal" "$err" "Host \"$TAG-H2\" cannot be without host group."
call hostgroup.massremove '{"groupids":["'"$G2"'"],"hostids":["'"$H2"'"],"templateids":["'"$T2"'"]}' |
    json_get result.groupids >/dev/null || fail "hostgroup.massremove"
expect "G2 after massremove" "$(members "$G2")" "|"

# parents TEMPLATEID: the parent template ids of a template, sorted, and its macros
parents() {
    call template.get '{"templateids":["'"$1"'"],"output":["templateid"],"selectParentTemplates":["templateid"],
        "selectMacros":["macro","value"]}' |
    py '"%s|%s" % (",".join(sorted(t["templateid"] for t in r["result"][0]["parentTemplates"])),
        ",".join(m["macro"] + "=" + m["value"] for m in r["result"][0]["macros"]))'
}

echo "== template.massadd: T1 and T2 get the parent and a macro"
call template.massadd '{"templates":[{"templateid":"'"$T1"'"},{"templateid":"'"$T2"'"}],
    "templates_link":[{"templateid":"'"$P"'"}],"macros":[{"macro":"{$M}","value":"1"}]}' |
    json_get result.templateids >/dev/null || fail "template.massadd"
expect "T1 after massadd" "$(parents "$T1")" "$P|{\$M}=1"
expect "T2 after massadd" "$(parents "$T2")" "$P|{\$M}=1"

echo "== template.massupdate: T2's parents replaced (none), its macros too"
call template.massupdate '{"templates":[{"templateid":"'"$T2"'"}],"templates_link":[],
    "macros":[{"macro":"{$N}","value":"2"}]}' | json_get result.templateids >/dev/null || fail "template.massupdate"
expect "T2 after massupdate" "$(parents "$T2")" "|{\$N}=2"

echo "== template.massremove: T1 unlinked from the parent"
call template.massremove '{"templateids":["'"$T1"'"],"templateids_link":["'"$P"'"]}' |
    json_get result.templateids >/dev/null || fail "template.massremove"
expect "T1 after massremove" "$(parents "$T1")" "|{\$M}=1"

echo "== hostinterface.massadd: an agent interface on both hosts"
got=$(call hostinterface.massadd '{"hosts":[{"hostid":"'"$H1"'"},{"hostid":"'"$H2"'"}],
    "interfaces":[{"type":1,"main":1,"useip":1,"ip":"192.0.2.7","dns":"","port":"10050"}]}')
expect "two interfaces, in Zabbix's nested answer" \
    "$(echo "$got" | py 'len(r["result"]["interfaceids"]["interfaceids"])')" 2
echo "== hostinterface.massremove: by ip, dns and port"
got=$(call hostinterface.massremove '{"hostids":["'"$H1"'","'"$H2"'"],
    "interfaces":[{"ip":"192.0.2.7","dns":"","port":"10050"}]}')
expect "two removed (as JSON numbers, as Zabbix answers)" \
    "$(echo "$got" | py 'str(len(r["result"]["interfaceids"])) + ":" + type(r["result"]["interfaceids"][0]).__name__')" "2:int"
expect "H1 has no interface left" \
    "$(call hostinterface.get '{"hostids":["'"$H1"'"],"countOutput":true}' | json_get result)" 0

echo "== item.create with preprocessing: the not-supported check moves first"
I=$(call item.create '{"hostid":"'"$T1"'","name":"Temperature","key_":"temp","type":2,"value_type":0,
    "preprocessing":[{"type":1,"params":"0.1","error_handler":0,"error_handler_params":""},
    {"type":26,"params":"","error_handler":1,"error_handler_params":""}]}' | json_get result.itemids.0) ||
    fail "item.create"
steps=$(call item.get '{"itemids":["'"$I"'"],"output":["itemid"],"selectPreprocessing":["type","params"]}' |
    py '",".join(s["type"] + ":" + s["params"] for s in r["result"][0]["preprocessing"])')
expect "the steps" "$steps" "26:,1:0.1"

echo "== cleanup"
call host.delete '["'"$H1"'","'"$H2"'"]' | json_get result.hostids >/dev/null || fail "host.delete"
call template.delete '["'"$T1"'","'"$T2"'","'"$P"'"]' | json_get result.templateids >/dev/null || fail "template.delete"
call hostgroup.delete '["'"$G1"'","'"$G2"'"]' | json_get result.groupids >/dev/null || fail "hostgroup.delete"
echo "mass.sh: all answers as expected"
