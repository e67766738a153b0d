#!/usr/bin/env bash
# examples/host_mass.sh -- the host mass methods with curl: two hosts get a group, a template and
# a macro in one host.massadd, are disabled and regrouped by one host.massupdate (its macros
# replaced, a macro kept by name keeping its id), and lose the template and a macro again with
# host.massremove; an unknown host is refused and changes nothing. Each answer is checked
# (host.get with selectGroups, selectParentTemplates, selectMacros), and the script exits non-zero
# when one is not as expected. Everything it creates is deleted at the end.
#
#   TMPLD_URL       endpoint (default http://127.0.0.1:8080/api_jsonrpc.php)
#   TMPLD_USER      user name (default Admin)
#   TMPLD_PASSWORD  password (default zabbix)
# Needs curl and python3 (which reads the JSON; jq is not needed).

set -euo pipefail

. "$(dirname "$0")/lib.sh"
TAG="hm-example-$$"

# state HOSTID: "groups|parents|macros|status" of one host, sorted, for comparisons
state() {
    call host.get '{"hostids":["'"$1"'"],"output":["status"],"selectGroups":["groupid"],
        "selectParentTemplates":["templateid"],"selectMacros":["macro","value"]}' |
    py '"%s|%s|%s|%s" % (",".join(sorted(g["groupid"] for g in r["result"][0]["groups"])),
        ",".join(sorted(t["templateid"] for t in r["result"][0]["parentTemplates"])),
        ",".join(sorted(m["macro"] + "=" + m["value"] for m in r["result"][0]["macros"])),
        r["result"][0]["status"])'
}

echo "== user.login"
SESSION=$(call user.login '{"username":'"$(json_str "$USER_NAME")"',"password":'"$(json_str "$PASSWORD")"'}' |
    py 'r["result"]') || fail "user.login gave no result"

echo "== two groups, a template, two hosts"
G1=$(call hostgroup.create '{"name":"'"$TAG"' G1"}' | py 'r["result"]["groupids"][0]') || fail "hostgroup.create"
G2=$(call hostgroup.create '{"name":"'"$TAG"' G2"}' | py 'r["result"]["groupids"][0]') || fail "hostgroup.create"
T1=$(call template.create '{"host":"'"$TAG"' T1","groups":[{"groupid":"'"$G1"'"}]}' |
    py 'r["result"]["templateids"][0]') || fail "template.create"
H1=$(call host.create '{"host":"'"$TAG"'-H1","name":"'"$TAG"' H1 visible","groups":[{"groupid":"'"$G1"'"}],
    "macros":[{"macro":"{$KEEP}","value":"1"}]}' | py 'r["result"]["hostids"][0]') || fail "host.create H1"
H2=$(call host.create '{"host":"'"$TAG"'-H2","groups":[{"groupid":"'"$G1"'"}]}' |
    py 'r["result"]["hostids"][0]') || fail "host.create H2"

echo "== host.massadd: G2, T1 and {\$N} on both hosts"
ids=$(call host.massadd '{"hosts":[{"hostid":"'"$H1"'"},{"hostid":"'"$H2"'"}],"groups":[{"groupid":"'"$G2"'"}],
    "templates":[{"templateid":"'"$T1"'"}],"macros":[{"macro":"{$N}","value":"n"}]}' |
    py '",".join(r["result"]["hostids"])') || fail "host.massadd gave no result"
[ "$ids" = "$H1,$H2" ] || fail "host.massadd returned $ids"
[ "$(state "$H1")" = "$G1,$G2|$T1|{\$KEEP}=1,{\$N}=n|0" ] || fail "H1 after massadd: $(state "$H1")"
[ "$(state "$H2")" = "$G1,$G2|$T1|{\$N}=n|0" ] || fail "H2 after massadd: $(state "$H2")"

echo "== host.massadd of an existing macro names the visible name, and changes nothing"
err=$(call host.massadd '{"hosts":[{"hostid":"'"$H1"'"}],"macros":[{"macro":"{$N}","value":"x"}]}' |
    py 'r["error"]["data"]') || fail "the duplicate macro was accepted"
[ "$err" = "Macro \"{\$N}\" already exists on \"$TAG H1 visible\"." ] || fail "unexpected error: $err"

echo "== host.massadd of an unknown host"
err=$(call host.massadd '{"hosts":[{"hostid":"999999999"}],"groups":[{"groupid":"'"$G2"'"}]}' |
    py 'r["error"]["data"]') || fail "the unknown host was accepted"
[ "$err" = "You do not have permission to perform this operation." ] || fail "unexpected error: $err"
[ "$(state "$H1")" = "$G1,$G2|$T1|{\$KEEP}=1,{\$N}=n|0" ] || fail "H1 changed by a failed call: $(state "$H1")"

echo "== host.massupdate: only G2, macros replaced, disabled"
keep_before=$(call usermacro.get '{"hostids":["'"$H1"'"],"filter":{"macro":"{$KEEP}"},"output":["hostmacroid"]}' |
    py 'r["result"][0]["hostmacroid"]') || fail "usermacro.get"
call host.massupdate '{"hosts":[{"hostid":"'"$H1"'"},{"hostid":"'"$H2"'"}],"groups":[{"groupid":"'"$G2"'"}],
    "macros":[{"macro":"{$KEEP}","value":"2"}],"status":1}' | py 'r["result"]["hostids"]' >/dev/null ||
    fail "host.massupdate gave no result"
[ "$(state "$H1")" = "$G2|$T1|{\$KEEP}=2|1" ] || fail "H1 after massupdate: $(state "$H1")"
[ "$(state "$H2")" = "$G2|$T1|{\$KEEP}=2|1" ] || fail "H2 after massupdate: $(state "$H2")"
keep_after=$(call usermacro.get '{"hostids":["'"$H1"'"],"filter":{"macro":"{$KEEP}"},"output":["hostmacroid"]}' |
    py 'r["result"][0]["hostmacroid"]') || fail "usermacro.get"
[ "$keep_before" = "$keep_after" ] || fail "{\$KEEP} changed its id: $keep_before -> $keep_after"

echo "== host.massremove: the last group is refused"
err=$(call host.massremove '{"hostids":["'"$H1"'"],"groupids":["'"$G2"'"]}' | py 'r["error"]["data"]') ||
    fail "removing the last group was accepted"
[ "$err" = "Host \"$TAG-H1\" cannot be without host group." ] || fail "unexpected error: $err"

echo "== host.massremove: unlink T1, drop {\$KEEP}"
call host.massremove '{"hostids":["'"$H1"'","'"$H2"'"],"templateids":["'"$T1"'"],"macros":["{$KEEP}"]}' |
    py 'r["result"]["hostids"]' >/dev/null || fail "host.massremove gave no result"
[ "$(state "$H1")" = "$G2|||1" ] || fail "H1 after massremove: $(state "$H1")"
[ "$(state "$H2")" = "$G2|||1" ] || fail "H2 after massremove: $(state "$H2")"

echo "== cleanup"
call host.delete '["'"$H1"'","'"$H2"'"]' | py 'r["result"]' >/dev/null || fail "host.delete"
call template.delete '["'"$T1"'"]' | py 'r["result"]' >/dev/null || fail "template.delete"
call hostgroup.delete '["'"$G1"'","'"$G2"'"]' | py 'r["result"]' >/dev/null || fail "hostgroup.delete"
echo "host_mass.sh: OK"
