-- wrk script: gate decisions for random organisations of a seeded store
-- (bench/loadgen seed), half membership and half exchange. The requests
-- are formatted once, in init, so that the load generator spends as
-- little of the shared CPU as it can.
--   ORGS=10000 GATE_TOKEN=... wrk -t1 -c10 -d15s -s bench/gate.lua http://127.0.0.1:18181
local orgs = tonumber(os.getenv("ORGS") or "10000")
local token = os.getenv("GATE_TOKEN") or ""
local reqs = {}

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed or 1)
  local headers = {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}
  for i = 0, orgs - 1 do
    local org, site = string.format("org-%05d", i), string.format("site-%05d", i)
    reqs[#reqs + 1] = wrk.format("POST", "/v1/gate/membership", headers,
      string.format('{"org":"%s","site":"%s"}', org, site))
    reqs[#reqs + 1] = wrk.format("POST", "/v1/gate/exchange", headers,
      string.format('{"org":"%s","site":"%s","contract":"C-%05d"}', org, site, i))
  end
end

request = function()
  return reqs[math.random(1, #reqs)]
end

done = function(summary, latency, requests)
  io.write(string.format("gate: %d requests in %.2fs = %.0f req/s; latency p50 %.2fms p90 %.2fms p99 %.2fms max %.2fms; errors: connect %d read %d write %d status %d timeout %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
