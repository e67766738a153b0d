-- bench/lua/read_row.lua: wrk load for the read-path rows (issue 15): one JSON-RPC method called
-- with params that name one object picked at random from an id file.
-- Script args: 1 session id, 2 id file (one id a line, from bench/gen_read.py), 3 method,
-- 4 params JSON in which every @ID@ becomes the picked id (one pick per request) and every @SEQ@
-- the request's sequence number in its wrk thread (1, 2, ...: a new value on every request, for the
-- update rows, e.g. "description":"descr @SEQ@"), 5 the success marker: an answer that is not
-- HTTP 200 holding that text counts as an rpc error, so an empty result cannot pass.
package.path = (os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/?.lua;" .. package.path
local bench = require("common")
local T = require("template_common")
bench.post(nil)
setup = bench.setup
done = bench.done
local seq = 0
local sid, method, params, marker
init = function(args)
  bench.init_counters()
  sid, method, params, marker = args[1], args[3], args[4], args[5]
  if not (sid and method and params and marker) then
    error("read_row.lua: pass SESSION IDFILE METHOD PARAMS MARKER after --")
  end
  T.ids = T.read_ids(args[2])
  local salt = tonumber(string.match(tostring({}), "0x(%x+)") or "0", 16) or 0
  math.randomseed(os.time() + salt % 1000003)
end
request = function()
  seq = seq + 1
  local p = string.gsub(params, "@ID@", T.random_id())
  p = string.gsub(p, "@SEQ@", tostring(seq))
  return wrk.format(nil, nil, nil, '{"jsonrpc":"2.0","method":"' .. method .. '","params":' .. p
    .. ',"auth":"' .. sid .. '","id":' .. seq .. '}')
end
response = function(status, headers, body)
  if status ~= 200 or not body or not string.find(body, marker, 1, true) then
    rpc_errors = rpc_errors + 1
  end
end
