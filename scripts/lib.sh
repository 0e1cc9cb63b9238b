# Shared by the scripts: finds a JDK 21+ and Maven, installing nothing the machine lacks silently.
# shellcheck shell=bash

HOOKBOX_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

java_feature_version() {
  # prints the feature version (17, 21, 25...) of the java binary given, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1
}

find_jdk() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-* /usr/lib/jvm/*25* /usr/lib/jvm/*21* /usr/lib/jvm/* \
      "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    version="$(java_feature_version "$candidate/bin/java")"
    if [ -n "$version" ] && [ "$version" -ge 21 ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

use_jdk() {
  local jdk
  if ! jdk="$(find_jdk)"; then
    echo "hookbox needs a JDK 21 or later (GraalJS 25 does not run on older ones)." >&2
    echo "None was found in JAVA_HOME, /usr/lib/jvm or on the PATH; install one (e.g. Temurin 25) and retry." >&2
    exit 1
  fi
  export JAVA_HOME="$jdk"
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
