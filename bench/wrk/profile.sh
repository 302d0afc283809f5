#!/usr/bin/env bash
# Summarizes profiles written by `bench/wrk/ab.sh -p DIR` (async-profiler's collapsed stacks: one stack, frames
# from the thread's root to the leaf separated by ';', and its sample count a line). For each file, prints the
# share of all samples whose stack holds each step's frame, so a step's share includes what it calls. Steps
# overlap (the write's transaction holds the event and the seat rules; SQLite's C code runs inside most steps).
#
# usage: bench/wrk/profile.sh FILE... [-- LABEL=FRAME...]
#   FRAME  a substring of a frame, such as dev/roster/server/events/EventLog.recordAll; after --, the steps to
#          report instead of the default ones
# BENCHMARKS.md: "Where a write's CPU goes, SQLite's C code included".
set -euo pipefail
files=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do files+=("$1"); shift; done
[ $# -gt 0 ] && shift
[ ${#files[@]} -gt 0 ] || { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
if [ $# -gt 0 ]; then
  steps=("$@")
else
  steps=(
    "the SCIM handler, all of it=dev/roster/server/http/ScimHandler.handle"
    "the token's look-up=dev/roster/server/scim/ScimApi.authenticate"
    "parsing the request=dev/roster/server/scim/ScimRequests.body"
    "the user's read=dev/roster/server/provisioning/UserStore.get"
    "the write's transaction and commit=dev/roster/server/store/GroupCommit."
    "- the events=dev/roster/server/events/ProvisioningEvents."
    "- the seat rules=dev/roster/server/seats/SeatSync."
    "the answer=dev/roster/server/scim/UserEndpoints.respond"
    "the access line=dev/roster/server/http/Edge.logAccess"
    "the console's request log=dev/roster/server/console/RequestLog."
    "the event sequencer=dev/roster/server/events/Sequencer."
    "checkpoints=dev/roster/server/store/Checkpointer."
    "SQLite's C code, in all=org/sqlite/core/NativeDB."
    "Jackson, in all=tools/jackson/"
    "the JIT compiler=CompileBroker"
  )
fi
for f in "${files[@]}"; do
  echo "## $f"
  for step in "${steps[@]}"; do
    label=${step%%=*} frame=${step#*=}
    awk -v frame="$frame" -v label="$label" '
      { n = $NF; total += n; if (index($0, frame) > 0) hit += n }
      END { printf "%6.1f%%  %s\n", total ? 100 * hit / total : 0, label }' "$f"
  done
  awk '{ total += $NF } END { print "(" total " samples)" }' "$f"
done
