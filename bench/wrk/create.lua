-- POST /Users with Okta's body (as bench standard sends it); userNames <prefix>.u<thread>x<i>@wrk.example.
-- Argument: the prefix.
dofile(os.getenv("ROSTER_WRK_DIR") .. "/common.lua")

function init(args)
  prefix = args[1]
  i = 0
  unexpected = 0
  expected = 201
  path = wrk.path .. "/Users"
  headers = scim_headers(true)
end

function request()
  i = i + 1
  local k = tid .. "x" .. i
  local u = prefix .. ".u" .. k .. "@wrk.example"
  local body = '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"' .. u
    .. '","name":{"givenName":"Given' .. k .. '","familyName":"Family' .. k .. '"},'
    .. '"emails":[{"primary":true,"value":"' .. u .. '","type":"work"}],'
    .. '"displayName":"Given' .. k .. ' Family' .. k .. '","locale":"en-US","externalId":"00u' .. prefix .. k
    .. '","groups":[],"password":"pw-' .. k .. '","active":true}'
  return wrk.format("POST", path, headers, body)
end

response = function(status, headers, body) check(status) end
