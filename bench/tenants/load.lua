-- wrk script of bench/tenants' load phase: every request goes to a tenant drawn at random from KEYS (a file of
-- "slug key" lines written by `tenant-bench keys`), as one of five kinds: 35 % list parties, 25 % list invoices,
-- 15 % trial balance, 10 % the tenant's settings, 15 % create a party (a write). `done` prints one line of figures.
local keys = {}
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread_id = thread_id + 1
  thread:set("id", thread_id)
  table.insert(threads, thread)
end

function init(args)
  local path = os.getenv("KEYS") or error("KEYS is not set")
  for line in io.lines(path) do
    local key = line:match("^%S+%s+(%S+)$")
    if key then table.insert(keys, key) end
  end
  if #keys == 0 then error("no keys in " .. path) end
  math.randomseed(os.time() * 1000 + (id or 0))
end

local reads = {
  {35, "/v1/parties?limit=10"},
  {25, "/v1/invoices?limit=10"},
  {15, "/v1/reports/trial-balance?as_of=2026-12-31"},
  {10, "/v1/tenant"},
}

function request()
  local headers = {["Authorization"] = "Bearer " .. keys[math.random(#keys)]}
  local roll = math.random(100)
  for _, r in ipairs(reads) do
    if roll <= r[1] then return wrk.format("GET", r[2], headers) end
    roll = roll - r[1]
  end
  counter = counter + 1
  headers["Content-Type"] = "application/json"
  return wrk.format("POST", "/v1/parties", headers,
    string.format('{"kind":"customer","name":"Load %d-%d"}', id or 0, counter))
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "requests %d, req_per_s %.1f, p50_ms %.2f, p99_ms %.2f, max_ms %.2f, non2xx %d, socket_errors %d\n",
    summary.requests, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
