-- bench/lua/template_get_byname.lua: wrk load for template.get with filter {"host": NAME} of one
-- random generated template (NAME = PREFIX-NNNNNN, NNNNNN below the number of ids in the id file).
-- Script args: session id, id file, name prefix. An answer without a template counts as an rpc error.
package.path = (os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/?.lua;" .. package.path
local T = require("template_common")
T.install("template.get", function()
  local name = string.format("%s-%06d", T.prefix, math.random(#T.ids) - 1)
  return '{"filter":{"host":"' .. name .. '"},"output":["host","name"]}'
end, '"templateid"')
