-- bench/lua/login_logout.lua: background load of clients that log in and out in a loop.
-- Each connection alternates user.login (Admin/zabbix, or script args 1 and 2) and user.logout of the
-- session id parsed from the login answer. Sessions are queued per thread, so any number of connections
-- per thread works: a request is a logout when a fresh session is waiting, otherwise a login.
-- Counters (summed in done): logins, logouts, rpc_errors (any answer that is not a success).
package.path = (os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/?.lua;" .. package.path
local bench = require("common")
bench.install()
bench.post(nil)
table.insert(bench.counters, "logins")
table.insert(bench.counters, "logouts")

local login_body
local pending = {}   -- session ids waiting to be logged out
local id = 0

init = function(args)
  bench.init_counters()
  local user = args[1] or "Admin"
  local pass = args[2] or "zabbix"
  login_body = '{"jsonrpc":"2.0","method":"user.login","params":{"username":"' .. user
    .. '","password":"' .. pass .. '"},"id":1}'
end

request = function()
  id = id + 1
  local sid = table.remove(pending)
  if sid then
    return wrk.format(nil, nil, nil,
      '{"jsonrpc":"2.0","method":"user.logout","params":[],"auth":"' .. sid .. '","id":' .. id .. '}')
  end
  return wrk.format(nil, nil, nil, login_body)
end

response = function(status, headers, body)
  -- the kind of answer is read from the body itself: a hex string result is a login,
  -- true is a logout, anything else is an error
  if status ~= 200 or not body then
    rpc_errors = rpc_errors + 1
    return
  end
  local sid = string.match(body, '"result"%s*:%s*"(%x+)"')
  if sid then
    logins = logins + 1
    table.insert(pending, sid)
  elseif string.find(body, '"result":true', 1, true) or string.find(body, '"result": true', 1, true) then
    logouts = logouts + 1
  else
    rpc_errors = rpc_errors + 1
  end
end
