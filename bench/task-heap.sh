#!/usr/bin/env bash
# The memory a send-task upload takes: starts Herald with a small heap (HEAP, default 256m), uploads a
# file of ROWS recipients (default 100 000) as CSV and as XLSX, samples the heap in use every 50 ms through
# /actuator/prometheus while each upload runs, and prints the peak next to the heap in use before it.
# HERALD_DB_URL (jdbc:postgresql://host:port/db) runs on an external PostgreSQL instead of an embedded one, in a
# fresh database FRESH_DB (default herald_task_heap) dropped at the end. See docs/benchmarks.md ("Send task files").
#
#   bench/task-heap.sh                 ROWS=100000 HEAP=256m
#   ROWS=200000 HEAP=128m bench/task-heap.sh
#   bench/task-heap.sh --build         build the jar from the working tree first
set -euo pipefail
main() {
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
ROWS="${ROWS:-100000}"
HEAP="${HEAP:-256m}"
build=0
[ "${1:-}" = "--build" ] && build=1

source "$ROOT/bench/common.sh"
bench_setup task-heap "$build"
fresh_db_if_asked herald_task_heap

echo "Writing $ROWS rows as CSV and XLSX ..."
python3 "$ROOT/bench/task_files.py" "$ROWS" "$OUT/files"

start_herald 18180

printf '\n| File | Size | Rows | Upload time | Heap before | Peak heap during upload | Max heap (-Xmx) |\n'
printf '|---|---|---|---|---|---|---|\n'
for kind in csv xlsx; do
  file="$OUT/files/tasks.$kind"
  task=$(curl -sf -X POST "$base/api/v1/tasks" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"name":"heap '"$kind"'","channels":{"sms":{"text":"bench"}}}' | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | head -1)
  "$JAVA_HOME/bin/jcmd" $pid GC.run >/dev/null
  sleep 1
  before=$(heap_used)
  peak=$before
  : >"$OUT/samples-$kind"
  ( while :; do heap_used >>"$OUT/samples-$kind"; echo >>"$OUT/samples-$kind"; sleep 0.05; done ) &
  sampler=$!
  start=$(date +%s.%N)
  answer=$(curl -s -X POST "$base/api/v1/tasks/$task/file" -H "Authorization: Bearer $token" -F "file=@$file")
  end=$(date +%s.%N)
  kill $sampler; wait $sampler 2>/dev/null || true
  peak=$(sort -n "$OUT/samples-$kind" | tail -1)
  rows=$(echo "$answer" | sed -n 's/.*"rows":\([0-9]*\).*/\1/p')
  size=$(du -h "$file" | cut -f1)
  printf '| %s | %s | %s | %.1f s | %d MB | %d MB | %s |\n' "$kind" "$size" "${rows:-error: $answer}" \
    "$(echo "$end - $start" | bc)" $((before / 1048576)) $((peak / 1048576)) "$HEAP"
done
}
main "$@"
