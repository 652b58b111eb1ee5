-- wrk script: gate decisions for random organisations of a seeded store
-- (bench/loadgen seed), half membership and half exchange.
--   ORGS=10000 GATE_TOKEN=... wrk -t1 -c32 -d15s -s bench/gate.lua http://127.0.0.1:18181
local orgs = tonumber(os.getenv("ORGS") or "10000")
local token = os.getenv("GATE_TOKEN") or ""
local n = 0

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed or 1)
end

request = function()
  n = n + 1
  local i = math.random(0, orgs - 1)
  local org, site = string.format("org-%05d", i), string.format("site-%05d", i)
  local headers = {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}
  if n % 2 == 0 then
    return wrk.format("POST", "/v1/gate/membership", headers,
      string.format('{"org":"%s","site":"%s"}', org, site))
  end
  return wrk.format("POST", "/v1/gate/exchange", headers,
    string.format('{"org":"%s","site":"%s","contract":"C-%05d"}', org, site, i))
end

done = function(summary, latency, requests)
  io.write(string.format("gate: %d requests in %.2fs = %.0f req/s; latency p50 %.2fms p90 %.2fms p99 %.2fms max %.2fms; errors: connect %d read %d write %d status %d timeout %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
