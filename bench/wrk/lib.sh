# Shell functions shared by run.sh, ab.sh and wal-pages.sh; sourced, not run. ids_of needs $base (a
# directory's SCIM base URL) and ROSTER_WRK_TOKEN (its token), which start_roster sets.

# The ids of the users whose userName starts with "$1.", one per line, in pages of 1,000.
ids_of() {
  local start=1 page
  while :; do
    page=$(curl -fsS -H "Authorization: Bearer $ROSTER_WRK_TOKEN" \
      "$base/Users?filter=userName%20sw%20%22$1.%22&attributes=id&startIndex=$start&count=1000")
    grep -o '"id":"[^"]*"' <<< "$page" | cut -d'"' -f4 || true
    [ "$(grep -o '"id":"' <<< "$page" | wc -l)" -eq 1000 ] || break
    start=$(( start + 1000 ))
  done
}

# the value of "field" in JSON printed by the CLI (one field per line)
field() { grep -o "\"$1\" *: *\"[^\"]*\"" | head -1 | cut -d'"' -f4; }

# start_roster JAR WORK [JVM OPTIONS...]: a new data folder WORK/data holding an organization and an Okta
# directory, served by JAR on a free port of 127.0.0.1 with --rate-limit 0 (its log in WORK/server.log); sets
# pid, base and ROSTER_WRK_TOKEN
start_roster() {
  local jar=$1 work=$2 org dir port=
  shift 2
  rm -rf "$work/data"
  org=$(java -jar "$jar" org create --data "$work/data" Acme | field id)
  java -jar "$jar" directory create --data "$work/data" --org "$org" --provider okta > "$work/dir"
  dir=$(field id < "$work/dir")
  ROSTER_WRK_TOKEN=$(field token < "$work/dir")
  java "$@" -jar "$jar" serve --data "$work/data" --host 127.0.0.1 --port 0 --rate-limit 0 \
    > "$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    port=$(grep -o 'serves on port [0-9]*' "$work/server.log" | grep -o '[0-9]*$') && break
    kill -0 "$pid" 2> /dev/null || { cat "$work/server.log" >&2; return 1; }
    sleep 0.1
  done
  [ -n "$port" ] || { echo "the server did not start in 60 s" >&2; return 1; }
  base=http://127.0.0.1:$port/scim/v2/$dir
}
