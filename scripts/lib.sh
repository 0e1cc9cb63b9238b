# Shared by the scripts: finds a JDK 21+ and Maven, installing nothing the machine lacks silently.
# shellcheck shell=bash

HOOKBOX_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

java_feature_version() {
  # prints the feature version (17, 21, 25...) of the java binary given, or nothing; read from the JDK's release file
  # when it has one (no JVM to start: scripts/run's own start-up counts)
  local release line
  release="$(dirname "$(dirname "$1")")/release"
  if [ -f "$release" ]; then
    while IFS= read -r line; do
      if [[ "$line" =~ ^JAVA_VERSION=\"([0-9]+) ]]; then
        echo "${BASH_REMATCH[1]}"
        return 0
      fi
    done <"$release"
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1
}

# prints the feature version and the home of the first JDK 21+ found, e.g. "25 /usr/lib/jvm/temurin-25-jdk-amd64"
find_jdk() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-* /usr/lib/jvm/*25* /usr/lib/jvm/*21* /usr/lib/jvm/* \
      "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    version="$(java_feature_version "$candidate/bin/java")"
    if [ -n "$version" ] && [ "$version" -ge 21 ]; then
      echo "$version $candidate"
      return 0
    fi
  done
  return 1
}

use_jdk() {
  local found
  if ! found="$(find_jdk)"; then
    echo "hookbox needs a JDK 21 or later (GraalJS 25 does not run on older ones)." >&2
    echo "None was found in JAVA_HOME, /usr/lib/jvm or on the PATH; install one (e.g. Temurin 25) and retry." >&2
    exit 1
  fi
  export HOOKBOX_JAVA_FEATURE="${found%% *}"
  export JAVA_HOME="${found#* }"
  export PATH="$JAVA_HOME/bin:$PATH"
}

ensure_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "Maven is missing; installing it with apt-get" >&2
    as_root apt-get update -qq && as_root apt-get install -y -qq maven >/dev/null
  fi
}

# The browser tests drive Debian's headless Chromium through its chromedriver; they fail without them.
ensure_chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    return 0
  fi
  echo "Chromium or chromedriver is missing (the dashboard's browser tests need both); installing them with apt-get" >&2
  if ! as_root apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1; then
    as_root apt-get update -qq && as_root apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Compiles and lays out target/ (classes, lib/, graal/, compiler/) unless it is up to date.
build_if_needed() {
  local stamp="$HOOKBOX_ROOT/target/.hookbox-built"
  if [ -f "$stamp" ] && [ -z "$(find "$HOOKBOX_ROOT/src/main" "$HOOKBOX_ROOT/pom.xml" -newer "$stamp" -print -quit)" ]; then
    return 0
  fi
  (cd "$HOOKBOX_ROOT" && mvn -B -q -DskipTests package) || { echo "build failed" >&2; exit 1; }
  touch "$stamp"
}

# The start-up caches in target/aot/, made by a training run (io.hookbox.StartupTraining) after each build: on JDK 25+
# the server's ahead-of-time cache (JEP 483/514), on JDK 21-24 its AppCDS archive, and on JDK 24+ the interpreted
# workers' cache. The JVM then finds the classes loaded and linked. They are optional: when the training fails,
# hookbox starts without them (and the training is not tried again before the next build).
startup_cache_dir() { echo "$HOOKBOX_ROOT/target/aot"; }

server_jar() {
  local jar
  for jar in "$HOOKBOX_ROOT"/target/hookbox-*.jar; do
    if [ -f "$jar" ] && [[ "$jar" != *-sources.jar && "$jar" != *-tests.jar ]]; then
      echo "$jar"
      return 0
    fi
  done
}

# The server's class path: the jar rather than target/classes, since the caches hold classes from jars only.
server_classpath() {
  local jar
  jar="$(server_jar)"
  echo "${jar:-$HOOKBOX_ROOT/target/classes}:$HOOKBOX_ROOT/target/lib/*"
}

# The server cache's file for the JDK in use: an AOT cache from 25 on, an AppCDS archive before.
server_cache_file() {
  if [ "$HOOKBOX_JAVA_FEATURE" -ge 25 ]; then
    echo "$(startup_cache_dir)/server.aot"
  else
    echo "$(startup_cache_dir)/server.jsa"
  fi
}

# Whether the caches were trained on this build and this JDK, not updated since (the JVM would refuse others, with a
# warning).
startup_cache_current() {
  local dir cache jar java
  dir="$(startup_cache_dir)"
  cache="$(server_cache_file)"
  jar="$(server_jar)"
  java="$(readlink -f "$JAVA_HOME/bin/java")"
  [ -f "$cache" ] && [ -n "$jar" ] && [ -f "$dir/jdk" ] && [ "$(<"$dir/jdk")" = "$java" ] \
    && [ -z "$(find "$jar" "$HOOKBOX_ROOT/target/lib" "$HOOKBOX_ROOT/target/graal" "$java" -type f -newer "$cache" -print -quit)" ]
}

# Trains the start-up caches unless they are current (or their training failed on this build).
prepare_startup_cache() {
  local dir cache worker_cache=() record
  dir="$(startup_cache_dir)"
  cache="$(server_cache_file)"
  if startup_cache_current; then
    STARTUP_CACHE_CURRENT=yes
    return 0
  fi
  if [ -z "$(server_jar)" ]; then
    return 0
  fi
  if [ -f "$dir/failed" ] && [ -z "$(find "$(server_jar)" "$HOOKBOX_ROOT/target/lib" -type f -newer "$dir/failed" -print -quit)" ]; then
    return 0
  fi
  mkdir -p "$dir"
  rm -f "$dir"/server.aot "$dir"/server.jsa "$dir"/worker.aot "$dir"/failed "$dir"/jdk
  if [ "$HOOKBOX_JAVA_FEATURE" -ge 25 ]; then
    record=(-XX:AOTCacheOutput="$cache")
  else
    record=(-XX:ArchiveClassesAtExit="$cache")
  fi
  if [ "$HOOKBOX_JAVA_FEATURE" -ge 24 ]; then
    worker_cache=("$dir/worker.aot")
  fi
  echo "Training hookbox's start-up caches (once per build, about a minute on two cores; log: target/aot/training.log)" >&2
  if (cd "$HOOKBOX_ROOT" && java -Xmx512m -Dhookbox.home="$HOOKBOX_ROOT" -Dhookbox.worker.classpath="$(server_classpath)" \
      "${record[@]}" -cp "$(server_classpath)" io.hookbox.StartupTraining "$dir" ${worker_cache[@]+"${worker_cache[@]}"}) >"$dir/training.log" 2>&1 \
      && [ -f "$cache" ]; then
    readlink -f "$JAVA_HOME/bin/java" >"$dir/jdk"
    STARTUP_CACHE_CURRENT=yes
  else
    echo "The start-up caches could not be made (see target/aot/training.log); hookbox starts without them." >&2
    rm -f "$dir"/server.aot "$dir"/server.jsa "$dir"/worker.aot
    touch "$dir/failed"
  fi
}

# The java command scripts/run starts the server with, into the array SERVER_COMMAND: with the start-up caches
# when they are current. A cache the JVM still refuses (say, a JDK updated in place) is skipped without a word.
server_command() {
  local dir cache classpath
  dir="$(startup_cache_dir)"
  cache="$(server_cache_file)"
  classpath="$(server_classpath)"
  SERVER_COMMAND=(java -Xmx512m -Dhookbox.home="$HOOKBOX_ROOT" -Dhookbox.worker.classpath="$classpath")
  if [ "${STARTUP_CACHE_CURRENT:-}" = yes ] || startup_cache_current; then
    if [ "${cache##*.}" = aot ]; then
      SERVER_COMMAND+=(-XX:AOTCache="$cache" -Xlog:aot=off -Xlog:cds=off)
    else
      SERVER_COMMAND+=(-XX:SharedArchiveFile="$cache" -Xlog:cds=off)
    fi
    if [ -f "$dir/worker.aot" ]; then
      SERVER_COMMAND+=(-Dhookbox.worker.aotCache="$dir/worker.aot")
    fi
  fi
  SERVER_COMMAND+=(-cp "$classpath" io.hookbox.Main)
}

# PostgreSQL from Debian's package: the suite's second database and scripts/cluster's shared one.
postgres_bin_dir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && echo "$dir"
}

ensure_postgresql() {
  if postgres_bin_dir >/dev/null; then
    return 0
  fi
  echo "PostgreSQL is missing (the suite runs the store and API tests on it too); installing it with apt-get" >&2
  if ! as_root apt-get install -y -qq postgresql >/dev/null 2>&1; then
    as_root apt-get update -qq && as_root apt-get install -y -qq postgresql >/dev/null
  fi
}

# A TCP port nothing on loopback listens on now.
free_port() {
  local port
  for port in $(shuf -i 20000-60000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

# PostgreSQL refuses to run as root: as root, its commands run as the postgres user the package creates.
as_postgres_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# start_postgres DIR PORT: a throwaway server with its data in DIR (created, owned by the user it runs as),
# listening on 127.0.0.1:PORT only, with the superuser "hookbox" trusted on loopback. Durability is traded for
# speed (fsync off) unless HOOKBOX_PG_DURABLE=1.
start_postgres() {
  local dir="$1" port="$2" bin tuning=""
  bin="$(postgres_bin_dir)" || { echo "PostgreSQL is not installed" >&2; return 1; }
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
  chmod 700 "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_postgres_owner "$bin/initdb" -D "$dir/data" -U hookbox --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; return 1; }
  fi
  if [ "${HOOKBOX_PG_DURABLE:-0}" != 1 ]; then
    tuning="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  as_postgres_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c max_connections=300 $tuning" start >/dev/null \
    || { tail -n 20 "$dir/postgres.log" >&2; return 1; }
}

# stop_postgres DIR: stops the server started by start_postgres, if it runs.
stop_postgres() {
  local dir="$1" bin
  bin="$(postgres_bin_dir)" || return 0
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_postgres_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

ensure_haproxy() {
  if command -v haproxy >/dev/null 2>&1; then
    return 0
  fi
  echo "HAProxy is missing (scripts/cluster's load balancer); installing it with apt-get" >&2
  if ! as_root apt-get install -y -qq haproxy >/dev/null 2>&1; then
    as_root apt-get update -qq && as_root apt-get install -y -qq haproxy >/dev/null
  fi
}

# wait_for_url URL SECONDS: returns once URL answers 200, fails after SECONDS.
wait_for_url() {
  local url="$1" deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "$url did not answer within $2 s" >&2
      return 1
    fi
    sleep 0.5
  done
}
