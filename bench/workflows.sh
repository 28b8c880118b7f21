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
CONTACTS="${CONTACTS:-100000}"
DELAY="${DELAY:-PT3M}"
HEAP="${HEAP:-384m}"
build=0
[ "${1:-}" = "--build" ] && build=1

source "$ROOT/bench/common.sh"
bench_setup workflows "$build"

# An external PostgreSQL, whose timings are those of a real deployment; the lateness is read from it with psql.
pg_target "${HERALD_DB_URL:-jdbc:postgresql://127.0.0.1:5432/herald_wf_bench}"
pg_ensure
psql_cmd=(psql_ -d "$pg_db" -tA)

start_herald 18380 --herald.workflows.poll-interval=PT1S
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
# Each bulk upsert's contacts join the group, 500 per attach: every join starts a run. Every 5 files the tables are
# analysed, as autovacuum would (a server may run without it, as the shared one here does: without statistics the
# plans of tables that grew from empty treat them as tiny, and the run starts slow down as they grow).
python3 - "$base" "$token" "$group" "$OUT/contacts" "psql -X -q -h $pg_host -p $pg_port -U $pg_user -d $pg_db -c ANALYZE" <<'PY'
import json, os, subprocess, sys, urllib.request
base, token, group, folder, analyze = sys.argv[1:6]
def call(path, body):
    req = urllib.request.Request(base + path, method="POST", data=json.dumps(body).encode(),
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b"null")
for n, name in enumerate(sorted(os.listdir(folder))):
    with open(os.path.join(folder, name)) as f:
        report = call("/api/v1/contacts/bulk", json.load(f))
    ids = [r["contactId"] for r in report["results"] if r.get("contactId")]
    for i in range(0, len(ids), 500):
        call("/api/v1/group/%s/contacts/attach" % group, {"contactIds": ids[i:i + 500]})
    if n % 5 == 4:
        subprocess.run(analyze.split(), check=True)
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
