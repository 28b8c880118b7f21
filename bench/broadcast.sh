#!/usr/bin/env bash
# A broadcast to a 100 000-contact dynamic group: starts Herald on a fresh embedded PostgreSQL with the
# sandbox providers, creates CONTACTS contacts (default 100 000) through /api/v1/contacts/bulk, a dynamic group
# matching them all ({"field":"phone","op":"startsWith","value":"7995"}), and one SMS broadcast to it, then
# reports how long the group took to count, how long the broadcast took to enqueue (every recipient handed to
# the intake: status DONE) and the rate at which its messages reached the sandbox and were DELIVERED.
# See docs/benchmarks.md ("Broadcasts").
#
#   bench/broadcast.sh                CONTACTS=100000 HEAP=384m
#   CONTACTS=20000 bench/broadcast.sh --build
set -euo pipefail
main() {
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/target/bench/broadcast"
CONTACTS="${CONTACTS:-100000}"
HEAP="${HEAP:-384m}"
WAIT_DELIVERED="${WAIT_DELIVERED:-1800}"
build=0
[ "${1:-}" = "--build" ] && build=1

source "$ROOT/bench/common.sh"
pick_jdk
herald_jar "$build" "$ROOT/target/bench/build"
rm -rf "$OUT"; mkdir -p "$OUT"
cp "$jar" "$OUT/herald.jar"

port=18280
while (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((port + 1)); done
token="bench-$(date +%s)-$RANDOM$RANDOM"
"$JAVA_HOME/bin/java" -Xmx"$HEAP" -jar "$OUT/herald.jar" --server.port="$port" \
  --herald.embedded-db.data-dir="$OUT/data/postgres" --herald.bootstrap-token="$token" \
  --herald.sandbox.report-delay="${BENCH_REPORT_DELAY:-20ms}" --logging.level.root=WARN >"$OUT/herald.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
base="http://127.0.0.1:$port"
up=0
for _ in $(seq 1 1200); do
  curl -sf "$base/actuator/health" >/dev/null 2>&1 && { up=1; break; }
  kill -0 $pid 2>/dev/null || { echo "Herald did not start; see $OUT/herald.log" >&2; exit 1; }
  sleep 0.5
done
[ "$up" = 1 ] || { echo "Herald did not answer /actuator/health within 10 minutes" >&2; exit 1; }
auth=(-H "Authorization: Bearer $token" -H 'Content-Type: application/json')
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
now() { date +%s.%N; }

echo "Creating $CONTACTS contacts ..."
t0=$(now)
python3 - "$CONTACTS" "$OUT/contacts" <<'PY'
import json, os, sys
n, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=True)
for start in range(0, n, 3000):
    batch = [{"phone": "7995%07d" % (i * 10 + 1 if i * 10 + 1 < 10**7 else i + 1), "firstName": "B%d" % i}
             for i in range(start, min(n, start + 3000))]
    with open(os.path.join(out, "%06d.json" % start), "w") as f:
        json.dump({"contacts": batch}, f)
PY
for f in "$OUT"/contacts/*.json; do
  curl -sf "${auth[@]}" -X POST "$base/api/v1/contacts/bulk" --data-binary "@$f" >/dev/null
done
t1=$(now)

group=$(curl -sf "${auth[@]}" -X POST "$base/api/v1/groups" \
  -d '{"name":"bench","type":"Dynamic","conditions":{"field":"phone","op":"startsWith","value":"7995"}}' | json 'd["id"]')
t2=$(now)
count=$(curl -sf "${auth[@]}" "$base/api/v1/group/$group" | json 'd["contactsCount"]')
t3=$(now)

id=$(curl -sf "${auth[@]}" -X POST "$base/api/v1/broadcast" \
  -d '{"name":"bench","groupId":'"$group"',"channels":{"sms":{"text":"Bench broadcast"}}}' | json 'd["id"]')
start=$(now)
while :; do
  state=$(curl -sf "${auth[@]}" "$base/api/v1/broadcast/$id")
  status=$(echo "$state" | json 'd["status"]')
  [ "$status" = DONE ] || [ "$status" = FAILED ] && break
  sleep 0.5
done
enqueued=$(now)
handed=$(echo "$state" | json 'd["handedOver"]')
first_delivered=""
while :; do
  delivered=$(curl -sf "${auth[@]}" "$base/api/v1/broadcast/$id" | json 'd["statistics"].get("sms", {}).get("DELIVERED", 0)')
  [ "$delivered" -ge "$handed" ] && break
  [ "$(echo "$(now) - $start > $WAIT_DELIVERED" | bc)" = 1 ] && break
  sleep 2
done
done_at=$(now)

printf '\n| Contacts | Group count | Count time | Recipients | Time to enqueue | Enqueue rate | Delivered | Time to deliver all | Delivered/s |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'
printf '| %d | %d | %.2f s | %d | %.1f s | %.0f /s | %d | %.1f s | %.0f |\n' "$CONTACTS" "$count" \
  "$(echo "$t3 - $t2" | bc)" "$handed" "$(echo "$enqueued - $start" | bc)" \
  "$(echo "$handed / ($enqueued - $start)" | bc -l)" "$delivered" "$(echo "$done_at - $start" | bc)" \
  "$(echo "$delivered / ($done_at - $start)" | bc -l)"
echo "(contacts created in $(echo "$t1 - $t0" | bc | cut -c1-6) s; status $status)"
}
main "$@"
