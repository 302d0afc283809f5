-- Shared by the wrk scripts of bench/wrk/run.sh: each wrk thread gets a number (tid), counts the answers whose
-- status is not the one its script expects, and done() prints one line run.sh reads.
local threads = {}
local count = 0

function setup(thread)
  count = count + 1
  thread:set("tid", count)
  table.insert(threads, thread)
end

function check(status)
  if status ~= expected then
    unexpected = unexpected + 1
    if unexpected <= 3 then
      io.stderr:write("unexpected status " .. status .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do
    n = n + t:get("unexpected")
  end
  io.write(string.format("RESULT requests=%d seconds=%.3f unexpected=%d errors=%d p50=%.2f p99=%.2f\n",
    summary.requests, summary.duration / 1e6, n,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end

function scim_headers(with_body)
  local h = { ["Authorization"] = "Bearer " .. os.getenv("ROSTER_WRK_TOKEN"),
    ["Accept"] = "application/scim+json", ["User-Agent"] = "Okta SCIM Client 1.0.0" }
  if with_body then
    h["Content-Type"] = "application/scim+json; charset=utf-8"
  end
  return h
end
