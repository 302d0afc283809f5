#!/bin/sh
# Makes roster-v7.db: a database written by Roster as of commit 6920eae (2026-11-29, schema version 7, the last
# state before the migrations of December: V8 to V14), through its own HTTP API. Usage, from the repository root:
#   git worktree add --detach /tmp/roster-v7 6920eae
#   (cd /tmp/roster-v7 && mvn -B -q -DskipTests -Dcheckstyle.skip package)
#   sh roster-server/src/test/resources/upgrade/make-fixture.sh /tmp/roster-v7/roster-server/target/roster.jar
set -eu
JAR=$1
OUT=$(cd "$(dirname "$0")" && pwd)/roster-v7.db
DATA=$(mktemp -d)/data
PORT=18787
ADMIN=rsta_fixture_operator_token_0123456789
R=http://127.0.0.1:$PORT
ROSTER_ADMIN_TOKEN=$ADMIN java -jar "$JAR" serve --port $PORT --host 127.0.0.1 --data "$DATA" >"$DATA.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
until curl -sf $R/readyz >/dev/null; do sleep 0.5; done
api() { curl -sf -X "$1" "$R$2" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' ${3:+-d "$3"}; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

ACME=$(api POST /api/v1/organizations '{"name":"Acme"}' | field id)
GLOBEX=$(api POST /api/v1/organizations '{"name":"Globex"}' | field id)
PLAN=$(api POST /api/v1/organizations/$ACME/plans '{"name":"Enterprise","edition":"enterprise","seatLimit":50}' | field id)
api POST /api/v1/organizations/$ACME/webhooks '{"url":"https://app.example.com/hooks/roster","types":["user.created","user.deleted"]}' >/dev/null
api POST /api/v1/organizations/$GLOBEX/webhooks '{"url":"https://globex.example.com/hooks"}' >/dev/null
OKTA=$(api POST /api/v1/organizations/$ACME/directories "{\"provider\":\"okta\",\"plan\":\"$PLAN\"}")
ENTRA=$(api POST /api/v1/organizations/$GLOBEX/directories '{"provider":"entra"}')
sim() { java -jar "$JAR" simulate --quiet --idp "$1" --scim-url "$(echo "$2" | field scimBaseUrl)" \
    --token "$(echo "$2" | field token)" --scenario "$3" ${4:+--users $4} --seed "$5"; }
sim okta "$OKTA" onboard 20 1
sim okta "$OKTA" lifecycle "" 2
sim entra "$ENTRA" onboard 15 3
sim entra "$ENTRA" lifecycle "" 4

kill $PID; wait $PID || true
trap - EXIT
rm -f "$OUT"
sqlite3 "$DATA/roster.db" "VACUUM INTO '$OUT'"
sqlite3 "$OUT" "PRAGMA journal_mode=DELETE; SELECT 'users', count(*) FROM scim_user; SELECT 'groups', count(*) FROM scim_group;"
