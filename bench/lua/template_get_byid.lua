-- bench/lua/template_get_byid.lua: wrk load for template.get of one random template by id, with
-- selectGroups, selectParentTemplates, selectMacros and selectTags.
-- Script args: session id, id file (see template_common.lua). An answer without a template counts
-- as an rpc error.
package.path = (os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/?.lua;" .. package.path
local T = require("template_common")
T.install("template.get", function()
  return '{"templateids":["' .. T.random_id() .. '"],"output":["host","name","description"],'
    .. '"selectGroups":["groupid","name"],"selectParentTemplates":["templateid","host"],'
    .. '"selectMacros":["macro","value"],"selectTags":["tag","value"]}'
end, '"templateid"')
