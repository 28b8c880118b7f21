#!/usr/bin/env bash
# Herald benchmark: starts Herald as a separate process on a fresh embedded PostgreSQL (or on the
# database in HERALD_DB_URL), drives it with bench/Driver.java, stops it and prints the results.
# See docs/benchmarks.md.
#
#   bench/run.sh                 full run (about 20-30 minutes on 2 cores)
#   bench/run.sh --quick         small sizes, about 4 minutes
#   bench/run.sh --repeat 3      three runs, each on a fresh Herald, plus their medians
#   HERALD_DB_URL=jdbc:postgresql://127.0.0.1:5432/test bench/run.sh --fresh-db herald_bench
#                                external PostgreSQL: create database herald_bench next to the one
#                                in the URL, use it, drop it at the end (--keep-db keeps it)
#
# Other options: --scenarios g,a,b,c,d,h,i,e (and r: a two-provider route against one provider, only when named)
#   --build (build the jar from the working tree first)   --label NAME
# --out DIR (results and work directories; default target/bench)
# --heap SIZE (Herald's -Xmx, default 384m; "default" leaves the JVM's own, a quarter of the RAM)
# --memory-opts "OPTS" (Herald's non-heap limits; default the ones docs/configuration.md#memory recommends,
#   "none" for the JVM's own) ; MALLOC_ARENA_MAX is 2 unless set or --memory-opts none
# and any --key=value, passed to the driver (e.g. --e2e-n=200000, see bench/Driver.java).
# Environment: HERALD_JAR (jar to run), HERALD_JAVA_OPTS (more JVM options of Herald, after -Xmx),
# BENCH_REPORT_DELAY (sandbox report delay, default 20ms), BENCH_START_TIMEOUT (seconds Herald may take to start,
# default 240), SPRING_DATASOURCE_USERNAME/PASSWORD.
set -euo pipefail
# Everything is inside main, which bash reads whole before running it: editing this file during a run
# does not change the run.
main() {
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BENCH="$ROOT/target/bench"

mode=full repeat=1 build=0 fresh_db="" keep_db=0 label="" out="" heap=384m driver_args=()
memory_opts="-XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=64m -Xss512k"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) mode=quick ;;
    --full) mode=full ;;
    --repeat) repeat="$2"; shift ;;
    --build) build=1 ;;
    --fresh-db) fresh_db="$2"; shift ;;
    --keep-db) keep_db=1 ;;
    --label) label="$2"; shift ;;
    --out) out="$2"; shift ;;
    --heap) heap="$2"; shift ;;
    --memory-opts) memory_opts="$2"; shift ;;
    --scenarios) driver_args+=("--scenarios=$2"); shift ;;
    --*=*) driver_args+=("$1") ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# ---- a JDK >= 21, as .ci/run picks it
source "$ROOT/bench/common.sh"
pick_jdk
for tool in curl psql pgbench; do
  command -v "$tool" >/dev/null || echo "warning: $tool not found; some measurements will be skipped" >&2
done

# ---- the jar: HERALD_JAR, else target/herald-*.jar; built when missing or with --build
herald_jar "$build" "$BENCH/build"
mkdir -p "$BENCH"
# Run copies, so that a rebuild or an edit during the run changes nothing in it.
cp "$jar" "$BENCH/herald.jar"
driver_copy="$(mktemp -d)/Driver.java"
cp "$ROOT/bench/Driver.java" "$driver_copy"
# What the jar was built from: recorded by --build; else the working tree, when the jar is the Maven build.
if [ -f "$(dirname "$(dirname "$jar")")/git-rev" ]; then
  git_rev="$(cat "$(dirname "$(dirname "$jar")")/git-rev")"
elif [ -n "${HERALD_JAR:-}" ]; then
  git_rev="unknown (HERALD_JAR)"
else
  git_rev="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  if [ -n "$(git status --porcelain -- src pom.xml 2>/dev/null)" ]; then git_rev="$git_rev+uncommitted"; fi
