-- Okta's lookup before each create: GET /Users?filter=userName eq "..."&startIndex=1&count=100 of a random
-- user that create.lua made with one thread. Arguments: its prefix and how many it made.
dofile(os.getenv("ROSTER_WRK_DIR") .. "/common.lua")

function init(args)
  prefix = args[1]
  max = tonumber(args[2])
  unexpected = 0
  expected = 200
  headers = scim_headers(false)
  math.randomseed(tid * 7919)
end

function request()
  local u = prefix .. ".u1x" .. math.random(max) .. "@wrk.example"
  return wrk.format("GET", wrk.path .. "/Users?filter=userName%20eq%20%22" .. u .. "%22&startIndex=1&count=100",
    headers)
end

response = function(status, headers, body) check(status) end
