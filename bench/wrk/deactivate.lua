-- Okta's deactivation, PATCH /Users/{id} {"op":"replace","value":{"active":false}}, of the ids in a file, one
-- per line, each thread its share. Arguments: the file and the number of wrk threads.
dofile(os.getenv("ROSTER_WRK_DIR") .. "/common.lua")

function init(args)
  unexpected = 0
  expected = 200
  headers = scim_headers(true)
  body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],'
    .. '"Operations":[{"op":"replace","value":{"active":false}}]}'
  ids = {}
  local threads = tonumber(args[2])
  local line = 0
  for id in io.lines(args[1]) do
    if line % threads == tid - 1 then
      table.insert(ids, id)
    end
    line = line + 1
  end
  i = 0
end

function request()
  i = i + 1
  if i > #ids then
    error("ran out of users to deactivate: give run.sh more users or fewer seconds")
  end
  return wrk.format("PATCH", wrk.path .. "/Users/" .. ids[i], headers, body)
end

response = function(status, headers, body) check(status) end
