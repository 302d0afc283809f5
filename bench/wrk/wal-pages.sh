#!/usr/bin/env bash
# The pages one write puts in SQLite's WAL, and whose they are. Starts a jar on a new data folder (an Okta
# directory, `serve --rate-limit 0`), creates users with wrk at 8 for a few seconds, then deactivates COUNT of
# them (or creates COUNT more, with Okta's body) one at a time, a third of a second apart (so that no two share
# a commit), while strace records the server's writes. Each WAL frame starts with a 24-byte header holding its
# page number and, on a commit's last frame, the database's size; after the server stopped, SQLite's dbstat
# table names the b-tree (table or index) of each page. Prints each kind of commit (the write's own, the
# console's request log, the event sequencer, the token's last use) with its frames per write and the b-trees
# they belong to.
#
# usage: bench/wrk/wal-pages.sh [-k KIND] [-n COUNT] [-c SECONDS] JAR
#   KIND     deactivate (Okta's PATCH active=false; the default) or create (Okta's POST /Users)
#   COUNT    writes recorded (default 20)
#   SECONDS  of creates at 8 before them (default 10)
# Needs java, wrk, curl, strace and python3 (its sqlite3 module reads dbstat); Linux only.
# BENCHMARKS.md: "Events placed in their own transaction", "The issue's peer on this machine".
set -euo pipefail
kind=deactivate count=20 create=10
usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while getopts k:n:c:h opt; do
  case $opt in
    k) kind=$OPTARG ;;
    n) count=$OPTARG ;;
    c) create=$OPTARG ;;
    *) usage ;;
  esac
done
shift $(( OPTIND - 1 ))
[ $# -eq 1 ] && [ -r "$1" ] || usage
case $kind in
  create | deactivate) ;;
  *) echo "unknown kind '$kind': create or deactivate" >&2; exit 2 ;;
esac
jar=$1
for tool in wrk strace python3 curl; do
  command -v $tool > /dev/null || { echo "$tool is not installed" >&2; exit 2; }
done
export ROSTER_WRK_DIR ROSTER_WRK_TOKEN
ROSTER_WRK_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$ROSTER_WRK_DIR/lib.sh"
work=$(mktemp -d)
pid= tracer=
cleanup() {
  [ -z "$tracer" ] || kill "$tracer" 2> /dev/null || true
  [ -z "$pid" ] || kill "$pid" 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
start_roster "$jar" "$work"
wrk -t 2 -c 8 -d "${create}s" -s "$ROSTER_WRK_DIR/create.lua" "$base" -- pages > /dev/null
ids_of pages | head -n "$count" > "$work/ids"
[ "$(wc -l < "$work/ids")" -eq "$count" ] || { echo "fewer than $count users were created" >&2; exit 1; }
sleep 1 # the creates' last checkpoint
strace -f -x -s 24 -e trace=pwrite64 -p "$pid" -o "$work/trace" 2> /dev/null &
tracer=$!
sleep 1
patch='{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}'
if [ "$kind" = deactivate ]; then
  while read -r id; do
    curl -fsS -o /dev/null -X PATCH -H "Authorization: Bearer $ROSTER_WRK_TOKEN" \
      -H 'Content-Type: application/scim+json' -d "$patch" "$base/Users/$id"
    sleep 0.33
  done < "$work/ids"
else
  for i in $(seq 1 "$count"); do
    u=pages.new$i@wal.example # Okta's body, as create.lua sends it
    curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $ROSTER_WRK_TOKEN" \
      -H 'Content-Type: application/scim+json' -d '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
      "userName":"'"$u"'","name":{"givenName":"Given'"$i"'","familyName":"Family'"$i"'"},
      "emails":[{"primary":true,"value":"'"$u"'","type":"work"}],"displayName":"Given'"$i"' Family'"$i"'",
      "locale":"en-US","externalId":"00unew'"$i"'","groups":[],"password":"pw-'"$i"'","active":true}' "$base/Users"
    sleep 0.33
  done
fi
sleep 1
kill "$tracer"; wait "$tracer" 2> /dev/null || true; tracer=
kill "$pid"; wait "$pid" 2> /dev/null || true; pid=

python3 - "$work/trace" "$work/data/roster.db" "$count" "$kind" << 'EOF'
import collections, re, sqlite3, sys
trace, db, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
write = 'create' if sys.argv[4] == 'create' else 'deactivation'
owner = dict((page, name) for name, page in
             sqlite3.connect('file:%s?mode=ro' % db, uri=True).execute('SELECT name, pageno FROM dbstat'))
frame = re.compile(r'\d+\s+pwrite64\(\d+, "((?:\\x[0-9a-f]{2})+)"(?:\.\.\.)?, 24, \d+\)')
commits, pages = [], []
for line in open(trace):
    m = frame.match(line)
    if not m:
        continue
    header = bytes(int(h, 16) for h in m.group(1).split('\\x')[1:])
    pages.append(owner.get(int.from_bytes(header[0:4], 'big'), '(freed since)'))
    if int.from_bytes(header[4:8], 'big'):  # a commit's last frame holds the database's size
        commits.append(pages)
        pages = []

def kind(names):
    if any('request_log' in n for n in names):
        return "the console's request log"
    if 'directory_token' in names:
        return "the token's last use"
    if 'scim_user' not in names and any(n.startswith(('event', 'ix_event', 'ux_event')) for n in names):
        return 'the event sequencer'
    return "the write's own transaction"

by_kind = collections.defaultdict(list)
for c in commits:
    by_kind[kind(c)].append(c)
total = sum(len(c) for c in commits)
print('%d %ss: %d commits, %d WAL frames, %.1f a %s' % (count, write, len(commits), total, total / count, write))
print()
print('| commits of | commits | frames | a %s | b-trees, frames each |' % write)
print('|---|---:|---:|---:|---|')
for k, cs in sorted(by_kind.items(), key=lambda kv: -sum(len(c) for c in kv[1])):
    frames = sum(len(c) for c in cs)
    trees = collections.Counter(n for c in cs for n in c)
    print('| %s | %d | %d | %.1f | %s |' % (k, len(cs), frames, frames / count,
          ', '.join('%s %d' % t for t in trees.most_common())))
EOF
