-- bench/lua/common.lua: shared helpers for the tmpld wrk scripts.
-- Does: sets up a JSON-RPC POST (method, path, Content-Type), checks every answer for a JSON-RPC
-- "result" (an HTTP 200 carrying an "error" object counts as an rpc error, not as a success),
-- sums per-thread counters in done() and prints one machine-readable line:
--   BENCH_RESULT requests=N duration_us=N rps=N p50_us=N p90_us=N p99_us=N max_us=N
--                errors_socket=N errors_status=N errors_timeout=N rpc_errors=N [extra counters]
-- The bench driver (bench/run.sh) parses that line; wrk's own summary is kept for reference.
local M = {}

-- names of per-thread globals summed in done(); scripts may append their own
M.counters = { "rpc_errors" }

local threads = {}

function M.post(body)
  wrk.method = "POST"
  wrk.path = os.getenv("BENCH_PATH") or "/api_jsonrpc.php"
  wrk.headers["Content-Type"] = "application/json-rpc"
  if body then wrk.body = body end
end

-- true when the body is a JSON-RPC success (has a "result" member)
function M.is_result(body)
  return body ~= nil and string.find(body, '"result"', 1, true) ~= nil
end

function M.setup(thread)
  table.insert(threads, thread)
end

-- default per-thread init: zero the counters
function M.init_counters()
  for _, name in ipairs(M.counters) do _G[name] = 0 end
end

function M.response(status, headers, body)
  if status ~= 200 or not M.is_result(body) then
    rpc_errors = (rpc_errors or 0) + 1
  end
end

function M.done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  local parts = {
    "BENCH_RESULT",
    string.format("requests=%d", summary.requests),
    string.format("duration_us=%d", summary.duration),
    string.format("rps=%.1f", secs > 0 and summary.requests / secs or 0),
    string.format("p50_us=%d", latency:percentile(50)),
    string.format("p90_us=%d", latency:percentile(90)),
    string.format("p99_us=%d", latency:percentile(99)),
    string.format("max_us=%d", latency.max),
    string.format("errors_socket=%d", e.connect + e.read + e.write),
    string.format("errors_status=%d", e.status),
    string.format("errors_timeout=%d", e.timeout),
  }
  for _, name in ipairs(M.counters) do
    local total = 0
    for _, t in ipairs(threads) do total = total + (tonumber(t:get(name)) or 0) end
    table.insert(parts, string.format("%s=%d", name, total))
  end
  io.write(table.concat(parts, " "), "\n")
end

-- install the standard setup/init/response/done globals
function M.install()
  setup = M.setup
  init = function(args) M.init_counters() end
  response = M.response
  done = M.done
end

return M
