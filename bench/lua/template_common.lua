-- bench/lua/template_common.lua: shared parts of the template.* wrk scripts.
-- Does: reads the script arguments (1: session id, 2: a file of template ids, one a line, written
-- by bench/gen_templates.py; 3: the name prefix of the generated templates), seeds the random
-- generator per thread, and installs request/response handlers: request() asks the row script for
-- the next params (a JSON text) and wraps them in a JSON-RPC envelope; response() counts an answer
-- as an rpc error unless it is HTTP 200 holding the row's success marker (e.g. '"templateid"' for a
-- get, so an empty result cannot pass as a success).
local bench = require("common")
local T = {}

T.ids = {}

function T.read_ids(path)
  local ids = {}
  local f = io.open(path, "r")
  if not f then error("template_common.lua: cannot read the id file " .. tostring(path)) end
  for line in f:lines() do
    if line ~= "" then ids[#ids + 1] = line end
  end
  f:close()
  if #ids == 0 then error("template_common.lua: no ids in " .. path) end
  return ids
end

-- a template id picked at random from the id file
function T.random_id()
  return T.ids[math.random(#T.ids)]
end

-- install(method, params_fn, marker): params_fn() returns the params JSON of the next request
function T.install(method, params_fn, marker)
  bench.post(nil)
  setup = bench.setup
  done = bench.done
  local seq = 0
  init = function(args)
    bench.init_counters()
    T.sid, T.prefix = args[1], args[3]
    if not T.sid or T.sid == "" then error("pass the session id after --") end
    T.ids = T.read_ids(args[2])
    local salt = tonumber(string.match(tostring({}), "0x(%x+)") or "0", 16) or 0
    math.randomseed(os.time() + salt % 1000003)
  end
  request = function()
    seq = seq + 1
    return wrk.format(nil, nil, nil, '{"jsonrpc":"2.0","method":"' .. method .. '","params":'
      .. params_fn(seq) .. ',"auth":"' .. T.sid .. '","id":' .. seq .. '}')
  end
  response = function(status, headers, body)
    if status ~= 200 or not body or not string.find(body, marker, 1, true) then
      rpc_errors = rpc_errors + 1
    end
  end
end

return T
