#!/usr/bin/env bash
# eSputnik's bulk upsert at size: starts Herald with a small heap (HEAP, default 256m), POSTs ROWS contacts
# (default 100 000) in eSputnik's shape to /api/v1/contacts in one request, polls GET /api/v1/importstatus until
# FINISHED, samples the heap in use every 50 ms through /actuator/prometheus meanwhile, then imports the same
# contacts again (dedupeOn email: every entry an update). HERALD_DB_URL (jdbc:postgresql://host:port/db) runs on
# an external PostgreSQL instead of an embedded one, in a fresh database FRESH_DB (default herald_contact_import)
# dropped at the end. See docs/benchmarks.md ("Contact import").
#
#   bench/contact-import.sh                 ROWS=100000 HEAP=256m
#   bench/contact-import.sh --build         build the jar from the working tree first
set -euo pipefail
main() {
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
ROWS="${ROWS:-100000}"
HEAP="${HEAP:-256m}"
build=0
[ "${1:-}" = "--build" ] && build=1

source "$ROOT/bench/common.sh"
bench_setup contact-import "$build"
fresh_db_if_asked herald_contact_import

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

start_herald 18280

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
