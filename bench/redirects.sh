#!/usr/bin/env bash
# Short-link redirect benchmark: starts Herald as its own process on a fresh embedded PostgreSQL, makes
# --links short links through the API and opens them with bench/RedirectDriver.java, then stops Herald.
# See docs/benchmarks.md.
#
#   bench/redirects.sh                    5 runs of 10 s after a 5 s warm-up, 32 clients, 1 000 links
#   bench/redirects.sh --build            build the jar from the working tree first
#   bench/redirects.sh --runs=3 --seconds=20 --concurrency=64 --links=5000
#
# Environment: HERALD_JAR (jar to run), HERALD_JAVA_OPTS (JVM options of Herald).
set -euo pipefail
main() {
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BENCH="$ROOT/target/bench"

build=0 driver_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=1 ;;
    --*=*) driver_args+=("$1") ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# ---- a JDK >= 21 and the jar, as bench/run.sh picks them
source "$ROOT/bench/common.sh"
pick_jdk

herald_jar "$build" "$BENCH/build"
mkdir -p "$BENCH"
cp "$jar" "$BENCH/herald-redirects.jar"

data_dir="$BENCH/work/redirects"
herald_pid=""
stop_herald() {
  if [ -n "$herald_pid" ] && kill -0 "$herald_pid" 2>/dev/null; then
    kill -TERM "$herald_pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$herald_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$herald_pid" 2>/dev/null || true
    wait "$herald_pid" 2>/dev/null || true
  fi
  herald_pid=""
  # The embedded PostgreSQL outlives a killed JVM: stop it by its postmaster.pid.
  if [ -f "$data_dir/postgres/postmaster.pid" ]; then
    pm="$(head -1 "$data_dir/postgres/postmaster.pid")"
    if [ -n "$pm" ] && kill -0 "$pm" 2>/dev/null; then
      kill -INT "$pm" 2>/dev/null || true
      for _ in $(seq 1 30); do kill -0 "$pm" 2>/dev/null || break; sleep 1; done
    fi
  fi
}
trap stop_herald EXIT
trap 'exit 130' INT TERM

port=""
for p in $(seq 18080 18180); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port="$p"; break; fi
done
[ -n "$port" ] || { echo "no free port in 18080-18180" >&2; exit 1; }
token="hrd_bench_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
rm -rf "$data_dir"; mkdir -p "$data_dir"
echo "Starting Herald on port $port, log in $data_dir/herald.log; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086
env HERALD_DATA_DIR="$data_dir" PORT="$port" HERALD_BOOTSTRAP_TOKEN="$token" HERALD_PUBLIC_BASE_URL="http://127.0.0.1:$port" \
  "$JAVA" ${HERALD_JAVA_OPTS:-} -jar "$BENCH/herald-redirects.jar" --herald.sandbox.report-delay=20ms \
  --logging.level.root=WARN >"$data_dir/herald.log" 2>&1 &
herald_pid=$!
started=$(date +%s)
until curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1; do
  kill -0 "$herald_pid" 2>/dev/null || { echo "Herald exited during start-up:" >&2; tail -40 "$data_dir/herald.log" >&2; exit 1; }
  [ $(( $(date +%s) - started )) -le 240 ] || { echo "Herald not ready after 240 s" >&2; exit 1; }
  sleep 0.5
done
echo "Herald ready after $(( $(date +%s) - started )) s ($("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.runtime.version = //p'))"
"$JAVA" -Xmx512m "$ROOT/bench/RedirectDriver.java" --base="http://127.0.0.1:$port" --token="$token" \
  ${driver_args[@]+"${driver_args[@]}"}
if grep -qE ' ERROR |Exception' "$data_dir/herald.log"; then
  echo "Herald logged errors (first lines):" >&2
  grep -m 10 -E ' ERROR |Exception' "$data_dir/herald.log" >&2 || true
fi
}

main "$@"
