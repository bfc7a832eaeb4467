#!/usr/bin/env bash
# Runs every test: unit and parity tests of each bundle, the integration tests that boot the distribution in Karaf
# (including the web page's test in headless Chromium), then an offline boot of the packed distribution.
# Installs what the tests need from Debian's packages when it is missing: chromium and chromium-driver.
set -euo pipefail
cd "$(dirname "$0")"

if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "17'; then
    echo "Bindery needs JDK 17: set JAVA_HOME, e.g. JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 ./test.sh" >&2
    exit 1
fi
export JAVA_HOME

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    echo "== installing chromium and chromium-driver (the web page's browser test)"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
fi

mvn -B -ntp verify "$@"

# The distribution as an operator gets it: fresh unpack, empty HOME, no network.
bash scripts/smoke-offline.sh
