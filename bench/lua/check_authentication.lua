-- bench/lua/check_authentication.lua: wrk load for user.checkAuthentication {sessionid}.
-- Script argument 1 (after "--" on the wrk command line): the session id to check, obtained by the
-- driver with one user.login before the run. Answers without "result" are counted as rpc_errors.
package.path = (os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/?.lua;" .. package.path
local bench = require("common")
bench.install()
bench.post(nil)

init = function(args)
  bench.init_counters()
  local sid = args[1]
  if not sid or sid == "" then
    error("check_authentication.lua: pass the session id after --")
  end
  wrk.body = '{"jsonrpc":"2.0","method":"user.checkAuthentication","params":{"sessionid":"'
    .. sid .. '"},"id":1}'
end
