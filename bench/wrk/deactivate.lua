-- Okta's deactivation, PATCH /Users/{id} {"op":"replace","value":{"active":false}}, of the ids in a file, one
-- per line, each thread its share. Arguments: the file, the number of wrk threads and, to warm up, "again":
-- start over at the first id when all are done (those PATCHes change nothing) instead of stopping.
dofile(os.getenv("ROSTER_WRK_DIR") .. "/common.lua")

function init(args)
  unexpected = 0
  expected = 200
  headers = scim_headers(true)
  body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],'
    .. '"Operations":[{"op":"replace","value":{"active":false}}]}'
  ids = {}
  local threads = tonumber(args[2])
  again = args[3] == "again"
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
  if i > #ids and again then
    i = 1
  elseif i > #ids then
    error("ran out of users to deactivate: create more users first or measure fewer seconds")
  end
  return wrk.format("PATCH", wrk.path .. "/Users/" .. ids[i], headers, body)
end

response = function(status, headers, body) check(status) end