fi
jar_info="$(basename "$jar") $(date -u -r "$jar" +%Y-%m-%dT%H:%M:%SZ)"
herald_jdk="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.runtime.version = //p')"
report_delay="${BENCH_REPORT_DELAY:-20ms}"
# Herald's JVM options: the heap limit first, so that HERALD_JAVA_OPTS can override it.
herald_opts=""
[ "$heap" = default ] || herald_opts="-Xmx$heap"
# The non-heap limits (metaspace, code cache, direct buffers, platform thread stacks) and fewer malloc
# arenas keep the RSS near the heap limit plus ~150 MiB (docs/configuration.md#memory).
malloc_arenas="${MALLOC_ARENA_MAX:-2}"
if [ "$memory_opts" = none ]; then memory_opts=""; malloc_arenas="${MALLOC_ARENA_MAX:-}"; fi
herald_opts="$herald_opts $memory_opts ${HERALD_JAVA_OPTS:-}"

# ---- the database
external=0 pg_host="" pg_port="" pg_db="" pg_user="${SPRING_DATASOURCE_USERNAME:-postgres}"
db_url="${HERALD_DB_URL:-}"
if [ -n "$db_url" ]; then
  external=1
  # jdbc:postgresql://host[:port]/db[?params]
  rest="${db_url#jdbc:postgresql://}"; hostport="${rest%%/*}"; pg_db="${rest#*/}"; pg_db="${pg_db%%\?*}"
  pg_host="${hostport%%:*}"; pg_port="5432"; [ "$hostport" != "$pg_host" ] && pg_port="${hostport#*:}"
  export PGPASSWORD="${SPRING_DATASOURCE_PASSWORD:-${PGPASSWORD:-}}"
  if [ -n "$fresh_db" ]; then
    echo "Creating database $fresh_db on $pg_host:$pg_port"
    psql -X -q -h "$pg_host" -p "$pg_port" -U "$pg_user" -d "$pg_db" -v ON_ERROR_STOP=1 \
      -c "DROP DATABASE IF EXISTS $fresh_db" -c "CREATE DATABASE $fresh_db"
    pg_db="$fresh_db"
    db_url="jdbc:postgresql://$pg_host:$pg_port/$fresh_db"
  fi
  [ -n "$label" ] || label="external $pg_host:$pg_port/$pg_db"
else
  [ -n "$label" ] || label="embedded PostgreSQL"
fi

herald_pid="" driver_pid="" data_dir=""
stop_herald() {
  if [ -n "$herald_pid" ] && kill -0 "$herald_pid" 2>/dev/null; then
    echo "Stopping Herald (pid $herald_pid)"
    # Nothing is measured after the driver ends: give the graceful shutdown 20 s, then kill.
    kill -TERM "$herald_pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$herald_pid" 2>/dev/null || break; sleep 1; done
    if kill -0 "$herald_pid" 2>/dev/null; then
      echo "Herald did not stop within 20 s; killing it" >&2
      kill -KILL "$herald_pid" 2>/dev/null || true
    fi
    wait "$herald_pid" 2>/dev/null || true
  fi
  herald_pid=""
  # The embedded PostgreSQL outlives a killed JVM: stop it by its postmaster.pid.
  if [ -n "$data_dir" ] && [ -f "$data_dir/postgres/postmaster.pid" ]; then
    pm="$(head -1 "$data_dir/postgres/postmaster.pid")"
    if [ -n "$pm" ] && kill -0 "$pm" 2>/dev/null; then
      echo "Stopping the embedded PostgreSQL left behind (pid $pm)"
      kill -INT "$pm" 2>/dev/null || true
      for _ in $(seq 1 30); do kill -0 "$pm" 2>/dev/null || break; sleep 1; done
    fi
  fi
}
cleanup() {
  [ -n "${driver_copy:-}" ] && rm -rf "$(dirname "$driver_copy")"
  if [ -n "$driver_pid" ] && kill -0 "$driver_pid" 2>/dev/null; then
    kill -TERM "$driver_pid" 2>/dev/null || true; wait "$driver_pid" 2>/dev/null || true
  fi
  stop_herald
  if [ "$external" = 1 ] && [ -n "$fresh_db" ] && [ "$keep_db" = 0 ]; then
    psql -X -q -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres -c "DROP DATABASE IF EXISTS $fresh_db" || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  for p in $(seq 18080 18180); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "no free port in 18080-18180" >&2; exit 1
}

