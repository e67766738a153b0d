#!/usr/bin/env bash
# examples/bkcmdb_update_proc_template.sh -- the BlueKing CMDB document's update_proc_template
# example, run against tmpld's ESB routes with curl: it creates a service template and a process
# template first (create_service_template, batch_create_proc_template), then sends the
# document's example request with its ids substituted, and checks that the reply's data is the
# example's data (ids and times aside). Exits non-zero when an answer is not as expected.
#
#   TMPLD_URL        JSON-RPC endpoint; the ESB routes are beside it
#                    (default http://127.0.0.1:8080/api_jsonrpc.php)
#   BK_APP_CODE      app code (default esb_test)      the server needs
#   BK_APP_SECRET    app secret (default xxx)         --bk-app esb_test:xxx:trusted
#   BK_USERNAME      the caller, a tmpld user (default Admin)
#   BK_BIZ_ID        business id (default 1)
# Needs curl and python3.

set -euo pipefail

. "$(dirname "$0")/lib.sh"
BASE=${URL%/api_jsonrpc.php}/api/c/compapi/v2/cc
APP_CODE=${BK_APP_CODE:-esb_test}
APP_SECRET=${BK_APP_SECRET:-xxx}
USERNAME=${BK_USERNAME:-Admin}
BIZ=${BK_BIZ_ID:-1}

# esb NAME JSON: POSTs to /api/c/compapi/v2/cc/NAME/, prints the answer
esb() { send "$BASE/$1/" application/json "$2"; }

# data PATH: the envelope on stdin must have code 0; prints data[.PATH] (raw strings, else JSON)
data() {
    python3 -c '
import json, sys
r = json.load(sys.stdin)
if r.get("code") != 0 or r.get("result") is not True:
    sys.exit("call failed: %s" % r.get("message"))
node = r["data"]
for key in filter(None, sys.argv[1].split(".")):
    node = node[int(key)] if isinstance(node, list) else node[key]
print(node if isinstance(node, str) else json.dumps(node))' "${1:-}"
}

auth='"bk_app_code":"'$APP_CODE'","bk_app_secret":"'$APP_SECRET'","bk_username":"'$USERNAME'"'

echo "== create_service_template"
svc=$(esb create_service_template '{'"$auth"',"bk_biz_id":'"$BIZ"',"name":"example-'$$'"}' |
    data id) || fail "create_service_template"
echo "service template: $svc"

echo "== batch_create_proc_template"
proc=$(esb batch_create_proc_template '{'"$auth"',"bk_biz_id":'"$BIZ"',"service_template_id":'"$svc"',
  "processes":[{"spec":{"bk_process_name":{"value":"a7","as_default_value":true},
  "bk_func_name":{"value":"a7","as_default_value":true}}}]}' | data 0) ||
    fail "batch_create_proc_template"
echo "process template: $proc"

echo "== update_proc_template (the document's example)"
request=$(cat <<JSON
{
  "bk_app_code": "$APP_CODE",
  "bk_app_secret": "$APP_SECRET",
  "bk_username": "$USERNAME",
  "bk_token": "xxx",
  "bk_biz_id": $BIZ,
  "process_template_id": $proc,
  "process_property": {
    "proc_num": {"value": 300, "as_default_value": false},
    "stop_cmd": {"value": "", "as_default_value": false},
    "restart_cmd": {"value": "", "as_default_value": false},
    "face_stop_cmd": {"value": "", "as_default_value": false},
    "bk_func_name": {"value": "p1", "as_default_value": true},
    "work_path": {"value": "", "as_default_value": false},
    "priority": {"value": null, "as_default_value": false},
    "reload_cmd": {"value": "", "as_default_value": false},
    "bk_process_name": {"value": "p1", "as_default_value": true},
    "pid_file": {"value": "", "as_default_value": false},
    "auto_start": {"value": false, "as_default_value": false},
    "auto_time_gap": {"value": null, "as_default_value": false},
    "start_cmd": {"value": "", "as_default_value": false},
    "bk_func_id": {"value": null, "as_default_value": false},
    "user": {"value": "root100", "as_default_value": false},
    "timeout": {"value": null, "as_default_value": false},
    "description": {"value": "", "as_default_value": false},
    "bk_start_param_regex": {"value": "", "as_default_value": false},
    "bind_info": {
      "value": [
        {
          "enable": {"value": false, "as_default_value": true},
          "ip": {"value": "1", "as_default_value": true},
          "port": {"value": "100", "as_default_value": true},
          "protocol": {"value": "1", "as_default_value": true},
          "row_id": 1
        }
      ],
      "as_default_value": true
    }
  }
}
JSON
)
answer=$(esb update_proc_template "$request")
got=$(printf '%s' "$answer" | data) || fail "update_proc_template"

# The reply's data is the example's: the property sent, the ids, the audit fields.
python3 - "$request" "$got" "$svc" "$USERNAME" <<'PY' || fail "the reply is not the example's data"
import json, re, sys
req, got = json.loads(sys.argv[1]), json.loads(sys.argv[2])
svc, user = int(sys.argv[3]), sys.argv[4]
want = {"id": req["process_template_id"], "bk_process_name": "p1", "bk_biz_id": req["bk_biz_id"],
        "service_template_id": svc, "property": req["process_property"], "creator": user,
        "modifier": user, "bk_supplier_account": "0"}
rfc3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+[+-]\d\d:\d\d$")
for k in ("create_time", "last_time"):
    assert rfc3339.match(got.pop(k)), k
assert got == want, json.dumps(got, indent=1)
print("the reply's data is the example's data")
PY
echo "bkcmdb_update_proc_template.sh: OK"
