#!/usr/bin/env bash
# eSputnik's bulk upsert at size: starts Herald with a small heap (HEAP, default 256m), POSTs ROWS contacts
# (default 100 000) in eSputnik's shape to /api/v1/contacts in one request, polls GET /api/v1/importstatus until
# FINISHED, samples the heap in use every 50 ms through /actuator/prometheus meanwhile, then imports the same
# contacts again (dedupeOn email: every entry an update). See docs/benchmarks.md ("Contact import").
#
#   bench/contact-import.sh                 ROWS=100000 HEAP=256m
#   bench/contact-import.sh --build         build the jar from the working tree first
set -euo pipefail
main() {
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/target/bench/contact-import"
ROWS="${ROWS:-100000}"
HEAP="${HEAP:-256m}"
build=0
[ "${1:-}" = "--build" ] && build=1

source "$ROOT/bench/common.sh"
pick_jdk
herald_jar "$build" "$ROOT/target/bench/build"

rm -rf "$OUT"; mkdir -p "$OUT"
cp "$jar" "$OUT/herald.jar"

echo "Writing $ROWS contacts ..."
python3 - "$ROWS" "$OUT/contacts.json" <<'PY'
import json, sys
rows, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as out:
    out.write('{"dedupeOn":"email","groupNames":["Bench"],"contacts":[')
    for i in range(rows):
        contact = {"firstName": "Name%d" % i, "externalCustomerId": "crm-%d" % i,
                   "channels": [{"type": "email", "value": "user%d@example.com" % i},
                                {"type": "sms", "value": "38050%07d" % i}]}
        out.write(("," if i else "") + json.dumps(contact, ensure_ascii=False, separators=(",", ":")))
    out.write("]}")
PY

port=18280
while (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((port + 1)); done
token="bench-$(date +%s)-$RANDOM$RANDOM"
"$JAVA_HOME/bin/java" -Xmx"$HEAP" -jar "$OUT/herald.jar" --server.port="$port" \
  --herald.embedded-db.data-dir="$OUT/data/postgres" --herald.bootstrap-token="$token" \
  --logging.level.root=WARN >"$OUT/herald.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 240); do
  curl -sf "$base/actuator/health" >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { echo "Herald did not start; see $OUT/herald.log" >&2; exit 1; }
  sleep 0.5
done

heap_used() {
  curl -s "$base/actuator/prometheus" | awk '/^jvm_memory_used_bytes\{.*area="heap"/ {s += $NF} END {printf "%d", s}'
}

printf '\n| Run | Body | Contacts | Request answered | Import finished | Created | Updated | Heap before | Peak heap | Max heap (-Xmx) |\n'
printf '|---|---|---|---|---|---|---|---|---|---|\n'
for run in first again; do
  "$JAVA_HOME/bin/jcmd" $pid GC.run >/dev/null
  sleep 1
  before=$(heap_used)
  : >"$OUT/samples-$run"
  ( while :; do heap_used >>"$OUT/samples-$run"; echo >>"$OUT/samples-$run"; sleep 0.05; done ) &
  sampler=$!
  start=$(date +%s.%N)
  answer=$(curl -s -X POST "$base/api/v1/contacts" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' --data-binary "@$OUT/contacts.json")
  answered=$(date +%s.%N)
  session=$(echo "$answer" | sed -n 's/.*"asyncSessionId":"\([^"]*\)".*/\1/p')
  [ -n "$session" ] || { kill $sampler; echo "import refused: $answer" >&2; exit 1; }
  while :; do
    status=$(curl -s "$base/api/v1/importstatus/$session" -H "Authorization: Bearer $token")
    case "$status" in *'"status":"FINISHED"'*|*'"status":"ERROR"'*) break ;; esac
    sleep 0.2
  done
  end=$(date +%s.%N)
  kill $sampler; wait $sampler 2>/dev/null || true
  peak=$(sort -n "$OUT/samples-$run" | tail -1)
  created=$(echo "$status" | sed -n 's/.*"created":\([0-9]*\).*/\1/p')
  updated=$(echo "$status" | sed -n 's/.*"updated":\([0-9]*\).*/\1/p')
  printf '| %s | %s | %s | %.1f s | %.1f s | %s | %s | %d MB | %d MB | %s |\n' "$run" "$(du -h "$OUT/contacts.json" | cut -f1)" \
    "$ROWS" "$(echo "$answered - $start" | bc)" "$(echo "$end - $start" | bc)" "$created" "$updated" \
    $((before / 1048576)) $((peak / 1048576)) "$HEAP"
done
}
main "$@"