run_once() {
  local run="$1" out="$OUT/run-$1"
  data_dir="$OUT/work/run-$run"
  rm -rf "$data_dir" "$out"; mkdir -p "$data_dir" "$out"
  if [ "$external" = 1 ] && [ -z "$fresh_db" ] && [ "$run" -gt 1 ]; then
    echo "note: $pg_db keeps the messages of earlier runs (use --fresh-db for a clean database)" >&2
  fi
  local port token
  port="$(free_port)"
  token="hrd_bench_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  # (h)'s provider stub and (c)'s callback receiver listen on loopback.
  local herald_args=(--herald.sandbox.report-delay="$report_delay" --logging.level.root=WARN
    --herald.callbacks.allow-private-addresses=true --herald.providers.allow-private-addresses=true)
  echo "Run $run: starting Herald on port $port ($label), log in $data_dir/herald.log"
  local load_before; load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  # shellcheck disable=SC2086
  env ${malloc_arenas:+MALLOC_ARENA_MAX="$malloc_arenas"} HERALD_DATA_DIR="$data_dir" PORT="$port" HERALD_BOOTSTRAP_TOKEN="$token" HERALD_DB_URL="$db_url" \
    "$JAVA" -XX:ErrorFile="$data_dir/hs_err_%p.log" $herald_opts -jar "$BENCH/herald.jar" "${herald_args[@]}" >"$data_dir/herald.log" 2>&1 &
  herald_pid=$!
  local started; started=$(date +%s)
  until curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1; do
    if ! kill -0 "$herald_pid" 2>/dev/null; then
      echo "Herald exited during start-up; end of its log:" >&2; tail -40 "$data_dir/herald.log" >&2; exit 1
    fi
    if [ $(( $(date +%s) - started )) -gt "${BENCH_START_TIMEOUT:-240}" ]; then
      echo "Herald not ready after ${BENCH_START_TIMEOUT:-240} s; end of its log:" >&2; tail -40 "$data_dir/herald.log" >&2; exit 1
    fi
    sleep 0.5
  done
  local ready_s=$(( $(date +%s) - started ))
  echo "Herald ready after $ready_s s (pid $herald_pid; load average before start $load_before)"
  local host="$pg_host" dbport="$pg_port" db="$pg_db"
  if [ "$external" = 0 ]; then
    host=127.0.0.1; db=postgres
    dbport="$(sed -n 4p "$data_dir/postgres/postmaster.pid" 2>/dev/null || true)"
    [ -n "$dbport" ] || dbport="$(sed -n 's/.*Embedded PostgreSQL started on port \([0-9]*\).*/\1/p' "$data_dir/herald.log" | head -1)"
  fi
  "$JAVA" -Xmx1g -XX:+UseParallelGC "$driver_copy" \
    --base="http://127.0.0.1:$port" --token="$token" --mode="$mode" --out="$out" --label="$label" \
    --herald-pid="$herald_pid" --pg-host="$host" --pg-port="$dbport" --pg-user="$pg_user" --pg-db="$db" \
    --herald-jdk="$herald_jdk" --herald-jar="$jar_info" --git-rev="$git_rev" --report-delay="$report_delay" \
    --herald-args="${herald_args[*]} $herald_opts" --startup-seconds="$ready_s" \
    --loadavg-before-start="$load_before" \
    "$( [ "$external" = 1 ] && [ -z "$fresh_db" ] && echo --cancel-waiting=true || echo --cancel-waiting=false )" \
    ${driver_args[@]+"${driver_args[@]}"} &
  # In the background and waited for, so that Ctrl-C stops Herald at once.
  driver_pid=$!
  local rc=0
  wait "$driver_pid" || rc=$?
  driver_pid=""
  [ "$rc" = 0 ] || { echo "the driver failed (exit $rc)" >&2; exit "$rc"; }
  if grep -qE ' ERROR |Exception' "$data_dir/herald.log"; then
    echo "Herald logged errors during the run (first lines):" >&2
    grep -m 10 -E ' ERROR |Exception' "$data_dir/herald.log" >&2 || true
  fi
  stop_herald
  cp "$out"/results.* "$OUT/"
}

OUT="$(mkdir -p "${out:-$BENCH}" && cd "${out:-$BENCH}" && pwd)"
for i in $(seq 1 "$repeat"); do
  run_once "$i"
done
if [ "$repeat" -gt 1 ]; then
  tsvs=(); for i in $(seq 1 "$repeat"); do tsvs+=("$OUT/run-$i/results.tsv"); done
  "$JAVA" "$driver_copy" summarize "$OUT" "${tsvs[@]}"
fi
echo "Results: $OUT/results.md, results.json, results.tsv$( [ "$repeat" -gt 1 ] && echo ", results-median.md")"
}

main "$@"
exit $?
