#!/usr/bin/env bash
# examples/dashboards.sh -- template dashboards with curl: templatedashboard.create on a template
# (two pages, a clock and an item widget that names the template's item), templatedashboard.get
# (selectPages), template.get selectDashboards, the overlap error, templatedashboard.update (a
# widget kept by its id, the other dropped), the dashboard in configuration.export,
# templatedashboard.delete and the cleanup. Each answer is checked; the script exits non-zero
# when one is not as expected.
#
#   TMPLD_URL       endpoint (default http://127.0.0.1:8080/api_jsonrpc.php)
#   TMPLD_USER      user name (default Admin)
#   TMPLD_PASSWORD  password (default zabbix)
# Needs curl and python3 (which reads the JSON; jq is not needed).

set -euo pipefail

. "$(dirname "$0")/lib.sh"
SUFFIX=$$-$RANDOM

example_login

echo "== a group and a template with an item"
example_group_template dashboards
I=$(call item.create '{"hostid":"'"$T"'","name":"Load","key_":"system.load","type":2,"value_type":0}' |
    json_get result.itemids.0) || fail "item.create"

echo "== templatedashboard.create: two pages, a clock and an item widget"
D=$(call templatedashboard.create '{"templateid":"'"$T"'","name":"Overview","pages":[{"name":"Main","widgets":[{"type":"clock","name":"Clock","width":4,"height":3,"view_mode":1,"fields":[{"type":0,"name":"time_type","value":1}]},{"type":"item","x":4,"width":6,"height":3,"fields":[{"type":4,"name":"itemid","value":"'"$I"'"}]}]},{"name":"Second","display_period":60}]}' |
    json_get result.dashboardids.0) || fail "templatedashboard.create"
got=$(call templatedashboard.get '{"dashboardids":["'"$D"'"],"output":"extend","selectPages":"extend"}')
[ "$(echo "$got" | json_get result.0.display_period)" = 30 ] || fail "display_period default"
[ "$(echo "$got" | json_get result.0.pages.1.name)" = Second ] || fail "pages in order"
W=$(echo "$got" | json_get result.0.pages.0.widgets.0.widgetid) || fail "widgetid"
P=$(echo "$got" | json_get result.0.pages.0.dashboard_pageid) || fail "dashboard_pageid"
[ "$(echo "$got" | json_get result.0.pages.0.widgets.1.fields.0.value)" = "$I" ] || fail "the item field"
[ "$(call template.get '{"templateids":["'"$T"'"],"output":["host"],"selectDashboards":"count"}' |
    json_get result.0.dashboards)" = 1 ] || fail "selectDashboards count"

echo "== overlapping widgets are refused"
got=$(call templatedashboard.create '{"templateid":"'"$T"'","name":"Bad","pages":[{"widgets":[{"type":"clock","width":4,"height":3},{"type":"clock","x":2,"y":1}]}]}')
[ "$(echo "$got" | json_get error.data)" = 'Overlapping widgets at X:2, Y:1 on page #1 of dashboard "Bad".' ] ||
    fail "overlap"

echo "== templatedashboard.update: the clock kept by its id and widened, the rest dropped"
call templatedashboard.update '{"dashboardid":"'"$D"'","pages":[{"dashboard_pageid":"'"$P"'","widgets":[{"widgetid":"'"$W"'","width":6}]}]}' |
    json_get result.dashboardids.0 >/dev/null || fail "templatedashboard.update"
got=$(call templatedashboard.get '{"dashboardids":["'"$D"'"],"selectPages":["widgets"]}')
[ "$(echo "$got" | json_get result.0.pages.0.widgets.0.width)" = 6 ] || fail "width"
[ "$(echo "$got" | json_get result.0.pages.0.widgets.0.name)" = Clock ] || fail "the unsent name is kept"

echo "== the export shows it"
got=$(call configuration.export '{"format":"yaml","options":{"templates":["'"$T"'"]}}' | json_get result)
[[ $got == *"hide_header: 'YES'"* ]] || fail "export"

echo "== templatedashboard.delete"
call templatedashboard.delete '["'"$D"'"]' | json_get result.dashboardids.0 >/dev/null || fail "templatedashboard.delete"

echo "== cleanup"
call template.delete '["'"$T"'"]' | json_get result >/dev/null || fail "template.delete"
call hostgroup.delete '["'"$G"'"]' | json_get result >/dev/null || fail "hostgroup.delete"
echo "dashboards.sh: OK"
