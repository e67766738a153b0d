#!/usr/bin/env bash
# examples/graphs.sh -- graphs with curl: graph.create on a template's items, graph.get
# (selectGraphItems, selectItems), graphitem.get, linking the template to a host (the host gets a
# copy of the graph on its copies of the items), a copy refusing an update, graph.update on the
# template (the copy follows), template.get selectGraphs "count", the graph in
# configuration.export, item.delete (a graph left without items goes), and the cleanup. Each
# answer is checked; the script exits non-zero when one is not as expected.
#
#   TMPLD_URL       endpoint (default http://127.0.0.1:8080/api_jsonrpc.php)
#   TMPLD_USER      user name (default Admin)
#   TMPLD_PASSWORD  password (default zabbix)
# Needs curl and python3 (which reads the JSON; jq is not needed).

set -euo pipefail

. "$(dirname "$0")/lib.sh"
SUFFIX=$$-$RANDOM

example_login

echo "== a group, a template with two items, a host"
example_group_template graphs
H=$(call host.create '{"host":"graphs-example-H-'"$SUFFIX"'","groups":[{"groupid":"'"$G"'"}]}' |
    json_get result.hostids.0) || fail "host.create"
I1=$(call item.create '{"hostid":"'"$T"'","name":"In","key_":"net.in","type":2,"value_type":3}' |
    json_get result.itemids.0) || fail "item.create"
I2=$(call item.create '{"hostid":"'"$T"'","name":"Out","key_":"net.out","type":2,"value_type":3}' |
    json_get result.itemids.0) || fail "item.create"

echo "== graph.create on the template's items"
GR=$(call graph.create '{"name":"Traffic","graphtype":1,"gitems":[{"itemid":"'"$I1"'","color":"00AA00"},{"itemid":"'"$I2"'","color":"0000CC","drawtype":2}]}' |
    json_get result.graphids.0) || fail "graph.create"
got=$(call graph.get '{"graphids":["'"$GR"'"],"output":"extend","selectGraphItems":["itemid","color","sortorder"],"selectItems":["key_"]}')
expect "type, uuid length, gitems' sortorder" \
    "$(echo "$got" | py '[r["result"][0]["graphtype"], len(r["result"][0]["uuid"]), sorted(g["sortorder"] for g in r["result"][0]["gitems"])]')" \
    '["1", 32, ["0", "1"]]'
got=$(call graph.create '{"name":"Traffic","gitems":[{"itemid":"'"$I1"'","color":"00AA00"}]}')
expect "a name taken" "$(echo "$got" | json_get error.data)" 'Graph with name "Traffic" already exists in graphs or graph prototypes.'

echo "== link the template to the host: a copy on the host's items"
call host.update '{"hostid":"'"$H"'","templates":[{"templateid":"'"$T"'"}]}' | json_get result.hostids.0 >/dev/null ||
    fail "host.update templates"
got=$(call graph.get '{"hostids":["'"$H"'"],"output":["name","templateid"],"selectHosts":["host"]}')
read -r C TID < <(echo "$got" | py '" ".join([r["result"][0]["graphid"], r["result"][0]["templateid"]])') ||
    fail "no copy on the host"
expect "the copy's templateid" "$TID" "$GR"
got=$(call graph.update '{"graphid":"'"$C"'","height":300}')
expect "a copy is not updated" "$(echo "$got" | json_get error.data)" 'Cannot update a templated graph "Traffic".'

echo "== graph.update on the template: the copy follows"
call graph.update '{"graphid":"'"$GR"'","name":"Traffic in","gitems":[{"itemid":"'"$I1"'","color":"FF0000"}]}' |
    json_get result.graphids.0 >/dev/null || fail "graph.update"
got=$(call graph.get '{"graphids":["'"$C"'"],"output":["name"],"selectGraphItems":["color"]}')
expect "the copy's name and gitem" "$(echo "$got" | py '[r["result"][0]["name"], r["result"][0]["gitems"]]')" \
    '["Traffic in", [{"color": "FF0000"}]]'
expect "template.get selectGraphs count" \
    "$(call template.get '{"templateids":["'"$T"'"],"output":["host"],"selectGraphs":"count"}' | json_get result.0.graphs)" 1

echo "== the graph in configuration.export (top-level graphs)"
got=$(call configuration.export '{"format":"raw","options":{"templates":["'"$T"'"]}}')
expect "exported graph and its item" \
    "$(echo "$got" | py '[(g["name"], g["graph_items"][0]["item"]["key"]) for g in r["result"]["zabbix_export"]["graphs"]]')" \
    '[["Traffic in", "net.in"]]'

echo "== item.delete: a graph left without items goes, with its copy"
call item.delete '["'"$I1"'"]' | json_get result.itemids.0 >/dev/null || fail "item.delete"
expect "graphs left" "$(call graph.get '{"graphids":["'"$GR"'","'"$C"'"],"countOutput":true}' | json_get result)" 0

echo "== cleanup"
call host.delete '["'"$H"'"]' | json_get result >/dev/null || fail "host.delete"
call template.delete '["'"$T"'"]' | json_get result >/dev/null || fail "template.delete"
call hostgroup.delete '["'"$G"'"]' | json_get result >/dev/null || fail "hostgroup.delete"
echo "graphs.sh: OK"
