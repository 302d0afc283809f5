#!/usr/bin/env bash
# A warm A/B of two Roster jars with wrk as the load generator. Each run starts one jar on a new SQLite data
# folder (an Okta directory, `serve --rate-limit 0`), warms it up with creates, measures one workload and
# stops it; the runs alternate A, B, A, B, ... so that a change in the machine's load falls on both. Prints
# one row per run and then each jar's means: req/s, latency, and the server's CPU per request split by its
# threads (Jetty's request threads, SQLite's writer threads, the JIT compiler, the garbage collector and the
# rest), read from /proc/<pid>/task around the measured step, so no profiler runs (unless -p asks for one: then
# its own cost is in the figures). Beside them, the load generator's own CPU per request (wrk and its Lua checks
# of every answer) and the share of the machine's CPU time left idle during the step: with no idle time left,
# req/s cannot pass CPUs / (server CPU + generator CPU), the ceiling column. Last, the server's peak resident
# memory (VmHWM) over the whole run, warm-up included.
#
# usage: bench/wrk/ab.sh [-w WORKLOAD] [-r ROUNDS] [-W WARM] [-m SECONDS] [-p DIR] JAR_A JAR_B
#   JAR_A, JAR_B  a Roster jar, or the word polis: issue #19's peer, Ory Polis (bench/peer/polis: the version its
#             package.json pins, installed once with npm outside the repository; its in-memory store, one Okta
#             directory, a plain node:http host; needs node and npm), the same requests and checks. Its CPU is
#             node's, all of it under "other" (the split columns are Roster's threads); no -p, no JVM options
#   WORKLOAD  create1, create8 or deactivate8 (default create8): Okta's POST /Users at concurrency 1 or 8, or
#             Okta's PATCH active=false at 8
#   ROUNDS    pairs of runs (default 3)
#   WARM      seconds of creates at 8 before the measured step (default 30); deactivate8 then deactivates
#             a third of those users for WARM/4 seconds more (starting over when all are done) and measures
#             on the other two thirds, so WARM must make enough users for SECONDS of deactivations
#   SECONDS   of the measured step (default 10)
#   DIR       also profile each measured step with async-profiler (CPU time, SQLite's own C code included, which
#             JFR's execution samples leave out) into DIR/<run>.collapsed, one stack and its samples a line;
#             bench/wrk/profile.sh summarizes them. The profiler comes from Maven (the local repository, else
#             downloaded)
# ROSTER_AB_PG=HOST:PORT: each Roster on a new PostgreSQL database there instead of SQLite (see lib.sh's
# start_roster), and a line per run with the CPU of the machine's PostgreSQL processes per request.
# ROSTER_AB_JAVA_OPTIONS: the servers' JVM options (default: none, the JVM's defaults); ROSTER_AB_JAVA_OPTIONS_B,
# when set, replaces them for B (one jar given twice then compares two settings, such as the launcher's heap and
# collector against the JVM's defaults). The same jar and options given twice show the spread of the machine.
# Needs java, wrk (Debian: apt-get install wrk) and curl; Linux only (-p: Linux x64, with mvn and unzip).
# BENCHMARKS.md: "Warm figures", "Where a write's CPU goes, SQLite's C code included".
set -euo pipefail
workload=create8 rounds=3 warm=30 seconds=10 profiles=
usage() { sed -n '2,35p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while getopts w:r:W:m:p:h opt; do
  case $opt in
    w) workload=$OPTARG ;;
    r) rounds=$OPTARG ;;
    W) warm=$OPTARG ;;
    m) seconds=$OPTARG ;;
    p) profiles=$OPTARG ;;
    *) usage ;;
  esac
done
shift $(( OPTIND - 1 ))
[ $# -eq 2 ] || usage
case $workload in
  create1) conc=1 ;;
  create8 | deactivate8) conc=8 ;;
  *) echo "unknown workload '$workload': create1, create8 or deactivate8" >&2; exit 2 ;;
esac
for jar in "$1" "$2"; do
  [ "$jar" = polis ] || [ -r "$jar" ] || { echo "no jar at $jar" >&2; exit 2; }
