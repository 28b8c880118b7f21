#!/usr/bin/env bash
# A broadcast to a 100 000-contact dynamic group: starts Herald on a fresh embedded PostgreSQL with the
# sandbox providers, creates CONTACTS contacts (default 100 000) through /api/v1/contacts/bulk, a dynamic group
# matching them all ({"field":"phone","op":"startsWith","value":"7995"}), and one SMS broadcast to it, then
# reports how long the group took to count, how long the broadcast took to enqueue (every recipient handed to
# the intake: status DONE) and the rate at which its messages reached the sandbox and were DELIVERED.
# With ROUNDS=n (default 1), n broadcasts to the group, each followed by the baseline: the same number of bulk SMS
# to the same numbers posted to /api/v1/messages in requests of 1 000 (the broadcast's chunk), one after another;
# each round's ratio is broadcast delivered/s ÷ baseline delivered/s, and the medians are printed at the end.
# HERALD_DB_URL (jdbc:postgresql://host:port/db) runs on an external PostgreSQL instead: a fresh database
# (FRESH_DB, default herald_broadcast) is created next to the one in the URL and dropped at the end.
# See docs/benchmarks.md ("Broadcasts").
#
#   bench/broadcast.sh                CONTACTS=100000 HEAP=384m
#   CONTACTS=20000 bench/broadcast.sh --build
#   HERALD_DB_URL=jdbc:postgresql://127.0.0.1:5432/test ROUNDS=3 bench/broadcast.sh
set -euo pipefail
main() {
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
CONTACTS="${CONTACTS:-100000}"
HEAP="${HEAP:-384m}"
WAIT_DELIVERED="${WAIT_DELIVERED:-1800}"
build=0
[ "${1:-}" = "--build" ] && build=1

source "$ROOT/bench/common.sh"
bench_setup broadcast "$build"

ROUNDS="${ROUNDS:-1}"
fresh_db_if_asked herald_broadcast

start_herald 18280 --herald.sandbox.report-delay="${BENCH_REPORT_DELAY:-20ms}"
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
# Planner statistics as autovacuum would keep them (a server may run without it, as the shared one here does):
# without them the plans of a table that grew from empty go on treating it as tiny.
analyze() { if [ -n "${HERALD_DB_URL:-}" ]; then psql_ -d "$pg_db" -c ANALYZE; fi; }
n=0
for f in "$OUT"/contacts/*.json; do
  curl -sf "${auth[@]}" -X POST "$base/api/v1/contacts/bulk" --data-binary "@$f" >/dev/null
  n=$((n + 1)); [ $((n % 5)) = 0 ] && analyze
done
analyze
# And every 10 s from here on, as autovacuum's analyse would keep up with the message and job tables: without it,
# both the broadcast and the baseline ran three times slower at 100 000 messages (docs/benchmarks.md).
if [ -n "${HERALD_DB_URL:-}" ]; then
  (while kill -0 $$ 2>/dev/null; do sleep 10; psql_ -d "$pg_db" -c ANALYZE 2>/dev/null || true; done) &
fi
t1=$(now)

group=$(curl -sf "${auth[@]}" -X POST "$base/api/v1/groups" \
  -d '{"name":"bench","type":"Dynamic","conditions":{"field":"phone","op":"startsWith","value":"7995"}}' | json 'd["id"]')
t2=$(now)
count=$(curl -sf "${auth[@]}" "$base/api/v1/group/$group" | json 'd["contactsCount"]')
t3=$(now)

# Waits until the count printed by "$@" reaches $1 (or WAIT_DELIVERED passed since $2); prints the count.
await_count() {
  local want="$1" since="$2" got; shift 2
  while :; do
    got=$("$@")
    [ "$got" -ge "$want" ] && break
    [ "$(echo "$(now) - $since > $WAIT_DELIVERED" | bc)" = 1 ] && break
    sleep 1
  done
  echo "$got"
}
broadcast_delivered() {
  curl -sf "${auth[@]}" "$base/api/v1/broadcast/$1" | json 'd["statistics"].get("sms", {}).get("DELIVERED", 0)'
}
bulk_delivered() {
  curl -sf "${auth[@]}" "$base/api/v1/messages?bulkId=$1&status=DELIVERED&limit=1" | json 'd["count"]'
}

# The baseline's requests: the same numbers, 1 000 per request, filed under one bulk per round.
python3 - "$CONTACTS" "$OUT/baseline" <<'PY'
import json, os, sys
n, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=True)
for start in range(0, n, 1000):
    phones = ["7995%07d" % (i * 10 + 1 if i * 10 + 1 < 10**7 else i + 1) for i in range(start, min(n, start + 1000))]
    with open(os.path.join(out, "%06d.json" % start), "w") as f:
        json.dump({"bulkId": "BULK", "messages": [{"priority": "bulk", "channels": {"sms": {"text": "Bench broadcast"}},
                   "destinations": [{"phone": p} for p in phones]}]}, f)
PY

rows=()
ratios=()
for round in $(seq 1 "$ROUNDS"); do
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
  delivered=$(await_count "$handed" "$start" broadcast_delivered "$id")
  done_at=$(now)
  b_rate=$(echo "$delivered / ($done_at - $start)" | bc -l)

  bulk=$(python3 -c 'import uuid; print(uuid.uuid4())')
  b_start=$(now)
  for f in "$OUT"/baseline/*.json; do
    sed "s/BULK/$bulk/" "$f" | curl -sf "${auth[@]}" -X POST "$base/api/v1/messages" --data-binary @- >/dev/null
  done
  b_posted=$(now)
  b_delivered=$(await_count "$CONTACTS" "$b_start" bulk_delivered "$bulk")
  b_done=$(now)
  base_rate=$(echo "$b_delivered / ($b_done - $b_start)" | bc -l)
  ratio=$(echo "$b_rate / $base_rate" | bc -l)
  ratios+=("$ratio")
  rows+=("$(printf '| %d | %d | %.1f s | %.0f /s | %d | %.1f s | %.0f | %d | %.1f s | %.1f s | %.0f | %.2f |' "$round" \
    "$handed" "$(echo "$enqueued - $start" | bc)" "$(echo "$handed / ($enqueued - $start)" | bc -l)" "$delivered" \
    "$(echo "$done_at - $start" | bc)" "$b_rate" "$b_delivered" "$(echo "$b_posted - $b_start" | bc)" \
    "$(echo "$b_done - $b_start" | bc)" "$base_rate" "$ratio")")
  echo "${rows[-1]}"
done

printf '\n%d contacts; group counted %d in %.2f s (contacts created in %.1f s); load average at the end: %s\n' \
  "$CONTACTS" "$count" "$(echo "$t3 - $t2" | bc)" "$(echo "$t1 - $t0" | bc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '| Round | Recipients | Time to enqueue | Enqueue rate | Delivered | Time to deliver all | Delivered/s | Baseline delivered | Baseline posted in | Baseline delivered in | Baseline delivered/s | Broadcast ÷ baseline |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|\n'
printf '%s\n' "${rows[@]}"
median=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')
printf 'Median of %d rounds, broadcast ÷ baseline: %.2f\n' "$ROUNDS" "$median"
}
main "$@"
