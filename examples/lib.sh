# shellcheck shell=bash disable=SC2034  # USER_NAME, PASSWORD: used by the examples that source it
# examples/lib.sh -- the helpers the example scripts share; each example sources it with
#   . "$(dirname "$0")/lib.sh"
# It is not an example itself (run_examples_test.sh skips it). Apart from the setup every example
# starts with (example_login, example_group_template: their calls are shown on stderr like all
# others) it runs no API call of its own: the calls stay in the examples, which read as
# documentation of them.
#
#   TMPLD_URL       endpoint (default http://127.0.0.1:8080/api_jsonrpc.php)
#   TMPLD_USER      user name (default Admin)
#   TMPLD_PASSWORD  password (default zabbix)
# Needs curl and python3 (which reads the JSON; jq is not needed).

URL=${TMPLD_URL:-http://127.0.0.1:8080/api_jsonrpc.php}
USER_NAME=${TMPLD_USER:-Admin}
PASSWORD=${TMPLD_PASSWORD:-zabbix}
SESSION=${SESSION:-}

# fail TEXT: "<script>: FAILED: TEXT" on stderr, exit 1
fail() { echo "$(basename "$0"): FAILED: $*" >&2; exit 1; }

# send URL CONTENT_TYPE BODY [curl options...]: POSTs BODY to URL (an HTTP error status fails),
# shows the request and the answer on stderr, prints the answer body
send() {
    local url=$1 type=$2 body=$3
    shift 3
    echo ">>> $body${*:+  (curl $*)}" >&2
    local answer
    answer=$(curl -sS --fail --max-time 10 -H "Content-Type: $type" "$@" --data-binary "$body" "$url")
    echo "<<< $answer" >&2
    printf '%s' "$answer"
}

# post JSON [curl options...]: POSTs one JSON-RPC request (or batch) as written, prints the answer
post() { send "$URL" application/json-rpc "$@"; }

# call METHOD PARAMS_JSON: one JSON-RPC request (id 1, with "auth": $SESSION once there is a
# session), prints the answer body
call() {
    local body
    body='{"jsonrpc":"2.0","method":"'$1'","params":'$2
    [ -z "$SESSION" ] || body=$body',"auth":"'$SESSION'"'
    post "$body"',"id":1}'
}

# json_get PATH: prints the value at PATH (dot-separated keys, or list indexes) of the JSON on stdin.
# Strings come out raw, and anything else as JSON (keys sorted). Exits 1 when the path is missing.
json_get() {
    python3 -c '
import json, sys
node = json.load(sys.stdin)
for key in sys.argv[1].split("."):
    if isinstance(node, list) and key.isdigit() and int(key) < len(node):
        node = node[int(key)]
    elif isinstance(node, dict) and key in node:
        node = node[key]
    else:
        sys.exit("missing " + sys.argv[1])
print(node if isinstance(node, str) else json.dumps(node, sort_keys=True))' "$1"
}

# json_str VALUE: VALUE as a JSON string literal
json_str() { python3 -c 'import json, sys; print(json.dumps(sys.argv[1]))' "$1"; }

# py EXPR: evaluates a Python expression over the JSON on stdin (bound to r); prints strings raw
py() {
    python3 -c '
import json, sys
r = json.load(sys.stdin)
try:
    v = eval(sys.argv[1])
except Exception as e:
    sys.exit("cannot evaluate %s: %r" % (sys.argv[1], e))
print(v if isinstance(v, str) else json.dumps(v))' "$1"
}

# expect WHAT GOT WANT
expect() { [ "$2" = "$3" ] || fail "$1: got $2, expected $3"; }

# example_login: user.login as $USER_NAME with $PASSWORD; sets SESSION (fails the example
# without one)
example_login() {
    echo "== user.login"
    SESSION=$(post '{"jsonrpc":"2.0","method":"user.login","params":{"username":"'"$USER_NAME"'","password":"'"$PASSWORD"'"},"id":1}' |
        json_get result) || fail "user.login"
}

# example_group_template NAME: the host group "NAME example $SUFFIX" and the template
# "NAME example T $SUFFIX" in it; sets G and T to their ids
example_group_template() {
    G=$(call hostgroup.create '{"name":"'"$1"' example '"$SUFFIX"'"}' | json_get result.groupids.0) ||
        fail "hostgroup.create"
    T=$(call template.create '{"host":"'"$1"' example T '"$SUFFIX"'","groups":[{"groupid":"'"$G"'"}]}' |
        json_get result.templateids.0) || fail "template.create"
}