done
command -v wrk > /dev/null || { echo "wrk is not installed (Debian: apt-get install wrk)" >&2; exit 2; }
export ROSTER_WRK_DIR ROSTER_WRK_TOKEN
ROSTER_WRK_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$ROSTER_WRK_DIR/lib.sh"
hz=$(getconf CLK_TCK)
work=$(mktemp -d)
pid=
peer=
cleanup() {
  [ -z "$pid" ] || kill "$pid" 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

profiler=
if [ -n "$profiles" ]; then
  mkdir -p "$profiles"
  profiles=$(cd "$profiles" && pwd)
  version=4.2
  (cd "$work" && mvn -B -q dependency:copy -Dartifact=tools.profiler:async-profiler:$version -DoutputDirectory=.) >&2
  unzip -q -o -j "$work/async-profiler-$version.jar" linux-x64/libasyncProfiler.so -d "$work"
  profiler=$work/libasyncProfiler.so
fi
# profile start|stop LABEL: async-profiler in the server, through the JVM's attach mechanism (jcmd parses
# key=value pairs itself, so the profiler's options go in quotes)
profile() {
  [ -n "$profiler" ] && [ -z "$peer" ] || return 0
  if [ "$1" = start ]; then
    jcmd "$pid" JVMTI.agent_load "$profiler" '"start,event=itimer,interval=1ms"' > "$work/jcmd" 2>&1
  else
    jcmd "$pid" JVMTI.agent_load "$profiler" "\"stop,file=$profiles/$2.collapsed,collapsed\"" > "$work/jcmd" 2>&1
  fi
  grep -q 'return code: 0' "$work/jcmd" || { cat "$work/jcmd" >&2; return 1; }
}

# tid, CPU ticks and name of each of $pid's threads
threads() {
  local t ticks
  for t in /proc/"$pid"/task/*; do
    ticks=$(awk '{ sub(/.*\) /, ""); print $12 + $13 }' "$t/stat" 2> /dev/null) || continue
    echo "${t##*/} $ticks $(cat "$t/comm" 2> /dev/null)"
  done
}

# CPU clock ticks of the machine's PostgreSQL processes (the server and its backends), for ROSTER_AB_PG
db_ticks() {
  local p t=0
  for p in $(pgrep -x postgres); do
    t=$(( t + $(awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$p/stat" 2> /dev/null || echo 0) ))
  done
  echo "$t"
}

# the machine's busy and idle clock ticks, all CPUs together (idle includes I/O wait)
ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat; }

# wrk CONCURRENCY SECONDS SCRIPT ARGS...: the RESULT line of one wrk run, then wrk's CPU seconds (user + system,
# from the shell's times of its children: the subshell has no other child)
load() {
  local c=$1 s=$2 script=$3
  shift 3
  (
    wrk -t $(( c < 2 ? 1 : 2 )) -c "$c" -d "${s}s" -s "$ROSTER_WRK_DIR/$script" "$base" -- "$@" > "$work/wrk" 2>&1 \
      || { cat "$work/wrk" >&2; exit 1; }
    times > "$work/times" # not in a pipeline, whose subshell would have no children
    awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] } print s }' \
      "$work/times" > "$work/wrk.cpu"
  ) || return 1
  grep '^RESULT' "$work/wrk" || { cat "$work/wrk" >&2; return 1; }
}

