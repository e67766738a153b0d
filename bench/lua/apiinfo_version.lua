-- bench/lua/apiinfo_version.lua: wrk load for apiinfo.version (no auth, no store access beyond dispatch).
-- Every answer is checked for a JSON-RPC "result"; failures are counted as rpc_errors.
package.path = (os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/?.lua;" .. package.path
local bench = require("common")
bench.post('{"jsonrpc":"2.0","method":"apiinfo.version","params":{},"id":1}')
bench.install()
