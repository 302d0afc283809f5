#!/usr/bin/env bash
# Issue #19's workloads against a running Roster with wrk as the load generator (the generator the issue
# measured its peer with): creates at concurrency 1 and 8, lookups at 8, deactivations at 8. Every answer's
# status is checked. Prints a Markdown table: req/s, latency, the server's CPU per request (from /proc, so
# Linux only) and wrk's own.
#
# usage: bench/wrk/run.sh SCIM_BASE_URL TOKEN SERVER_PID [SECONDS]
#   SCIM_BASE_URL  http://127.0.0.1:8080/scim/v2/<directory id> of a directory of the Okta dialect
#   SERVER_PID     Roster's process (its CPU is read from /proc/<pid>/stat, with its children's)
#   SECONDS        of each measured step (default 10); a warm-up of twice that runs first, unreported
# Needs wrk (Debian: apt-get install wrk) and curl. README: Benchmarks; BENCHMARKS.md: "Against wrk".
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
base=${1%/}
export ROSTER_WRK_TOKEN=$2
pid=$3
seconds=${4:-10}
export ROSTER_WRK_DIR
ROSTER_WRK_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$ROSTER_WRK_DIR/lib.sh"
command -v wrk > /dev/null || { echo "wrk is not installed (Debian: apt-get install wrk)" >&2; exit 2; }
[ -r "/proc/$pid/stat" ] || { echo "no process $pid" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run=r$(date +%s)

server_ticks() { # utime, stime and the reaped children's of $pid
  awk '{ sub(/.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$pid/stat"
}
machine() { # total and busy ticks of all cores
  awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print t, t - $5 - $6 }' /proc/stat
}
ticks_per_second=$(getconf CLK_TCK)

# step NAME CONCURRENCY SECONDS SCRIPT ARGS...: one wrk run and its table row; prints the requests made
step() {
  local name=$1 conc=$2 secs=$3 script=$4
  shift 4
  local threads=$(( conc < 2 ? 1 : 2 ))
  local s0 s1 m0 m1 out cpu
  s0=$(server_ticks); m0=$(machine)
  TIMEFORMAT='%U %S'
  { time wrk -t "$threads" -c "$conc" -d "${secs}s" --latency -s "$ROSTER_WRK_DIR/$script" "$base" -- "$@" \
      > "$work/out" 2> "$work/err" ; } 2> "$work/time"
  s1=$(server_ticks); m1=$(machine)
  out=$(grep '^RESULT' "$work/out") || { cat "$work/out" "$work/err" >&2; exit 1; }
  cpu=$(cat "$work/time")
  [ -n "${WARMUP:-}" ] || row "$name" "$conc" "$out" "$s0" "$s1" "$m0" "$m1" "$cpu" >> "$work/table"
  if grep -q . "$work/err"; then sed 's/^/  wrk: /' "$work/err" | head -3 >> "$work/table"; fi
  sed 's/.*requests=\([0-9]*\).*/\1/' <<< "$out"
}

row() {
  local name=$1 conc=$2 out=$3 s0=$4 s1=$5 m0=$6 m1=$7 cpu=$8
  awk -v name="$name" -v conc="$conc" -v out="$out" -v s0="$s0" -v s1="$s1" -v m0="$m0" -v m1="$m1" \
      -v cpu="$cpu" -v hz="$ticks_per_second" 'BEGIN {
    n = split(out, kv, /[ =]/)
    for (i = 2; i < n; i += 2) r[kv[i]] = kv[i + 1]
    split(m0, a, " "); split(m1, b, " "); split(cpu, c, " ")
    req = r["requests"]
    printf "| %s | %d | %d | %.0f | %.2f | %.2f | %d | %.3f | %.3f | %.0f%% |\n", name, conc, req,
      req / r["seconds"], r["p50"], r["p99"], r["unexpected"] + r["errors"], (s1 - s0) * 1000 / hz / req,
      (c[1] + c[2]) * 1000 / req, 100 * (b[2] - a[2]) / (b[1] - a[1])
  }'
}

{
  echo "# bench/wrk/run.sh, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, wrk $(wrk -v 2>&1 | head -1 | cut -d' ' -f2)"
  echo "# $base, server pid $pid, steps of $seconds s, run $run"
} > "$work/table"
WARMUP=1 step "warm-up" 8 $(( 2 * seconds )) create.lua "$run-w" > /dev/null
echo "| step | concurrency | requests | req/s | p50 ms | p99 ms | errors | server CPU ms/req | wrk CPU ms/req | machine busy |" \
  >> "$work/table"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|" >> "$work/table"
made=$(step "create, Okta POST /Users" 1 "$seconds" create.lua "$run-a")
step "create, Okta POST /Users" 8 "$seconds" create.lua "$run-b" > /dev/null
step "lookup userName eq, a random user" 8 "$seconds" lookup.lua "$run-a" "$made" > /dev/null
ids_of "$run-b" > "$work/ids"
step "deactivate, Okta PATCH active=false" 8 $(( (seconds + 1) / 2 )) deactivate.lua "$work/ids" 2 > /dev/null
cat "$work/table"
