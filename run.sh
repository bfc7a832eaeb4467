#!/usr/bin/env bash
# Builds Bindery (without running the tests) and starts the distribution with every feature installed.
# With a terminal you get the Karaf console: try `bindery:strategies`, `bindery:encoders`, `bindery:models`.
# Without one (scripts), the container runs in the foreground as a server; stop it with Ctrl-C or bin/stop.
set -euo pipefail
cd "$(dirname "$0")"

if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "17'; then
    echo "Bindery needs JDK 17: set JAVA_HOME, e.g. JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 ./run.sh" >&2
    exit 1
fi

mvn -B -q -ntp install -DskipTests -Dfeatures.verify.skip=false
home="assembly/target/assembly"
echo "Bindery is starting from $home (stop: Ctrl-D in the console, or $home/bin/stop)"
if [ -t 0 ]; then
    exec "$home/bin/karaf"
else
    exec "$home/bin/karaf" server
fi
