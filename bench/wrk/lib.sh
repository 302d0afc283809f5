# Shell functions shared by run.sh, ab.sh and wal-pages.sh; sourced, not run. ids_of needs $base (a
# directory's SCIM base URL) and ROSTER_WRK_TOKEN (its token), which start_roster and start_peer set.

# The ids of the users whose userName starts with "$1.", one per line, in pages of 1,000. Polis (start_peer)
# filters with eq only (sw is a 500 there): its ids are those of all the directory's users, page after page until
# one is empty (its pages may be shorter than asked), the same since its directory holds only the run's users.
ids_of() {
  local start=1 page n
  if [ "${peer:-}" = polis ]; then
    while :; do
      page=$(curl -fsS -H "Authorization: Bearer $ROSTER_WRK_TOKEN" "$base/Users?startIndex=$start&count=1000")
      n=$(grep -o '"id":"' <<< "$page" | wc -l) || true # grep fails on the empty page, which ends the list
      [ "$n" -gt 0 ] || break
      grep -o '"id":"[^"]*"' <<< "$page" | cut -d'"' -f4
      start=$(( start + n ))
    done
    return
  fi
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
# pid, base and ROSTER_WRK_TOKEN. With ROSTER_AB_PG=HOST:PORT, a new PostgreSQL database roster_ab there instead
# (dropped first if it exists; user postgres, whose password is ROSTER_DATABASE_PASSWORD; ROSTER_SECRET_KEY set)
start_roster() {
  local jar=$1 work=$2 org dir where port=
  shift 2
  peer=
  rm -rf "$work/data"
  where=(--data "$work/data")
  if [ -n "${ROSTER_AB_PG:-}" ]; then
    PGPASSWORD=${ROSTER_DATABASE_PASSWORD:-} PGOPTIONS='-c client_min_messages=warning' \
      psql -h "${ROSTER_AB_PG%:*}" -p "${ROSTER_AB_PG##*:}" -U postgres -qX -v ON_ERROR_STOP=1 \
      -c 'DROP DATABASE IF EXISTS roster_ab' -c 'CREATE DATABASE roster_ab'
    where=(--database-url "jdbc:postgresql://$ROSTER_AB_PG/roster_ab" --database-user postgres)
  fi
  org=$(java -jar "$jar" org create "${where[@]}" Acme | field id)
  java -jar "$jar" directory create "${where[@]}" --org "$org" --provider okta > "$work/dir"
  dir=$(field id < "$work/dir")
  ROSTER_WRK_TOKEN=$(field token < "$work/dir")
  java "$@" -jar "$jar" serve "${where[@]}" --host 127.0.0.1 --port 0 --rate-limit 0 \
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

# start_peer WORK: issue #19's peer, Ory Polis (bench/peer/polis: its in-memory store, one Okta directory, a
# plain node:http host) on a free port of 127.0.0.1 (its log in WORK/server.log); sets pid, base and
# ROSTER_WRK_TOKEN, and peer=polis for ids_of. The package.json's pinned Polis is installed once into
# ${XDG_CACHE_HOME:-$HOME/.cache}/roster-bench/polis-<version> (npm, install scripts off: the in-memory store
# needs none), outside the repository; the host runs from there.
start_peer() {
  local work=$1 src version cache line=
  src=$ROSTER_WRK_DIR/../peer/polis
  version=$(grep -o '"@boxyhq/saml-jackson": *"[^"]*"' "$src/package.json" | cut -d'"' -f4)
  cache=${XDG_CACHE_HOME:-$HOME/.cache}/roster-bench/polis-$version
  command -v node > /dev/null || { echo "node is not installed (Polis needs Node.js 20 or later)" >&2; return 1; }
  if [ ! -e "$cache/.installed" ] || ! cmp -s "$src/package.json" "$cache/package.json"; then
    echo "installing Polis $version into $cache" >&2
    rm -f "$cache/.installed"
    mkdir -p "$cache"
    cp "$src/package.json" "$cache/package.json"
    (cd "$cache" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error) >&2 || return 1
    touch "$cache/.installed"
  fi
  cp "$src/host.mjs" "$cache/host.mjs" # imports resolve from the file's folder: the cache's node_modules
  # lists in pages of 1,000 as ids_of asks, not Polis's default 50 (only lists read that limit)
  DB_PAGE_LIMIT=1000 node "$cache/host.mjs" 0 > "$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    line=$(grep -m 1 '^serves on port [0-9]* base ' "$work/server.log") && break
    kill -0 "$pid" 2> /dev/null || { cat "$work/server.log" >&2; return 1; }
    sleep 0.1
  done
  [ -n "$line" ] || { echo "Polis did not start in 60 s" >&2; return 1; }
  base=$(awk '{ print $6 }' <<< "$line")
  ROSTER_WRK_TOKEN=$(awk '{ print $8 }' <<< "$line")
  peer=polis
}
