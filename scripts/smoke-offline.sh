#!/usr/bin/env bash
# Boots the built distribution the way an operator would — unpacked fresh, empty $HOME, and (where the machine
# allows it) no network at all — and checks that every Bindery feature is up and a bindery: command answers.
# Usage: scripts/smoke-offline.sh [path/to/bindery-assembly-<version>.tar.gz]
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != "--inside" ]; then
    tarball="${1:-$(ls assembly/target/bindery-assembly-*.tar.gz | head -n 1)}"
    # A network namespace of our own holds only a loopback interface: nothing outside can be reached.
    if command -v unshare >/dev/null 2>&1 && unshare -n true 2>/dev/null; then
        echo "smoke: booting $tarball with no network (own network namespace)"
        exec unshare -n bash "$0" --inside "$tarball"
    fi
    echo "smoke: cannot create a network namespace here; booting $tarball with the network present"
    exec bash "$0" --inside "$tarball"
fi

tarball="$2"
command -v ip >/dev/null 2>&1 && ip link set lo up 2>/dev/null || true
work="$(mktemp -d)"
home="$(mktemp -d)"
trap 'rm -rf "$work" "$home" 2>/dev/null || true' EXIT
tar xzf "$tarball" -C "$work"
karaf="$(ls -d "$work"/*/)"

export HOME="$home"
"$karaf/bin/start"
client() { "$karaf/bin/client" -u bindery -p bindery -r 60 -d 2 -b; }

# The shell answers before the boot features service has recorded what it installed; poll until the umbrella
# feature is listed (or give up after two minutes and report what was there).
status=0
for _ in $(seq 1 60); do
    status=0
    out="$(printf 'feature:list -i\nbindery:strategies --json\n' | client 2>&1)" || status=$?
    if [ "$status" -eq 0 ] && echo "$out" | grep -Eq '^bindery +\|.*\| Started'; then break; fi
    sleep 2
done
echo "$out" | grep -E '^bindery|strategy' || true

pid="$(cat "$karaf/data/karaf.pid" 2>/dev/null || true)"
"$karaf/bin/stop" || true
for _ in $(seq 1 60); do
    if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 1
done
[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true

fail() { echo "smoke: FAILED: $1" >&2; echo "$out" >&2; tail -n 50 "$karaf/data/log/karaf.log" >&2 || true; exit 1; }
[ "$status" -eq 0 ] || fail "bin/client exited with $status"
rows="$(echo "$out" | grep -E '^bindery[a-z-]* +\|' || true)"
[ -n "$rows" ] || fail "no bindery feature is listed"
echo "$rows" | grep -Eq '^bindery +\|' || fail "the umbrella feature bindery is not installed"
if echo "$rows" | grep -v '| Started |' | grep -q .; then
    fail "features not started: $(echo "$rows" | grep -v '| Started |' | cut -d'|' -f1 | tr -s ' \n' ' ')"
fi
echo "$out" | tr -d ' \n' | grep -q '"strategy":"naive"' || fail "bindery:strategies does not list naive"
if [ -n "$(ls -A "$home")" ]; then
    fail "the container wrote into the empty HOME: $(ls -A "$home")"
fi
echo "smoke: OK (offline boot, empty HOME untouched, features installed, bindery:strategies answered)"
