-- bench/lua/template_update_macros.lua: wrk load for template.update replacing the macros of one
-- random template with 10 macros ({$BENCH_0}..{$BENCH_9}, new values every request).
-- Script args: session id, id file. An answer without "templateids" counts as an rpc error.
package.path = (os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/?.lua;" .. package.path
local T = require("template_common")
T.install("template.update", function(seq)
  local m = {}
  for i = 0, 9 do
    m[#m + 1] = '{"macro":"{$BENCH_' .. i .. '}","value":"v' .. seq .. '-' .. i
      .. '","description":"bench macro"}'
  end
  return '{"templateid":"' .. T.random_id() .. '","macros":[' .. table.concat(m, ",") .. ']}'
end, '"templateids"')
