-- bench/lua/template_update_description.lua: wrk load for template.update of the description of
-- one random template (a new text every request). Script args: session id, id file.
-- An answer without "templateids" counts as an rpc error.
package.path = (os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/?.lua;" .. package.path
local T = require("template_common")
T.install("template.update", function(seq)
  return '{"templateid":"' .. T.random_id() .. '","description":"bench description '
    .. seq .. '-' .. math.random(1000000) .. '"}'
end, '"templateids"')
