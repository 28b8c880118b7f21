#!/usr/bin/env bash
# Events accepted per second with the batch form: starts Herald on an external PostgreSQL (PG_URL, default the local
# PostgreSQL 15 at 127.0.0.1:5432, user postgres, in a database of its own), POSTs EVENTS events (default 100 000) to
# /api/v1/events in batches of BATCH (1 000) from CLIENTS (4) concurrent clients, RUNS (3) times after one warm-up
# run that makes the contacts, and reports the median. The baseline is the same rows written straight into the
# event table by the same number of psql sessions, one multi-row INSERT per batch, in the same run; the ratio says
# what the API costs over the bare insert. See docs/benchmarks.md ("Events").
#
#   bench/events.sh                      EVENTS=100000 BATCH=1000 CLIENTS=4 CONTACTS=10000 RUNS=3
#   bench/events.sh --build              build the jar from the working tree first
#   JAVA_OPTS=-XX:StartFlightRecording=filename=e.jfr,dumponexit=true bench/events.sh   profile Herald (JFR)
set -euo pipefail
main() {
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/target/bench/events"
EVENTS="${EVENTS:-100000}"
BATCH="${BATCH:-1000}"
CLIENTS="${CLIENTS:-4}"
CONTACTS="${CONTACTS:-10000}"
RUNS="${RUNS:-3}"
HEAP="${HEAP:-512m}"
JAVA_OPTS="${JAVA_OPTS:-}"
PG_HOST="${PG_HOST:-127.0.0.1}"; PG_PORT="${PG_PORT:-5432}"; PG_USER="${PG_USER:-postgres}"
DB="${PG_DB:-herald_events_bench}"
build=0
[ "${1:-}" = "--build" ] && build=1

source "$ROOT/bench/common.sh"
pick_jdk
export HERALD_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB"
herald_jar "$build" "$ROOT/target/bench/build"

psql_() { psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$@"; }
psql_ -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"

rm -rf "$OUT"; mkdir -p "$OUT/batches" "$OUT/sql"
cp "$jar" "$OUT/herald.jar"

echo "Writing $EVENTS events in batches of $BATCH for $CONTACTS contacts ..."
python3 - "$EVENTS" "$BATCH" "$CONTACTS" "$OUT" <<'PY'
import json, sys
events, batch, contacts, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
for b in range(0, events, batch):
    body, rows = [], []
    for i in range(b, min(b + batch, events)):
        c = i % contacts
        params = {"orderId": "o-%d" % i, "total": 10 + i % 90,
                  "items": [{"name": "Tea", "qty": 1 + i % 3}, {"name": "Cup", "qty": 1}]}
        body.append({"eventTypeKey": "orderCreated", "keyValue": "user%d@example.com" % c, "params": params})
        p = json.dumps(params, separators=(",", ":")).replace("'", "''")
        rows.append("(:'acc', :type, %d, 'user%d@example.com', '%s', now(), now(), false)" % (c + 1, c, p))
    with open("%s/batches/%06d.json" % (out, b // batch), "w") as f:
        json.dump({"events": body}, f, separators=(",", ":"))
    with open("%s/sql/%06d.sql" % (out, b // batch), "w") as f:
        f.write("INSERT INTO event (account_id, type_id, contact_id, key_value, params, occurred_at, received_at, past) VALUES\n")
        f.write(",\n".join(rows) + ";\n")
PY

port=18380
while (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((port + 1)); done
token="bench-$(date +%s)-$RANDOM$RANDOM"
SPRING_DATASOURCE_USERNAME="$PG_USER" "$JAVA_HOME/bin/java" -Xmx"$HEAP" $JAVA_OPTS -jar "$OUT/herald.jar" --server.port="$port" \
  --herald.bootstrap-token="$token" --logging.level.root=WARN >"$OUT/herald.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 480); do
  curl -sf "$base/actuator/health" >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { echo "Herald did not start; see $OUT/herald.log" >&2; exit 1; }
  sleep 0.5
done

post_all() {
  # each client POSTs every CLIENTS-th batch; a refused batch stops the run
  ls "$OUT"/batches/*.json | xargs -P "$CLIENTS" -I{} sh -c \
    'code=$(curl -s -o /dev/null -w "%{http_code}" -X POST "$0/api/v1/events" -H "Authorization: Bearer $1" \
       -H "Content-Type: application/json" --data-binary "@{}"); [ "$code" = 200 ] || { echo "{}: $code" >&2; exit 255; }' \
    "$base" "$token"
}
insert_all() {
  ls "$OUT"/sql/*.sql | xargs -P "$CLIENTS" -I{} psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" \
    -d "$DB" -v acc="$acc" -v type="$type" -f {}
}
seconds() { local s; s=$(date +%s.%N); "$@"; echo "$(date +%s.%N) - $s" | bc; }
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

echo "Warm-up (makes the $CONTACTS contacts) ..."
post_all
acc=$(psql_ -d "$DB" -At -c "SELECT account_id FROM event LIMIT 1")
type=$(psql_ -d "$DB" -At -c "SELECT id FROM event_type WHERE account_id = '$acc' AND key = 'orderCreated'")

: >"$OUT/api"; : >"$OUT/raw"
for run in $(seq 1 "$RUNS"); do
  seconds post_all >>"$OUT/api"
  seconds insert_all >>"$OUT/raw"
done
stored=$(psql_ -d "$DB" -At -c "SELECT count(*) FROM event")
api=$(median <"$OUT/api"); raw=$(median <"$OUT/raw")
printf '\n| Events per run | Batch | Clients | API runs (s) | API median | Raw INSERT runs (s) | Raw median | API / raw |\n'
printf '|---|---|---|---|---|---|---|---|\n'
printf '| %s | %s | %s | %s | %.0f events/s | %s | %.0f rows/s | %.2f |\n' "$EVENTS" "$BATCH" "$CLIENTS" \
  "$(xargs printf '%.1f ' <"$OUT/api")" "$(echo "$EVENTS / $api" | bc -l)" "$(xargs printf '%.1f ' <"$OUT/raw")" \
  "$(echo "$EVENTS / $raw" | bc -l)" "$(echo "($EVENTS / $api) / ($EVENTS / $raw)" | bc -l)"
echo "($stored event rows stored in all; load average $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores)"
}
main "$@"