# run LABEL JAR: one run; prints its table row
run() {
  local label=$1 jar=$2 options=$3 result
  if [ "$jar" = polis ]; then
    start_peer "$work"
  else
    # shellcheck disable=SC2086 # the options are split on blanks, as JAVA_OPTS is
    start_roster "$jar" "$work" $options
  fi
  load 8 "$warm" create.lua warm > /dev/null
  local script=create.lua args=(measured)
  if [ "$workload" = deactivate8 ]; then
    ids_of warm > "$work/ids"
    local third=$(( $(wc -l < "$work/ids") / 3 ))
    head -n "$third" "$work/ids" > "$work/ids.warm"
    tail -n +$(( third + 1 )) "$work/ids" > "$work/ids.measured"
    load 8 $(( warm / 4 > 0 ? warm / 4 : 1 )) deactivate.lua "$work/ids.warm" 2 again > /dev/null
    script=deactivate.lua args=("$work/ids.measured" 2)
  fi
  threads > "$work/t0"
  profile start
  local m0 m1 d0 d1
  m0=$(ticks)
  d0=$(db_ticks)
  result=$(load "$conc" "$seconds" "$script" "${args[@]}")
  m1=$(ticks)
  d1=$(db_ticks)
  threads > "$work/t1"
  profile stop "$label"
  local hwm
  hwm=$(awk '$1 == "VmHWM:" { print $2 }' /proc/"$pid"/status)
  kill "$pid"
  wait "$pid" 2> /dev/null || true
  pid=
  awk -v label="$label" -v jar="$(basename "$jar")" -v result="$result" -v hz="$hz" -v cpus="$(nproc)" \
    -v wrk="$(cat "$work/wrk.cpu")" -v m0="$m0" -v m1="$m1" -v hwm="$hwm" '
    FNR == NR { before[$1] = $2; next }
    {
      d = $2 - before[$1]; name = substr($0, index($0, $3))
      if (name ~ /^(JettyServer|qtp)/) g = "requests"
      else if (name ~ /^roster-sqlite/) g = "sqlite"
      else if (name ~ /Compiler/) g = "jit"
      else if (name ~ /^(GC |G1 |VM Thread)/) g = "gc"
      else g = "other"
      t[g] += d; total += d
    }
    END {
      n = split(result, kv, /[ =]/)
      for (i = 2; i < n; i += 2) r[kv[i]] = kv[i + 1]
      req = r["requests"]; ms = 1000 / hz / req
      split(m0, a, " "); split(m1, b, " "); idle = (b[2] - a[2]) / (b[1] - a[1] + b[2] - a[2])
      gen = wrk * 1000 / req
      printf "| %s | %s | %d | %.0f | %.2f | %.2f | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.0f%% | %.0f | %.0f |\n",
        label, jar, req, req / r["seconds"], r["p50"], r["p99"], r["unexpected"] + r["errors"], total * ms,
        t["requests"] * ms, t["sqlite"] * ms, t["jit"] * ms, t["gc"] * ms, t["other"] * ms, gen, 100 * idle,
        cpus * 1000 / (total * ms + gen), hwm / 1024
    }' "$work/t0" "$work/t1"
  if [ -n "${ROSTER_AB_PG:-}" ]; then
    awk -v label="$label" -v d="$(( d1 - d0 ))" -v hz="$hz" -v result="$result" 'BEGIN {
      n = split(result, kv, /[ =]/)
      for (i = 2; i < n; i += 2) r[kv[i]] = kv[i + 1]
      printf "# %s: PostgreSQL'"'"'s processes, %.3f ms of CPU a request (not in the row'"'"'s ceiling)\n", label,
        d * 1000 / hz / r["requests"]
    }'
  fi
}

echo "# bench/wrk/ab.sh -w $workload -r $rounds -W $warm -m $seconds, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs"
# describe JAR: the jar, or what polis stands for
describe() {
  if [ "$1" = polis ]; then
    echo "polis: Ory Polis (@boxyhq/saml-jackson $(grep -o '"@boxyhq/saml-jackson": *"[^"]*"' \
      "$ROSTER_WRK_DIR/../peer/polis/package.json" | cut -d'"' -f4), in-memory store, node:http host,\
 node $(node --version 2> /dev/null || echo missing))"
  else
    echo "$1"
  fi
}
echo "# A: $(describe "$1")"
echo "# B: $(describe "$2")"
options_a=${ROSTER_AB_JAVA_OPTIONS:-}
options_b=${ROSTER_AB_JAVA_OPTIONS_B-$options_a}
echo "# server JVM options: A ${options_a:-none (JVM defaults)}, B ${options_b:-none (JVM defaults)}"
echo "# server and generator CPU in ms per request; ceiling: req/s with every CPU busy at these costs"
echo "| run | jar | requests | req/s | p50 ms | p99 ms | errors | server CPU | request threads | SQLite writer \
| JIT compiler | GC | other | generator CPU | idle | ceiling | VmHWM MiB |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for r in $(seq 1 "$rounds"); do
  for side in A B; do
    if [ $side = A ]; then jar=$1 options=$options_a; else jar=$2 options=$options_b; fi
    run "$side$r" "$jar" "$options" > "$work/row"
    head -n 1 "$work/row"
    head -n 1 "$work/row" >> "$work/rows"
    [ -z "${ROSTER_AB_PG:-}" ] || tail -n +2 "$work/row"
  done
done
echo
echo "| jar | runs | req/s | server CPU | request threads | SQLite writer | JIT compiler | GC | other \
| generator CPU | idle | ceiling | VmHWM MiB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
awk -F' *\\| *' '{
    k = substr($2, 1, 1); n[k]++; rps[k] += $5
    for (i = 9; i <= 18; i++) s[k, i] += $i
  }
  END {
    for (k in n) {
      printf "| %s | %d | %.0f", k, n[k], rps[k] / n[k]
      for (i = 9; i <= 15; i++) printf " | %.3f", s[k, i] / n[k]
      printf " | %.0f%% | %.0f | %.0f |\n", s[k, 16] / n[k], s[k, 17] / n[k], s[k, 18] / n[k]
    }
  }' "$work/rows" | sort
failed=$(awk -F' *\\| *' '$8 > 0' "$work/rows" | wc -l)
if [ "$failed" -gt 0 ]; then
  echo "$failed of the runs had unexpected answers or errors (the errors column): their figures are not valid" >&2
  exit 1
fi
