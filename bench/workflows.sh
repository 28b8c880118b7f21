#!/usr/bin/env bash
# Workflow runs waiting in delays that come due: starts Herald on the external PostgreSQL of HERALD_DB_URL
# (default jdbc:postgresql://127.0.0.1:5432/herald_wf_bench, created when missing) with the sandbox providers, creates CONTACTS contacts (default 100 000), a static group and
# a workflow the group triggers: a delay of DELAY (default PT3M), then a stop. Attaching the contacts to the group
# starts one run each (500 per request, as fast as the API takes them), so the delays come due at the rate they
# started. Reports the runs advanced per second once the first came due, and the lateness of the due timers
# (history: entered_at - due_at of the step after the delay), p50/p99/max. See docs/benchmarks.md ("Workflows").
#
#   bench/workflows.sh                CONTACTS=100000 DELAY=PT3M HEAP=384m
#   CONTACTS=20000 bench/workflows.sh --build
set -euo pipefail
main() {
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/target/bench/workflows"
CONTACTS="${CONTACTS:-100000}"
DELAY="${DELAY:-PT3M}"
HEAP="${HEAP:-384m}"
build=0
[ "${1:-}" = "--build" ] && build=1

source "$ROOT/bench/common.sh"
pick_jdk
herald_jar "$build" "$ROOT/target/bench/build"
rm -rf "$OUT"; mkdir -p "$OUT"
cp "$jar" "$OUT/herald.jar"

# An external PostgreSQL, whose timings are those of a real deployment; the lateness is read from it with psql.
HERALD_DB_URL="${HERALD_DB_URL:-jdbc:postgresql://127.0.0.1:5432/herald_wf_bench}"
{
  hostport="${HERALD_DB_URL#jdbc:postgresql://}"; db="${hostport#*/}"; db="${db%%\?*}"; hostport="${hostport%%/*}"
  host="${hostport%%:*}"; pgport=5432; [ "$hostport" != "$host" ] && pgport="${hostport#*:}"
  user="${SPRING_DATASOURCE_USERNAME:-postgres}"
  psql -h "$host" -p "$pgport" -U "$user" -d postgres -tc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
    || psql -h "$host" -p "$pgport" -U "$user" -d postgres -c "CREATE DATABASE $db" >/dev/null
  db_args=(--spring.datasource.url="$HERALD_DB_URL" --spring.datasource.username="$user")
  psql_cmd=(psql -h "$host" -p "$pgport" -U "$user" -d "$db" -tA)
}

port=18380
while (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((port + 1)); done
token="bench-$(date +%s)-$RANDOM$RANDOM"
"$JAVA_HOME/bin/java" -Xmx"$HEAP" -jar "$OUT/herald.jar" --server.port="$port" "${db_args[@]}" \
  --herald.bootstrap-token="$token" --herald.workflows.poll-interval=PT1S --logging.level.root=WARN \
  >"$OUT/herald.log" 2>&1 &
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
python3 - "$CONTACTS" "$OUT/contacts" <<'PY'
import json, os, sys, random
n, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=True)
tag = random.randrange(10**6)
for start in range(0, n, 3000):
    batch = [{"email": "wf%d-%d@bench.example" % (tag, i), "firstName": "W%d" % i}
             for i in range(start, min(n, start + 3000))]
    with open(os.path.join(out, "%06d.json" % start), "w") as f:
        json.dump({"contacts": batch}, f)
PY
group=$(curl -sf "${auth[@]}" -X POST "$base/api/v1/groups" -d '{"name":"wf-bench-'"$RANDOM$RANDOM"'"}' | json 'd["id"]')
workflow=$(curl -sf "${auth[@]}" -X POST "$base/api/v1/workflows" -d '{"name":"bench","trigger":{"type":"group","groupId":'"$group"'},
  "start":"wait","steps":{"wait":{"type":"delay","duration":"'"$DELAY"'","next":"end"},"end":{"type":"stop"}}}' | json 'd["id"]')
# Each bulk upsert's contacts join the group, 500 per attach: every join starts a run.
python3 - "$base" "$token" "$group" "$OUT/contacts" <<'PY'
import json, os, sys, urllib.request
base, token, group, folder = sys.argv[1:5]
def call(path, body):
    req = urllib.request.Request(base + path, method="POST", data=json.dumps(body).encode(),
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b"null")
for name in sorted(os.listdir(folder)):
    with open(os.path.join(folder, name)) as f:
        report = call("/api/v1/contacts/bulk", json.load(f))
    ids = [r["contactId"] for r in report["results"] if r.get("contactId")]
    for i in range(0, len(ids), 500):
        call("/api/v1/group/%s/contacts/attach" % group, {"contactIds": ids[i:i + 500]})
PY
started=$(curl -sf "${auth[@]}" "$base/api/v1/workflows/$workflow/stats" | json 'd["runs"]')
echo "$started runs started; waiting for them to come due and finish ..."
while :; do
  completed=$(curl -sf "${auth[@]}" "$base/api/v1/workflows/$workflow/stats" | json 'd["runsByStatus"].get("COMPLETED", 0)')
  [ "$completed" -ge "$started" ] && break
  sleep 2
done
sql="SELECT count(*),
  extract(epoch FROM max(entered_at) - min(due_at)),
  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM entered_at - due_at)),
  percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM entered_at - due_at)),
  max(extract(epoch FROM entered_at - due_at))
  FROM workflow_run_step WHERE workflow_id = $workflow AND step = 'end'"
row=$("${psql_cmd[@]}" -F' ' -c "$sql")
read -r n span p50 p99 max <<<"$row"
printf '\n| Runs | Delay | Span first due to last advanced | Runs advanced/s | Lateness p50 | p99 | max |\n'
printf '|---|---|---|---|---|---|---|\n'
printf '| %d | %s | %.1f s | %.0f | %.3f s | %.3f s | %.3f s |\n' "$n" "$DELAY" "$span" "$(echo "$n / $span" | bc -l)" "$p50" "$p99" "$max"
}
main "$@"
